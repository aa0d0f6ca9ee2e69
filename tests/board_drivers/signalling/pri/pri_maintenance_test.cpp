// B-channel maintenance between our pri signalling and the sim far-end switch: RESTART on
// D-channel up and on the switch's request, SERVICE in and out of service, and the sim
// controls that drive them (sim_control.h). Virtual clock (virtual_clock.h): no real waiting.

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "board_drivers/signalling/ideal/ideal_span.h"
#include "board_drivers/sim/pri/sim_pri_span.h"
#include "board_drivers/sim/sim_control.h"
#include "tests/board_drivers/signalling/pri/pri_test_requests.h"
#include "tests/board_drivers/signalling/pri/virtual_span_fixture.h"

namespace spantsp::pri {
namespace {

using test::call_to;
using test::control;
using test::RecordingEvents;
using test::VirtualClock;
using Log = std::vector<std::string>;

class PriMaintenanceTest : public test::VirtualSpanFixture {};

TEST_F(PriMaintenanceTest, TheNetworkRestartsItsIdleChannelsWhenTheDChannelComesUp) {
  start(PRI_NETWORK);
  EXPECT_EQ(span_->ours().stats().restarts_sent, 3u);
  EXPECT_EQ(span_->ours().stats().restart_acks, 3u);
  EXPECT_EQ(span_->far_end().restarts_received(), 3u);
  EXPECT_EQ(span_->far_end().restarts_sent(), 0u);  // the user side only answers
  connect(1);
}

TEST_F(PriMaintenanceTest, ACallPlacedWhileItsChannelRestartsWaitsForTheAcknowledgement) {
  span_ = std::make_unique<SimPriSpan>(std::vector<int>{1, 2, 3}, PRI_NETWORK, PRI_SWITCH_NI2,
                                       false, config::TrafficProfile{}, 0);
  span_->start(events_, wheel_);
  for (int ms = 0; ms < 50 && span_->ours().stats().restarts_sent == 0; ++ms) clock_.run_for(1);
  ASSERT_EQ(span_->ours().stats().restarts_sent, 3u);
  ASSERT_EQ(span_->ours().stats().restart_acks, 0u);
  // Both calls are seized now; their SETUPs (the second one's digits added while it waits)
  // follow their channels' RESTART ACKNOWLEDGEs instead of meeting the restarts.
  ASSERT_TRUE(span_->place_call(1, call_to("5551234")));
  ASSERT_TRUE(span_->place_call(2, call_to("555", false)));
  span_->send_digits(2, "1234", true);
  clock_.run_for(100);
  EXPECT_EQ(span_->ours().stats().restart_acks, 3u);
  EXPECT_EQ(span_->ours().stats().restart_clears, 0u);
  EXPECT_EQ(events_.take(), (Log{"proceeding 1", "alerting 1", "connected 1", "proceeding 2",
                                 "alerting 2", "connected 2"}));
  EXPECT_EQ(span_->far_end().last_setup().called.view(), "5551234");
}

TEST_F(PriMaintenanceTest, NoRestartsOnDChannelUpWhenWeAreTheUserSide) {
  start(PRI_CPE);
  EXPECT_EQ(span_->ours().stats().restarts_sent, 0u);
  EXPECT_EQ(span_->ours().stats().restarts_received, 0u);  // the sim network restarts on request
  EXPECT_EQ(span_->far_end().restarts_sent(), 0u);
}

TEST_F(PriMaintenanceTest, ARestartOfABusyChannelClearsOnlyItsCall) {
  start();
  connect(1);
  connect(2);
  ASSERT_EQ(send(1, control(sim::kSimRestartChannel)), board::ControlResult::kOk);
  EXPECT_EQ(events_.take(), Log{});  // no re-entry: the report comes with the RESTART
  clock_.run_for(100);
  EXPECT_EQ(events_.take(), Log{"disconnected 1 41"});
  span_->release(1, board::cause::kNormalClearing);  // nothing left on the wire to clear
  clock_.run_for(1);
  EXPECT_EQ(events_.take(), Log{"released 1"});
  EXPECT_EQ(span_->ours().stats().restart_clears, 1u);
  EXPECT_EQ(span_->ours().channel_state(2), signalling::ChannelState::kConnected);
  connect(1);  // idle again on both sides
  EXPECT_EQ(span_->ours().stats().restart_acks, 0u);
}

TEST_F(PriMaintenanceTest, ARestartOfTheSpanClearsEveryCall) {
  start(PRI_NETWORK, PRI_SWITCH_EUROISDN_E1);
  connect(1);
  connect(3);
  ASSERT_EQ(send(2, control(sim::kSimRestartSpan)), board::ControlResult::kOk);
  clock_.run_for(100);
  EXPECT_EQ(events_.take(), (Log{"disconnected 1 41", "disconnected 3 41"}));
  span_->release(3, board::cause::kNormalClearing);
  span_->release(1, board::cause::kNormalClearing);
  clock_.run_for(1);
  EXPECT_EQ(events_.take(), (Log{"released 3", "released 1"}));
  connect(3);
}

TEST_F(PriMaintenanceTest, ARestartWhileWeClearFinishesOurClearing) {
  start();
  connect(1);
  span_->far_end().set_mute(true);  // our DISCONNECT goes unanswered
  span_->release(1, board::cause::kNormalClearing);
  clock_.run_for(100);
  span_->far_end().set_mute(false);
  ASSERT_EQ(send(1, control(sim::kSimRestartChannel)), board::ControlResult::kOk);
  clock_.run_for(100);
  EXPECT_EQ(events_.take(), Log{"released 1"});
  clock_.run_for(40'000);  // no T305/T308 left running for the call
  EXPECT_EQ(events_.take(), Log{});
  connect(1);
}

TEST_F(PriMaintenanceTest, RestartControlsNeedTheDChannelAndALine) {
  start();
  EXPECT_EQ(send(9, control(sim::kSimRestartChannel)), board::ControlResult::kInvalid);
  span_->d_channel().set_cut(true);
  EXPECT_EQ(send(1, control(sim::kSimRestartChannel)), board::ControlResult::kRejected);
  EXPECT_EQ(send(1, control(sim::kSimRestartSpan)), board::ControlResult::kRejected);
  EXPECT_EQ(send(1, control(sim::kSimServiceChannel, {.alarms = 2})),
            board::ControlResult::kRejected);
}

// The switch still holds channel 2 after our clearing ran out of T308 (it never heard the
// end of the call). An exclusive SETUP there is refused; a preferred one is answered on another
// channel, which the line cannot follow; a RESTART of channel 2 ends the stale call.
TEST_F(PriMaintenanceTest, APreferredChannelTheNetworkMovesIsClearedUntilTheChannelIsRestarted) {
  start();
  ASSERT_TRUE(span_->place_call(2, call_to("9917555")));  // busy: the network disconnects
  clock_.run_for(100);
  ASSERT_EQ(events_.take(), (Log{"proceeding 2", "disconnected 2 17"}));
  span_->far_end().set_mute(true);
  span_->release(2, board::cause::kNormalClearing);
  clock_.run_for(9'000);  // T308 twice
  ASSERT_EQ(events_.take(), Log{"released 2"});
  span_->far_end().set_mute(false);

  board::CallSetup preferred = call_to("5551234");
  preferred.channel_exclusive = false;
  ASSERT_TRUE(span_->place_call(2, preferred));
  clock_.run_for(100);
  EXPECT_EQ(events_.take(), Log{"disconnected 2 44"});
  EXPECT_EQ(span_->far_end().moved_setups(), 1u);
  EXPECT_EQ(span_->ours().stats().moved_calls, 1u);
  span_->release(2, board::cause::kNormalClearing);
  clock_.run_for(100);
  EXPECT_EQ(events_.take(), Log{"released 2"});
  EXPECT_TRUE(span_->far_end().far().channel_idle(0));  // the channel it picked is free again
  EXPECT_EQ(span_->ours().channel_state(1), signalling::ChannelState::kIdle);

  ASSERT_TRUE(span_->place_call(2, call_to("5551234")));  // exclusive: refused outright
  clock_.run_for(100);
  EXPECT_EQ(events_.take(), Log{"disconnected 2 44"});
  span_->release(2, board::cause::kNormalClearing);
  clock_.run_for(100);
  EXPECT_EQ(events_.take(), Log{"released 2"});

  ASSERT_EQ(send(2, control(sim::kSimRestartChannel)), board::ControlResult::kOk);
  clock_.run_for(100);
  EXPECT_EQ(events_.take(), Log{});
  connect(2);
  EXPECT_EQ(span_->far_end().unmatched_events(), 0u);
}

class PriServiceTest : public PriMaintenanceTest, public ::testing::WithParamInterface<int> {};

TEST_P(PriServiceTest, OutOfServiceReachesTheCoreAndBlocksTheChannelUntilBackInService) {
  start(PRI_CPE, GetParam());
  ASSERT_EQ(send(2, control(sim::kSimServiceChannel, {.alarms = 2})), board::ControlResult::kOk);
  EXPECT_EQ(events_.take(), Log{});
  clock_.run_for(100);
  EXPECT_EQ(events_.take(), Log{"service 2 out"});
  EXPECT_EQ(span_->far_end().service_acks(), 1u);  // libpri acknowledged it for us
  EXPECT_FALSE(span_->ours().channel_in_service(2));
  EXPECT_FALSE(span_->place_call(2, call_to("5551234")));
  connect(1);  // the others are unaffected
  // The same status again changes nothing; maintenance (1) is out of service too.
  ASSERT_EQ(send(2, control(sim::kSimServiceChannel, {.alarms = 1})), board::ControlResult::kOk);
  clock_.run_for(100);
  EXPECT_EQ(events_.take(), Log{});
  ASSERT_EQ(send(2, control(sim::kSimServiceChannel, {.alarms = 0})), board::ControlResult::kOk);
  clock_.run_for(100);
  EXPECT_EQ(events_.take(), Log{"service 2 in"});
  EXPECT_EQ(span_->far_end().service_acks(), 3u);
  connect(2);
}

TEST_P(PriServiceTest, AChannelOutOfServiceIsNotRestartedOnDChannelUp) {
  start(PRI_NETWORK, GetParam());
  ASSERT_EQ(send(3, control(sim::kSimServiceChannel, {.alarms = 2})), board::ControlResult::kOk);
  clock_.run_for(100);
  EXPECT_EQ(events_.take(), Log{"service 3 out"});
  const std::uint64_t sent = span_->ours().stats().restarts_sent;
  span_->d_channel().set_cut(true);
  clock_.run_for(20'000);
  span_->d_channel().set_cut(false);
  clock_.run_for(2'000);
  EXPECT_EQ(events_.take(), (Log{"status down", "status up"}));
  EXPECT_EQ(span_->ours().stats().restarts_sent, sent + 2);
}

INSTANTIATE_TEST_SUITE_P(SwitchesWithService, PriServiceTest,
                         ::testing::Values(PRI_SWITCH_NI2, PRI_SWITCH_ATT4ESS, PRI_SWITCH_LUCENT5E),
                         [](const ::testing::TestParamInfo<int>& param) -> std::string {
                           switch (param.param) {
                             case PRI_SWITCH_NI2:
                               return "Ni2";
                             case PRI_SWITCH_ATT4ESS:
                               return "Att4ess";
                             default:
                               return "Lucent5e";
                           }
                         });

TEST_F(PriMaintenanceTest, ServiceIsUnsupportedWhereTheSwitchTypeHasNone) {
  for (int type : {PRI_SWITCH_EUROISDN_E1, PRI_SWITCH_DMS100, PRI_SWITCH_QSIG, PRI_SWITCH_NI1}) {
    SCOPED_TRACE(type);
    start(PRI_CPE, type);
    EXPECT_EQ(send(1, control(sim::kSimServiceChannel, {.alarms = 2})),
              board::ControlResult::kUnsupported);
    clock_.run_for(100);
    EXPECT_EQ(events_.take(), Log{});
    span_->stop();
  }
}

TEST_F(PriMaintenanceTest, AMalformedServiceStatusIsInvalid) {
  start();
  EXPECT_EQ(send(1, control(sim::kSimServiceChannel, {.alarms = 3})),
            board::ControlResult::kInvalid);
}

TEST(IdealMaintenanceTest, TheIdealBoardHasNoRestartOrServiceControls) {
  pipeline::TimerWheel wheel{0};
  RecordingEvents events;
  ideal::IdealSpan span(std::vector<int>{1, 2}, config::TrafficProfile{}, 0);
  span.start(events, wheel);
  for (std::uint32_t op :
       {sim::kSimRestartChannel, sim::kSimRestartSpan, sim::kSimServiceChannel}) {
    sim::SimControl c = control(op);
    EXPECT_EQ(span.device_specific(1, &c, sizeof c), board::ControlResult::kUnsupported) << op;
  }
  span.stop();
}

}  // namespace
}  // namespace spantsp::pri
