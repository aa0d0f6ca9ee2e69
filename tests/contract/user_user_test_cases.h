#pragma once
// The user-user information test bodies (user_user_fixture.h), instantiated by
// user_user_test.cpp (ideal) and user_user_pri_test.cpp (PRI switch types).

#include "tests/contract/user_user_fixture.h"

namespace spantsp::contract {

TEST_P(UserUserTest, CapsAdvertiseTheSizesTheSpanCarries) {
  const UserUserCase& c = GetParam();
  const LINEDEVCAPS caps = dev_caps(0);
  EXPECT_EQ(caps.dwUUIMakeCallSize, c.make_call);
  EXPECT_EQ(caps.dwUUIAcceptSize, c.accept);
  EXPECT_EQ(caps.dwUUIAnswerSize, c.answer);
  EXPECT_EQ(caps.dwUUIDropSize, c.drop);
  EXPECT_EQ(caps.dwUUISendUserUserInfoSize, c.send);
  EXPECT_EQ(caps.dwUUICallInfoSize, DWORD{board::kMaxUserUser});
  const DWORD features = address_call_features(0);
  EXPECT_NE(features & LINECALLFEATURE_RELEASEUSERUSERINFO, 0u);
  EXPECT_EQ((features & LINECALLFEATURE_SENDUSERUSER) != 0, c.send != 0);
}

// lineMakeCall's UUI reaches the called line in its SETUP, lineAccept's comes back with
// ALERTING, lineDrop's with DISCONNECT; the second waits in the provider until the first is
// released (TSPI_lineReleaseUserUserInfo: never overwritten before).
TEST_P(UserUserTest, UuiTravelsLineToLineAndWaitsForItsRelease) {
  const LineHandle caller = open_line(0);
  const LineHandle callee = open_line(1);
  CallHandle a = 0;
  ASSERT_EQ(make_call_with_uui(caller, GetParam().number_of_device_1, "order 4711", a), 0);
  const CallHandle b = wait_new_call(callee);
  expect_sequence(b, {{LINE_CALLSTATE, LINECALLSTATE_OFFERING}});
  const Message info = next_for_call(b);
  ASSERT_EQ(info.message, DWORD{LINE_CALLINFO});
  EXPECT_NE(info.param1 & LINECALLINFOSTATE_USERUSERINFO, 0u);
  EXPECT_EQ(user_user(b), "order 4711");

  ASSERT_EQ(wait_reply(host_->line_accept(b, "agent 12")), 0);
  expect_sequence(b, {{LINE_CALLSTATE, LINECALLSTATE_ACCEPTED}});
  EXPECT_EQ(user_user_infos_until(a, LINECALLSTATE_RINGBACK), 1);
  EXPECT_EQ(user_user(a), "agent 12");
  ASSERT_EQ(wait_reply(host_->line_answer(b)), 0);
  expect_sequence(b, {{LINE_CALLSTATE, LINECALLSTATE_CONNECTED}});
  EXPECT_EQ(user_user_infos_until(a, LINECALLSTATE_CONNECTED), 0);

  // B hangs up with UUI: A's first one is not released yet, so no LINE_CALLINFO for it.
  const LONG drop = host_->line_drop(b, "bye");
  ASSERT_GT(drop, 0);
  EXPECT_EQ(user_user_infos_until(a, LINECALLSTATE_DISCONNECTED), 0);
  EXPECT_EQ(user_user(a), "agent 12");
  ASSERT_EQ(wait_reply(host_->line_release_user_user_info(a)), 0);
  expect_sequence(a, {{LINE_CALLINFO, LINECALLINFOSTATE_USERUSERINFO}});
  EXPECT_EQ(user_user(a), "bye");
  // Released with nothing behind it: empty, and no message (success all the same).
  ASSERT_EQ(wait_reply(host_->line_release_user_user_info(a)), 0);
  EXPECT_EQ(user_user(a), "");
  ASSERT_EQ(wait_reply(host_->line_release_user_user_info(a)), 0);
  drop_and_close(a);
  expect_sequence(b, {{LINE_CALLSTATE, LINECALLSTATE_IDLE}});
  EXPECT_EQ(wait_reply(drop), 0);
  EXPECT_EQ(host_->line_deallocate_call(b), 0);
}

TEST_P(UserUserTest, TheSwitchSendsUuiWithItsSetup) {
  const LineHandle line = open_line(0);
  ASSERT_EQ(sim(line, sim::kSimRemoteUserUser, "", "", 0, 0, "caller vip"), 0);
  DWORD states = 0;
  const CallHandle call = offered_call(line, states);
  EXPECT_NE(states & LINECALLINFOSTATE_USERUSERINFO, 0u);
  EXPECT_EQ(user_user(call), "caller vip");
  EXPECT_NE(call_features(call) & LINECALLFEATURE_RELEASEUSERUSERINFO, 0u);
  ASSERT_EQ(wait_reply(host_->line_release_user_user_info(call)), 0);
  EXPECT_EQ(user_user(call), "");
  // The next call brings none.
  drop_and_close(call);
  const CallHandle next = offered_call(line, states);
  EXPECT_EQ(states & LINECALLINFOSTATE_USERUSERINFO, 0u);
  EXPECT_EQ(user_user(next), "");
  drop_and_close(next);
}

TEST_P(UserUserTest, TheSwitchSendsUuiBeforeItClears) {
  const LineHandle line = open_line(0);
  const CallHandle call = connected_call(line);
  ASSERT_EQ(sim(line, sim::kSimRemoteUserUser, "", "", 0, 0, "goodbye"), 0);
  ASSERT_EQ(sim(line, sim::kSimRemoteClear, "", "", 16), 0);
  EXPECT_EQ(user_user_infos_until(call, LINECALLSTATE_DISCONNECTED), 1);
  EXPECT_EQ(user_user(call), "goodbye");
  drop_and_close(call);
}

TEST_P(UserUserTest, UuiOverTheSizeIsRefusedAndLosesNothing) {
  const UserUserCase& c = GetParam();
  const LineHandle line = open_line(0);
  CallHandle call = 0;
  EXPECT_EQ(make_call_with_uui(line, "99005551000", std::string(c.make_call + 1, 'x'), call),
            LINEERR_USERUSERINFOTOOBIG);
  EXPECT_EQ(call, 0u);
  DWORD states = 0;
  const CallHandle offered = offered_call(line, states);
  EXPECT_EQ(host_->line_accept(offered, std::string(c.accept + 1, 'x')),
            LINEERR_USERUSERINFOTOOBIG);
  EXPECT_EQ(host_->line_answer(offered, std::string(c.answer + 1, 'x')),
            LINEERR_USERUSERINFOTOOBIG);
  EXPECT_EQ(host_->line_drop(offered, std::string(c.drop + 1, 'x')), LINEERR_USERUSERINFOTOOBIG);
  // Exactly the limit passes, and the call goes on as if nothing had been refused.
  ASSERT_EQ(wait_reply(host_->line_accept(offered, std::string(c.accept, 'a'))), 0);
  expect_sequence(offered, {{LINE_CALLSTATE, LINECALLSTATE_ACCEPTED}});
  drop_and_close(offered);
}

TEST_P(UserUserTest, SendUserUserInfoWorksOnlyWhereAdvertised) {
  const UserUserCase& c = GetParam();
  const LineHandle caller = open_line(0);
  const LineHandle callee = open_line(1);
  CallHandle a = 0;
  ASSERT_EQ(make_call(caller, std::string(c.number_of_device_1), a), 0);
  const CallHandle b = wait_new_call(callee);
  expect_sequence(b, {{LINE_CALLSTATE, LINECALLSTATE_OFFERING}, {LINE_CALLINFO}});
  if (c.send != 0) {
    // Not in OFFERING: the state refuses it.
    EXPECT_EQ(call_features(b) & LINECALLFEATURE_SENDUSERUSER, 0u);
    EXPECT_EQ(host_->line_send_user_user_info(b, "early"), LINEERR_INVALCALLSTATE);
  }
  ASSERT_EQ(wait_reply(host_->line_answer(b)), 0);
  expect_sequence(b, {{LINE_CALLSTATE, LINECALLSTATE_CONNECTED}});
  EXPECT_EQ(user_user_infos_until(a, LINECALLSTATE_CONNECTED), 0);
  if (c.send == 0) {
    EXPECT_EQ(call_features(b) & LINECALLFEATURE_SENDUSERUSER, 0u);
    EXPECT_EQ(host_->line_send_user_user_info(b, "data"), LINEERR_OPERATIONUNAVAIL);
    // The provider itself, asked without the host's gate, says the same.
    Direct direct;
    auto* send = direct.get<LONG TSPIAPI(DRV_REQUESTID, HDRVCALL, LPCSTR, DWORD)>(
        "TSPI_lineSendUserUserInfo");
    ASSERT_NE(send, nullptr);
    EXPECT_EQ(send(1, host_->provider_call_handle(b), "data", 4), LINEERR_OPERATIONUNAVAIL);
  } else {
    EXPECT_NE(call_features(b) & LINECALLFEATURE_SENDUSERUSER, 0u);
    EXPECT_EQ(host_->line_send_user_user_info(b, std::string(c.send + 1, 'x')),
              LINEERR_USERUSERINFOTOOBIG);
    ASSERT_EQ(wait_reply(host_->line_send_user_user_info(b, "screen pop 42")), 0);
    expect_sequence(a, {{LINE_CALLINFO, LINECALLINFOSTATE_USERUSERINFO}});
    EXPECT_EQ(user_user(a), "screen pop 42");
  }
  drop_and_close(a);
  expect_sequence(b, {{LINE_CALLSTATE, LINECALLSTATE_DISCONNECTED}});
  drop_and_close(b);
}

}  // namespace spantsp::contract
