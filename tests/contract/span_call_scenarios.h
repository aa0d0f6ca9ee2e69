#pragma once
// The call scenarios every kind of span must pass through the host, whatever runs on its
// signalling channel: one parameterised suite (span_call_scenarios_test.cpp) instantiated over
// the ideal spans (contract_test) and over every PRI switch type and node side
// (contract_pri_test). What legitimately differs between them is a field of SpanUnderTest,
// with the reason next to it.

#include <chrono>
#include <string>
#include <string_view>
#include <thread>

#include "tests/contract/host_fixture.h"

namespace spantsp::contract {

struct SpanUnderTest {
  const char* label;   // the test-name suffix
  const char* config;  // in tests/contract/data
  // The far end's digits of an overlap call arrive as this many LINE_CALLINFO(CALLEDID): one
  // per sim control on an ideal span, one per digit on PRI (libpri sends one INFORMATION
  // message per digit, t1e1-notes §1.4).
  bool one_callinfo_per_digit = false;
  // The calling name crosses into LINECALLINFO.dwCallerIDName (libpri carries it in a display
  // IE or a facility, depending on the switch type).
  bool carries_calling_name = true;
  // An offered call can be deflected (lineRedirect: board::kServiceDeflect; libpri 1.6 encodes
  // CallRerouting for EuroISDN and Q.SIG only, the ideal board always).
  bool deflects = true;
};

inline std::string span_label(const ::testing::TestParamInfo<SpanUnderTest>& info) {
  return info.param.label;
}

class SpanCall : public HostFixture, public ::testing::WithParamInterface<SpanUnderTest> {
 protected:
  void SetUp() override {
    start(GetParam().config);
    settle();
    line_ = open_line(0);
  }

  // PRI: as soon as the D-channel is up, the network side RESTARTs every idle channel (Q.931
  // §5.5), and a call crossing those RESTARTs is cleared (cause 41): the span is usable once
  // they are over. Nothing in TAPI shows it, so a probe call on the last channel waits for it:
  // the RESTARTs go in channel order before anything else on the D-channel, so once a call on
  // that channel is answered, every RESTART has been received and acknowledged.
  void settle() {
    if (std::string_view(GetParam().config).substr(0, 4) != "pri-") return;
    const LineHandle probe = open_line(host_->num_lines() - 1);
    bool answered = false;
    // Until the RESTART of its channel is acknowledged (our side NET restarts every idle
    // channel when the D-channel comes up) the channel refuses to be seized.
    for (int attempt = 0; attempt < 200 && !answered; ++attempt) {
      CallHandle call = 0;
      const LONG result = make_call(probe, "99005551000", call);
      if (result == LINEERR_CALLUNAVAIL) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        continue;
      }
      ASSERT_EQ(result, 0);
      expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_DIALING}});
      for (;;) {
        const Message m = next_for_call(call);
        ASSERT_EQ(m.message, DWORD{LINE_CALLSTATE}) << describe(m);
        if (m.param1 == LINECALLSTATE_CONNECTED) answered = true;
        if (m.param1 == LINECALLSTATE_CONNECTED || m.param1 == LINECALLSTATE_DISCONNECTED) break;
      }
      drop_and_close(call);
    }
    ASSERT_TRUE(answered) << "the span never settled";
    EXPECT_EQ(host_->line_close(probe), 0);
  }

  // The far end offers a call on line 0's channel; consumes OFFERING and its LINE_CALLINFO.
  CallHandle offer(const char* calling = "2125550123", const char* called = "1001",
                   const char* calling_name = "") {
    EXPECT_EQ(sim(line_, sim::kSimInjectIncoming, calling, called, 0, 0, calling_name), 0);
    const CallHandle call = wait_new_call(line_);
    expect_sequence(call,
                    {{LINE_CALLSTATE, LINECALLSTATE_OFFERING, LINEOFFERINGMODE_ACTIVE},
                     {LINE_CALLINFO, LINECALLINFOSTATE_CALLERID | LINECALLINFOSTATE_CALLEDID}});
    return call;
  }

  // Places a call to a "99CC" number the far end answers at once; consumes up to CONNECTED.
  CallHandle connected_outgoing() {
    CallHandle call = 0;
    EXPECT_EQ(make_call(line_, "99005551000", call), 0);
    expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_DIALING},
                           {LINE_CALLSTATE, LINECALLSTATE_PROCEEDING},
                           {LINE_CALLSTATE, LINECALLSTATE_CONNECTED, LINECONNECTEDMODE_ACTIVE}});
    return call;
  }

  // Nothing left behind: no call slot allocated, no request outstanding.
  void expect_no_leak() {
    EXPECT_EQ(line_status(line_).dwCallsInUse, 0u);
    EXPECT_EQ(host_->checker().outstanding_requests(), 0u);
  }

  LineHandle line_ = 0;
};

}  // namespace spantsp::contract
