// PRI spans through the host: the same LINE_CALLSTATE sequences and disconnect modes as the
// ideal spans (outgoing_call_test.cpp, incoming_call_test.cpp), now with libpri on our side
// and on the far-end switch, Q.931 crossing the simulated D-channel. Run on a T1 (NI-2) and an
// E1 (EuroISDN) span.

#include "tests/contract/host_fixture.h"

namespace spantsp::contract {
namespace {

class PriCall : public HostFixture, public ::testing::WithParamInterface<const char*> {
 protected:
  void SetUp() override {
    start(GetParam());
    line_ = open_line(0);
  }

  CallHandle offer(const char* calling = "2125550123", const char* called = "1001") {
    EXPECT_EQ(sim(line_, sim::kSimInjectIncoming, calling, called), 0);
    const CallHandle call = wait_new_call(line_);
    expect_sequence(call,
                    {{LINE_CALLSTATE, LINECALLSTATE_OFFERING, LINEOFFERINGMODE_ACTIVE},
                     {LINE_CALLINFO, LINECALLINFOSTATE_CALLERID | LINECALLINFOSTATE_CALLEDID}});
    return call;
  }

  LineHandle line_ = 0;
};

INSTANTIATE_TEST_SUITE_P(Spans, PriCall, ::testing::Values("pri-1t1.toml", "pri-1e1.toml"));

TEST_P(PriCall, AnsweredCallRunsDialingProceedingRingbackConnected) {
  CallHandle call = 0;
  ASSERT_EQ(make_call(line_, "5551000", call), 0);
  expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_DIALING},
                         {LINE_CALLSTATE, LINECALLSTATE_PROCEEDING},
                         {LINE_CALLSTATE, LINECALLSTATE_RINGBACK},
                         {LINE_CALLSTATE, LINECALLSTATE_CONNECTED, LINECONNECTEDMODE_ACTIVE,
                          LINEMEDIAMODE_INTERACTIVEVOICE}});
  drop_and_close(call);
}

struct Refusal {
  const char* number;
  bool busy;
  DWORD mode;
};

TEST_P(PriCall, FarEndRefusalsEndInDisconnectedWithTheMappedMode) {
  for (const Refusal& r : {Refusal{"99175551000", true, LINEDISCONNECTMODE_BUSY},
                           Refusal{"99215551000", false, LINEDISCONNECTMODE_REJECT},
                           Refusal{"99015551000", false, LINEDISCONNECTMODE_BADADDRESS},
                           Refusal{"99345551000", false, LINEDISCONNECTMODE_CONGESTION},
                           Refusal{"99425551000", false, LINEDISCONNECTMODE_CONGESTION}}) {
    SCOPED_TRACE(r.number);
    CallHandle call = 0;
    ASSERT_EQ(make_call(line_, r.number, call), 0);
    std::vector<Expect> expected = {{LINE_CALLSTATE, LINECALLSTATE_DIALING},
                                    {LINE_CALLSTATE, LINECALLSTATE_PROCEEDING}};
    if (r.busy) expected.push_back({LINE_CALLSTATE, LINECALLSTATE_BUSY, LINEBUSYMODE_STATION});
    expected.push_back({LINE_CALLSTATE, LINECALLSTATE_DISCONNECTED, r.mode});
    expect_sequence(call, expected);
    drop_and_close(call);
  }
}

TEST_P(PriCall, NoAnswerRingsUntilTheApplicationDrops) {
  CallHandle call = 0;
  ASSERT_EQ(make_call(line_, "99195551000", call), 0);
  expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_DIALING},
                         {LINE_CALLSTATE, LINECALLSTATE_PROCEEDING},
                         {LINE_CALLSTATE, LINECALLSTATE_RINGBACK}});
  drop_and_close(call);
}

TEST_P(PriCall, RemoteClearAfterAnswerIsDisconnectedNormal) {
  CallHandle call = 0;
  ASSERT_EQ(make_call(line_, "99005551000", call), 0);
  expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_DIALING},
                         {LINE_CALLSTATE, LINECALLSTATE_PROCEEDING},
                         {LINE_CALLSTATE, LINECALLSTATE_CONNECTED}});
  ASSERT_EQ(sim(line_, sim::kSimRemoteClear, "", "", 16), 0);
  expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_DISCONNECTED, LINEDISCONNECTMODE_NORMAL}});
  drop_and_close(call);
}

