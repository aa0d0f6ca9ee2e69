// The sim far end's controls (sim_control.h) through IdealSpan::device_specific: every error
// class, and the controls that act on calls.

#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "board_drivers/signalling/ideal/ideal_span.h"
#include "board_drivers/sim/sim_control.h"
#include "tests/board_drivers/sim/sim_test_support.h"

namespace spantsp::sim {
namespace {

using ideal::IdealSpan;
using signalling::ChannelState;

using board::ControlResult;
using testing::Events;
using testing::Harness;
using testing::quiet_profile;
using K = testing::Kind;

SimControl op(SimControlOp o) {
  return testing::control(o);
}

// --- kInvalid: malformed requests (-> LINEERR_INVALPARAM) ----------------------------------

TEST(SimControlInvalid, NullOrWrongSizeIsInvalid) {
  Harness h;
  auto c = op(kSimRemoteAnswer);
  EXPECT_EQ(h.span.device_specific(1, nullptr, sizeof c), ControlResult::kInvalid);
  EXPECT_EQ(h.span.device_specific(1, &c, sizeof c - 1), ControlResult::kInvalid);
  std::vector<unsigned char> bigger(sizeof c + 1);
  std::memcpy(bigger.data(), &c, sizeof c);
  EXPECT_EQ(h.span.device_specific(1, bigger.data(), bigger.size()), ControlResult::kInvalid);
  EXPECT_EQ(h.span.device_specific(1, &c, 0), ControlResult::kInvalid);
}

TEST(SimControlInvalid, WrongMagicOrVersionIsInvalid) {
  Harness h;
  auto c = testing::inject("2125550001", "1001");
  c.dwMagic = 0x53534D49;  // byte-swapped
  EXPECT_EQ(h.ctl(1, c), ControlResult::kInvalid);
  c = testing::inject("2125550001", "1001");
  c.dwVersion = kSimControlVersion + 1;
  EXPECT_EQ(h.ctl(1, c), ControlResult::kInvalid);
  c.dwVersion = 0;
  EXPECT_EQ(h.ctl(1, c), ControlResult::kInvalid);
  h.run_for(0);
  EXPECT_TRUE(h.events.take().empty());  // nothing happened
}

TEST(SimControlInvalid, ChannelNotOnTheSpanIsInvalid) {
  Harness h;
  EXPECT_EQ(h.ctl(9, testing::inject("2125550001", "1001")), ControlResult::kInvalid);
  EXPECT_EQ(h.ctl(0, op(kSimRemoteAnswer)), ControlResult::kInvalid);
  auto clear = op(kSimRemoteClear);
  clear.dwCause = 16;
  EXPECT_EQ(h.ctl(-1, clear), ControlResult::kInvalid);
  auto digits = op(kSimRemoteDigits);
  std::memcpy(digits.szCalled, "1", 2);
  EXPECT_EQ(h.ctl(5, digits), ControlResult::kInvalid);
}

TEST(SimControlInvalid, UnterminatedOrNonDigitNumbersAreInvalid) {
  Harness h;
  auto unterminated = testing::inject("2125550001", "1001");
  std::memset(unterminated.szCalled, '1', sizeof unterminated.szCalled);
  EXPECT_EQ(h.ctl(1, unterminated), ControlResult::kInvalid);
  unterminated = testing::inject("2125550001", "1001");
  std::memset(unterminated.szCallingName, 'A', sizeof unterminated.szCallingName);
  EXPECT_EQ(h.ctl(1, unterminated), ControlResult::kInvalid);
  EXPECT_EQ(h.ctl(1, testing::inject("21255x0001", "1001")), ControlResult::kInvalid);
  EXPECT_EQ(h.ctl(1, testing::inject("2125550001", "10 1")), ControlResult::kInvalid);
  EXPECT_EQ(h.ctl(1, testing::inject("2125550001+", "1001")), ControlResult::kInvalid);
  EXPECT_EQ(h.ctl(1, testing::inject("2125550001", "1001", "TAB\tNAME")), ControlResult::kInvalid);
  // 40 digits fit, the 41st byte must be the NUL.
  EXPECT_EQ(h.ctl(1, testing::inject("2125550001", "1234567890123456789012345678901234567890")),
            ControlResult::kOk);
}

TEST(SimControlInvalid, CauseOutsideQ850IsInvalid) {
  Harness h;
  auto c = op(kSimRemoteClear);
  c.dwCause = 0;
  EXPECT_EQ(h.ctl(1, c), ControlResult::kInvalid);
  c.dwCause = 128;
  EXPECT_EQ(h.ctl(1, c), ControlResult::kInvalid);
}

TEST(SimControlInvalid, UnknownAlarmBitsAreInvalid) {
  Harness h;
  auto c = op(kSimSpanAlarm);
  c.dwAlarms = 0x10;
  EXPECT_EQ(h.ctl(1, c), ControlResult::kInvalid);
  h.run_for(0);
  EXPECT_TRUE(h.events.take().empty());
  EXPECT_TRUE(h.span.span_status().in_service());
}

TEST(SimControlInvalid, RemoteDigitsNeedAtLeastOneDigit) {
  Harness h;
  ASSERT_EQ(h.ctl(1, testing::inject("2125550001", "12+")), ControlResult::kOk);
  h.run_for(0);
  auto digits = op(kSimRemoteDigits);
  EXPECT_EQ(h.ctl(1, digits), ControlResult::kInvalid);
  std::memcpy(digits.szCalled, "+", 2);
  EXPECT_EQ(h.ctl(1, digits), ControlResult::kInvalid);
  std::memcpy(digits.szCalled, "1a", 3);
  EXPECT_EQ(h.ctl(1, digits), ControlResult::kInvalid);
}

TEST(SimControlInvalid, RedirectedCallsNeedARedirectingNumberOfDigits) {
  Harness h;
  auto c = testing::inject("2125550001", "1001");
  c.dwOp = kSimInjectRedirected;
  EXPECT_EQ(h.ctl(1, c), ControlResult::kInvalid);  // no redirecting number
  std::memcpy(c.szCallingName, "Alice", 6);
  EXPECT_EQ(h.ctl(1, c), ControlResult::kInvalid);  // a name is not a number
  std::memcpy(c.szCallingName, "5551+", 6);
  EXPECT_EQ(h.ctl(1, c), ControlResult::kInvalid);  // nor is an incomplete one
  std::memcpy(c.szCallingName, "2125559999", 11);
  EXPECT_EQ(h.ctl(1, c), ControlResult::kOk);
}

TEST(SimControlInvalid, AnUnalignedBufferIsRead) {
  Harness h;
  const auto c = testing::inject("2125550001", "1001");
  std::vector<unsigned char> buffer(sizeof c + 1);
  std::memcpy(buffer.data() + 1, &c, sizeof c);
  EXPECT_EQ(h.span.device_specific(1, buffer.data() + 1, sizeof c), ControlResult::kOk);
}

// --- kUnsupported: a control this board does not have (-> LINEERR_OPERATIONUNAVAIL) --------

TEST(SimControlUnsupported, UnknownOperationIsUnsupported) {
  Harness h;
  auto c = op(kSimRemoteAnswer);
  c.dwOp = 0;
  EXPECT_EQ(h.ctl(1, c), ControlResult::kUnsupported);
  c.dwOp = 6;
  EXPECT_EQ(h.ctl(1, c), ControlResult::kUnsupported);
}

// --- kRejected: well-formed, not possible in this state (-> LINEERR_OPERATIONFAILED) -------

TEST(SimControlRejected, InjectOnABusyChannelIsRejected) {
  Harness h;
  ASSERT_TRUE(h.span.place_call(1, testing::dial("5551234")));
  EXPECT_EQ(h.ctl(1, testing::inject("2125550001", "1001")), ControlResult::kRejected);
  ASSERT_EQ(h.ctl(2, testing::inject("2125550001", "1001")), ControlResult::kOk);
  // Still in the far end's outbox: the channel is taken all the same.
  EXPECT_EQ(h.ctl(2, testing::inject("2125550001", "1001")), ControlResult::kRejected);
}

TEST(SimControlRejected, RemoteAnswerNeedsOurOutgoingCallRinging) {
  Harness h;
  EXPECT_EQ(h.ctl(1, op(kSimRemoteAnswer)), ControlResult::kRejected);  // idle
  ASSERT_EQ(h.ctl(2, testing::inject("2125550001", "1001")), ControlResult::kOk);
  h.run_for(0);
  EXPECT_EQ(h.ctl(2, op(kSimRemoteAnswer)), ControlResult::kRejected);  // incoming
  ASSERT_TRUE(h.span.place_call(3, testing::dial("55", false)));
  EXPECT_EQ(h.ctl(3, op(kSimRemoteAnswer)), ControlResult::kRejected);  // still dialling
  ASSERT_TRUE(h.span.place_call(4, testing::dial("9900")));
  h.run_for(0);
  EXPECT_EQ(h.ctl(4, op(kSimRemoteAnswer)), ControlResult::kRejected);  // already connected
  ASSERT_TRUE(h.span.place_call(1, testing::dial("9917")));
  h.run_for(0);
  EXPECT_EQ(h.ctl(1, op(kSimRemoteAnswer)), ControlResult::kRejected);  // busy, cleared
}

TEST(SimControlRejected, RemoteClearNeedsACall) {
  Harness h;
  auto clear = op(kSimRemoteClear);
  clear.dwCause = 16;
  EXPECT_EQ(h.ctl(1, clear), ControlResult::kRejected);  // idle
  ASSERT_TRUE(h.span.place_call(1, testing::dial("9917")));
  h.run_for(0);
  EXPECT_EQ(h.ctl(1, clear), ControlResult::kRejected);  // the far end already cleared
  h.span.release(1, 16);
  EXPECT_EQ(h.ctl(1, clear), ControlResult::kRejected);  // releasing
}

TEST(SimControlRejected, RemoteDigitsNeedAnIncompleteIncomingCall) {
  Harness h;
  auto digits = op(kSimRemoteDigits);
  std::memcpy(digits.szCalled, "5", 2);
  EXPECT_EQ(h.ctl(1, digits), ControlResult::kRejected);  // idle
  ASSERT_EQ(h.ctl(1, testing::inject("2125550001", "1001")), ControlResult::kOk);
  h.run_for(0);
  EXPECT_EQ(h.ctl(1, digits), ControlResult::kRejected);  // number already complete
  ASSERT_TRUE(h.span.place_call(2, testing::dial("55", false)));
  EXPECT_EQ(h.ctl(2, digits), ControlResult::kRejected);  // our call
}

TEST(SimControlRejected, NothingIsPossibleBeforeStartOrAfterStop) {
  pipeline::TimerWheel wheel(testing::kStartMs);
  IdealSpan span({1, 2}, quiet_profile(), 0);
  auto c = testing::inject("2125550001", "1001");
  EXPECT_EQ(span.device_specific(1, &c, sizeof c), ControlResult::kRejected);
  auto a = op(kSimSpanAlarm);
  a.dwAlarms = 1;
  EXPECT_EQ(span.device_specific(1, &a, sizeof a), ControlResult::kRejected);
  testing::RecordingEvents events(wheel);
  span.start(events, wheel);
  EXPECT_EQ(span.device_specific(1, &c, sizeof c), ControlResult::kOk);
  span.stop();
  EXPECT_EQ(span.device_specific(2, &c, sizeof c), ControlResult::kRejected);
}

// --- Controls that act -----------------------------------------------------------------------

TEST(SimControlActs, RemoteAnswerConnectsANoAnswerCallNow) {
  Harness h;
  ASSERT_TRUE(h.span.place_call(1, testing::dial("9919")));
  h.run_for(5'000);
  EXPECT_EQ(h.ctl(1, op(kSimRemoteAnswer)), ControlResult::kOk);
  EXPECT_EQ(h.ctl(1, op(kSimRemoteAnswer)), ControlResult::kRejected);  // once
  h.run_for(kNoAnswerTimeoutMs);
  EXPECT_EQ(h.events.take(), (Events{{1, K::kProceeding}, {1, K::kAlerting}, {1, K::kConnected}}));
  EXPECT_EQ(h.span.stats().outgoing_answered, 1u);
  EXPECT_EQ(h.span.stats().outgoing_no_answer, 0u);
}

TEST(SimControlActs, RemoteAnswerInTheSetupsTickKeepsProceedingAndAlertingFirst) {
  Harness h;
  ASSERT_TRUE(h.span.place_call(1, testing::dial("5551234")));
  EXPECT_EQ(h.ctl(1, op(kSimRemoteAnswer)), ControlResult::kOk);
  h.run_for(0);
  EXPECT_EQ(h.events.take(), (Events{{1, K::kProceeding}, {1, K::kAlerting}, {1, K::kConnected}}));
  h.run_for(10'000);
  EXPECT_TRUE(h.events.take().empty());  // the answer delay no longer applies
}

TEST(SimControlActs, RemoteClearUsesTheGivenCause) {
  Harness h;
  ASSERT_TRUE(h.span.place_call(1, testing::dial("5551234")));
  h.run_for(2'000);
  h.events.take();
  auto clear = op(kSimRemoteClear);
  clear.dwCause = 31;
  EXPECT_EQ(h.ctl(1, clear), ControlResult::kOk);
  EXPECT_EQ(h.ctl(1, clear), ControlResult::kRejected);  // already clearing
  h.run_for(0);
  EXPECT_EQ(h.events.take(), (Events{{1, K::kDisconnected, 31}}));
  EXPECT_EQ(h.span.stats().remote_clears, 1u);
}

TEST(SimControlActs, RemoteClearOfAnInjectedCallStillInTheOutboxFollowsItsSetup) {
  Harness h;
  ASSERT_EQ(h.ctl(1, testing::inject("2125550001", "1001")), ControlResult::kOk);
  auto clear = op(kSimRemoteClear);
  clear.dwCause = 16;
  EXPECT_EQ(h.ctl(1, clear), ControlResult::kOk);
  h.run_for(0);
  EXPECT_EQ(h.events.take(),
            (Events{{1, K::kIncoming, 0, "2125550001>1001"}, {1, K::kDisconnected, 16}}));
}

// --- kSimInjectIncomingAll: the perf suite's call storm (issue 17 §6) ------------------------

SimControl storm(std::string_view calling, std::string_view called) {
  SimControl c = testing::inject(calling, called);
  c.dwOp = kSimInjectIncomingAll;
  return c;
}

TEST(SimControlStorm, OffersEveryIdleChannelOfTheSpanInTheSameTick) {
  Harness h;
  ASSERT_TRUE(h.span.place_call(2, testing::dial("5551234")));
  // Sent on channel 1, acts on the whole span; busy channel 2 is left alone.
  ASSERT_EQ(h.ctl(1, storm("2125550001", "1001")), ControlResult::kOk);
  const std::uint64_t sent = h.now();
  h.run_for(0);
  const Events events = h.events.take();
  ASSERT_EQ(events, (Events{{2, K::kProceeding},
                            {1, K::kIncoming, 0, "2125550001>1001"},
                            {3, K::kIncoming, 0, "2125550001>1001"},
                            {4, K::kIncoming, 0, "2125550001>1001"},
                            {2, K::kAlerting}}));
  for (const auto& e : events) EXPECT_EQ(e.time, sent);
}

TEST(SimControlStorm, AGroupLinesControlNeedsNoChannel) {
  Harness h;
  ASSERT_EQ(h.ctl(0, storm("2125550001", "1001")), ControlResult::kOk);
  h.run_for(0);
  EXPECT_EQ(h.events.take().size(), 4u);
}

TEST(SimControlStorm, NoIdleChannelIsRejectedAndMalformedNumbersInvalid) {
  Harness h;
  ASSERT_EQ(h.ctl(1, storm("2125550001", "1001")), ControlResult::kOk);
  EXPECT_EQ(h.ctl(1, storm("2125550001", "1001")), ControlResult::kRejected);
  EXPECT_EQ(h.ctl(1, storm("21255x0001", "1001")), ControlResult::kInvalid);
  h.run_for(0);
  EXPECT_EQ(h.events.take().size(), 4u);  // the first storm only
}

}  // namespace
}  // namespace spantsp::sim

// --- Transfers: the switch's side of lineBlindTransfer / lineCompleteTransfer ---------------

namespace spantsp::sim {
namespace {

// kSimQueryTransfer on `channel`, answered in place.
SimControl query_transfer(Harness& h, int channel) {
  SimControl c = op(kSimQueryTransfer);
  EXPECT_EQ(h.span.device_specific(channel, &c, sizeof c), ControlResult::kOk);
  return c;
}

TEST(SimControlTransfer, JoinConnectsTheTwoFarPartiesAndClearsBothOurCalls) {
  Harness h;
  ASSERT_TRUE(h.span.place_call(1, testing::dial("99005551000")));
  ASSERT_TRUE(h.span.place_call(2, testing::dial("99005552000")));
  h.run_for(0);
  h.events.take();
  EXPECT_EQ(query_transfer(h, 1).dwCause, 0u);  // nothing yet
  EXPECT_FALSE(h.span.transfer(1, 1));          // a call with itself
  EXPECT_FALSE(h.span.transfer(1, 3));          // no call on 3
  ASSERT_TRUE(h.span.transfer(1, 2));
  h.run_for(0);
  EXPECT_EQ(h.events.take(), (Events{{1, K::kDisconnected, 16}, {2, K::kDisconnected, 16}}));
  // Still ours until released: the switch holds the channel.
  EXPECT_EQ(query_transfer(h, 1).dwAlarms, 0u);
  h.span.release(1, 16);
  h.span.release(2, 16);
  h.run_for(0);
  const SimControl first = query_transfer(h, 1);
  EXPECT_EQ(first.dwCause, 1u);
  EXPECT_STREQ(first.szCalled, "99005552000");
  EXPECT_STREQ(first.szCalling, "99005551000");
  EXPECT_EQ(first.dwAlarms, 1u);  // free at the switch
  const SimControl second = query_transfer(h, 2);
  EXPECT_STREQ(second.szCalled, "99005551000");
  EXPECT_STREQ(second.szCalling, "99005552000");
  EXPECT_EQ(h.span.stats().transfers_joined, 1u);
}

TEST(SimControlTransfer, SingleStepSendsTheFarPartyOnAndClearsOurCall) {
  Harness h;
  ASSERT_TRUE(h.span.place_call(1, testing::dial("5551234")));
  h.run_for(0);
  h.events.take();
  // Ringing at the far party: not connected yet, nothing to transfer.
  EXPECT_FALSE(h.span.blind_transfer(1, board::Number{}));
  ASSERT_EQ(h.ctl(1, op(kSimRemoteAnswer)), ControlResult::kOk);
  h.run_for(0);
  h.events.take();
  board::Number to;
  to.assign("5559100");
  EXPECT_FALSE(h.span.blind_transfer(1, board::Number{}));  // no number
  ASSERT_TRUE(h.span.blind_transfer(1, to));
  h.run_for(0);
  EXPECT_EQ(h.events.take(), (Events{{1, K::kDisconnected, 16}}));
  const SimControl answer = query_transfer(h, 1);
  EXPECT_EQ(answer.dwCause, 2u);
  EXPECT_STREQ(answer.szCalled, "5559100");
  EXPECT_STREQ(answer.szCalling, "5551234");
  EXPECT_EQ(h.span.stats().transfers_single_step, 1u);
}

TEST(SimControlTransfer, TheIdealSwitchNeverHoldsOurCalls) {
  Harness h;
  auto hold = op(kSimRemoteHold);
  hold.dwAlarms = 1;
  EXPECT_EQ(h.ctl(1, hold), ControlResult::kUnsupported);
  hold.dwAlarms = 2;
  EXPECT_EQ(h.ctl(1, hold), ControlResult::kInvalid);
}

}  // namespace
}  // namespace spantsp::sim
