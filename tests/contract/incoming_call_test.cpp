// Incoming calls through the host (tspi-contract §3): the media modes of OFFERING, app-specific
// data, misplaced requests, a refused LINE_NEWCALL. Offer, accept, answer, clear and the
// numbers in LINECALLINFO on every kind of span are span_call_scenarios_test.cpp.

#include "tests/contract/host_fixture.h"

namespace spantsp::contract {
namespace {

class IncomingCall : public HostFixture {
 protected:
  void SetUp() override {
    start("ideal-1e1.toml");
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

TEST_F(IncomingCall, OfferingCarriesUnknownPlusTheMonitoredMediaModes) {
  EXPECT_EQ(sim(line_, sim::kSimInjectIncoming, "2125550123", "1001"), 0);
  const CallHandle call = wait_new_call(line_);
  const Message m = next_for_call(call);
  ASSERT_EQ(m.message, DWORD{LINE_CALLSTATE});
  EXPECT_EQ(m.param1, DWORD_PTR{LINECALLSTATE_OFFERING});
  EXPECT_TRUE(m.param3 & LINEMEDIAMODE_UNKNOWN);
  EXPECT_TRUE(m.param3 & LINEMEDIAMODE_INTERACTIVEVOICE);
  expect_sequence(call, {{LINE_CALLINFO}});
  drop_and_close(call);
}

TEST_F(IncomingCall, AppSpecificIsStoredAndAnnounced) {
  const CallHandle call = offer();
  ASSERT_EQ(host_->line_set_app_specific(call, 0xCAFE), 0);
  expect_sequence(call, {{LINE_CALLINFO, LINECALLINFOSTATE_APPSPECIFIC}});
  std::vector<unsigned char> buffer(2048);
  auto* info = reinterpret_cast<LINECALLINFO*>(buffer.data());
  info->dwTotalSize = static_cast<DWORD>(buffer.size());
  ASSERT_EQ(host_->line_get_call_info(call, info), 0);
  EXPECT_EQ(info->dwAppSpecific, 0xCAFEu);
  drop_and_close(call);
}

TEST_F(IncomingCall, AnswerOnAConnectedCallIsInvalCallState) {
  const CallHandle call = offer();
  EXPECT_EQ(wait_reply(host_->line_answer(call)), 0);
  expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_CONNECTED}});
  EXPECT_EQ(host_->line_answer(call), LINEERR_INVALCALLSTATE);
  EXPECT_EQ(host_->line_accept(call), LINEERR_INVALCALLSTATE);
  drop_and_close(call);
}

class RefusedNewCall : public HostFixture {};

TEST_F(RefusedNewCall, NullHtCallMeansNoFurtherMessageAndTheChannelIsFreed) {
  Host::Options options;
  options.refuse_new_calls.count = 1;
  start("ideal-1e1.toml", options);
  const LineHandle line = open_line(0);
  ASSERT_EQ(sim(line, sim::kSimInjectIncoming, "2125550123", "1001"), 0);
  // The first offer is refused by the host: the provider sends nothing more about it and
  // clears the channel, so a second offer on the same channel reaches the application.
  // (The channel clears asynchronously; until then the far end finds it busy.)
  LONG result = LINEERR_OPERATIONFAILED;
  for (int attempt = 0; attempt < 1000 && result == LINEERR_OPERATIONFAILED; ++attempt) {
    result = sim(line, sim::kSimInjectIncoming, "2125550124", "1001");
  }
  ASSERT_EQ(result, 0);
  const CallHandle call = wait_new_call(line);
  expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_OFFERING}, {LINE_CALLINFO}});
  drop_and_close(call);
}

}  // namespace
}  // namespace spantsp::contract
