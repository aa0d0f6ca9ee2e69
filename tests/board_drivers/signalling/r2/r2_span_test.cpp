// The `mfcr2` module against the sim far end running the same engine on the other end of the
// wire: every shipped variant both ways (exact report sequences, DNIS, ANI and category as
// the backward side received them), group B refusals, blocking, the register timeout, a far
// end clearing during the register, alarms. Time is the TimerWheel's, advanced 1 ms at a
// time: no sleeping.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "board_drivers/signalling/r2/r2_span.h"
#include "board_drivers/sim/r2/sim_r2_span.h"
#include "board_drivers/sim/sim_control.h"
#include "tests/board_drivers/recording_events.h"

namespace spantsp::r2 {
namespace {

using pri::test::RecordingEvents;
using pri::test::run_for;
using Log = std::vector<std::string>;
using config::R2Variant;

config::TrafficProfile quiet(std::uint32_t answer_delay_ms = 2000) {
  config::TrafficProfile p;
  p.incoming_calls_per_second = 0;
  p.answer_delay_ms = answer_delay_ms;
  p.hold_time_ms = 0;
  return p;
}

config::R2Config variant(R2Variant v) {
  config::R2Config c;
  c.variant = v;
  c.max_dnis = 7;
  c.max_ani = 10;
  c.timers.mf_fwd = 5000;
  return c;
}

board::CallSetup dial(std::string_view called, std::string_view calling = "") {
  board::CallSetup s;
  s.called.assign(called);
  s.calling.assign(calling);
  return s;
}

struct Span {
  explicit Span(const config::R2Config& r2, std::uint32_t answer_delay_ms = 2000)
      : span({1, 2}, r2, true, quiet(answer_delay_ms), 0) {
    span.start(events, wheel);
    run_for(wheel, 10);
  }
  ~Span() { span.stop(); }
  // Runs `ms`; the next trace() logs bit changes from where this leaves them.
  void run(std::uint64_t ms) {
    run_for(wheel, ms);
    us_bits_ = span.wire().end(io::SimIoPair::kFar).rx_abcd(0);
    far_bits_ = span.wire().end(io::SimIoPair::kNear).rx_abcd(0);
  }
  // Runs until something is reported (at most `ms`); returns the virtual time it took.
  std::uint64_t run_until_report(std::uint64_t ms) {
    const std::uint64_t from = wheel.now_ms();
    while (events.log.empty() && wheel.now_ms() - from < ms) run_for(wheel, 1);
    return wheel.now_ms() - from;
  }
  sim::FarEnd& far() { return span.far_end().far(); }
  // Runs `ms`, 1 ms at a time, logging reports and every change of channel 1's line bits (since
  // the last run() or trace()) as the other end sees them: "us 0101" (ours), "far 1101" (the far
  // end's), in order (within one millisecond: the reports, then our bits, then the far end's).
  Log trace(std::uint64_t ms) {
    Log out;
    io::SpanIo& near = span.wire().end(io::SimIoPair::kNear);
    io::SpanIo& far_io = span.wire().end(io::SimIoPair::kFar);
    for (std::uint64_t t = 0; t < ms; ++t) {
      run_for(wheel, 1);
      for (std::string& e : events.take()) out.push_back(std::move(e));
      const std::uint8_t us = far_io.rx_abcd(0), them = near.rx_abcd(0);
      if (us != us_bits_) out.push_back("us " + bits(us_bits_ = us));
      if (them != far_bits_) out.push_back("far " + bits(far_bits_ = them));
    }
    return out;
  }
  static std::string bits(std::uint8_t abcd) {
    std::string b;
    for (int bit = 3; bit >= 0; --bit) b += ((abcd >> bit) & 1) != 0 ? '1' : '0';
    return b;
  }
  R2Span& far_engine() { return span.far_end().engine(); }

