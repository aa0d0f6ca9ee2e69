// The D-channel lost with no layer-1 alarm (sim alarm bit 3: the far switch's signalling link
// is gone, the line itself is fine). Nothing tells our side but Q.921: libpri finds the link
// dead when T203 (10 s without a frame) and then N200 polls (T200, 1 s each) go unanswered, so
// each test here waits 5-15 s of real time (kPatience, 20 s, still covers each wait). The
// span-level equivalents on a virtual clock, with exact times, are the PRI timer tests.

#include <vector>

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

// D-channel admission control through the host (config `dchannel_backlog` = 2, pri_span.h
// admit_call): with the link cut, SETUPs wait in libpri's Q.921 queue unacknowledged, and the
// lineMakeCall that finds two frames queued is refused with LINEERR_RESOURCEUNAVAIL, nothing
// seized. Once the link is back, libpri's T200 retransmission carries the SETUPs, the switch
// acknowledges them and a lineMakeCall on the refused line is accepted again. Real time only
// decides that the requests come within the 4 s libpri gives a cut link with frames pending
// (T200 x (N200 + 1)); the refusal at the bound on a virtual clock, with exact backlogs, is
// tests/board_drivers/signalling/pri/pri_admission_test.cpp.
class PriAdmission : public SpanCall {};

INSTANTIATE_TEST_SUITE_P(Pri, PriAdmission,
                         ::testing::Values(SpanUnderTest{"T1_NI2_CPE_Bound2",
                                                         "pri-1t1-ni2-backlog2.toml"}),
                         span_label);

TEST_P(PriAdmission, RefusedWithResourceUnavailAtTheBoundAndAcceptedOnceTheBacklogDrains) {
  const LineHandle lines[] = {line_, open_line(1), open_line(2)};
  ASSERT_EQ(sim(line_, sim::kSimSpanAlarm, "", "", 0, kSignallingDown), 0);
  // Each SETUP waits unacknowledged. Two reach the bound; one when the settling call's last
  // frame still awaited the switch's acknowledgement at the cut (it is a few ms behind).
  std::vector<CallHandle> placed;
  LONG result = 0;
  for (const LineHandle line : lines) {
    CallHandle call = 0;
    result = make_call(line, "99005551000", call);
    if (result != 0) break;
    placed.push_back(call);
  }
  EXPECT_EQ(result, LINEERR_RESOURCEUNAVAIL);
  ASSERT_GE(placed.size(), 1u);
  ASSERT_LE(placed.size(), 2u);
  const LineHandle refused_line = lines[placed.size()];  // nothing seized there

  ASSERT_EQ(sim(line_, sim::kSimSpanAlarm, "", "", 0, 0), 0);
  for (const CallHandle call : placed) {
    expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_DIALING},
                           {LINE_CALLSTATE, LINECALLSTATE_PROCEEDING},
                           {LINE_CALLSTATE, LINECALLSTATE_CONNECTED}});
  }
  // The switch's acknowledgement may trail its CALL PROCEEDING by a frame: ask until admitted.
  CallHandle admitted = 0;
  const auto deadline = std::chrono::steady_clock::now() + kPatience;
  do {
    result = make_call(refused_line, "99005551000", admitted);
    if (result == LINEERR_RESOURCEUNAVAIL)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
  } while (result == LINEERR_RESOURCEUNAVAIL && std::chrono::steady_clock::now() < deadline);
  ASSERT_EQ(result, 0);
  expect_sequence(admitted, {{LINE_CALLSTATE, LINECALLSTATE_DIALING},
                             {LINE_CALLSTATE, LINECALLSTATE_PROCEEDING},
                             {LINE_CALLSTATE, LINECALLSTATE_CONNECTED}});
  placed.push_back(admitted);
  for (const CallHandle call : placed) drop_and_close(call);
}

}  // namespace
}  // namespace spantsp::contract