TEST_P(PriCall, IncomingOfferedAcceptedAnsweredClearedByFarEnd) {
  const CallHandle call = offer();
  EXPECT_EQ(wait_reply(host_->line_accept(call)), 0);
  expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_ACCEPTED}});
  EXPECT_EQ(wait_reply(host_->line_answer(call)), 0);
  expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_CONNECTED, LINECONNECTEDMODE_ACTIVE}});
  ASSERT_EQ(sim(line_, sim::kSimRemoteClear, "", "", 16), 0);
  expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_DISCONNECTED, LINEDISCONNECTMODE_NORMAL}});
  drop_and_close(call);
}

TEST_P(PriCall, CallerAndCalledNumbersCrossQ931IntoCallInfo) {
  const CallHandle call = offer("2125550123", "1001");
  std::vector<unsigned char> buffer(2048);
  auto* info = reinterpret_cast<LINECALLINFO*>(buffer.data());
  info->dwTotalSize = static_cast<DWORD>(buffer.size());
  ASSERT_EQ(host_->line_get_call_info(call, info), 0);
  EXPECT_EQ(info->dwOrigin, DWORD{LINECALLORIGIN_EXTERNAL});
  ASSERT_GT(info->dwCallerIDSize, 0u);
  EXPECT_EQ(
      std::u16string(reinterpret_cast<const char16_t*>(buffer.data() + info->dwCallerIDOffset)),
      u"2125550123");
  ASSERT_GT(info->dwCalledIDSize, 0u);
  EXPECT_EQ(
      std::u16string(reinterpret_cast<const char16_t*>(buffer.data() + info->dwCalledIDOffset)),
      u"1001");
  drop_and_close(call);
}

TEST_P(PriCall, DropWhileOfferingRefusesTheCallAndFreesTheChannel) {
  const CallHandle first = offer();
  drop_and_close(first);
  // The channel is free again on both sides: the next offer on it goes through.
  const CallHandle second = offer("2125550124", "1002");
  drop_and_close(second);
}

TEST_P(PriCall, ApplicationClearsAConnectedIncomingCall) {
  const CallHandle call = offer();
  EXPECT_EQ(wait_reply(host_->line_answer(call)), 0);
  expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_CONNECTED, LINECONNECTEDMODE_ACTIVE}});
  drop_and_close(call);
  CallHandle again = 0;
  ASSERT_EQ(make_call(line_, "99005551000", again), 0);
  expect_sequence(again, {{LINE_CALLSTATE, LINECALLSTATE_DIALING},
                          {LINE_CALLSTATE, LINECALLSTATE_PROCEEDING},
                          {LINE_CALLSTATE, LINECALLSTATE_CONNECTED}});
  drop_and_close(again);
}

TEST_P(PriCall, RedAlarmClearsTheCallOutOfOrderAndTheLineComesBack) {
  CallHandle call = 0;
  ASSERT_EQ(make_call(line_, "99005551000", call), 0);
  expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_DIALING},
                         {LINE_CALLSTATE, LINECALLSTATE_PROCEEDING},
                         {LINE_CALLSTATE, LINECALLSTATE_CONNECTED}});
  ASSERT_EQ(sim(line_, sim::kSimSpanAlarm, "", "", 0, 1 /* red */), 0);
  // The D-channel is cut: the call ends on our side with "network out of order" (cause 38).
  expect_sequence(call,
                  {{LINE_CALLSTATE, LINECALLSTATE_DISCONNECTED, LINEDISCONNECTMODE_OUTOFORDER}});
  bool out_of_service = false;
  for (int i = 0; i < 8 && !out_of_service; ++i) {
    const Message m = next_message();
    out_of_service =
        m.message == LINE_LINEDEVSTATE && m.line == line_ && (m.param1 & LINEDEVSTATE_OUTOFSERVICE);
  }
  EXPECT_TRUE(out_of_service);
  drop_and_close(call);
  CallHandle refused = 0;
  EXPECT_EQ(host_->line_make_call(line_, std::string_view("5551000"), nullptr, refused),
            LINEERR_INVALLINESTATE);

  ASSERT_EQ(sim(line_, sim::kSimSpanAlarm, "", "", 0, 0), 0);  // alarm cleared
  bool in_service = false;
  for (int i = 0; i < 8 && !in_service; ++i) {
    const Message m = next_message();
    in_service =
        m.message == LINE_LINEDEVSTATE && m.line == line_ && (m.param1 & LINEDEVSTATE_INSERVICE);
  }
  EXPECT_TRUE(in_service);
  // Q.921 carries on over the restored D-channel.
  ASSERT_EQ(make_call(line_, "99005551000", call), 0);
  expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_DIALING},
                         {LINE_CALLSTATE, LINECALLSTATE_PROCEEDING},
                         {LINE_CALLSTATE, LINECALLSTATE_CONNECTED}});
  drop_and_close(call);
}

}  // namespace
}  // namespace spantsp::contract
