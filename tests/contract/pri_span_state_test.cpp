// PRI span state through the host (tspi-contract §6, t1e1-notes §1.6): a red or blue alarm
// takes every line of the span out of service (LINE_LINEDEVSTATE OUTOFSERVICE to the lines
// that asked for it with lineSetStatusMessages), clears the calls with
// LINEDISCONNECTMODE_OUTOFORDER (cause 38: nothing crosses the D-channel any more) and makes
// lineMakeCall fail with LINEERR_INVALLINESTATE; clearing it brings them back (INSERVICE) and
// calls work again. A yellow alarm (RAI: the far end lost our signal) alone keeps the span in
// service, as on real T1/E1 gear. Lost and corrupted D-channel frames are recovered by Q.921.
//
// The D-channel cut without a layer-1 alarm (sim alarm bit 3) is only detected by libpri's
// Q.921 timers (T203 + N200 x T200, some 13 s of real time): pri_span_state_realtime_test.cpp.

#include "tests/contract/pri_span_state.h"

namespace spantsp::contract {
namespace {

INSTANTIATE_TEST_SUITE_P(Pri, PriSpanState, pri_spans(), span_label);

TEST_P(PriSpanState, RedOrBlueAlarmWhileIdleTakesTheLinesOutOfServiceUntilCleared) {
  for (const DWORD alarms : {kRed, kBlue, kRed | kYellow}) {
    SCOPED_TRACE(alarms);
    alarm(alarms);
    expect_out_of_service();
    alarm(0);
    expect_back_in_service();
  }
}

TEST_P(PriSpanState, AlarmClearsEveryCallOutOfOrder) {
  // Line 0: an answered outgoing call; line 1: an answered incoming call; line 2: an outgoing
  // call still ringing; line 3: an incoming call still offered.
  const CallHandle outgoing = connected_outgoing();
  EXPECT_EQ(sim(quiet_, sim::kSimInjectIncoming, "2125550123", "1002"), 0);
  const CallHandle incoming = wait_new_call(quiet_);
  expect_sequence(incoming, {{LINE_CALLSTATE, LINECALLSTATE_OFFERING}, {LINE_CALLINFO}});
  EXPECT_EQ(wait_reply(host_->line_answer(incoming)), 0);
  expect_sequence(incoming, {{LINE_CALLSTATE, LINECALLSTATE_CONNECTED}});
  const LineHandle third = open_line(2);
  CallHandle ringing = 0;
  ASSERT_EQ(make_call(third, "99195551000", ringing), 0);
  expect_sequence(ringing, {{LINE_CALLSTATE, LINECALLSTATE_DIALING},
                            {LINE_CALLSTATE, LINECALLSTATE_PROCEEDING},
                            {LINE_CALLSTATE, LINECALLSTATE_RINGBACK}});
  const LineHandle fourth = open_line(3);
  EXPECT_EQ(sim(fourth, sim::kSimInjectIncoming, "2125550123", "1004"), 0);
  const CallHandle offered = wait_new_call(fourth);
  expect_sequence(offered, {{LINE_CALLSTATE, LINECALLSTATE_OFFERING}, {LINE_CALLINFO}});

  alarm(kRed);
  for (const CallHandle call : {outgoing, incoming, ringing, offered}) {
    expect_sequence(call,
                    {{LINE_CALLSTATE, LINECALLSTATE_DISCONNECTED, LINEDISCONNECTMODE_OUTOFORDER}});
  }
  expect_out_of_service();
  for (const CallHandle call : {outgoing, incoming, ringing, offered}) drop_and_close(call);
  alarm(0);
  expect_back_in_service();
}

TEST_P(PriSpanState, YellowAlarmAloneKeepsTheSpanInService) {
  alarm(kYellow);
  // A whole call crosses the span after the alarm was raised: its report came and went.
  drop_and_close(connected_outgoing());
  EXPECT_EQ(line_status(line_).dwSpanInService, 1u);
  alarm(0);
  const CallHandle call = offer();
  drop_and_close(call);
  EXPECT_EQ(take_line_dev_states(line_, kServiceStates), 0u);
}

// Q.921 recovers lost frames (REJ on a sequence gap, or T200 and a poll) below Q.931: the call
// runs the same states as on a clean D-channel. Layer 2 is the same for every switch type, and
// each recovery by T200 costs a real second: one T1 CPE and one E1 NET span.
class PriFrameLoss : public PriSpanState {};

INSTANTIATE_TEST_SUITE_P(Pri, PriFrameLoss,
                         ::testing::Values(SpanUnderTest{"T1_NI2_CPE", "pri-1t1-ni2.toml"},
                                           SpanUnderTest{"E1_EuroISDN_NET",
                                                         "pri-1e1-euroisdn-net.toml"}),
                         span_label);

TEST_P(PriFrameLoss, LostAndCorruptedFramesAreRecoveredByQ921) {
  struct Fault {
    sim::SimControlOp op;
    DWORD from_us;
  };
  for (const Fault f : {Fault{sim::kSimDropFrames, 0}, Fault{sim::kSimDropFrames, 1},
                        Fault{sim::kSimCorruptFrames, 0}, Fault{sim::kSimCorruptFrames, 1}}) {
    SCOPED_TRACE(testing::Message() << "op " << f.op << " from us " << f.from_us);
    ASSERT_EQ(sim(line_, f.op, "", "", 2, f.from_us), 0);
    drop_and_close(connected_outgoing());
    ASSERT_EQ(sim(line_, f.op, "", "", 1, f.from_us), 0);
    const CallHandle call = offer();
    EXPECT_EQ(wait_reply(host_->line_answer(call)), 0);
    expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_CONNECTED, LINECONNECTEDMODE_ACTIVE}});
    ASSERT_EQ(sim(line_, sim::kSimRemoteClear, "", "", 16), 0);
    expect_sequence(call,
                    {{LINE_CALLSTATE, LINECALLSTATE_DISCONNECTED, LINEDISCONNECTMODE_NORMAL}});
    drop_and_close(call);
  }
  EXPECT_EQ(take_line_dev_states(line_, kServiceStates), 0u);
}

