// The D-channel lost with no layer-1 alarm (sim alarm bit 3: the far switch's signalling link
// is gone, the line itself is fine). Nothing tells our side but Q.921: libpri finds the link
// dead when T203 (10 s without a frame) and then N200 polls (T200, 1 s each) go unanswered, so
// each test here waits 5-15 s of real time (kPatience, 20 s, still covers each wait). The
// span-level equivalents on a virtual clock, with exact times, are the PRI timer tests.

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

// The call is cleared (libpri's cause 27 once layer 2 is released, reported as 38: OUTOFORDER,
// T309 not running). The first call after recovery also proves the link's confirmation: both
// ends find the loss at the same T200 tick and retry in step, so the cut often ends between
// the switch's SABME and ours; our SETUP is then held until the switch re-establishes
// (pri_controller.h, "Link confirmation") instead of being lost to it.
TEST_P(PriSpanState, DChannelLostDuringACallClearsIt) {
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
