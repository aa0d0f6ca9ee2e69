// Trunk-group lines on a T1 PRI span through the host (DESIGN.md §5a): 23 calls at once on
// the group line and the 24th refused, incoming calls of any member channel offered on it.

#include "tests/contract/group_line_fixture.h"

namespace spantsp::contract {
namespace {

TEST_F(GroupLine, T1PriGroupCarries23CallsAndRefusesThe24th) {
  start("pri-1t1-ni2-group.toml");
  const auto lines = host_->lines();
  ASSERT_EQ(lines.size(), 1u);  // every B channel is in the group
  EXPECT_EQ(lines[0].name, "T1 trunk group");
  EXPECT_EQ(lines[0].number, "3012300");
  EXPECT_EQ(lines[0].max_active_calls, 23u);
  EXPECT_EQ(lines[0].channel, 0u);  // a group line has no one channel
  EXPECT_EQ(max_calls_in_address_caps(0), 23u);

  const LineHandle line = open_line(0);
  std::vector<CallHandle> calls;
  for (DWORD expected = 1; expected <= 23; ++expected) {
    EXPECT_EQ(call_on(line, calls), expected);  // ascending hunting
    if (expected == 22) {
      const AddressStatus status = address_status(line);
      EXPECT_EQ(status.active, 22u);
      EXPECT_EQ(status.in_use, 1u);
      EXPECT_EQ(status.features, DWORD{LINEADDRFEATURE_MAKECALL});
    }
  }
  const AddressStatus full = address_status(line);
  EXPECT_EQ(full.active, 23u);
  EXPECT_EQ(full.features, 0u);

  CallHandle refused = 0;
  EXPECT_EQ(make_call(line, "99005551000", refused), LINEERR_CALLUNAVAIL);

  // A freed channel is hunted again.
  drop_on(9, calls);
  EXPECT_EQ(call_on(line, calls), 9u);
  drop_all(calls);
  EXPECT_EQ(address_status(line).active, 0u);
}

// A group across two T1 PRI spans (core/group_parts.h): 46 calls, span 1's channels first
// (ascending), the 47th refused only when both spans are full; span 1 in alarm clears its
// calls while span 2's go on and the line stays in service.
TEST_F(GroupLine, TwoT1PriSpansCarry46CallsOnOneLineAndOneSpanInAlarmLeavesTheOther) {
  start("pri-2t1-ni2-cross-span-group.toml");
  const auto lines = host_->lines();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].max_active_calls, 46u);
  EXPECT_EQ(max_calls_in_address_caps(0), 46u);
  const LineHandle line = open_line(0);
  std::vector<CallHandle> calls;
  for (DWORD expected = 1; expected <= 23; ++expected) EXPECT_EQ(call_on(line, calls), expected);
  // Span 1 is full: the same channel numbers again, on span 2.
  for (DWORD expected = 1; expected <= 23; ++expected) EXPECT_EQ(call_on(line, calls), expected);
  EXPECT_EQ(address_status(line).active, 46u);
  EXPECT_EQ(address_status(line).features, 0u);
  CallHandle refused = 0;
  EXPECT_EQ(make_call(line, "99005551000", refused), LINEERR_CALLUNAVAIL);

  // A control on the group line goes to the span that defines it: span 1 in alarm.
  ASSERT_EQ(sim(line, sim::kSimSpanAlarm, "", "", 0, 1 /* red */), 0);
  std::vector<CallHandle> span1(calls.begin(), calls.begin() + 23);
  calls.erase(calls.begin(), calls.begin() + 23);
  for (CallHandle call : span1) drop_any(call);
  EXPECT_EQ(address_status(line).active, 23u);
  LINEDEVSTATUS status{};
  line_status(line, &status);
  EXPECT_NE(status.dwDevStatusFlags & LINEDEVSTATUSFLAGS_INSERVICE, 0u);
  EXPECT_EQ(take_line_dev_states(line, LINEDEVSTATE_OUTOFSERVICE), 0u);
  // Span 2 full, span 1 out: refused; a channel freed on span 2 is hunted again.
  EXPECT_EQ(make_call(line, "99005551000", refused), LINEERR_CALLUNAVAIL);
  drop_on(9, calls);
  EXPECT_EQ(call_on(line, calls), 9u);
  drop_all(calls);
  ASSERT_EQ(sim(line, sim::kSimSpanAlarm, "", "", 0, 0), 0);
  EXPECT_EQ(host_->violation_count(), 0u);
}

TEST_F(GroupLine, IncomingCallOnAnyMemberChannelIsOfferedOnTheGroupLine) {
  start("pri-1t1-ni2-group.toml");
  settle(0);
  const LineHandle line = open_line(0);
  for (std::uint8_t channel : {std::uint8_t{7}, std::uint8_t{23}}) {
    ASSERT_EQ(sim(line, sim::kSimInjectIncoming, "2125550123", "3012300", 0, 0, "", channel), 0);
    const CallHandle call = wait_new_call(line);
    expect_sequence(call,
                    {{LINE_CALLSTATE, LINECALLSTATE_OFFERING, LINEOFFERINGMODE_ACTIVE},
                     {LINE_CALLINFO, LINECALLINFOSTATE_CALLERID | LINECALLINFOSTATE_CALLEDID}});
    EXPECT_EQ(call_info(call).trunk, channel);
    EXPECT_EQ(wait_reply(host_->line_answer(call)), 0);
    expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_CONNECTED}});
  }
  EXPECT_EQ(address_status(line).active, 2u);
  // Ascending hunting skips the channels the incoming calls hold.
  std::vector<CallHandle> calls;
  EXPECT_EQ(call_on(line, calls), 1u);
  drop_all(calls);
}

TEST_F(GroupLine, AControlOnAGroupLineWithoutAChannelIsInvalid) {
  start("pri-1t1-ni2-group.toml");
  const LineHandle line = open_line(0);
  EXPECT_EQ(sim(line, sim::kSimInjectIncoming, "2125550123", "3012300"), LINEERR_INVALPARAM);
}

TEST_F(GroupLine, CallsToTheGroupNumberLoopBackToFreeMemberChannels) {
  // Lines 0 and 1 are channels 5 and 6; device 26 is the group of timeslots 1-4, "3012300".
  start("pri-1e1-euroisdn-group.toml");
  const LineHandle group = open_line(26);
  std::vector<CallHandle> callers, answered;
  for (DWORD device : {DWORD{0}, DWORD{1}}) {
    const LineHandle line = open_line(device);
    CallHandle caller = 0;
    ASSERT_EQ(make_call(line, "3012300", caller), 0);
    const CallHandle offered = wait_new_call(group);
    wait_state(offered, LINECALLSTATE_OFFERING);
    EXPECT_EQ(call_info(offered).trunk, device + 1);  // the switch hunts timeslots 1, then 2
    EXPECT_EQ(wait_reply(host_->line_answer(offered)), 0);
    wait_state(offered, LINECALLSTATE_CONNECTED);
    wait_state(caller, LINECALLSTATE_CONNECTED);
    callers.push_back(caller);
    answered.push_back(offered);
  }
  EXPECT_EQ(address_status(group).active, 2u);
  for (CallHandle call : answered) drop_any(call);
  for (CallHandle call : callers) drop_any(call);
}

}  // namespace
}  // namespace spantsp::contract
