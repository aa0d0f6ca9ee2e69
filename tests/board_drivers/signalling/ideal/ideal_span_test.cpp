// IdealSpan against its far end: exact event sequences (channel, event, cause) in virtual time.

#include "board_drivers/signalling/ideal/ideal_span.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "tests/board_drivers/sim/sim_test_support.h"

namespace spantsp::sim {
namespace {

using ideal::IdealSpan;
using signalling::ChannelInput;
using signalling::ChannelState;
using signalling::kChannelInputs;
using signalling::kChannelStates;
using signalling::next_channel_state;

using testing::Events;
using testing::Harness;
using testing::kStartMs;
using testing::quiet_profile;
using K = testing::Kind;

config::TrafficProfile hold_profile(double remote_share) {
  auto p = quiet_profile();
  p.hold_time_ms = 3'000;
  p.remote_hangup_share = remote_share;
  return p;
}

void expect_clean(const Harness& h) {
  EXPECT_EQ(h.span.stats().unexpected_messages, 0u);
}

// --- Outgoing ------------------------------------------------------------------------------

TEST(IdealSpanOutgoing, NothingIsReportedInsideTheCommand) {
  Harness h;
  ASSERT_TRUE(h.span.place_call(1, testing::dial("5551234")));
  EXPECT_TRUE(h.events.events.empty());
  EXPECT_EQ(h.span.channel_state(1), ChannelState::kDialing);
}

TEST(IdealSpanOutgoing, FarEndProceedsAlertsAndConnectsAfterTheAnswerDelay) {
  Harness h;  // answer delay 2 s
  ASSERT_TRUE(h.span.place_call(1, testing::dial("5551234")));
  h.run_for(1'999);
  auto first = h.events.take();
  EXPECT_EQ(first, (Events{{1, K::kProceeding}, {1, K::kAlerting}}));
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(first[0].time, kStartMs);
  EXPECT_EQ(first[1].time, kStartMs);

  h.run_for(1);
  auto connected = h.events.take();
  EXPECT_EQ(connected, (Events{{1, K::kConnected}}));
  ASSERT_EQ(connected.size(), 1u);
  EXPECT_EQ(connected[0].time, kStartMs + 2'000);
  EXPECT_EQ(h.span.channel_state(1), ChannelState::kConnected);

  h.span.release(1, board::cause::kNormalClearing);
  EXPECT_EQ(h.span.channel_state(1), ChannelState::kReleasing);
  h.run_for(0);
  EXPECT_EQ(h.events.take(), (Events{{1, K::kReleased}}));
  EXPECT_EQ(h.span.channel_state(1), ChannelState::kIdle);

  const auto s = h.span.stats();
  EXPECT_EQ(s.outgoing_placed, 1u);
  EXPECT_EQ(s.outgoing_answered, 1u);
  EXPECT_EQ(s.invalid_commands, 0u);
  expect_clean(h);
}

struct TestNumberCase {
  const char* number;
  Events expected;              // on channel 2, then our release
  std::uint64_t last_after_ms;  // when the last far-end event came
  std::uint64_t SimSpanStats::*counter;
};

class IdealSpanTestNumber : public ::testing::TestWithParam<TestNumberCase> {};

TEST_P(IdealSpanTestNumber, FarEndFollowsTheDialPlan) {
  const auto& c = GetParam();
  auto profile = quiet_profile();
  profile.busy_share = 0.5;  // test numbers override the profile's draw
  profile.no_answer_share = 0.5;
  Harness h(profile);
  ASSERT_TRUE(h.span.place_call(2, testing::dial(c.number)));
  h.run_for(kNoAnswerTimeoutMs + 10'000);
  auto events = h.events.take();
  EXPECT_EQ(events, c.expected);
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back().time, kStartMs + c.last_after_ms);

  h.span.release(2, board::cause::kNormalClearing);
  h.run_for(0);
  EXPECT_EQ(h.events.take(), (Events{{2, K::kReleased}}));
  EXPECT_EQ(h.span.stats().*c.counter, 1u);
  expect_clean(h);
}

INSTANTIATE_TEST_SUITE_P(
    Causes, IdealSpanTestNumber,
    ::testing::Values(
        TestNumberCase{
            "9900", {{2, K::kProceeding}, {2, K::kConnected}}, 0, &SimSpanStats::outgoing_answered},
        TestNumberCase{"9917",
                       {{2, K::kProceeding}, {2, K::kDisconnected, 17}},
                       0,
                       &SimSpanStats::outgoing_busy},
        TestNumberCase{"9918",
                       {{2, K::kProceeding}, {2, K::kAlerting}, {2, K::kDisconnected, 18}},
                       kNoAnswerTimeoutMs,
                       &SimSpanStats::outgoing_no_answer},
        TestNumberCase{"991955",
                       {{2, K::kProceeding}, {2, K::kAlerting}, {2, K::kDisconnected, 19}},
                       kNoAnswerTimeoutMs,
                       &SimSpanStats::outgoing_no_answer},
        TestNumberCase{"9921",
                       {{2, K::kProceeding}, {2, K::kDisconnected, 21}},
                       0,
                       &SimSpanStats::outgoing_rejected},
        TestNumberCase{"9901",
                       {{2, K::kProceeding}, {2, K::kDisconnected, 1}},
                       0,
                       &SimSpanStats::outgoing_rejected},
        TestNumberCase{"9934",
                       {{2, K::kProceeding}, {2, K::kDisconnected, 34}},
                       0,
                       &SimSpanStats::outgoing_rejected},
        TestNumberCase{"9942",
                       {{2, K::kProceeding}, {2, K::kDisconnected, 42}},
                       0,
                       &SimSpanStats::outgoing_rejected}),
    [](const auto& param_info) { return std::string("n") + param_info.param.number; });

TEST(IdealSpanOutgoing, NoAnswerRingsUntilTheTimeoutAndNotAMillisecondLess) {
  Harness h;
  ASSERT_TRUE(h.span.place_call(1, testing::dial("9919")));
  h.run_for(kNoAnswerTimeoutMs - 1);
  EXPECT_EQ(h.events.take(), (Events{{1, K::kProceeding}, {1, K::kAlerting}}));
  h.run_for(1);
  EXPECT_EQ(h.events.take(), (Events{{1, K::kDisconnected, 19}}));
}

TEST(IdealSpanOutgoing, ProfileBusyNoAnswerAndRejectDraws) {
  struct Share {
    double config::TrafficProfile::*share;
    Events expected;
  };
  const Share shares[] = {
      {&config::TrafficProfile::busy_share, {{1, K::kProceeding}, {1, K::kDisconnected, 17}}},
      {&config::TrafficProfile::no_answer_share,
       {{1, K::kProceeding}, {1, K::kAlerting}, {1, K::kDisconnected, 19}}},
      {&config::TrafficProfile::reject_share, {{1, K::kProceeding}, {1, K::kDisconnected, 21}}},
  };
  for (const auto& s : shares) {
    auto profile = quiet_profile();
    profile.*s.share = 1.0;
    Harness h(profile);
    ASSERT_TRUE(h.span.place_call(1, testing::dial("5551234")));
    h.run_for(kNoAnswerTimeoutMs);
    EXPECT_EQ(h.events.take(), s.expected);
  }
}

TEST(IdealSpanOutgoing, OurReleaseWhileRingingEndsTheCallWithReleasedOnly) {
  auto profile = quiet_profile();
  profile.answer_delay_ms = 5'000;
  Harness h(profile);
  ASSERT_TRUE(h.span.place_call(1, testing::dial("5551234")));
  h.run_for(1'000);
  EXPECT_EQ(h.events.take(), (Events{{1, K::kProceeding}, {1, K::kAlerting}}));
  h.span.release(1, board::cause::kNormalClearing);
  h.run_for(kNoAnswerTimeoutMs);  // past the answer delay: no connected after released
  EXPECT_EQ(h.events.take(), (Events{{1, K::kReleased}}));
  EXPECT_EQ(h.span.channel_state(1), ChannelState::kIdle);
  EXPECT_EQ(h.span.stats().outgoing_answered, 0u);
  EXPECT_EQ(h.wheel.armed_count(), 0u);
  expect_clean(h);
}

TEST(IdealSpanOutgoing, ReleaseInTheSameTickAsTheSetupSuppressesEverythingButReleased) {
  Harness h;
  ASSERT_TRUE(h.span.place_call(1, testing::dial("9917")));
  h.span.release(1, board::cause::kNormalClearing);
  h.run_for(10'000);
  EXPECT_EQ(h.events.take(), (Events{{1, K::kReleased}}));
  EXPECT_EQ(h.span.stats().outgoing_busy, 0u);  // the far end's DISCONNECT never reached us
}

TEST(IdealSpanOutgoing, FarEndClearsAfterTheHoldTime) {
  Harness h(hold_profile(1.0));
  ASSERT_TRUE(h.span.place_call(1, testing::dial("5551234")));
  h.run_for(2'000);
  EXPECT_EQ(h.events.take(), (Events{{1, K::kProceeding}, {1, K::kAlerting}, {1, K::kConnected}}));
  h.run_for(3'600'000);
  auto clear = h.events.take();
  EXPECT_EQ(clear, (Events{{1, K::kDisconnected, 16}}));
  ASSERT_EQ(clear.size(), 1u);
  EXPECT_GE(clear[0].time, kStartMs + 2'000);
  EXPECT_EQ(h.span.channel_state(1), ChannelState::kFarCleared);
  h.span.release(1, board::cause::kNormalClearing);
  h.run_for(0);
  EXPECT_EQ(h.events.take(), (Events{{1, K::kReleased}}));
  EXPECT_EQ(h.span.stats().remote_clears, 1u);
  expect_clean(h);
}

TEST(IdealSpanOutgoing, WhenOurSideIsDrawnToHangUpTheFarEndWaitsForUs) {
  Harness h(hold_profile(0.0));
  ASSERT_TRUE(h.span.place_call(1, testing::dial("5551234")));
  h.run_for(3'600'000);
  EXPECT_EQ(h.events.take(), (Events{{1, K::kProceeding}, {1, K::kAlerting}, {1, K::kConnected}}));
  // No hang-up deadline: the only timer is the connected call's audio frame.
  EXPECT_EQ(h.wheel.armed_count(), 1u);
  EXPECT_EQ(h.span.wire().live_channels(), 1u);
  h.span.release(1, board::cause::kNormalClearing);
  h.run_for(0);
  EXPECT_EQ(h.events.take(), (Events{{1, K::kReleased}}));
  EXPECT_EQ(h.span.stats().remote_clears, 0u);
}

// --- Overlap sending -----------------------------------------------------------------------

TEST(IdealSpanOverlap, FarEndWaitsForTheCompleteNumberAndDialsTheWholeOfIt) {
  Harness h;
  ASSERT_TRUE(h.span.place_call(1, testing::dial("99", false)));
  h.run_for(9'000);
  EXPECT_TRUE(h.events.take().empty());
  h.span.send_digits(1, "1", false);  // restarts the inter-digit timer
  h.run_for(9'000);
  EXPECT_TRUE(h.events.take().empty());
  h.span.send_digits(1, "7", true);  // "9917": busy by the dial plan
  h.run_for(0);
  EXPECT_EQ(h.events.take(), (Events{{1, K::kProceeding}, {1, K::kDisconnected, 17}}));
  EXPECT_EQ(h.span.stats().invalid_commands, 0u);
}

TEST(IdealSpanOverlap, OrdinaryNumberIsAnsweredOnceComplete) {
  Harness h;
  ASSERT_TRUE(h.span.place_call(1, testing::dial("555", false)));
  h.span.send_digits(1, "1234", true);
  h.run_for(2'000);
  EXPECT_EQ(h.events.take(), (Events{{1, K::kProceeding}, {1, K::kAlerting}, {1, K::kConnected}}));
}

TEST(IdealSpanOverlap, DigitTimeoutClearsWithCause28WithoutProceeding) {
  Harness h;
  ASSERT_TRUE(h.span.place_call(1, testing::dial("55", false)));
  h.run_for(kDigitTimeoutMs - 1);
  EXPECT_TRUE(h.events.take().empty());
  h.run_for(1);
  auto events = h.events.take();
  EXPECT_EQ(events, (Events{{1, K::kDisconnected, 28}}));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].time, kStartMs + kDigitTimeoutMs);
  h.span.send_digits(1, "1", true);  // too late: ignored and counted
  EXPECT_EQ(h.span.stats().invalid_commands, 1u);
  h.span.release(1, board::cause::kNormalClearing);
  h.run_for(0);
  EXPECT_EQ(h.events.take(), (Events{{1, K::kReleased}}));
  EXPECT_EQ(h.span.stats().digit_timeouts, 1u);
}

TEST(IdealSpanOverlap, DigitsAfterTheNumberIsCompleteAreIgnoredAndCounted) {
  Harness h;
  ASSERT_TRUE(h.span.place_call(1, testing::dial("5551234")));  // sending complete
  h.span.send_digits(1, "9", true);
  ASSERT_TRUE(h.span.place_call(2, testing::dial("555", false)));
  h.span.send_digits(2, "1", true);
  h.span.send_digits(2, "2", true);
  EXPECT_EQ(h.span.stats().invalid_commands, 2u);
}

TEST(IdealSpanOverlap, EmptyCompleteNumberIsRefusedWithCause28) {
  Harness h;
  ASSERT_TRUE(h.span.place_call(1, testing::dial("")));
  h.run_for(0);
  EXPECT_EQ(h.events.take(), (Events{{1, K::kDisconnected, 28}}));
}

// --- Incoming ------------------------------------------------------------------------------

TEST(IdealSpanIncoming, OfferedAcceptedAnsweredHeldThenTheFarEndClears) {
  Harness h(hold_profile(1.0));
  ASSERT_EQ(h.ctl(2, testing::inject("2125550001", "1001", "ALICE")), board::ControlResult::kOk);
  EXPECT_TRUE(h.events.events.empty());
  h.run_for(0);
  EXPECT_EQ(h.events.take(), (Events{{2, K::kIncoming, 0, "2125550001>1001 'ALICE'"}}));
  EXPECT_EQ(h.span.channel_state(2), ChannelState::kOffered);

  h.span.accept(2);
  EXPECT_EQ(h.span.channel_state(2), ChannelState::kAccepted);
  h.span.answer(2);
  EXPECT_EQ(h.span.channel_state(2), ChannelState::kAnswering);
  h.run_for(0);
  EXPECT_EQ(h.events.take(), (Events{{2, K::kConnected}}));
  h.run_for(3'600'000);
  EXPECT_EQ(h.events.take(), (Events{{2, K::kDisconnected, 16}}));
  h.span.release(2, board::cause::kNormalClearing);
  h.run_for(0);
  EXPECT_EQ(h.events.take(), (Events{{2, K::kReleased}}));

  const auto s = h.span.stats();
  EXPECT_EQ(s.incoming_offered, 1u);
  EXPECT_EQ(s.incoming_answered, 1u);
  EXPECT_EQ(s.remote_clears, 1u);
  EXPECT_EQ(s.invalid_commands, 0u);
  expect_clean(h);
}

TEST(IdealSpanIncoming, UnansweredCallIsAbandonedAfterTheRingTimeout) {
  Harness h;
  ASSERT_EQ(h.ctl(1, testing::inject("2125550001", "1001")), board::ControlResult::kOk);
  h.run_for(0);
  EXPECT_EQ(h.events.take(), (Events{{1, K::kIncoming, 0, "2125550001>1001"}}));
  h.span.accept(1);
  h.run_for(kRingTimeoutMs - 1);
  EXPECT_TRUE(h.events.take().empty());
  h.run_for(1);
  auto events = h.events.take();
  EXPECT_EQ(events, (Events{{1, K::kDisconnected, 16}}));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].time, kStartMs + kRingTimeoutMs);
  h.span.answer(1);  // too late
  EXPECT_EQ(h.span.stats().invalid_commands, 1u);
  h.span.release(1, board::cause::kNormalClearing);
  h.run_for(0);
  EXPECT_EQ(h.events.take(), (Events{{1, K::kReleased}}));
  EXPECT_EQ(h.span.stats().incoming_abandoned, 1u);
}

TEST(IdealSpanIncoming, OurRefusalOfAnOfferedCallReleasesTheChannel) {
  Harness h;
  ASSERT_EQ(h.ctl(3, testing::inject("2125550001", "1001")), board::ControlResult::kOk);
  h.run_for(0);
  h.events.take();
  h.span.release(3, board::cause::kUserBusy);
  h.run_for(kRingTimeoutMs);
  EXPECT_EQ(h.events.take(), (Events{{3, K::kReleased}}));
  EXPECT_EQ(h.span.stats().incoming_abandoned, 0u);
}

TEST(IdealSpanIncoming, ProfileOffersIdleChannelsWithNumbersFromTheRangesAndCountsBlocked) {
  auto profile = quiet_profile();
  profile.incoming_calls_per_second = 5.0;
  profile.ani = {2125550000, 2125559999};
  profile.dnis = {1000, 1999};
  Harness h(profile);
  // Nobody answers or releases: after four offers every channel is held.
  h.run_for(10'000);
  auto events = h.events.take();
  ASSERT_EQ(events.size(), 4u);
  std::vector<int> seen;
  for (const auto& e : events) {
    EXPECT_EQ(e.kind, K::kIncoming);
    const auto gt = e.detail.find('>');
    ASSERT_NE(gt, std::string::npos);
    const long long ani = std::stoll(e.detail.substr(0, gt));
    const long long dnis = std::stoll(e.detail.substr(gt + 1));
    EXPECT_GE(ani, 2125550000);
    EXPECT_LE(ani, 2125559999);
    EXPECT_GE(dnis, 1000);
    EXPECT_LE(dnis, 1999);
    for (int ch : seen) EXPECT_NE(ch, e.channel);  // a busy channel is never offered again
    seen.push_back(e.channel);
  }
  const auto s = h.span.stats();
  EXPECT_EQ(s.incoming_offered, 4u);
  EXPECT_GT(s.incoming_blocked, 10u);  // ~5/s for the rest of the 10 s
}

TEST(IdealSpanIncoming, OverlapReceivingDeliversTheFarEndsDigits) {
  Harness h;
  ASSERT_EQ(h.ctl(1, testing::inject("2125550001", "12+")), board::ControlResult::kOk);
  h.run_for(0);
  EXPECT_EQ(h.events.take(), (Events{{1, K::kIncoming, 0, "2125550001>12+"}}));
  auto digits = testing::control(kSimRemoteDigits);
  std::memcpy(digits.szCalled, "3+", 3);
  EXPECT_EQ(h.ctl(1, digits), board::ControlResult::kOk);
  h.run_for(0);
  std::memcpy(digits.szCalled, "4", 2);
  EXPECT_EQ(h.ctl(1, digits), board::ControlResult::kOk);
  h.run_for(0);
  EXPECT_EQ(h.events.take(), (Events{{1, K::kMoreDigits, 0, "3+"}, {1, K::kMoreDigits, 0, "4"}}));
  EXPECT_EQ(h.ctl(1, digits), board::ControlResult::kRejected);  // the number is complete
}

TEST(IdealSpanIncoming, DigitsDecidedBeforeOurAnswerArriveBeforeConnected) {
  Harness h;
  ASSERT_EQ(h.ctl(1, testing::inject("2125550001", "12+")), board::ControlResult::kOk);
  h.run_for(0);
  h.events.take();
  auto digits = testing::control(kSimRemoteDigits);
  std::memcpy(digits.szCalled, "3", 2);
  EXPECT_EQ(h.ctl(1, digits), board::ControlResult::kOk);
  h.span.answer(1);
  h.run_for(0);
  EXPECT_EQ(h.events.take(), (Events{{1, K::kMoreDigits, 0, "3"}, {1, K::kConnected}}));
}

// --- Glare ---------------------------------------------------------------------------------

TEST(IdealSpanGlare, LostSeizureReturnsFalseAndTheFarEndsCallIsOfferedOnThatChannel) {
  auto profile = quiet_profile();
  profile.glare_share = 1.0;
  Harness h(profile);
  EXPECT_FALSE(h.span.place_call(3, testing::dial("5551234")));
  EXPECT_TRUE(h.events.events.empty());  // nothing was sent
  EXPECT_EQ(h.span.channel_state(3), ChannelState::kIdle);
  EXPECT_FALSE(h.span.place_call(3, testing::dial("5551234")));  // the far end holds it
  h.run_for(0);
  auto events = h.events.take();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].channel, 3);
  EXPECT_EQ(events[0].kind, K::kIncoming);

  h.span.answer(3);
  h.run_for(0);
  EXPECT_EQ(h.events.take(), (Events{{3, K::kConnected}}));
  const auto s = h.span.stats();
  EXPECT_EQ(s.glare, 2u);
  EXPECT_EQ(s.outgoing_placed, 0u);
  EXPECT_EQ(s.incoming_offered, 1u);
  EXPECT_EQ(s.invalid_commands, 0u);  // glare is an answer, not a misuse
}

// --- Alarms --------------------------------------------------------------------------------

SimControl alarm(std::uint32_t bits) {
  auto c = testing::control(kSimSpanAlarm);
  c.dwAlarms = bits;
  return c;
}

struct AlarmCase {
  std::uint32_t bits;
  const char* text;
};

class IdealSpanAlarm : public ::testing::TestWithParam<AlarmCase> {};

TEST_P(IdealSpanAlarm, TakesTheSpanOutOfServiceAndClearsEveryCallWithCause38) {
  Harness h;
  // Channel 1: our call, connected. 2: incoming, connected. 3: ours, ringing. 4: idle.
  ASSERT_TRUE(h.span.place_call(1, testing::dial("5551234")));
  ASSERT_EQ(h.ctl(2, testing::inject("2125550001", "1001")), board::ControlResult::kOk);
  h.run_for(0);
  h.span.answer(2);
  ASSERT_TRUE(h.span.place_call(3, testing::dial("9919")));
  h.run_for(2'000);
  h.events.take();
  ASSERT_EQ(h.span.channel_state(1), ChannelState::kConnected);
  ASSERT_EQ(h.span.channel_state(2), ChannelState::kConnected);
  ASSERT_EQ(h.span.channel_state(3), ChannelState::kRingback);

  EXPECT_EQ(h.ctl(1, alarm(GetParam().bits)), board::ControlResult::kOk);
  EXPECT_FALSE(h.span.span_status().in_service());
  // Out of service at once: no new calls either way.
  EXPECT_FALSE(h.span.place_call(4, testing::dial("5551234")));
  EXPECT_EQ(h.ctl(4, testing::inject("2125550001", "1001")), board::ControlResult::kRejected);
  h.run_for(0);
  EXPECT_EQ(h.events.take(), (Events{{0, K::kSpanStatus, 0, GetParam().text},
                                     {1, K::kDisconnected, 38},
                                     {2, K::kDisconnected, 38},
                                     {3, K::kDisconnected, 38}}));
  for (int ch : {1, 2, 3}) h.span.release(ch, board::cause::kNormalClearing);
  h.run_for(kNoAnswerTimeoutMs * 2);
  EXPECT_EQ(h.events.take(), (Events{{1, K::kReleased}, {2, K::kReleased}, {3, K::kReleased}}));
  EXPECT_FALSE(h.span.place_call(4, testing::dial("5551234")));

  EXPECT_EQ(h.ctl(1, alarm(0)), board::ControlResult::kOk);
  h.run_for(0);
  EXPECT_EQ(h.events.take(), (Events{{0, K::kSpanStatus, 0, "ok"}}));
  EXPECT_TRUE(h.span.place_call(4, testing::dial("5551234")));
  const auto s = h.span.stats();
  EXPECT_EQ(s.alarm_clears, 3u);
  EXPECT_EQ(s.invalid_commands, 0u);
  expect_clean(h);
}

INSTANTIATE_TEST_SUITE_P(OutOfService, IdealSpanAlarm,
                         ::testing::Values(AlarmCase{1, "red"}, AlarmCase{4, "blue"},
                                           AlarmCase{8, "sig-down"},
                                           AlarmCase{15, "red,yellow,blue,sig-down"}),
                         [](const auto& param_info) {
                           return "bits" + std::to_string(param_info.param.bits);
                         });

TEST(IdealSpanAlarmYellow, YellowAloneIsReportedButKeepsCallsAndService) {
  Harness h;
  ASSERT_TRUE(h.span.place_call(1, testing::dial("5551234")));
  h.run_for(2'000);
  h.events.take();
  EXPECT_EQ(h.ctl(1, alarm(2)), board::ControlResult::kOk);
  h.run_for(0);
  EXPECT_EQ(h.events.take(), (Events{{0, K::kSpanStatus, 0, "yellow"}}));
  EXPECT_EQ(h.span.channel_state(1), ChannelState::kConnected);
  EXPECT_TRUE(h.span.place_call(2, testing::dial("5551234")));
}

TEST(IdealSpanAlarmArrivals, ArrivalsDuringAnAlarmAreBlockedNotOffered) {
  auto profile = quiet_profile();
  profile.incoming_calls_per_second = 2.0;
  Harness h(profile);
  EXPECT_EQ(h.ctl(1, alarm(1)), board::ControlResult::kOk);
  h.run_for(60'000);
  EXPECT_EQ(h.events.take(), (Events{{0, K::kSpanStatus, 0, "red"}}));
  EXPECT_EQ(h.span.stats().incoming_offered, 0u);
  EXPECT_GT(h.span.stats().incoming_blocked, 60u);
}

// --- The channel state machine -------------------------------------------------------------

TEST(IdealSpanStateMachine, CommandsTheStateDoesNotAllowAreIgnoredAndCounted) {
  Harness h;
  h.span.answer(1);                                         // idle
  h.span.accept(1);                                         // idle
  h.span.release(1, 16);                                    // idle
  h.span.send_digits(1, "1", true);                         // idle
  EXPECT_FALSE(h.span.place_call(99, testing::dial("1")));  // not on this span
  ASSERT_TRUE(h.span.place_call(1, testing::dial("5551234")));
  EXPECT_FALSE(h.span.place_call(1, testing::dial("5551234")));  // busy
  h.span.accept(1);                                              // our own outgoing call
  h.span.answer(1);
  h.run_for(2'000);
  h.span.send_digits(1, "1", true);  // connected
  h.span.release(1, 16);
  h.span.release(1, 16);  // twice
  h.run_for(0);
  EXPECT_EQ(
      h.events.take(),
      (Events{{1, K::kProceeding}, {1, K::kAlerting}, {1, K::kConnected}, {1, K::kReleased}}));
  EXPECT_EQ(h.span.stats().invalid_commands, 10u);
  expect_clean(h);
}

TEST(IdealSpanStateMachine, TableKeepsEveryEventConsistentWithTheChannelState) {
  const auto states = {ChannelState::kIdle,       ChannelState::kDialing,
                       ChannelState::kProceeding, ChannelState::kRingback,
                       ChannelState::kOffered,    ChannelState::kAccepted,
                       ChannelState::kAnswering,  ChannelState::kConnected,
                       ChannelState::kFarCleared, ChannelState::kReleasing};
  for (auto s : states) {
    for (std::size_t i = 0; i < kChannelInputs; ++i) {
      const auto input = static_cast<ChannelInput>(i);
      ChannelState next{};
      const bool ok = next_channel_state(s, input, next);
      SCOPED_TRACE(std::string(to_string(s)) + " input " + std::to_string(i));
      // A new call starts only on an idle channel, and only there.
      if (input == ChannelInput::kPlaceCall || input == ChannelInput::kFarSetup) {
        EXPECT_EQ(ok, s == ChannelState::kIdle);
      }
      // Only the far end's release complete frees a channel, and only after our release.
      if (ok && next == ChannelState::kIdle) {
        EXPECT_EQ(s, ChannelState::kReleasing);
        EXPECT_EQ(input, ChannelInput::kFarReleaseComplete);
      }
      // Nothing but release complete reaches a releasing channel; no call progress after a
      // clear.
      if (s == ChannelState::kReleasing || s == ChannelState::kFarCleared) {
        EXPECT_EQ(ok,
                  (s == ChannelState::kReleasing && input == ChannelInput::kFarReleaseComplete) ||
                      (s == ChannelState::kFarCleared && input == ChannelInput::kRelease));
      }
      // Our release is allowed in every call state, once.
      if (input == ChannelInput::kRelease) {
        EXPECT_EQ(ok, s != ChannelState::kIdle && s != ChannelState::kReleasing);
      }
    }
  }
}

TEST(IdealSpanStateMachine, EventHandlersMayCallBackIntoTheSpan) {
  Harness h;
  h.events.react = [&](const testing::Event& e) {
    if (e.kind == K::kProceeding) h.span.release(e.channel, board::cause::kNormalClearing);
    if (e.kind == K::kIncoming) h.span.answer(e.channel);
  };
  ASSERT_TRUE(h.span.place_call(1, testing::dial("5551234")));
  ASSERT_EQ(h.ctl(2, testing::inject("2125550001", "1001")), board::ControlResult::kOk);
  h.run_for(10'000);
  EXPECT_EQ(h.events.take(), (Events{{1, K::kProceeding},
                                     {2, K::kIncoming, 0, "2125550001>1001"},
                                     {1, K::kReleased},
                                     {2, K::kConnected}}));
  EXPECT_EQ(h.span.stats().invalid_commands, 0u);
  expect_clean(h);
}

TEST(IdealSpanLifecycle, StopCancelsEveryTimerAndLaterCommandsAreRefused) {
  auto profile = quiet_profile();
  profile.incoming_calls_per_second = 1.0;
  Harness h(profile);
  ASSERT_TRUE(h.span.place_call(1, testing::dial("5551234")));
  EXPECT_GT(h.wheel.armed_count(), 0u);
  h.span.stop();
  EXPECT_EQ(h.wheel.armed_count(), 0u);
  EXPECT_FALSE(h.span.place_call(2, testing::dial("5551234")));
  EXPECT_EQ(h.ctl(2, testing::inject("2125550001", "1001")), board::ControlResult::kRejected);
  h.run_for(60'000);
  EXPECT_TRUE(h.events.take().empty());
}

}  // namespace
}  // namespace spantsp::sim
