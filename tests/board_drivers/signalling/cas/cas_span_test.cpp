// The `cas` module against the sim far end running the opposite side of the same engine: every
// start type both ways (ground start's glare too), the number in DTMF, answer and clear
// supervision, call-progress tones heard for busy, reorder and SIT, glare, alarms; and against bits
// a test drives by hand, the far-end protocol violations (no wink, a wink too long, a seizure
// without digits, a far end that never hangs up). Time is the TimerWheel's, advanced 1 ms at a
// time: exact report sequences, no sleeping.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "board_drivers/io/sim/sim_io_pair.h"
#include "board_drivers/signalling/cas/cas_span.h"
#include "board_drivers/sim/cas/sim_cas_span.h"
#include "tests/board_drivers/recording_events.h"

namespace spantsp::cas {
namespace {

using pri::test::RecordingEvents;
using pri::test::run_for;
using Log = std::vector<std::string>;

config::TrafficProfile quiet(std::uint32_t answer_delay_ms = 2000) {
  config::TrafficProfile p;
  p.incoming_calls_per_second = 0;
  p.answer_delay_ms = answer_delay_ms;
  p.hold_time_ms = 0;
  return p;
}

config::CasConfig with_start(config::CasStart start) {
  config::CasConfig c;
  c.start = start;
  return c;
}

board::CallSetup dial(std::string_view called, std::string_view calling = "") {
  board::CallSetup s;
  s.called.assign(called);
  s.calling.assign(calling);
  return s;
}

struct Span {
  explicit Span(config::CasStart start, std::uint32_t answer_delay_ms = 2000)
      : span({1, 2}, with_start(start), false, quiet(answer_delay_ms), 0) {
    span.start(events, wheel);
    run_for(wheel, 10);
  }
  ~Span() { span.stop(); }
  void run(std::uint64_t ms) { run_for(wheel, ms); }
  sim::FarEnd& far() { return span.far_end().far(); }

