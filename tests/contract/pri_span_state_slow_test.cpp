// The D-channel lost with no layer-1 alarm (sim alarm bit 3: the far switch's signalling link
// is gone, the line itself is fine). Nothing tells our side but Q.921: libpri finds the link
// dead when T203 (10 s without a frame) and then N200 polls (T200, 1 s each) go unanswered, so
// each test here waits some 13 s of real time. Label `slow`, out of the default run; the
// span-level equivalents on a virtual clock are the PRI timer tests.

#include "tests/contract/pri_span_state.h"

namespace spantsp::contract {
namespace {

constexpr DWORD kSignallingDown = 8;

INSTANTIATE_TEST_SUITE_P(Pri, PriSpanState,
                         ::testing::Values(SpanUnderTest{"T1_NI2_CPE", "pri-1t1-ni2.toml"},
                                           SpanUnderTest{"E1_EuroISDN_NET",
                                                         "pri-1e1-euroisdn-net.toml"}),
                         span_label);

TEST_P(PriSpanState, DChannelLostWhileIdleTakesTheLinesOutOfServiceUntilBack) {
  alarm(kSignallingDown);
  expect_out_of_service();
  alarm(0);
  expect_back_in_service();
}

// KNOWN FAILURE (flaky: it passed 7 of 8 runs alone, and failed most runs with another test
// in parallel): the call is cleared as expected (libpri's cause 27 once layer 2 is released,
// reported as 38: OUTOFORDER, T309 not running) and the lines go out of service and back in, but
// the first call after the D-channel came back can fail right after DIALING with
// LINEDISCONNECTMODE_UNKNOWN. A pcap trace (`trace` key) shows why: both ends retry SABME in
// lockstep (both detected the loss at the same instant), one UA crosses, our SETUP goes out as the
// first I-frame, then a second SABME re-establishes the link and the SETUP is lost behind it; the
// switch answers the next frames with STATUS / RELEASE COMPLETE cause 101 (message not compatible
// with call state). A far-end T200 out of step with ours did not cure it. Enable once link
// re-establishment after a loss is fixed (e.g. the sim switch leaving set-up to our side, or our
// side holding SETUPs until the link has been up for a moment).
TEST_P(PriSpanState, DISABLED_DChannelLostDuringACallClearsIt) {
  const CallHandle call = connected_outgoing();
  alarm(kSignallingDown);
  expect_sequence(call,
                  {{LINE_CALLSTATE, LINECALLSTATE_DISCONNECTED, LINEDISCONNECTMODE_OUTOFORDER}});
  expect_out_of_service();
  drop_and_close(call);
  alarm(0);
  expect_back_in_service();
}

}  // namespace
}  // namespace spantsp::contract
