// CAS spans through the host, in real time (a CAS call takes a second or two of signalling):
// the LINE_CALLSTATE sequences of E&M wink start, loop start and ground start both ways, the called
// number carried in DTMF into LINECALLINFO, busy heard on the bearer as LINECALLSTATE_BUSY, and the
// span's alarms as LINEDEVSTATE_OUTOFSERVICE.
#include <chrono>
#include <thread>

#include "tests/contract/span_call_scenarios.h"

namespace spantsp::contract {
namespace {

class CasCall : public HostFixture {
 protected:
  void open(const char* config) {
    start(config);
    line_ = open_line(0);
  }
  LineHandle line_ = 0;
};

TEST_F(CasCall, WinkStartOutgoingRunsDialingProceedingRingbackConnected) {
  open("cas-1t1-em_w.toml");
  CallHandle call = 0;
  ASSERT_EQ(make_call(line_, "5551000", call), 0);
  expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_DIALING},
                         {LINE_CALLSTATE, LINECALLSTATE_PROCEEDING},
                         {LINE_CALLSTATE, LINECALLSTATE_RINGBACK},
                         {LINE_CALLSTATE, LINECALLSTATE_CONNECTED, LINECONNECTEDMODE_ACTIVE}});
  EXPECT_EQ(call_info(call).called, u"5551000");
  ASSERT_EQ(sim(line_, sim::kSimRemoteClear, "", "", 16), 0);
  expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_DISCONNECTED, LINEDISCONNECTMODE_NORMAL}});
  drop_and_close(call);
  EXPECT_EQ(host_->checker().outstanding_requests(), 0u);
}

TEST_F(CasCall, WinkStartBusyToneIsLinecallstateBusy) {
  open("cas-1t1-em_w.toml");
  CallHandle call = 0;
  ASSERT_EQ(make_call(line_, "99175551000", call), 0);
  expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_DIALING},
                         {LINE_CALLSTATE, LINECALLSTATE_PROCEEDING},
                         {LINE_CALLSTATE, LINECALLSTATE_BUSY, LINEBUSYMODE_STATION},
                         {LINE_CALLSTATE, LINECALLSTATE_DISCONNECTED, LINEDISCONNECTMODE_BUSY}});
  drop_and_close(call);
}

TEST_F(CasCall, WinkStartIncomingCarriesTheCalledNumberAndIsAnswered) {
  open("cas-1t1-em_w.toml");
  ASSERT_EQ(sim(line_, sim::kSimInjectIncoming, "2125550123", "1001"), 0);
  const CallHandle call = wait_new_call(line_);
  expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_OFFERING, LINEOFFERINGMODE_ACTIVE},
                         {LINE_CALLINFO, LINECALLINFOSTATE_CALLERID | LINECALLINFOSTATE_CALLEDID}});
  const CallInfoText info = call_info(call);
  EXPECT_EQ(info.called, u"1001");
  EXPECT_EQ(info.caller, u"");  // DTMF addressing carries no calling number
  EXPECT_EQ(wait_reply(host_->line_accept(call)), 0);
  expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_ACCEPTED}});
  EXPECT_EQ(wait_reply(host_->line_answer(call)), 0);
  expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_CONNECTED, LINECONNECTEDMODE_ACTIVE}});
  drop_and_close(call);
}

TEST_F(CasCall, LoopStartStationSideOutgoingIsConnectedOnceDialled) {
  open("cas-1t1-fxs_ls.toml");
  CallHandle call = 0;
  ASSERT_EQ(make_call(line_, "5551000", call), 0);
  expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_DIALING},
                         {LINE_CALLSTATE, LINECALLSTATE_PROCEEDING},
                         {LINE_CALLSTATE, LINECALLSTATE_CONNECTED, LINECONNECTEDMODE_ACTIVE}});
  drop_and_close(call);
}

TEST_F(CasCall, LoopStartOfficeSideRingsTheStation) {
  open("cas-1t1-fxo_ls.toml");
  CallHandle call = 0;
  ASSERT_EQ(make_call(line_, "1", call), 0);
  expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_DIALING},
                         {LINE_CALLSTATE, LINECALLSTATE_RINGBACK},
                         {LINE_CALLSTATE, LINECALLSTATE_CONNECTED, LINECONNECTEDMODE_ACTIVE}});
  drop_and_close(call);
}

TEST_F(CasCall, GroundStartStationSideOutgoingIsConnectedOnceDialledAndClearedByTipGround) {
  open("cas-1t1-fxs_gs.toml");
  CallHandle call = 0;
  ASSERT_EQ(make_call(line_, "5551000", call), 0);
  expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_DIALING},
                         {LINE_CALLSTATE, LINECALLSTATE_PROCEEDING},
                         {LINE_CALLSTATE, LINECALLSTATE_CONNECTED, LINECONNECTEDMODE_ACTIVE}});
  // The office's subscriber answers (1.5 s), then clears: tip ground removed.
  std::this_thread::sleep_for(std::chrono::milliseconds(2000));
  ASSERT_EQ(sim(line_, sim::kSimRemoteClear, "", "", 16), 0);
  expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_DISCONNECTED, LINEDISCONNECTMODE_NORMAL}});
  drop_and_close(call);
  EXPECT_EQ(host_->checker().outstanding_requests(), 0u);
}

TEST_F(CasCall, GroundStartStationSideIncomingIsOfferedWithoutANumber) {
  open("cas-1t1-fxs_gs.toml");
  ASSERT_EQ(sim(line_, sim::kSimInjectIncoming, "2125550123", "1001"), 0);
  const CallHandle call = wait_new_call(line_);
  expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_OFFERING, LINEOFFERINGMODE_ACTIVE},
                         {LINE_CALLINFO, LINECALLINFOSTATE_CALLERID | LINECALLINFOSTATE_CALLEDID}});
  EXPECT_EQ(call_info(call).called, u"");
  EXPECT_EQ(wait_reply(host_->line_answer(call)), 0);
  expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_CONNECTED, LINECONNECTEDMODE_ACTIVE}});
  drop_and_close(call);
}

TEST_F(CasCall, GroundStartOfficeSideTipGroundsAndRingsTheStation) {
  open("cas-1t1-fxo_gs.toml");
  CallHandle call = 0;
  ASSERT_EQ(make_call(line_, "1", call), 0);
  expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_DIALING},
                         {LINE_CALLSTATE, LINECALLSTATE_RINGBACK},
                         {LINE_CALLSTATE, LINECALLSTATE_CONNECTED, LINECONNECTEDMODE_ACTIVE}});
  ASSERT_EQ(sim(line_, sim::kSimRemoteClear, "", "", 16), 0);
  expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_DISCONNECTED, LINEDISCONNECTMODE_NORMAL}});
  drop_and_close(call);
}

TEST_F(CasCall, GroundStartOfficeSideStationRingGroundCarriesItsDigits) {
  open("cas-1t1-fxo_gs.toml");
  ASSERT_EQ(sim(line_, sim::kSimInjectIncoming, "2125550123", "1001"), 0);
  const CallHandle call = wait_new_call(line_);
  expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_OFFERING, LINEOFFERINGMODE_ACTIVE},
                         {LINE_CALLINFO, LINECALLINFOSTATE_CALLERID | LINECALLINFOSTATE_CALLEDID}});
  EXPECT_EQ(call_info(call).called, u"1001");
  EXPECT_EQ(wait_reply(host_->line_answer(call)), 0);
  expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_CONNECTED, LINECONNECTEDMODE_ACTIVE}});
  drop_and_close(call);
}

}  // namespace
}  // namespace spantsp::contract
