// Trunk groups across spans through the host (DESIGN.md §5a, core/group_parts.h), ideal
// signalling: one TAPI line over channels of two spans carries the calls of both, hunts across
// the spans by each policy, offers incoming calls of either span, and keeps working on one
// span while the other is in alarm.

#include "tests/contract/group_line_fixture.h"

namespace spantsp::contract {
namespace {

class CrossSpanGroup : public GroupLine {
 protected:
  void SetUp() override { start("ideal-2t1-cross-span-groups.toml"); }
  static constexpr DWORD kSpan1Line = 0, kAscending = 1, kDescending = 2, kRoundRobin = 3, kLru = 4,
                         kSpan2Line = 5;

  void expect_refused(LineHandle line) {
    CallHandle refused = 0;
    EXPECT_EQ(make_call(line, "99005551000", refused), LINEERR_CALLUNAVAIL);
  }
};

TEST_F(CrossSpanGroup, OneLinePerGroupWhoseAddressCarriesTheChannelsOfBothSpans) {
  const auto lines = host_->lines();
  ASSERT_EQ(lines.size(), 6u);  // span 2's parts of the groups are no lines of their own
  EXPECT_EQ(lines[kSpan1Line].channel, 24u);
  EXPECT_EQ(lines[kSpan2Line].channel, 24u);
  EXPECT_EQ(lines[kSpan2Line].span, 2u);
  for (DWORD group : {kAscending, kDescending, kRoundRobin, kLru}) {
    EXPECT_EQ(lines[group].max_active_calls, 4u) << lines[group].name;
    EXPECT_EQ(max_calls_in_address_caps(group), 4u) << lines[group].name;
    EXPECT_EQ(lines[group].span, 1u);  // the span it is defined on
  }
}

// More calls than one span's part holds: the third goes to span 2, the fifth is refused, and
// LINEADDRESSSTATUS counts the calls of both spans.
TEST_F(CrossSpanGroup, AscendingFillsSpan1ThenSpan2ThenRefuses) {
  const LineHandle line = open_line(kAscending);
  std::vector<CallHandle> calls;
  EXPECT_EQ(call_on(line, calls), 1u);
  EXPECT_EQ(call_on(line, calls), 2u);
  EXPECT_EQ(call_on(line, calls), 3u);  // span 2
  EXPECT_EQ(call_on(line, calls), 4u);
  const AddressStatus full = address_status(line);
  EXPECT_EQ(full.in_use, 1u);  // one station uses the address
  EXPECT_EQ(full.active, 4u);
  expect_refused(line);
  drop_on(1, calls);
  EXPECT_EQ(call_on(line, calls), 1u);  // span 1 first again
  drop_on(3, calls);
  EXPECT_EQ(address_status(line).active, 3u);
  EXPECT_EQ(call_on(line, calls), 3u);
  drop_all(calls);
  EXPECT_EQ(address_status(line).active, 0u);
  EXPECT_EQ(host_->violation_count(), 0u);
}

TEST_F(CrossSpanGroup, DescendingFillsTheLastSpanFirstFromItsHighestChannel) {
  const LineHandle line = open_line(kDescending);
  std::vector<CallHandle> calls;
  EXPECT_EQ(call_on(line, calls), 8u);  // span 2
  EXPECT_EQ(call_on(line, calls), 7u);
  EXPECT_EQ(call_on(line, calls), 6u);  // span 1
  EXPECT_EQ(call_on(line, calls), 5u);
  expect_refused(line);
  drop_on(6, calls);
  drop_on(8, calls);
  EXPECT_EQ(call_on(line, calls), 8u);
  EXPECT_EQ(call_on(line, calls), 6u);
  drop_all(calls);
}

TEST_F(CrossSpanGroup, RoundRobinGivesTheSpansTurnsEachContinuingItsRotation) {
  const LineHandle line = open_line(kRoundRobin);
  std::vector<CallHandle> calls;
  EXPECT_EQ(call_on(line, calls), 9u);   // span 1
  EXPECT_EQ(call_on(line, calls), 11u);  // span 2
  EXPECT_EQ(call_on(line, calls), 10u);  // span 1
  EXPECT_EQ(call_on(line, calls), 12u);  // span 2
  expect_refused(line);
  drop_on(11, calls);
  drop_on(9, calls);
  EXPECT_EQ(call_on(line, calls), 9u);   // span 1's turn; its rotation wraps to 9
  EXPECT_EQ(call_on(line, calls), 11u);  // span 2's turn
  drop_all(calls);
}

TEST_F(CrossSpanGroup, LeastRecentlyUsedComparesReleasesAcrossSpans) {
  const LineHandle line = open_line(kLru);
  std::vector<CallHandle> calls;
  // None released yet: the first span, then the second, each in channel order.
  EXPECT_EQ(call_on(line, calls), 13u);
  EXPECT_EQ(call_on(line, calls), 14u);
  EXPECT_EQ(call_on(line, calls), 15u);
  EXPECT_EQ(call_on(line, calls), 16u);
  drop_on(15, calls);  // span 2's channel released first
  drop_on(13, calls);
  EXPECT_EQ(call_on(line, calls), 15u);
  EXPECT_EQ(call_on(line, calls), 13u);
  drop_all(calls);
}

// An incoming call on span 2's part rings on the group line, and hunting skips its channel.
TEST_F(CrossSpanGroup, AnIncomingCallOnTheSecondSpanIsOfferedOnTheGroupLine) {
  const LineHandle line = open_line(kAscending);
  const LineHandle span2 = open_line(kSpan2Line);
  ASSERT_EQ(sim(span2, sim::kSimInjectIncoming, "2125550123", "2125551900", 0, 0, "", 3), 0);
  const CallHandle incoming = wait_new_call(line);
  expect_sequence(incoming, {{LINE_CALLSTATE, LINECALLSTATE_OFFERING}, {LINE_CALLINFO}});
  EXPECT_EQ(call_info(incoming).trunk, 3u);
  EXPECT_EQ(address_status(line).in_use, 1u);
  std::vector<CallHandle> calls;
  EXPECT_EQ(call_on(line, calls), 1u);
  EXPECT_EQ(call_on(line, calls), 2u);
  EXPECT_EQ(call_on(line, calls), 4u);
  expect_refused(line);
  drop_all(calls);
  drop_and_close(incoming);
  EXPECT_EQ(host_->violation_count(), 0u);
}

// Span 2 in alarm: the group line stays in service and carries span 1's calls; with span 1
// in alarm too the line goes out of service (one LINEDEVSTATE each way for the whole line).
TEST_F(CrossSpanGroup, ASpanInAlarmLeavesTheOtherSpanCarryingTheGroup) {
  const LineHandle line = open_line(kAscending);
  const LineHandle span1 = open_line(kSpan1Line);
  const LineHandle span2 = open_line(kSpan2Line);
  ASSERT_EQ(sim(span2, sim::kSimSpanAlarm, "", "", 0, 1 /* red */), 0);
  EXPECT_TRUE(wait_line_dev_state(span2, LINEDEVSTATE_OUTOFSERVICE));
  LINEDEVSTATUS status{};
  line_status(line, &status);
  EXPECT_NE(status.dwDevStatusFlags & LINEDEVSTATUSFLAGS_INSERVICE, 0u);
  std::vector<CallHandle> calls;
  EXPECT_EQ(call_on(line, calls), 1u);
  EXPECT_EQ(call_on(line, calls), 2u);
  expect_refused(line);  // span 2's channels are out with their span
  EXPECT_EQ(take_line_dev_states(line, LINEDEVSTATE_OUTOFSERVICE), 0u);

  // Span 1 down too: its calls are cleared, the line is out of service.
  ASSERT_EQ(sim(span1, sim::kSimSpanAlarm, "", "", 0, 1 /* red */), 0);
  EXPECT_TRUE(wait_line_dev_state(line, LINEDEVSTATE_OUTOFSERVICE));
  for (CallHandle call : calls) drop_any(call);
  calls.clear();
  CallHandle refused = 0;
  EXPECT_EQ(host_->line_make_call(line, std::string_view("99005551000"), nullptr, refused),
            LINEERR_INVALLINESTATE);

  // Span 2 back: the line is in service again and its calls go to span 2.
  ASSERT_EQ(sim(span2, sim::kSimSpanAlarm, "", "", 0, 0), 0);
  EXPECT_TRUE(wait_line_dev_state(line, LINEDEVSTATE_INSERVICE));
  EXPECT_EQ(call_on(line, calls), 3u);
  ASSERT_EQ(sim(span1, sim::kSimSpanAlarm, "", "", 0, 0), 0);
  EXPECT_TRUE(wait_line_dev_state(span1, LINEDEVSTATE_INSERVICE));
  EXPECT_EQ(call_on(line, calls), 1u);
  drop_all(calls);
  // Going back into service with span 1 was no change for the line: no second INSERVICE.
  EXPECT_EQ(take_line_dev_states(line, LINEDEVSTATE_INSERVICE), 0u);
  EXPECT_EQ(host_->violation_count(), 0u);
}

// lineClose of the group line closes every span's part: a call on span 2 is dropped, and a
// new open offers the line afresh.
TEST_F(CrossSpanGroup, CloseDropsTheCallsOfEverySpanAndReopens) {
  LineHandle line = open_line(kAscending);
  std::vector<CallHandle> calls;
  for (int i = 0; i < 4; ++i) call_on(line, calls);
  EXPECT_EQ(host_->line_close(line), 0);
  calls.clear();  // lineClose freed them
  line = open_line(kAscending);
  EXPECT_EQ(address_status(line).in_use, 0u);
  EXPECT_EQ(call_on(line, calls), 1u);
  drop_all(calls);
  EXPECT_EQ(host_->violation_count(), 0u);
}

}  // namespace
}  // namespace spantsp::contract