TEST_P(PriSpanState, FrameFaultControlsCheckTheirArguments) {
  for (const auto op : {sim::kSimDropFrames, sim::kSimCorruptFrames}) {
    EXPECT_EQ(sim(line_, op, "", "", 0, 0), LINEERR_INVALPARAM);    // no frame
    EXPECT_EQ(sim(line_, op, "", "", 256, 0), LINEERR_INVALPARAM);  // more than 255
    EXPECT_EQ(sim(line_, op, "", "", 1, 2), LINEERR_INVALPARAM);    // direction is bit 0 only
  }
}

class IdealSpanFrameFaults : public HostFixture {};

TEST_F(IdealSpanFrameFaults, AreUnavailableWithoutAD_Channel) {
  start("ideal-1e1.toml");
  const LineHandle line = open_line(0);
  EXPECT_EQ(sim(line, sim::kSimDropFrames, "", "", 1, 0), LINEERR_OPERATIONUNAVAIL);
  EXPECT_EQ(sim(line, sim::kSimCorruptFrames, "", "", 1, 1), LINEERR_OPERATIONUNAVAIL);
}

// A B-channel the switch takes out of service (SERVICE message, NI-2 / 5ESS maintenance) is one
// line out of service: that line hears OUTOFSERVICE and refuses lineMakeCall at once with
// LINEERR_INVALLINESTATE; the other lines of the span are not touched; SERVICE "in service"
// brings it back.
class PriChannelService : public PriSpanState {};

INSTANTIATE_TEST_SUITE_P(Pri, PriChannelService,
                         ::testing::Values(SpanUnderTest{"T1_NI2_CPE", "pri-1t1-ni2.toml"},
                                           SpanUnderTest{"T1_5ESS_CPE", "pri-1t1-5ess.toml"}),
                         span_label);

TEST_P(PriChannelService, ChannelOutOfServiceRefusesCallsOnItsLineOnly) {
  constexpr DWORD kOutOfService = 2, kInService = 0;
  ASSERT_EQ(sim(line_, sim::kSimServiceChannel, "", "", 0, kOutOfService), 0);
  EXPECT_TRUE(wait_line_dev_state(line_, LINEDEVSTATE_OUTOFSERVICE));
  CallHandle refused = 0;
  EXPECT_EQ(host_->line_make_call(line_, std::string_view("5551000"), nullptr, refused),
            LINEERR_INVALLINESTATE);
  EXPECT_EQ(line_status(line_).dwSpanInService, 1u);  // the span itself is fine
  // Another line of the span still calls.
  CallHandle other = 0;
  ASSERT_EQ(make_call(quiet_, "99005551000", other), 0);
  expect_sequence(other, {{LINE_CALLSTATE, LINECALLSTATE_DIALING},
                          {LINE_CALLSTATE, LINECALLSTATE_PROCEEDING},
                          {LINE_CALLSTATE, LINECALLSTATE_CONNECTED}});
  drop_and_close(other);
  ASSERT_EQ(sim(line_, sim::kSimServiceChannel, "", "", 0, kInService), 0);
  EXPECT_TRUE(wait_line_dev_state(line_, LINEDEVSTATE_INSERVICE));
  drop_and_close(connected_outgoing());
}

}  // namespace
}  // namespace spantsp::contract
