#pragma once
// The hold test bodies (hold_fixture.h), instantiated by hold_test.cpp (ideal) and
// hold_pri_test.cpp (every PRI switch type).

#include "tests/contract/hold_fixture.h"

namespace spantsp::contract {

TEST_P(HoldTest, CapsAdvertiseHoldExactlyWhereTheSpanHasIt) {
  const AddressCaps caps = address_caps(0);
  const DWORD hold_bits = LINECALLFEATURE_HOLD | LINECALLFEATURE_UNHOLD;
  EXPECT_EQ(caps.call_features & hold_bits, GetParam().has_hold ? hold_bits : 0u);
  EXPECT_EQ(caps.call_features & LINECALLFEATURE_SWAPHOLD, 0u);  // one channel, one call
  EXPECT_EQ((caps.call_states & LINECALLSTATE_ONHOLD) != 0, GetParam().has_hold);
  EXPECT_EQ(caps.max_on_hold, GetParam().has_hold ? 1u : 0u);
  if (GetParam().group_device) {
    const AddressCaps group = address_caps(*GetParam().group_device);
    EXPECT_EQ(group.call_features & LINECALLFEATURE_SWAPHOLD,
              GetParam().has_hold ? DWORD{LINECALLFEATURE_SWAPHOLD} : 0u);
    EXPECT_EQ(group.max_on_hold, GetParam().has_hold ? 4u : 0u);
  }
}

TEST_P(HoldTest, HoldThenUnholdFollowsTheCallStatesAndFeatures) {
  const LineHandle line = open_line(0);
  const CallHandle call = connected_call(line);
  if (!GetParam().has_hold) {
    EXPECT_EQ(call_features(call) & LINECALLFEATURE_HOLD, 0u);
    EXPECT_EQ(host_->line_hold(call), LINEERR_OPERATIONUNAVAIL);
    EXPECT_EQ(host_->line_unhold(call), LINEERR_OPERATIONUNAVAIL);
    drop_and_close(call);
    return;
  }
  EXPECT_EQ(call_features(call) & (LINECALLFEATURE_HOLD | LINECALLFEATURE_UNHOLD),
            DWORD{LINECALLFEATURE_HOLD});
  hold(call);
  // Every span with hold carries user-user information too (board::call_services).
  EXPECT_EQ(call_features(call), DWORD{LINECALLFEATURE_UNHOLD | LINECALLFEATURE_DROP |
                                       LINECALLFEATURE_RELEASEUSERUSERINFO});
  EXPECT_EQ(on_hold_calls(line), 1u);
  EXPECT_EQ(address_status(line).active, 0u);  // TAPI does not count held calls as active
  // The held call keeps the line's one channel.
  CallHandle second = 0;
  EXPECT_EQ(make_call(line, "99005551000", second), LINEERR_CALLUNAVAIL);
  unhold(call);
  EXPECT_EQ(on_hold_calls(line), 0u);
  EXPECT_EQ(address_status(line).active, 1u);
  drop_and_close(call);
}

TEST_P(HoldTest, HoldOrUnholdInTheWrongStateIsInvalCallState) {
  if (!GetParam().has_hold) GTEST_SKIP() << "no hold on this span";
  const LineHandle line = open_line(0);
  ASSERT_EQ(sim(line, sim::kSimInjectIncoming, "2125550123", "1001"), 0);
  const CallHandle offered = wait_new_call(line);
  expect_sequence(offered, {{LINE_CALLSTATE, LINECALLSTATE_OFFERING}, {LINE_CALLINFO}});
  EXPECT_EQ(host_->line_hold(offered), LINEERR_INVALCALLSTATE);
  EXPECT_EQ(host_->line_unhold(offered), LINEERR_INVALCALLSTATE);
  EXPECT_EQ(wait_reply(host_->line_answer(offered)), 0);
  expect_sequence(offered, {{LINE_CALLSTATE, LINECALLSTATE_CONNECTED}});
  EXPECT_EQ(host_->line_unhold(offered), LINEERR_INVALCALLSTATE);  // not held
  hold(offered);
  EXPECT_EQ(host_->line_hold(offered), LINEERR_INVALCALLSTATE);  // already held
  drop_and_close(offered);
}

TEST_P(HoldTest, AHeldCallIsDroppedAndItsChannelFreed) {
  if (!GetParam().has_hold) GTEST_SKIP() << "no hold on this span";
  const LineHandle line = open_line(0);
  const CallHandle call = connected_call(line);
  hold(call);
  drop_and_close(call);
  EXPECT_EQ(on_hold_calls(line), 0u);
  drop_and_close(connected_call(line));  // the channel is free again
}

TEST_P(HoldTest, SwapHoldExchangesTheActiveAndTheHeldCallOfAGroupLine) {
  if (!GetParam().group_device) GTEST_SKIP() << "no trunk group in this configuration";
  const LineHandle group = open_line(*GetParam().group_device);
  const CallHandle first = connected_call(group);
  const CallHandle second = connected_call(group);
  if (!GetParam().has_hold) {
    EXPECT_EQ(host_->line_swap_hold(second, first), LINEERR_OPERATIONUNAVAIL);
    drop_and_close(first);
    drop_and_close(second);
    return;
  }
  EXPECT_EQ(call_features(second) & LINECALLFEATURE_SWAPHOLD, DWORD{LINECALLFEATURE_SWAPHOLD});
  // Swapping needs one active and one held call.
  EXPECT_EQ(host_->line_swap_hold(second, first), LINEERR_INVALCALLSTATE);
  hold(first);
  EXPECT_EQ(address_status(group).active, 1u);
  EXPECT_EQ(on_hold_calls(group), 1u);
  ASSERT_EQ(wait_reply(host_->line_swap_hold(second, first)), 0);
  expect_sequence(second, {{LINE_CALLSTATE, LINECALLSTATE_ONHOLD}});
  expect_sequence(first, {{LINE_CALLSTATE, LINECALLSTATE_CONNECTED, LINECONNECTEDMODE_ACTIVE}});
  EXPECT_EQ(on_hold_calls(group), 1u);
  // And back.
  ASSERT_EQ(wait_reply(host_->line_swap_hold(first, second)), 0);
  expect_sequence(first, {{LINE_CALLSTATE, LINECALLSTATE_ONHOLD}});
  expect_sequence(second, {{LINE_CALLSTATE, LINECALLSTATE_CONNECTED, LINECONNECTEDMODE_ACTIVE}});
  EXPECT_EQ(host_->line_swap_hold(first, first), LINEERR_INVALCALLHANDLE);
  drop_and_close(first);
  drop_and_close(second);
}

TEST_P(HoldTest, SwapHoldWithACallOfAnotherLineIsInvalCallHandle) {
  if (!GetParam().has_hold || !GetParam().group_device) GTEST_SKIP();
  const LineHandle line = open_line(0);
  const LineHandle group = open_line(*GetParam().group_device);
  const CallHandle other = connected_call(line);
  const CallHandle active = connected_call(group);
  hold(other);
  EXPECT_EQ(host_->line_swap_hold(active, other), LINEERR_INVALCALLHANDLE);
  drop_and_close(other);
  drop_and_close(active);
}

// The far end holds our connected call: it stays CONNECTED, its mode ACTIVEHELD (the remote
// party holds it), and ACTIVE again once retrieved; where the far end cannot, the control is
// unavailable and the caps offer no ACTIVEHELD.
TEST_P(HoldTest, RemoteHoldIsReportedAsConnectedActiveHeld) {
  std::vector<unsigned char> buffer(2048);
  auto* caps = reinterpret_cast<LINEADDRESSCAPS*>(buffer.data());
  caps->dwTotalSize = static_cast<DWORD>(buffer.size());
  ASSERT_EQ(host_->line_get_address_caps(0, 0, caps), 0);
  EXPECT_EQ((caps->dwConnectedModes & LINECONNECTEDMODE_ACTIVEHELD) != 0, GetParam().remote_hold);
  const LineHandle line = open_line(0);
  const CallHandle call = connected_call(line);
  if (!GetParam().remote_hold) {
    EXPECT_NE(sim(line, sim::kSimRemoteHold, "", "", 0, 1), 0);
    drop_and_close(call);
    return;
  }
  ASSERT_EQ(sim(line, sim::kSimRemoteHold, "", "", 0, 1), 0);
  expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_CONNECTED, LINECONNECTEDMODE_ACTIVEHELD}});
  // Held by the far end, not by us: lineHold stays offered.
  EXPECT_NE(call_features(call) & LINECALLFEATURE_HOLD, 0u);
  EXPECT_EQ(sim(line, sim::kSimRemoteHold, "", "", 0, 1), LINEERR_OPERATIONFAILED);  // already
  ASSERT_EQ(sim(line, sim::kSimRemoteHold, "", "", 0, 0), 0);
  expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_CONNECTED, LINECONNECTEDMODE_ACTIVE}});
  drop_and_close(call);
}

}  // namespace spantsp::contract