  pipeline::TimerWheel wheel{1000};
  RecordingEvents events;
  SimR2Span span;
  std::uint8_t us_bits_ = 0x9, far_bits_ = 0x9;  // idle with ITU's CD bits
};

class R2Variants : public ::testing::TestWithParam<R2Variant> {};

TEST_P(R2Variants, OutgoingCallCarriesDnisAniAndCategoryAndIsAnsweredAndCleared) {
  Span s(variant(GetParam()));
  ASSERT_TRUE(s.span.place_call(1, dial("5551000", "2125550123")));
  EXPECT_EQ(s.span.ours().channel_state(1), signalling::ChannelState::kDialing);
  s.run(8000);
  EXPECT_EQ(s.events.take(), (Log{"proceeding 1", "alerting 1", "connected 1"}));
  EXPECT_EQ(s.far().counters().outgoing_answered, 1u);
  s.span.release(1, board::cause::kNormalClearing);
  s.run(300);
  EXPECT_EQ(s.events.take(), (Log{"released 1"}));
  EXPECT_TRUE(s.span.ours().channel_free(1));
  EXPECT_TRUE(s.span.far_end().engine().channel_free(1));
  EXPECT_EQ(s.span.ours().stats().protocol_errors, 0u);
  EXPECT_EQ(s.far_engine().stats().protocol_errors, 0u);
}

TEST_P(R2Variants, IncomingCallCarriesDnisAniAndCategory) {
  Span s(variant(GetParam()));
  ASSERT_EQ(s.far().inject_incoming(0, dial("1001", "2125550123")), board::ControlResult::kOk);
  s.run_until_report(8000);
  EXPECT_EQ(s.events.take(), (Log{"incoming 1 2125550123->1001"}));
  EXPECT_EQ(s.events.last_setup.r2_category, 1);  // national subscriber, II-1 in every variant
  s.span.accept(1);
  s.run(1000);
  s.span.answer(1);
  s.run(100);
  EXPECT_EQ(s.events.take(), (Log{"connected 1"}));
  EXPECT_EQ(s.far().counters().incoming_answered, 1u);
  ASSERT_EQ(s.far().remote_clear(0, 16), board::ControlResult::kOk);
  s.run(100);
  EXPECT_EQ(s.events.take(), (Log{"disconnected 1 16"}));
  s.span.release(1, 16);
  s.run(300);
  EXPECT_EQ(s.events.take(), (Log{"released 1"}));
  EXPECT_TRUE(s.span.ours().channel_free(1));
  EXPECT_EQ(s.span.ours().stats().protocol_errors, 0u);
  EXPECT_EQ(s.far_engine().stats().protocol_errors, 0u);
}

TEST_P(R2Variants, GroupBRefusalsCarryTheirCauses) {
  struct Case {
    const char* number;
    const char* report;
  };
  // 99CC: the far end refuses with cause CC; its group B signal is what we report.
  // Mexico's unallocated number is its busy signal, B-2.
  const char* unallocated =
      GetParam() == R2Variant::kMexico ? "disconnected 1 17" : "disconnected 1 1";
  for (const Case& c : {Case{"9917555", "disconnected 1 17"}, Case{"9934555", "disconnected 1 42"},
                        Case{"9901555", unallocated}}) {
    SCOPED_TRACE(c.number);
    Span s(variant(GetParam()));
    ASSERT_TRUE(s.span.place_call(1, dial(c.number, "2125550123")));
    s.run_until_report(8000);
    EXPECT_EQ(s.events.take(), (Log{c.report}));
    s.span.release(1, board::cause::kNormalClearing);
    s.run(300);
    EXPECT_EQ(s.events.take(), (Log{"released 1"}));
    EXPECT_TRUE(s.span.ours().channel_free(1));
    EXPECT_TRUE(s.far_engine().channel_free(1));
    EXPECT_EQ(s.span.ours().stats().protocol_errors, 0u);
  }
}

TEST_P(R2Variants, OurRefusalReachesTheCallerAsItsCause) {
  Span s(variant(GetParam()));
  ASSERT_EQ(s.far().inject_incoming(0, dial("1001", "2125550123")), board::ControlResult::kOk);
  s.run_until_report(8000);
  EXPECT_EQ(s.events.take(), (Log{"incoming 1 2125550123->1001"}));
  s.span.release(1, board::cause::kUserBusy);
  s.run(1000);
  EXPECT_EQ(s.events.take(), (Log{"released 1"}));
  EXPECT_TRUE(s.span.ours().channel_free(1));
  EXPECT_TRUE(s.far_engine().channel_free(1));
  EXPECT_EQ(s.far().counters().incoming_answered, 0u);
  EXPECT_EQ(s.far_engine().stats().protocol_errors, 0u);
}

INSTANTIATE_TEST_SUITE_P(All, R2Variants,
                         ::testing::Values(R2Variant::kItu, R2Variant::kArgentina,
                                           R2Variant::kBrazil, R2Variant::kChina,
                                           R2Variant::kColombia, R2Variant::kMexico,
                                           R2Variant::kVenezuela));

TEST(R2Ani, RestrictedAniIsOfferedRestrictedWithoutDigits) {
  Span s(variant(R2Variant::kItu));
  board::CallSetup setup = dial("1001", "2125550123");
  setup.calling_presentation = board::Presentation::kRestricted;
  ASSERT_EQ(s.far().inject_incoming(0, setup), board::ControlResult::kOk);
  s.run_until_report(8000);
  EXPECT_EQ(s.events.take(), (Log{"incoming 1 ->1001"}));
  EXPECT_EQ(s.events.last_setup.calling_presentation, board::Presentation::kRestricted);
}

TEST(R2Ani, AniAfterDnisWhenNotAniFirst) {
  config::R2Config r2 = variant(R2Variant::kItu);
  r2.get_ani_first = 0;
  r2.max_dnis = 4;
  r2.category = config::R2Category::kNationalPrioritySubscriber;
  Span s(r2);
  ASSERT_TRUE(s.span.place_call(1, dial("1234", "5550001")));
  s.run(8000);
  EXPECT_EQ(s.events.take(), (Log{"proceeding 1", "alerting 1", "connected 1"}));
  // The far end's switch routed the call as the backward side received it.
  EXPECT_EQ(s.span.far_end().engine().stats().calls_offered, 1u);
}

TEST(R2Blocking, FarEndBlockingTakesTheChannelOutOfService) {
  Span s(variant(R2Variant::kItu));
  ASSERT_TRUE(s.span.far_end().fault(0, sim::kSimR2Block));
  s.run(10);
  EXPECT_EQ(s.events.take(), (Log{"service 1 out"}));
  EXPECT_TRUE(s.span.ours().channel_blocked(1));
  EXPECT_FALSE(s.span.place_call(1, dial("5551000")));
  ASSERT_TRUE(s.span.far_end().fault(0, sim::kSimR2Unblock));
  s.run(10);
  EXPECT_EQ(s.events.take(), (Log{"service 1 in"}));
  EXPECT_TRUE(s.span.place_call(1, dial("5551000")));
}

TEST(R2Blocking, ControlReachesTheFarEndThroughDeviceSpecific) {
  Span s(variant(R2Variant::kItu));
  sim::SimControl control{};
  control.dwMagic = sim::kSimControlMagic;
  control.dwVersion = sim::kSimControlVersion;
  control.dwOp = sim::kSimR2Fault;
  control.dwCause = sim::kSimR2Block;
  EXPECT_EQ(s.span.device_specific(2, &control, sizeof control), board::ControlResult::kOk);
  s.run(10);
  EXPECT_EQ(s.events.take(), (Log{"service 2 out"}));
  control.dwCause = sim::kSimR2StuckBits;  // the last fault
  EXPECT_EQ(s.span.device_specific(1, &control, sizeof control), board::ControlResult::kOk);
  for (std::uint32_t bad : {0u, sim::kSimR2StuckBits + 1u, 99u}) {
    control.dwCause = bad;
    EXPECT_EQ(s.span.device_specific(2, &control, sizeof control), board::ControlResult::kInvalid);
  }
}

TEST(R2Faults, MissingBackwardToneIsARegisterTimeout) {
  Span s(variant(R2Variant::kItu));
  ASSERT_TRUE(s.span.far_end().fault(0, sim::kSimR2MissingTone));
  ASSERT_TRUE(s.span.place_call(1, dial("5551000")));
  s.run(4900);
  EXPECT_TRUE(s.events.take().empty());
  s.run(200);  // mffwd_timeout (5000) after our first digit
  EXPECT_EQ(s.events.take(), (Log{"disconnected 1 102"}));
  EXPECT_EQ(s.span.ours().stats().protocol_errors, 1u);
  s.span.release(1, board::cause::kNormalClearing);
  s.run(300);
  EXPECT_EQ(s.events.take(), (Log{"released 1"}));
  EXPECT_TRUE(s.span.ours().channel_free(1));
  s.run(3000);
  EXPECT_TRUE(s.far_engine().channel_free(1));
}

TEST(R2Faults, CallerClearingDuringTheRegisterLeavesNothingBehind) {
  Span s(variant(R2Variant::kItu));
  s.far_engine().set_fault(1, R2Fault::kClearInRegister);
  ASSERT_EQ(s.far().inject_incoming(0, dial("1001", "2125550123")), board::ControlResult::kOk);
  s.run(5000);
  EXPECT_TRUE(s.events.take().empty());  // never offered
  EXPECT_EQ(s.span.ours().stats().abandoned_seizures, 1u);
  EXPECT_TRUE(s.span.ours().channel_free(1));
  EXPECT_TRUE(s.far_engine().channel_free(1));
  EXPECT_TRUE(s.far().channel_idle(0));
}

TEST(R2Alarms, RedAlarmEndsCallsWith38) {
  Span s(variant(R2Variant::kItu), 0);
  ASSERT_TRUE(s.span.place_call(1, dial("5551000")));
  s.run(6000);
  // The far end answers during the register: no ringback.
  EXPECT_EQ(s.events.take(), (Log{"proceeding 1", "connected 1"}));
  board::SpanStatus red;
  red.red = true;
  s.far().set_alarms(red);
  s.run(10);
  EXPECT_EQ(s.events.take(), (Log{"disconnected 1 38", "status red up"}));
  s.span.release(1, 16);
  s.run(10);
  EXPECT_EQ(s.events.take(), (Log{"released 1"}));
  EXPECT_FALSE(s.span.place_call(2, dial("5551000")));
}

TEST(R2Faults, SilentCallerRegisterIsDroppedAndNeverOffered) {
  config::R2Config r2 = variant(R2Variant::kItu);
  r2.timers.mf_fwd = 4000;  // the far caller gives up (clear forward) before our clear_timeout
  Span s(r2);
  s.far_engine().set_fault(1, R2Fault::kMissingTone);
  ASSERT_EQ(s.far().inject_incoming(0, dial("1001", "2125550123")), board::ControlResult::kOk);
  s.run(6000);
  EXPECT_TRUE(s.events.take().empty());                  // never offered
  EXPECT_EQ(s.span.ours().stats().protocol_errors, 1u);  // no forward tone within mfback
  EXPECT_EQ(s.span.ours().stats().calls_offered, 0u);
  EXPECT_EQ(s.far_engine().stats().protocol_errors, 1u);  // its register timeout
  EXPECT_TRUE(s.span.ours().channel_free(1));
  EXPECT_TRUE(s.far_engine().channel_free(1));
}

TEST(R2Faults, CalleeForcedReleaseDuringTheRegisterEndsOurCallWith41) {
  Span s(variant(R2Variant::kItu));
  s.far_engine().set_fault(1, R2Fault::kClearInRegister);
  ASSERT_TRUE(s.span.place_call(1, dial("5551000", "2125550123")));
  EXPECT_EQ(s.trace(1000),
            (Log{"us 0001", "far 1101", "disconnected 1 41", "us 1001", "far 1001"}));
  EXPECT_EQ(s.span.ours().stats().protocol_errors, 1u);
  s.span.release(1, board::cause::kNormalClearing);
  s.run(10);
  EXPECT_EQ(s.events.take(), (Log{"released 1"}));
  EXPECT_TRUE(s.span.ours().channel_free(1));
  EXPECT_TRUE(s.far_engine().channel_free(1));
}

TEST(R2Faults, SignalOutOfGroupAEndsOurCallWith111) {
  Span s(variant(R2Variant::kMexico));
  ASSERT_TRUE(s.span.far_end().fault(0, sim::kSimR2WrongTone));
  ASSERT_TRUE(s.span.place_call(1, dial("5551000", "2125550123")));
  s.run_until_report(2000);
  EXPECT_EQ(s.events.take(), (Log{"disconnected 1 111"}));
  EXPECT_EQ(s.span.ours().stats().protocol_errors, 1u);  // "unknown group A signal"
  s.span.release(1, 16);
  s.run(300);
  EXPECT_EQ(s.events.take(), (Log{"released 1"}));
  EXPECT_TRUE(s.span.ours().channel_free(1));
  EXPECT_TRUE(s.far_engine().channel_free(1));
}

TEST(R2Faults, CallerSignalThatIsNoDigitDropsTheSeizureUnoffered) {
  config::R2Config r2 = variant(R2Variant::kItu);
  r2.timers.mf_fwd = 2500;  // the caller gives up (clear forward) before our clear_timeout
  Span s(r2);
  ASSERT_TRUE(s.span.far_end().fault(0, sim::kSimR2WrongTone));
  ASSERT_EQ(s.far().inject_incoming(0, dial("1001", "2125550123")), board::ControlResult::kOk);
  s.run(6000);
  EXPECT_TRUE(s.events.take().empty());                  // never offered
  EXPECT_EQ(s.span.ours().stats().protocol_errors, 1u);  // "not a DNIS digit"
  EXPECT_EQ(s.span.ours().stats().calls_offered, 0u);
  EXPECT_TRUE(s.span.ours().channel_free(1));
  EXPECT_TRUE(s.far_engine().channel_free(1));
}

TEST(R2Faults, CalleeBitsStuckAfterOurClearForwardTakeTheChannelOutOfService) {
  Span s(variant(R2Variant::kItu), 0);
  ASSERT_TRUE(s.span.far_end().fault(0, sim::kSimR2StuckBits));
  ASSERT_TRUE(s.span.place_call(1, dial("5551000")));
  s.run(6000);
  EXPECT_EQ(s.events.take(), (Log{"proceeding 1", "connected 1"}));
  s.span.release(1, 16);
  // Clear forward; the far end stays at answer (01): clear_timeout (3000), logged.
  EXPECT_EQ(s.trace(3100), (Log{"us 1001", "service 1 out", "released 1"}));
  EXPECT_EQ(s.span.ours().stats().protocol_errors, 1u);
  EXPECT_FALSE(s.span.place_call(1, dial("5551000")));
  ASSERT_TRUE(s.span.far_end().fault(0, sim::kSimR2Unblock));
  EXPECT_EQ(s.trace(10), (Log{"service 1 in", "far 1001"}));
  EXPECT_TRUE(s.span.ours().channel_free(1));
}

TEST(R2Faults, CallerBitsStuckAfterOurClearBackTakeTheChannelOutOfService) {
  Span s(variant(R2Variant::kItu));
  ASSERT_TRUE(s.span.far_end().fault(0, sim::kSimR2StuckBits));
  ASSERT_EQ(s.far().inject_incoming(0, dial("1001", "2125550123")), board::ControlResult::kOk);
  s.run_until_report(8000);
  EXPECT_EQ(s.events.take(), (Log{"incoming 1 2125550123->1001"}));
  s.span.accept(1);
  s.run(1000);
  s.span.answer(1);
  s.run(100);
  EXPECT_EQ(s.events.take(), (Log{"connected 1"}));
  s.span.release(1, 16);
  // Clear back; the caller's clearing leaves its bits at seize (00): no clear forward.
  EXPECT_EQ(s.trace(3100), (Log{"us 1101", "service 1 out", "released 1", "us 1001"}));
  EXPECT_EQ(s.span.ours().stats().protocol_errors, 1u);
  ASSERT_TRUE(s.span.far_end().fault(0, sim::kSimR2Unblock));
  EXPECT_EQ(s.trace(10), (Log{"service 1 in", "far 1001"}));
  EXPECT_TRUE(s.span.ours().channel_free(1));
}

// --- Mexico: group C --------------------------------------------------------------------

TEST(R2Mexico, VariantTableHasGroupCAfterTheCategory) {
  const r2::R2Variant& mx = r2_variant(config::R2Variant::kMexico);
  EXPECT_TRUE(has_group_c(mx));
  EXPECT_EQ(mx.a.category, 6);
  EXPECT_EQ(mx.a.next_ani, 0);
  EXPECT_EQ(mx.c.next_ani, 1);
  EXPECT_EQ(mx.c.change_to_ii, 3);
  EXPECT_EQ(mx.c.next_dnis_to_a, 5);
  EXPECT_EQ(mx.c.congestion, 4);
  EXPECT_EQ(mx.i.end_of_dnis, 0);
  EXPECT_FALSE(mx.ani_first);
  EXPECT_FALSE(has_group_c(r2_variant(config::R2Variant::kItu)));
  EXPECT_TRUE(r2_variant_available(config::R2Variant::kMexico));
}

TEST(R2Mexico, AniFirstGoesBackToGroupAForTheDnisBothWays) {
  config::R2Config r2 = variant(R2Variant::kMexico);
  r2.get_ani_first = 1;  // Maxcom: the ANI after the first DNIS digit, then C-5 for the rest
  r2.category = config::R2Category::kInternationalSubscriber;
  Span s(r2);
  ASSERT_EQ(s.far().inject_incoming(0, dial("1001", "5512345678")), board::ControlResult::kOk);
  s.run_until_report(8000);
  EXPECT_EQ(s.events.take(), (Log{"incoming 1 5512345678->1001"}));
  EXPECT_EQ(s.events.last_setup.r2_category, 7);  // II-7 international subscriber
  s.span.release(1, board::cause::kUserBusy);
  s.run(1000);
  EXPECT_EQ(s.events.take(), (Log{"released 1"}));
  ASSERT_TRUE(s.span.place_call(2, dial("5551000", "5512345678")));
  s.run(8000);
  EXPECT_EQ(s.events.take(), (Log{"proceeding 2", "alerting 2", "connected 2"}));
  EXPECT_EQ(s.span.ours().stats().protocol_errors, 0u);
  EXPECT_EQ(s.far_engine().stats().protocol_errors, 0u);
}

TEST(R2Mexico, ShortAniEndsWithI15AndRestrictedAniIsI15Alone) {
  Span s(variant(R2Variant::kMexico));
  ASSERT_EQ(s.far().inject_incoming(0, dial("1001", "5550123")), board::ControlResult::kOk);
  s.run_until_report(8000);
  EXPECT_EQ(s.events.take(), (Log{"incoming 1 5550123->1001"}));
  EXPECT_EQ(s.events.last_setup.calling_presentation, board::Presentation::kAllowed);
  s.span.release(1, board::cause::kUserBusy);
  s.run(1000);
  EXPECT_EQ(s.events.take(), (Log{"released 1"}));
  board::CallSetup restricted = dial("1001", "5550123");
  restricted.calling_presentation = board::Presentation::kRestricted;
  ASSERT_EQ(s.far().inject_incoming(0, restricted), board::ControlResult::kOk);
  s.run_until_report(8000);
  EXPECT_EQ(s.events.take(), (Log{"incoming 1 ->1001"}));
  EXPECT_EQ(s.events.last_setup.calling_presentation, board::Presentation::kRestricted);
}

// --- Brazil: double answer and collect calls ---------------------------------------------

config::R2Config brazil_double_answer() {
  config::R2Config r2 = variant(R2Variant::kBrazil);
  r2.double_answer = true;
  return r2;
}

TEST(R2DoubleAnswer, OurAnswerIsAnswerClearBackAnswerAndTheCallerRidesItOut) {
  Span s(brazil_double_answer());
  ASSERT_EQ(s.far().inject_incoming(0, dial("1001", "2125550123")), board::ControlResult::kOk);
  EXPECT_EQ(s.trace(6000), (Log{"us 1101", "far 0001", "incoming 1 2125550123->1001"}));
  s.span.accept(1);
  s.run(1000);
  s.span.answer(1);
  // Answer, 400 ms clear back, answer: CONNECTED once on our side.
  EXPECT_EQ(s.trace(2000), (Log{"connected 1", "us 0101", "us 1101", "us 0101"}));
  EXPECT_EQ(s.span.ours().stats().double_answers, 1u);
  EXPECT_EQ(s.far_engine().stats().double_answers, 1u);  // held, not a clearing
  EXPECT_EQ(s.far().counters().incoming_answered, 1u);
  ASSERT_EQ(s.far().remote_clear(0, 16), board::ControlResult::kOk);
  EXPECT_EQ(s.trace(100), (Log{"disconnected 1 16", "us 1001", "far 1001"}));
  s.span.release(1, 16);
  s.run(10);
  EXPECT_EQ(s.events.take(), (Log{"released 1"}));
  EXPECT_EQ(s.span.ours().stats().protocol_errors, 0u);
  EXPECT_EQ(s.far_engine().stats().protocol_errors, 0u);
}

TEST(R2DoubleAnswer, AsCallerWeRideOutTheFarEndsDoubleAnswer) {
  Span s(brazil_double_answer());
  ASSERT_TRUE(s.span.place_call(1, dial("5551000", "2125550123")));
  EXPECT_EQ(s.trace(8000), (Log{"us 0001", "far 1101", "proceeding 1", "alerting 1", "connected 1",
                                "far 0101", "far 1101", "far 0101"}));
  EXPECT_EQ(s.span.ours().stats().double_answers, 1u);
  EXPECT_EQ(s.far_engine().stats().double_answers, 1u);
  s.span.release(1, 16);
  EXPECT_EQ(s.trace(100), (Log{"released 1", "us 1001", "far 1001"}));
  EXPECT_EQ(s.span.ours().stats().protocol_errors, 0u);
}

TEST(R2DoubleAnswer, CollectCallEquipmentTakesTheClearBackAsTheRefusal) {
  config::R2Config r2 = brazil_double_answer();
  r2.category = config::R2Category::kCollectCall;
  r2.allow_collect_calls = true;  // the far end accepts it in group B, then double answers
  Span s(r2);
  ASSERT_TRUE(s.span.place_call(1, dial("5551000", "2125550123")));
  EXPECT_EQ(s.trace(8000), (Log{"us 0001", "far 1101", "proceeding 1", "alerting 1", "connected 1",
                                "far 0101", "disconnected 1 16", "far 1101",
                                "far 0101"}));  // the far end's second answer: we already cleared
  s.span.release(1, 16);
  s.run(1000);
  EXPECT_EQ(s.events.take(), (Log{"released 1"}));
  EXPECT_TRUE(s.span.ours().channel_free(1));
  EXPECT_TRUE(s.far_engine().channel_free(1));
}

TEST(R2CollectCalls, RefusedUnofferedWhenNotAllowedBothWays) {
  config::R2Config r2 = variant(R2Variant::kBrazil);
  r2.category = config::R2Category::kCollectCall;  // both ends send II-8
  r2.allow_collect_calls = false;
  Span s(r2);
  ASSERT_EQ(s.far().inject_incoming(0, dial("1001", "2125550123")), board::ControlResult::kOk);
  s.run(8000);
  EXPECT_TRUE(s.events.take().empty());  // never offered: group B unallocated (B-7)
  EXPECT_EQ(s.span.ours().stats().collect_calls_refused, 1u);
  EXPECT_EQ(s.span.ours().stats().calls_offered, 0u);
  EXPECT_TRUE(s.span.ours().channel_free(1));
  EXPECT_TRUE(s.far_engine().channel_free(1));
  // Our collect call: the far end refuses it the same way; we hear unallocated number.
  ASSERT_TRUE(s.span.place_call(1, dial("5551000", "2125550123")));
  s.run_until_report(8000);
  EXPECT_EQ(s.events.take(), (Log{"disconnected 1 1"}));
  EXPECT_EQ(s.far_engine().stats().collect_calls_refused, 1u);
  s.span.release(1, 16);
  s.run(300);
  EXPECT_EQ(s.events.take(), (Log{"released 1"}));
  EXPECT_EQ(s.span.ours().stats().protocol_errors, 0u);
  EXPECT_EQ(s.far_engine().stats().protocol_errors, 0u);
}

TEST(R2CollectCalls, OfferedWithCategory8WhenAllowed) {
  config::R2Config r2 = variant(R2Variant::kBrazil);
  r2.category = config::R2Category::kCollectCall;
  r2.allow_collect_calls = true;
  Span s(r2);
  ASSERT_EQ(s.far().inject_incoming(0, dial("1001", "2125550123")), board::ControlResult::kOk);
  s.run_until_report(8000);
  EXPECT_EQ(s.events.take(), (Log{"incoming 1 2125550123->1001"}));
  EXPECT_EQ(s.events.last_setup.r2_category, 8);  // II-8, Brazil's collect call
}

// --- Protocol violations, with the far end's bits driven by hand -------------------------

class NoSignalling final : public io::SpanIoEvents {
 public:
  void on_alarms(const io::SpanAlarms&) override {}
  void on_abcd(std::size_t, std::uint8_t, std::uint64_t) override {}
  void on_audio_frame(io::SpanAudio&, std::uint64_t) override {}
};

struct Bare {
  Bare()
      : wire(io::SpanLayout{io::SpanKind::kE1, media::Law::kAlaw, {1}, 0, 20}, nullptr),
        ours({1}, variant(R2Variant::kItu), "test") {
    wire.start(wheel);
    wire.end(io::SimIoPair::kFar).start(far_events, wheel);
    far_bits(kAbIdle | 1);
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
  R2Span ours;
};

TEST(R2Violation, NoSeizeAckFailsTheCallWith102) {
  Bare b;
  ASSERT_TRUE(b.ours.place_call(1, dial("5551000")));
  run_for(b.wheel, 10);
  EXPECT_EQ(b.our_bits(), kAbSeize | 1);
  run_for(b.wheel, 2000);
  EXPECT_EQ(b.events.take(), (Log{"disconnected 1 102"}));
  EXPECT_EQ(b.our_bits(), kAbIdle | 1);  // clear forward at once
  b.ours.release(1, 16);
  run_for(b.wheel, 10);
  EXPECT_EQ(b.events.take(), (Log{"released 1"}));
  EXPECT_EQ(b.ours.stats().protocol_errors, 1u);
}

TEST(R2Violation, BackwardIdleBeforeClearForwardEndsTheCallWith41) {
  Bare b;
  ASSERT_TRUE(b.ours.place_call(1, dial("5551000")));
  run_for(b.wheel, 10);
  b.far_bits(kAbSeizeAck | 1);
  run_for(b.wheel, 100);
  b.far_bits(kAbIdle | 1);
  run_for(b.wheel, 10);
  EXPECT_EQ(b.events.take(), (Log{"disconnected 1 41"}));
  b.ours.release(1, 16);
  run_for(b.wheel, 10);
  EXPECT_EQ(b.events.take(), (Log{"released 1"}));
  EXPECT_TRUE(b.ours.channel_free(1));
}

TEST(R2Violation, SeizureWithoutRegisterToneIsDroppedUntilClearForward) {
  Bare b;
  b.far_bits(kAbSeize | 1);
  run_for(b.wheel, 10);
  EXPECT_EQ(b.our_bits(), kAbSeizeAck | 1);
  run_for(b.wheel, 2100);  // mfback_timeout: no first digit
  EXPECT_TRUE(b.events.take().empty());
  EXPECT_EQ(b.ours.stats().protocol_errors, 1u);
  b.far_bits(kAbIdle | 1);
  run_for(b.wheel, 10);
  EXPECT_EQ(b.our_bits(), kAbIdle | 1);
  EXPECT_TRUE(b.ours.channel_free(1));
}

TEST(R2Violation, NonDigitNumbersAreRefusedAtPlaceCall) {
  Bare b;
  EXPECT_FALSE(b.ours.place_call(1, dial("555*1000")));
  EXPECT_FALSE(b.ours.place_call(1, dial("")));
  EXPECT_FALSE(b.ours.place_call(1, dial("5551000", "12#")));
  EXPECT_TRUE(b.ours.channel_free(1));
}

}  // namespace
}  // namespace spantsp::r2