  pipeline::TimerWheel wheel{1000};
  RecordingEvents events;
  SimCasSpan span;
};

// --- E&M wink start ------------------------------------------------------------------------

TEST(CasWink, OutgoingCallDialsAfterTheWinkRingsAndIsAnswered) {
  Span s(config::CasStart::kEmWink);
  ASSERT_TRUE(s.span.place_call(1, dial("5551000")));
  EXPECT_EQ(s.span.ours().channel_state(1), signalling::ChannelState::kDialing);
  s.run(5000);
  EXPECT_EQ(s.events.take(), (Log{"proceeding 1", "alerting 1", "connected 1"}));
  EXPECT_EQ(s.far().counters().outgoing_answered, 1u);
  // The far end got the whole number (the '#' ends it, and is not part of it).
  EXPECT_EQ(s.span.far_end().engine().stats().digits_received, 8u);
  s.span.release(1, board::cause::kNormalClearing);
  s.run(200);
  EXPECT_EQ(s.events.take(), (Log{"released 1"}));
  EXPECT_TRUE(s.span.ours().channel_free(1));
  EXPECT_TRUE(s.far().channel_idle(0));
  EXPECT_EQ(s.span.ours().stats().protocol_errors, 0u);
}

TEST(CasWink, FarEndAnsweringAtOnceSkipsRingback) {
  Span s(config::CasStart::kEmWink, 0);
  ASSERT_TRUE(s.span.place_call(1, dial("5551000")));
  s.run(3000);
  EXPECT_EQ(s.events.take(), (Log{"proceeding 1", "connected 1"}));
}

TEST(CasWink, RefusalsAreHeardAsBusyReorderAndSit) {
  struct Case {
    const char* number;
    const char* report;
  };
  for (const Case& c :
       {Case{"99175551000", "disconnected 1 17"}, Case{"99345551000", "disconnected 1 42"},
        Case{"99015551000", "disconnected 1 1"}}) {
    SCOPED_TRACE(c.number);
    Span s(config::CasStart::kEmWink);
    ASSERT_TRUE(s.span.place_call(1, dial(c.number)));
    s.run(6000);
    EXPECT_EQ(s.events.take(), (Log{"proceeding 1", c.report}));
    s.span.release(1, board::cause::kNormalClearing);
    s.run(1000);
    EXPECT_EQ(s.events.take(), (Log{"released 1"}));
    EXPECT_TRUE(s.span.ours().channel_free(1));
    s.run(500);
    EXPECT_TRUE(s.far().channel_idle(0));
    EXPECT_EQ(s.span.ours().stats().tones_heard, 1u);
  }
}

TEST(CasWink, FarEndClearingAfterAnswerIsDisconnectedNormal) {
  Span s(config::CasStart::kEmWink, 0);
  ASSERT_TRUE(s.span.place_call(1, dial("5551000")));
  s.run(3000);
  s.events.take();
  ASSERT_EQ(s.far().remote_clear(0, 16), board::ControlResult::kOk);
  s.run(100);
  EXPECT_EQ(s.events.take(), (Log{"disconnected 1 16"}));
  s.span.release(1, 16);
  s.run(100);
  EXPECT_EQ(s.events.take(), (Log{"released 1"}));
  EXPECT_TRUE(s.far().channel_idle(0));
}

TEST(CasWink, IncomingCallCarriesItsNumberAndIsAnsweredAndCleared) {
  Span s(config::CasStart::kEmWink);
  ASSERT_EQ(s.far().inject_incoming(0, dial("1001", "2125550123")), board::ControlResult::kOk);
  s.run(3000);
  // CAS with DTMF carries the called number only.
  EXPECT_EQ(s.events.take(), (Log{"incoming 1 ->1001"}));
  s.span.accept(1);
  s.run(1500);  // our ringback reaches the caller
  s.span.answer(1);
  s.run(100);
  EXPECT_EQ(s.events.take(), (Log{"connected 1"}));
  EXPECT_EQ(s.far().counters().incoming_answered, 1u);
  ASSERT_EQ(s.far().remote_clear(0, 16), board::ControlResult::kOk);
  s.run(100);
  EXPECT_EQ(s.events.take(), (Log{"disconnected 1 16"}));
  s.span.release(1, 16);
  s.run(100);
  EXPECT_EQ(s.events.take(), (Log{"released 1"}));
  EXPECT_TRUE(s.span.ours().channel_free(1));
}

TEST(CasWink, IncomingCallWeClearEndsOnBothSidesAtOnce) {
  Span s(config::CasStart::kEmWink);
  ASSERT_EQ(s.far().inject_incoming(0, dial("1001")), board::ControlResult::kOk);
  // Answered at once: the caller's end-of-number digit is still playing.
  while (s.events.log.empty()) s.run(1);
  s.span.accept(1);
  s.span.answer(1);
  s.run(1);
  EXPECT_EQ(s.events.take(), (Log{"incoming 1 ->1001", "connected 1"}));
  // Dropped within a millisecond: the answer still stands long enough to be seen.
  s.span.release(1, 16);
  s.run(200);
  EXPECT_EQ(s.events.take(), (Log{"released 1"}));
  EXPECT_TRUE(s.far().channel_idle(0));
  EXPECT_EQ(s.span.ours().stats().protocol_errors, 0u);
}

TEST(CasWink, RefusingAnIncomingCallPlaysBusyUntilTheCallerHangsUp) {
  Span s(config::CasStart::kEmWink);
  ASSERT_EQ(s.far().inject_incoming(0, dial("1001")), board::ControlResult::kOk);
  s.run(3000);
  EXPECT_EQ(s.events.take(), (Log{"incoming 1 ->1001"}));
  s.span.release(1, board::cause::kUserBusy);
  s.run(3000);
  EXPECT_EQ(s.events.take(), (Log{"released 1"}));
  EXPECT_EQ(s.span.far_end().engine().stats().tones_heard, 1u);
  EXPECT_TRUE(s.far().channel_idle(0));
  EXPECT_TRUE(s.span.ours().channel_free(1));
}

TEST(CasWink, CallerAbandoningWhileOfferedIsDisconnectedNormal) {
  Span s(config::CasStart::kEmWink);
  ASSERT_EQ(s.far().inject_incoming(0, dial("1001")), board::ControlResult::kOk);
  s.run(3000);
  s.events.take();
  ASSERT_EQ(s.far().remote_clear(0, 16), board::ControlResult::kOk);
  s.run(100);
  EXPECT_EQ(s.events.take(), (Log{"disconnected 1 16"}));
  s.span.release(1, 16);
  s.run(100);
  EXPECT_EQ(s.events.take(), (Log{"released 1"}));
}

TEST(CasWink, GlareFailsOurCallWithCause44AndFreesTheChannel) {
  Span s(config::CasStart::kEmWink);
  // Both ends seize within the same millisecond.
  ASSERT_EQ(s.far().inject_incoming(0, dial("1001")), board::ControlResult::kOk);
  ASSERT_TRUE(s.span.place_call(1, dial("5551000")));
  s.run(1000);
  EXPECT_EQ(s.events.take(), (Log{"disconnected 1 44"}));
  EXPECT_EQ(s.span.ours().stats().glare, 1u);
  s.span.release(1, 16);
  s.run(500);
  EXPECT_EQ(s.events.take(), (Log{"released 1"}));
  EXPECT_TRUE(s.span.ours().channel_free(1));
  EXPECT_TRUE(s.far().channel_idle(0));
}

TEST(CasWink, RedAlarmEndsCallsWithCause38AndTakesTheSpanOutOfService) {
  Span s(config::CasStart::kEmWink, 0);
  ASSERT_TRUE(s.span.place_call(1, dial("5551000")));
  s.run(3000);
  s.events.take();
  board::SpanStatus red;
  red.red = true;
  s.far().set_alarms(red);
  s.run(10);
  EXPECT_EQ(s.events.take(), (Log{"disconnected 1 38", "status red up"}));
  EXPECT_FALSE(s.span.place_call(2, dial("5551000")));
  s.span.release(1, 16);
  s.run(10);
  EXPECT_EQ(s.events.take(), (Log{"released 1"}));
  s.far().set_alarms(board::SpanStatus{});
  s.run(10);
  EXPECT_EQ(s.events.take(), (Log{"status up"}));
  ASSERT_TRUE(s.span.place_call(2, dial("5551000")));
  s.run(3000);
  EXPECT_EQ(s.events.take(), (Log{"proceeding 2", "connected 2"}));
}

// --- E&M immediate start, delay dial -------------------------------------------------------

TEST(CasImmediate, BothDirections) {
  Span s(config::CasStart::kEmImmediate, 0);
  ASSERT_TRUE(s.span.place_call(1, dial("5551000")));
  s.run(3000);
  EXPECT_EQ(s.events.take(), (Log{"proceeding 1", "connected 1"}));
  ASSERT_EQ(s.far().inject_incoming(1, dial("1002")), board::ControlResult::kOk);
  s.run(3000);
  EXPECT_EQ(s.events.take(), (Log{"incoming 2 ->1002"}));
  s.span.answer(2);
  s.run(100);
  EXPECT_EQ(s.events.take(), (Log{"connected 2"}));
}

TEST(CasDelayDial, BothDirections) {
  Span s(config::CasStart::kEmDelayDial, 0);
  ASSERT_TRUE(s.span.place_call(1, dial("5551000")));
  s.run(3000);
  EXPECT_EQ(s.events.take(), (Log{"proceeding 1", "connected 1"}));
  ASSERT_EQ(s.far().inject_incoming(1, dial("1002")), board::ControlResult::kOk);
  s.run(3000);
  EXPECT_EQ(s.events.take(), (Log{"incoming 2 ->1002"}));
  s.span.answer(2);
  s.run(100);
  EXPECT_EQ(s.events.take(), (Log{"connected 2"}));
}

// Overlap sending: the rest of the number follows; '#' goes once it is complete.
TEST(CasWink, OverlapDigitsFollowTheFirstOnes) {
  Span s(config::CasStart::kEmWink, 0);
  board::CallSetup setup = dial("555");
  setup.sending_complete = false;
  ASSERT_TRUE(s.span.place_call(1, setup));
  s.run(1000);
  s.span.send_digits(1, "1000", true);
  s.run(3000);
  EXPECT_EQ(s.events.take(), (Log{"proceeding 1", "connected 1"}));
  EXPECT_EQ(s.span.far_end().engine().stats().digits_received, 8u);
}

// --- Loop start ----------------------------------------------------------------------------

TEST(CasFxsLoop, OutgoingIsConnectedOnceDialledAndEndsOnTheOfficeOpenLoop) {
  Span s(config::CasStart::kFxsLoop);
  ASSERT_TRUE(s.span.place_call(1, dial("5551000")));
  s.run(3000);
  EXPECT_EQ(s.events.take(), (Log{"proceeding 1", "connected 1"}));
  s.run(2000);
  ASSERT_EQ(s.far().remote_clear(0, 16), board::ControlResult::kOk);
  s.run(100);
  EXPECT_EQ(s.events.take(), (Log{"disconnected 1 16"}));
  s.span.release(1, 16);
  s.run(1000);
  EXPECT_EQ(s.events.take(), (Log{"released 1"}));
  EXPECT_TRUE(s.far().channel_idle(0));
}

TEST(CasFxsLoop, RingingIsOfferedAtOnceAndAnsweredByClosingTheLoop) {
  Span s(config::CasStart::kFxsLoop);
  ASSERT_EQ(s.far().inject_incoming(0, dial("1001")), board::ControlResult::kOk);
  s.run(100);
  EXPECT_EQ(s.events.take(), (Log{"incoming 1 ->"}));
  s.run(5000);  // rings on: nothing more
  EXPECT_TRUE(s.events.take().empty());
  s.span.answer(1);
  s.run(100);
  EXPECT_EQ(s.events.take(), (Log{"connected 1"}));
  EXPECT_EQ(s.far().counters().incoming_answered, 1u);
}

TEST(CasFxsLoop, CallerGivingUpIsHeardWhenTheRingingStops) {
  Span s(config::CasStart::kFxsLoop);
  ASSERT_EQ(s.far().inject_incoming(0, dial("1001")), board::ControlResult::kOk);
  s.run(100);
  s.events.take();
  ASSERT_EQ(s.far().remote_clear(0, 16), board::ControlResult::kOk);
  s.run(kRingGapMs + 100);
  EXPECT_EQ(s.events.take(), (Log{"disconnected 1 16"}));
  s.span.release(1, 16);
  s.run(10);
  EXPECT_EQ(s.events.take(), (Log{"released 1"}));
}

TEST(CasFxsLoop, RefusedRingingCallIsNotOfferedAgainWhileTheOfficeRings) {
  Span s(config::CasStart::kFxsLoop);
  ASSERT_EQ(s.far().inject_incoming(0, dial("1001")), board::ControlResult::kOk);
  s.run(100);
  EXPECT_EQ(s.events.take(), (Log{"incoming 1 ->"}));
  s.span.release(1, board::cause::kUserBusy);
  s.run(10);
  EXPECT_EQ(s.events.take(), (Log{"released 1"}));
  s.run(12000);  // the office rings on: no new offer, the line takes no call
  EXPECT_TRUE(s.events.take().empty());
  EXPECT_FALSE(s.span.place_call(1, dial("5551000")));
  ASSERT_EQ(s.far().remote_clear(0, 16), board::ControlResult::kOk);
  s.run(kRingGapMs + 100);
  EXPECT_TRUE(s.events.take().empty());
  EXPECT_TRUE(s.span.ours().channel_free(1));
}

TEST(CasFxoLoop, OutgoingRingsTheStationUntilItAnswers) {
  Span s(config::CasStart::kFxoLoop, 3000);
  ASSERT_TRUE(s.span.place_call(1, dial("")));
  s.run(10);
  EXPECT_EQ(s.events.take(), (Log{"alerting 1"}));
  s.run(5000);
  EXPECT_EQ(s.events.take(), (Log{"connected 1"}));
  s.span.release(1, 16);
  s.run(1000);
  EXPECT_EQ(s.events.take(), (Log{"released 1"}));
  EXPECT_TRUE(s.far().channel_idle(0));
}

TEST(CasFxoLoop, StationSeizureCarriesItsDigits) {
  Span s(config::CasStart::kFxoLoop);
  ASSERT_EQ(s.far().inject_incoming(0, dial("1001")), board::ControlResult::kOk);
  s.run(3000);
  EXPECT_EQ(s.events.take(), (Log{"incoming 1 ->1001"}));
  s.span.answer(1);
  s.run(100);
  EXPECT_EQ(s.events.take(), (Log{"connected 1"}));
  ASSERT_EQ(s.far().remote_clear(0, 16), board::ControlResult::kOk);
  s.run(100);
  EXPECT_EQ(s.events.take(), (Log{"disconnected 1 16"}));
}

// --- Ground start --------------------------------------------------------------------------

TEST(CasFxsGround, OutgoingRingGroundsWaitsForTipGroundThenDialsAndEndsOnTipGroundRemoval) {
  Span s(config::CasStart::kFxsGround);
  ASSERT_TRUE(s.span.place_call(1, dial("5551000")));
  s.run(3000);
  EXPECT_EQ(s.events.take(), (Log{"proceeding 1", "connected 1"}));
  EXPECT_EQ(s.span.far_end().engine().stats().digits_received, 8u);
  s.run(2000);  // the office's subscriber answers
  ASSERT_EQ(s.far().remote_clear(0, 16), board::ControlResult::kOk);
  s.run(100);  // loop-current disconnect: heard at once
  EXPECT_EQ(s.events.take(), (Log{"disconnected 1 16"}));
  s.span.release(1, 16);
  s.run(1000);
  EXPECT_EQ(s.events.take(), (Log{"released 1"}));
  EXPECT_TRUE(s.far().channel_idle(0));
  EXPECT_TRUE(s.span.ours().channel_free(1));
  EXPECT_EQ(s.span.ours().stats().protocol_errors, 0u);
  EXPECT_EQ(s.span.ours().stats().unexpected_events, 0u);
}

TEST(CasFxsGround, OfficeSeizureIsOfferedOnRingingAndItsAbandonIsHeardAtOnce) {
  Span s(config::CasStart::kFxsGround);
  ASSERT_EQ(s.far().inject_incoming(0, dial("1001")), board::ControlResult::kOk);
  s.run(60);  // tip ground alone: the line is the office's, ringing not yet heard
  EXPECT_TRUE(s.events.take().empty());
  EXPECT_FALSE(s.span.place_call(1, dial("5551000")));
  s.run(200);
  EXPECT_EQ(s.events.take(), (Log{"incoming 1 ->"}));
  ASSERT_EQ(s.far().remote_clear(0, 16), board::ControlResult::kOk);
  s.run(100);  // no ring-gap wait: tip ground removed
  EXPECT_EQ(s.events.take(), (Log{"disconnected 1 16"}));
  s.span.release(1, 16);
  s.run(10);
  EXPECT_EQ(s.events.take(), (Log{"released 1"}));
  EXPECT_TRUE(s.span.ours().channel_free(1));
}

TEST(CasFxsGround, IncomingIsAnsweredByClosingTheLoop) {
  Span s(config::CasStart::kFxsGround);
  ASSERT_EQ(s.far().inject_incoming(0, dial("1001")), board::ControlResult::kOk);
  s.run(300);
  EXPECT_EQ(s.events.take(), (Log{"incoming 1 ->"}));
  s.span.answer(1);
  s.run(100);
  EXPECT_EQ(s.events.take(), (Log{"connected 1"}));
  EXPECT_EQ(s.far().counters().incoming_answered, 1u);
  s.span.release(1, 16);
  s.run(200);
  EXPECT_EQ(s.events.take(), (Log{"released 1"}));
  EXPECT_TRUE(s.far().channel_idle(0));
  EXPECT_TRUE(s.span.ours().channel_free(1));
}

TEST(CasFxsGround, GlareTheOfficeWinsOurCallFailsWith44AndItsCallIsOfferedOnTheNextRing) {
  Span s(config::CasStart::kFxsGround, 60'000);
  // Both ends seize within the same millisecond.
  ASSERT_EQ(s.far().inject_incoming(0, dial("1001")), board::ControlResult::kOk);
  ASSERT_TRUE(s.span.place_call(1, dial("5551000")));
  s.run(1000);
  EXPECT_EQ(s.events.take(), (Log{"disconnected 1 44"}));
  EXPECT_EQ(s.span.ours().stats().glare, 1u);
  EXPECT_EQ(s.span.far_end().engine().stats().glare, 1u);
  s.span.release(1, 16);
  s.run(10);
  EXPECT_EQ(s.events.take(), (Log{"released 1"}));
  s.run(6000);  // the office's next ring
  EXPECT_EQ(s.events.take(), (Log{"incoming 1 ->"}));
  s.span.answer(1);
  s.run(100);
  EXPECT_EQ(s.events.take(), (Log{"connected 1"}));
  EXPECT_EQ(s.far().counters().incoming_answered, 1u);
}

TEST(CasFxoGround, OutgoingTipGroundsThenRingsTheStationUntilItAnswers) {
  Span s(config::CasStart::kFxoGround, 3000);
  ASSERT_TRUE(s.span.place_call(1, dial("")));
  s.run(10);
  EXPECT_EQ(s.events.take(), (Log{"alerting 1"}));
  s.run(5000);
  EXPECT_EQ(s.events.take(), (Log{"connected 1"}));
  s.span.release(1, 16);
  s.run(1000);
  EXPECT_EQ(s.events.take(), (Log{"released 1"}));
  EXPECT_TRUE(s.far().channel_idle(0));
  EXPECT_TRUE(s.span.ours().channel_free(1));
}

TEST(CasFxoGround, StationRingGroundIsASeizureCarryingItsDigits) {
  Span s(config::CasStart::kFxoGround);
  ASSERT_EQ(s.far().inject_incoming(0, dial("1001")), board::ControlResult::kOk);
  s.run(3000);
  EXPECT_EQ(s.events.take(), (Log{"incoming 1 ->1001"}));
  s.span.answer(1);
  s.run(100);
  EXPECT_EQ(s.events.take(), (Log{"connected 1"}));
  ASSERT_EQ(s.far().remote_clear(0, 16), board::ControlResult::kOk);
  s.run(100);
  EXPECT_EQ(s.events.take(), (Log{"disconnected 1 16"}));
  s.span.release(1, 16);
  s.run(100);
  EXPECT_EQ(s.events.take(), (Log{"released 1"}));
  EXPECT_TRUE(s.span.ours().channel_free(1));
  EXPECT_EQ(s.span.ours().stats().unexpected_events, 0u);
}

TEST(CasFxoGround, GlareTheOfficeWinsAndTheStationAnswersOurCall) {
  Span s(config::CasStart::kFxoGround, 3000);
  ASSERT_EQ(s.far().inject_incoming(0, dial("1001")), board::ControlResult::kOk);
  ASSERT_TRUE(s.span.place_call(1, dial("")));
  s.run(10);
  EXPECT_EQ(s.events.take(), (Log{"alerting 1"}));
  s.run(10000);  // the station yields; our next ring is offered to it and it answers
  EXPECT_EQ(s.events.take(), (Log{"connected 1"}));
  EXPECT_EQ(s.span.ours().stats().glare, 1u);
  EXPECT_EQ(s.span.far_end().engine().stats().glare, 1u);
}

// --- Protocol violations, with the far end's bits driven by hand -------------------------

class NoSignalling final : public io::SpanIoEvents {
 public:
  void on_alarms(const io::SpanAlarms&) override {}
  void on_abcd(std::size_t, std::uint8_t, std::uint64_t) override {}
  void on_audio_frame(io::SpanAudio&, std::uint64_t) override {}
};

struct Bare {
  explicit Bare(config::CasStart start = config::CasStart::kEmWink)
      : wire(io::SpanLayout{io::SpanKind::kT1, media::Law::kMulaw, {1}, 0, 20}, nullptr),
        ours({1}, with_start(start), "test") {
    wire.start(wheel);
    wire.end(io::SimIoPair::kFar).start(far_events, wheel);
    far_bits(kOnHookBits);
    ours.start(events, wheel, wire.end(io::SimIoPair::kNear));
    run_for(wheel, 10);
  }
  ~Bare() {
    ours.stop();
    wire.stop();
  }
  void far_bits(std::uint8_t bits) { wire.end(io::SimIoPair::kFar).set_tx_abcd(0, bits); }
  std::uint8_t our_bits() { return wire.end(io::SimIoPair::kFar).rx_abcd(0); }

  pipeline::TimerWheel wheel{1000};
  RecordingEvents events;
  NoSignalling far_events;
  io::SimIoPair wire;
  CasSpan ours;
};

TEST(CasViolation, NoWinkWithinStartFailsTheCallWith102) {
  Bare b;
  ASSERT_TRUE(b.ours.place_call(1, dial("5551000")));
  run_for(b.wheel, 10);
  EXPECT_EQ(b.our_bits(), kOffHookBits);
  run_for(b.wheel, 1500);
  EXPECT_EQ(b.events.take(), (Log{"disconnected 1 102"}));
  EXPECT_EQ(b.our_bits(), kOnHookBits);  // the seizure is dropped at once
  EXPECT_EQ(b.ours.stats().protocol_errors, 1u);
  b.ours.release(1, 16);
  run_for(b.wheel, 10);
  EXPECT_EQ(b.events.take(), (Log{"released 1"}));
}

TEST(CasViolation, WinkLongerThanRxwinkIsGlare) {
  Bare b;
  ASSERT_TRUE(b.ours.place_call(1, dial("5551000")));
  run_for(b.wheel, 100);
  b.far_bits(kOffHookBits);
  run_for(b.wheel, 400);
  EXPECT_EQ(b.events.take(), (Log{"disconnected 1 44"}));
  b.ours.release(1, 16);
  run_for(b.wheel, 100);
  EXPECT_TRUE(b.events.take().empty());  // the far end is still off-hook
  b.far_bits(kOnHookBits);
  run_for(b.wheel, 100);
  EXPECT_EQ(b.events.take(), (Log{"released 1"}));
}

TEST(CasViolation, GlitchShorterThanDebounceIsIgnored) {
  Bare b;
  b.far_bits(kOffHookBits);
  run_for(b.wheel, 5);
  b.far_bits(kOnHookBits);
  run_for(b.wheel, 500);
  EXPECT_EQ(b.our_bits(), kOnHookBits);  // no wink answered it
  EXPECT_TRUE(b.ours.channel_free(1));
}

TEST(CasViolation, SeizureWithoutDigitsIsIgnoredUntilTheFarEndLetsGo) {
  Bare b;
  b.far_bits(kOffHookBits);
  run_for(b.wheel, 100);
  EXPECT_EQ(b.our_bits(), kOffHookBits);  // our wink
  run_for(b.wheel, 200);
  EXPECT_EQ(b.our_bits(), kOnHookBits);
  run_for(b.wheel, 3000);
  EXPECT_TRUE(b.events.take().empty());
  EXPECT_EQ(b.ours.stats().protocol_errors, 1u);
  EXPECT_FALSE(b.ours.place_call(1, dial("1")));  // the far end holds the line
  b.far_bits(kOnHookBits);
  run_for(b.wheel, 100);
  EXPECT_TRUE(b.ours.channel_free(1));
}

TEST(CasViolation, FarEndNeverHangingUpStillCompletesOurRelease) {
  Bare b(config::CasStart::kEmImmediate);
  ASSERT_TRUE(b.ours.place_call(1, dial("5")));
  run_for(b.wheel, 1000);
  b.far_bits(kOffHookBits);  // answer
  run_for(b.wheel, 100);
  EXPECT_EQ(b.events.take(), (Log{"proceeding 1", "connected 1"}));
  b.ours.release(1, 16);
  run_for(b.wheel, kReleaseGuardMs + 100);
  EXPECT_EQ(b.events.take(), (Log{"released 1"}));
  EXPECT_EQ(b.ours.stats().protocol_errors, 1u);
  EXPECT_FALSE(b.ours.channel_free(1));
  b.far_bits(kOnHookBits);
  run_for(b.wheel, 100);
  EXPECT_TRUE(b.ours.channel_free(1));
}

TEST(CasViolation, NoTipGroundWithinStartFailsTheStationsCallWith102) {
  Bare b(config::CasStart::kFxsGround);
  ASSERT_TRUE(b.ours.place_call(1, dial("5551000")));
  run_for(b.wheel, 10);
  EXPECT_EQ(b.our_bits(), kRingGroundBits);
  run_for(b.wheel, 1500);
  EXPECT_EQ(b.events.take(), (Log{"disconnected 1 102"}));
  EXPECT_EQ(b.our_bits(), kOnHookBits);
  EXPECT_EQ(b.ours.stats().protocol_errors, 1u);
  b.ours.release(1, 16);
  run_for(b.wheel, 10);
  EXPECT_EQ(b.events.take(), (Log{"released 1"}));
  EXPECT_TRUE(b.ours.channel_free(1));
}

TEST(CasGroundBits, StationAndOfficeSequencesOnTheWire) {
  // The station: ring ground, tip ground answers it, loop closed after the guard.
  Bare st(config::CasStart::kFxsGround);
  EXPECT_EQ(st.our_bits(), kOnHookBits);
  ASSERT_TRUE(st.ours.place_call(1, dial("5")));
  run_for(st.wheel, 10);
  EXPECT_EQ(st.our_bits(), kRingGroundBits);
  st.far_bits(kOffHookBits);  // tip ground
  run_for(st.wheel, 20 + st.ours.ground_guard_ms() - 1);
  EXPECT_EQ(st.our_bits(), kRingGroundBits);
  run_for(st.wheel, 2);
  EXPECT_EQ(st.our_bits(), kOffHookBits);
  // The office: a ring ground is answered with tip ground at once (after debounce).
  Bare of(config::CasStart::kFxoGround);
  EXPECT_EQ(of.our_bits(), kOnHookBits);  // no tip ground while idle
  of.far_bits(kRingGroundBits);
  run_for(of.wheel, 21);
  EXPECT_EQ(of.our_bits(), kOffHookBits);
  of.far_bits(kOnHookBits);  // the station gives up before closing its loop
  run_for(of.wheel, 21);
  EXPECT_EQ(of.our_bits(), kOnHookBits);
  EXPECT_TRUE(of.ours.channel_free(1));
  EXPECT_EQ(of.ours.stats().abandoned_seizures, 1u);
  // Our call: tip ground first, ringing (1001) ground_lead_ms() later.
  ASSERT_TRUE(of.ours.place_call(1, dial("")));
  run_for(of.wheel, 1);
  EXPECT_EQ(of.our_bits(), kOffHookBits);
  run_for(of.wheel, of.ours.ground_lead_ms());
  EXPECT_EQ(of.our_bits(), kBitA | kBitD);
}

TEST(CasCommands, CommandsTheStateDoesNotAllowAreCountedAndIgnored) {
  Bare b;
  b.ours.answer(1);
  b.ours.release(1, 16);
  b.ours.accept(7);
  run_for(b.wheel, 10);
  EXPECT_TRUE(b.events.take().empty());
  EXPECT_EQ(b.ours.stats().invalid_commands, 3u);
  EXPECT_EQ(b.ours.media(1, media::MediaCommand{}), media::MediaResult::kNoBearer);
}

}  // namespace
}  // namespace spantsp::cas
