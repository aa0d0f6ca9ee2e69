#pragma once
// The fixture of the PRI span-state tests (pri_span_state_test.cpp and, for the faults only
// libpri's Q.921 timers detect, pri_span_state_realtime_test.cpp): line 0 selects the service
// changes with lineSetStatusMessages, line 1 selects nothing and must hear nothing. Also the
// list of PRI spans every PRI contract suite runs on (pri_spans()).

#include <string_view>

#include "tests/contract/span_call_scenarios.h"

namespace spantsp::contract {

inline constexpr DWORD kRed = 1, kYellow = 2, kBlue = 4;
inline constexpr DWORD kServiceStates = LINEDEVSTATE_OUTOFSERVICE | LINEDEVSTATE_INSERVICE;

class PriSpanState : public SpanCall {
 protected:
  void SetUp() override {
    start(GetParam().config);
    settle();
    // Line 0 asks for the service changes; line 1 asks for nothing and must hear nothing.
    host::OpenParams service;
    service.line_states = kServiceStates;
    line_ = open_line(0, service);
    host::OpenParams nothing;
    nothing.line_states = 0;
    quiet_ = open_line(1, nothing);
  }

  void alarm(DWORD alarms) { ASSERT_EQ(sim(line_, sim::kSimSpanAlarm, "", "", 0, alarms), 0); }

  void expect_out_of_service() {
    EXPECT_TRUE(wait_line_dev_state(line_, LINEDEVSTATE_OUTOFSERVICE));
    LINEDEVSTATUS fixed{};
    const SpanTspLineDevStatus extra = line_status(line_, &fixed);
    EXPECT_EQ(extra.dwSpanInService, 0u);
    EXPECT_EQ(fixed.dwDevStatusFlags & LINEDEVSTATUSFLAGS_INSERVICE, 0u);
    EXPECT_EQ(fixed.dwLineFeatures, 0u);
    // tspi-contract §4 step 2: an unusable line refuses at once, nothing is seized.
    CallHandle refused = 0;
    EXPECT_EQ(host_->line_make_call(line_, std::string_view("5551000"), nullptr, refused),
              LINEERR_INVALLINESTATE);
    EXPECT_EQ(host_->line_make_call(quiet_, std::string_view("5551000"), nullptr, refused),
              LINEERR_INVALLINESTATE);
    // Nor can the far end call in.
    EXPECT_EQ(sim(line_, sim::kSimInjectIncoming, "2125550123", "1001"), LINEERR_OPERATIONFAILED);
  }

  void expect_back_in_service() {
    EXPECT_TRUE(wait_line_dev_state(line_, LINEDEVSTATE_INSERVICE));
    LINEDEVSTATUS fixed{};
    const SpanTspLineDevStatus extra = line_status(line_, &fixed);
    EXPECT_EQ(extra.dwSpanInService, 1u);
    EXPECT_EQ(fixed.dwDevStatusFlags & LINEDEVSTATUSFLAGS_INSERVICE,
              DWORD{LINEDEVSTATUSFLAGS_INSERVICE});
    // Q.921 carries on over the restored D-channel, both ways.
    drop_and_close(connected_outgoing());
    const CallHandle call = offer();
    EXPECT_EQ(wait_reply(host_->line_answer(call)), 0);
    expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_CONNECTED, LINECONNECTEDMODE_ACTIVE}});
    drop_and_close(call);
  }

  void TearDown() override {
    if (host_) {
      expect_no_leak();
      // The line that selected no LINEDEVSTATE_ messages got none (tspi-contract §6).
      EXPECT_EQ(take_line_dev_states(quiet_, ~DWORD{0}), 0u);
    }
    SpanCall::TearDown();
  }

  LineHandle quiet_ = 0;
};

// Every PRI switch type on the span types libpri offers it for, both node sides (we are NET
// on the DMS-100, E1 EuroISDN-NET and E1 QSIG spans). The calling name of the switch's calls:
// libpri's EuroISDN sends it (display IE) only from the network side, as ETSI has it, so it
// does not reach us where we are the network; NI-2, 5ESS, DMS-100 and Q.SIG (a ROSE facility,
// pri_controller.cpp) carry it both ways (sim_pri_span_test, CallingNameTest).
inline auto pri_spans() {
  return ::testing::Values(
      SpanUnderTest{"T1_NI2_CPE", "pri-1t1-ni2.toml", true, true, false},
      SpanUnderTest{"T1_5ESS_CPE", "pri-1t1-5ess.toml", true, true, false},
      SpanUnderTest{"T1_DMS100_NET", "pri-1t1-dms100.toml", true, true, false},
      SpanUnderTest{"T1_EuroISDN_CPE", "pri-1t1-euroisdn.toml", true, true},
      SpanUnderTest{"T1_QSIG_CPE", "pri-1t1-qsig.toml", true, true},
      SpanUnderTest{"E1_EuroISDN_CPE", "pri-1e1-euroisdn.toml", true, true},
      SpanUnderTest{"E1_EuroISDN_NET", "pri-1e1-euroisdn-net.toml", true, false},
      SpanUnderTest{"E1_QSIG_NET", "pri-1e1-qsig.toml", true, true});
}

}  // namespace spantsp::contract
