// The pri signalling module against the libpri far-end switch, back to back on one virtual
// TimerWheel: the exact reports each call outcome produces (t1e1-notes §1.4 cycle).

#include "board_drivers/sim/pri/sim_pri_span.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "board_drivers/sim/sim_control.h"
#include "tests/board_drivers/recording_events.h"
#include "tests/board_drivers/signalling/pri/pri_test_requests.h"

namespace spantsp::pri {
namespace {

using test::call_to;
using test::control;
using test::RecordingEvents;
using test::run_for;
using Log = std::vector<std::string>;

class SimPriSpanTest : public ::testing::Test {
 protected:
  void start(int switch_type = PRI_SWITCH_NI2, bool alaw = false,
             const config::TrafficProfile& traffic = {}) {
    span_ = std::make_unique<SimPriSpan>(std::vector<int>{1, 2, 3}, PRI_CPE, switch_type, alaw,
                                         traffic, 0);
    span_->start(events_, wheel_);
    run_for(wheel_, 50);  // SABME/UA both ways: the D-channel is up
    EXPECT_EQ(events_.take(), Log{});
  }
  void TearDown() override {
    if (span_) span_->stop();
  }
  board::ControlResult send(sim::SimControl c) { return span_->device_specific(1, &c, sizeof c); }

  pipeline::TimerWheel wheel_{1'000'000};
  RecordingEvents events_;
  std::unique_ptr<SimPriSpan> span_;
};

TEST_F(SimPriSpanTest, OutgoingAnsweredRunsProceedingAlertingConnectedThenClears) {
  start();
  ASSERT_TRUE(span_->place_call(1, call_to("5551234")));
  EXPECT_EQ(events_.take(), Log{});  // no re-entry: nothing inside the command
  run_for(wheel_, 100);
  EXPECT_EQ(events_.take(), (Log{"proceeding 1", "alerting 1", "connected 1"}));
  span_->release(1, board::cause::kNormalClearing);
  run_for(wheel_, 100);
  EXPECT_EQ(events_.take(), (Log{"released 1"}));
  EXPECT_EQ(span_->ours().channel_state(1), signalling::ChannelState::kIdle);
}

TEST_F(SimPriSpanTest, ACallCycleCostsWhatTheDChannelBudgetSays) {
  start();
  const std::uint64_t ours_before = span_->d_channel().stats(io::DChannel::kA).line_bits;
  const std::uint64_t far_before = span_->d_channel().stats(io::DChannel::kB).line_bits;
  const std::uint64_t t0 = wheel_.now_ms();
  ASSERT_TRUE(span_->place_call(1, call_to("5551234")));
  run_for(wheel_, 100);
  span_->release(1, board::cause::kNormalClearing);
  run_for(wheel_, 100);
  EXPECT_EQ(events_.take(), (Log{"proceeding 1", "alerting 1", "connected 1", "released 1"}));
  const std::uint64_t ours = span_->d_channel().stats(io::DChannel::kA).line_bits - ours_before;
  const std::uint64_t far = span_->d_channel().stats(io::DChannel::kB).line_bits - far_before;
  // t1e1-notes §6 measured 931 / 756 bits for a minimal NI-2 cycle; our SETUP also carries a
  // calling name, and acknowledgements depend on timing.
  EXPECT_GT(ours, 700u);
  EXPECT_LT(ours, 1300u);
  EXPECT_GT(far, 500u);
  EXPECT_LT(far, 1100u);
  // At 64 kb/s that is 10-20 ms of line per direction, so a cycle cannot finish in 0 ms.
  EXPECT_GE(span_->d_channel().line_free_us(io::DChannel::kA), t0 * 1000 + ours * 1000 / 64);
  RecordProperty("bits_ours_to_far", static_cast<int>(ours));  // 993 when written
  RecordProperty("bits_far_to_ours", static_cast<int>(far));   // 723
}

TEST_F(SimPriSpanTest, BusyNumberDisconnectsWithCause17) {
  start();
  ASSERT_TRUE(span_->place_call(2, call_to("9917555")));
  run_for(wheel_, 100);
  EXPECT_EQ(events_.take(), (Log{"proceeding 2", "disconnected 2 17"}));
  span_->release(2, board::cause::kNormalClearing);
  run_for(wheel_, 100);
  EXPECT_EQ(events_.take(), (Log{"released 2"}));
}

TEST_F(SimPriSpanTest, RejectedNumberDisconnectsWithCause21) {
  start();
  ASSERT_TRUE(span_->place_call(3, call_to("9921555")));
  run_for(wheel_, 100);
  EXPECT_EQ(events_.take(), (Log{"proceeding 3", "disconnected 3 21"}));
  span_->release(3, board::cause::kNormalClearing);
  run_for(wheel_, 100);
  EXPECT_EQ(events_.take(), (Log{"released 3"}));
}

TEST_F(SimPriSpanTest, CongestionCausesFollowCallProceeding) {
  start();
  for (const char* number : {"9934555", "9942555", "9901555"}) {
    SCOPED_TRACE(number);
    ASSERT_TRUE(span_->place_call(2, call_to(number)));
    run_for(wheel_, 100);
    const std::string cause(number + 2, 2);
    EXPECT_EQ(events_.take(),
              (Log{"proceeding 2", "disconnected 2 " + std::to_string(std::stoi(cause))}));
    span_->release(2, board::cause::kNormalClearing);
    run_for(wheel_, 100);
    EXPECT_EQ(events_.take(), (Log{"released 2"}));
  }
}

// progress_tones + refusal_tone_ms: PROGRESS with progress indicator 8 (in-band information)
// at once, the tone for refusal_tone_ms, then DISCONNECT with the cause.
TEST_F(SimPriSpanTest, RefusalToneComesWithProgressThenDisconnectAfterIt) {
  config::TrafficProfile traffic;
  traffic.progress_tones = true;
  traffic.refusal_tone_ms = 2'000;
  start(PRI_SWITCH_NI2, false, traffic);
  struct Case {
    const char* number;
    int cause;
  };
  for (const Case& c : {Case{"9917555", 17}, Case{"9901555", 1}, Case{"9934555", 34}}) {
    SCOPED_TRACE(c.number);
    ASSERT_TRUE(span_->place_call(2, call_to(c.number)));
    run_for(wheel_, 1'900);
    EXPECT_EQ(events_.take(), (Log{"proceeding 2", "progress 2 inband"}));
    run_for(wheel_, 200);
    EXPECT_EQ(events_.take(), (Log{"disconnected 2 " + std::to_string(c.cause)}));
    span_->release(2, board::cause::kNormalClearing);
    run_for(wheel_, 100);
    EXPECT_EQ(events_.take(), (Log{"released 2"}));
  }
  const sim::SimSpanStats& stats = span_->far_end().far().counters();
  EXPECT_EQ(stats.busy_tones_played, 1u);
  EXPECT_EQ(stats.sit_tones_played, 1u);
  EXPECT_EQ(stats.reorder_tones_played, 1u);
}

TEST_F(SimPriSpanTest, IncomingAnsweredThenClearedByTheFarEnd) {
  start();
  ASSERT_EQ(send(control(sim::kSimInjectIncoming, {.calling = "2125550001", .called = "1001"})),
            board::ControlResult::kOk);
  run_for(wheel_, 100);
  EXPECT_EQ(events_.take(), (Log{"incoming 1 2125550001->1001"}));
  span_->accept(1);
  run_for(wheel_, 100);
  EXPECT_EQ(events_.take(), Log{});
  span_->answer(1);
  run_for(wheel_, 100);
  EXPECT_EQ(events_.take(), (Log{"connected 1"}));
  ASSERT_EQ(send(control(sim::kSimRemoteClear, {.cause = 16})), board::ControlResult::kOk);
  run_for(wheel_, 100);
  EXPECT_EQ(events_.take(), (Log{"disconnected 1 16"}));
  span_->release(1, board::cause::kNormalClearing);
  run_for(wheel_, 100);
  EXPECT_EQ(events_.take(), (Log{"released 1"}));
}

TEST_F(SimPriSpanTest, OverlapSendingCompletesOnT302) {
  start();
  ASSERT_TRUE(span_->place_call(1, call_to("555", false)));
  run_for(wheel_, 100);
  EXPECT_EQ(events_.take(), Log{});  // SETUP ACKNOWLEDGE: nothing to report
  span_->send_digits(1, "12", false);
  span_->send_digits(1, "34", true);
  run_for(wheel_, 100);
  EXPECT_EQ(events_.take(), Log{});
  run_for(wheel_, kT302Ms);
  EXPECT_EQ(events_.take(), (Log{"proceeding 1", "alerting 1", "connected 1"}));
  span_->release(1, board::cause::kNormalClearing);
  run_for(wheel_, 100);
  EXPECT_EQ(events_.take(), (Log{"released 1"}));
}

TEST_F(SimPriSpanTest, GlareTheNetworkWinsAndItsCallFollowsOurRelease) {
  config::TrafficProfile traffic;
  traffic.glare_share = 1.0;  // every SETUP of ours meets one of the far end's
  traffic.ani = {2125550000, 2125550000};
  traffic.dnis = {1001, 1001};
  start(PRI_SWITCH_NI2, false, traffic);
  ASSERT_TRUE(span_->place_call(2, call_to("5551234")));
  run_for(wheel_, 100);
  EXPECT_EQ(events_.take(), (Log{"disconnected 2 44"}));
  span_->release(2, board::cause::kNormalClearing);
  run_for(wheel_, 100);
  EXPECT_EQ(events_.take(), (Log{"released 2", "incoming 2 2125550000->1001"}));
  span_->answer(2);
  run_for(wheel_, 100);
  EXPECT_EQ(events_.take(), (Log{"connected 2"}));
  EXPECT_EQ(span_->ours().stats().glare, 1u);
}

TEST_F(SimPriSpanTest, RedAlarmClearsCallsWithCause38AndRefusesNewOnes) {
  start();
  ASSERT_TRUE(span_->place_call(1, call_to("5551234")));
  run_for(wheel_, 100);
  EXPECT_EQ(events_.take(), (Log{"proceeding 1", "alerting 1", "connected 1"}));
  sim::SimControl red = control(sim::kSimSpanAlarm);
  red.dwAlarms = 1;
  ASSERT_EQ(send(red), board::ControlResult::kOk);
  run_for(wheel_, 10);
  EXPECT_EQ(events_.take(), (Log{"status red up", "disconnected 1 38"}));
  EXPECT_FALSE(span_->place_call(2, call_to("5551234")));
  span_->release(1, board::cause::kNormalClearing);
  run_for(wheel_, 10);
  EXPECT_EQ(events_.take(), (Log{"released 1"}));
  EXPECT_TRUE(span_->d_channel().cut());
  ASSERT_EQ(send(control(sim::kSimSpanAlarm)), board::ControlResult::kOk);
  run_for(wheel_, 10);
  EXPECT_EQ(events_.take(), (Log{"status up"}));
  EXPECT_FALSE(span_->d_channel().cut());
  EXPECT_TRUE(span_->far_end().far().channel_idle(0));
}

TEST_F(SimPriSpanTest, IncomingOverlapDigitsArrivePerMessage) {
  start();
  ASSERT_EQ(send(control(sim::kSimInjectIncoming, {.calling = "2125550001", .called = "10+"})),
            board::ControlResult::kOk);
  run_for(wheel_, 100);
  EXPECT_EQ(events_.take(), (Log{"incoming 1 2125550001->10+"}));
  ASSERT_EQ(send(control(sim::kSimRemoteDigits, {.called = "23"})), board::ControlResult::kOk);
  run_for(wheel_, 100);
  // One INFORMATION per digit (libpri 1.6), reported as they come.
  EXPECT_EQ(events_.take(), (Log{"digits 1 2+", "digits 1 3+"}));
  span_->release(1, board::cause::kNormalClearing);
  run_for(wheel_, 100);
  EXPECT_EQ(events_.take(), (Log{"released 1"}));
}

TEST_F(SimPriSpanTest, OutgoingSetupCarriesTheRedirectingNumberAndTheChannelPreference) {
  start();
  board::CallSetup preferred = call_to("5551234");
  preferred.redirecting.assign("2125550199");
  preferred.channel_exclusive = false;
  ASSERT_TRUE(span_->place_call(1, preferred));
  run_for(wheel_, 100);
  EXPECT_EQ(events_.take(), (Log{"proceeding 1", "alerting 1", "connected 1"}));
  const board::CallSetup& heard = span_->far_end().last_setup();
  EXPECT_EQ(heard.called.view(), "5551234");
  EXPECT_EQ(heard.calling.view(), "3012300001");
  EXPECT_EQ(heard.redirecting.view(), "2125550199");
  EXPECT_FALSE(heard.channel_exclusive);

  ASSERT_TRUE(span_->place_call(2, call_to("+442071234567")));  // exclusive, no redirection
  run_for(wheel_, 100);
  EXPECT_EQ(events_.take(), (Log{"proceeding 2", "alerting 2", "connected 2"}));
  const board::CallSetup& second = span_->far_end().last_setup();
  EXPECT_EQ(second.called.view(), "442071234567");  // '+' went as the type of number
  EXPECT_TRUE(second.redirecting.empty());
  EXPECT_TRUE(second.channel_exclusive);
}

TEST_F(SimPriSpanTest, IncomingSetupsSayTheirChannelIsExclusive) {
  start();
  ASSERT_EQ(send(control(sim::kSimInjectIncoming, {.calling = "2125550001", .called = "1001"})),
            board::ControlResult::kOk);
  run_for(wheel_, 100);
  EXPECT_EQ(events_.take(), (Log{"incoming 1 2125550001->1001"}));
  EXPECT_TRUE(events_.last_setup.channel_exclusive);
  EXPECT_TRUE(events_.last_setup.redirecting.empty());
}

TEST_F(SimPriSpanTest, EuroIsdnOnE1TimeslotsAboveSixteen) {
  span_ = std::make_unique<SimPriSpan>(std::vector<int>{1, 17, 31}, PRI_CPE, PRI_SWITCH_EUROISDN_E1,
                                       true, config::TrafficProfile{}, 0);
  span_->start(events_, wheel_);
  run_for(wheel_, 50);
  ASSERT_TRUE(span_->place_call(31, call_to("+4930555")));
  run_for(wheel_, 100);
  EXPECT_EQ(events_.take(), (Log{"proceeding 31", "alerting 31", "connected 31"}));
  sim::SimControl offer =
      control(sim::kSimInjectIncoming, {.calling = "301230001", .called = "1017"});
  ASSERT_EQ(span_->device_specific(17, &offer, sizeof offer), board::ControlResult::kOk);
  run_for(wheel_, 100);
  EXPECT_EQ(events_.take(), (Log{"incoming 17 301230001->1017"}));
  span_->answer(17);
  run_for(wheel_, 100);
  EXPECT_EQ(events_.take(), (Log{"connected 17"}));
  span_->release(17, board::cause::kNormalClearing);
  span_->release(31, board::cause::kNormalClearing);
  run_for(wheel_, 100);
  EXPECT_EQ(events_.take(), (Log{"released 17", "released 31"}));
}

// The calling name, both ways, by switch type and side. libpri carries it in a display IE
// (NI-2, 5ESS, DMS-100 both ways; EuroISDN only from the network side, as ETSI has it) or, on
// Q.SIG, in a ROSE callingName facility (our controllers enable facilities for Q.SIG).
struct NameCase {
  const char* label;
  int switch_type;
  int our_node;
  bool name_out;  // our SETUP's name reaches the switch
  bool name_in;   // the switch's SETUP's name reaches us
};

class CallingNameTest : public ::testing::TestWithParam<NameCase> {
 protected:
  pipeline::TimerWheel wheel_{1'000'000};
  RecordingEvents events_;
};

TEST_P(CallingNameTest, CrossesWhereTheSwitchTypeCarriesIt) {
  const NameCase& p = GetParam();
  SimPriSpan span(std::vector<int>{1, 2}, p.our_node, p.switch_type, false,
                  config::TrafficProfile{}, 0);
  span.start(events_, wheel_);
  run_for(wheel_, 50);
  ASSERT_TRUE(span.place_call(1, call_to("5551234")));  // named "Reception"
  run_for(wheel_, 100);
  EXPECT_EQ(events_.take(), (Log{"proceeding 1", "alerting 1", "connected 1"}));
  EXPECT_EQ(span.far_end().last_setup().calling_name.view(), p.name_out ? "Reception" : "");
  sim::SimControl offer = control(
      sim::kSimInjectIncoming, {.calling = "2125550001", .called = "1001", .calling_name = "Ada"});
  ASSERT_EQ(span.device_specific(2, &offer, sizeof offer), board::ControlResult::kOk);
  run_for(wheel_, 100);
  EXPECT_EQ(events_.take(), (Log{"incoming 2 2125550001->1001"}));
  EXPECT_EQ(events_.last_setup.calling_name.view(), p.name_in ? "Ada" : "");
  span.release(1, board::cause::kNormalClearing);
  span.release(2, board::cause::kNormalClearing);
  run_for(wheel_, 100);
  EXPECT_EQ(events_.take(), (Log{"released 1", "released 2"}));
  span.stop();
}

INSTANTIATE_TEST_SUITE_P(
    SwitchTypes, CallingNameTest,
    ::testing::Values(NameCase{"Ni2Cpe", PRI_SWITCH_NI2, PRI_CPE, true, true},
                      NameCase{"Lucent5eCpe", PRI_SWITCH_LUCENT5E, PRI_CPE, true, true},
                      NameCase{"Dms100Net", PRI_SWITCH_DMS100, PRI_NETWORK, true, true},
                      NameCase{"EuroIsdnCpe", PRI_SWITCH_EUROISDN_E1, PRI_CPE, false, true},
                      NameCase{"EuroIsdnNet", PRI_SWITCH_EUROISDN_E1, PRI_NETWORK, true, false},
                      NameCase{"QsigCpe", PRI_SWITCH_QSIG, PRI_CPE, true, true},
                      NameCase{"QsigNet", PRI_SWITCH_QSIG, PRI_NETWORK, true, true}),
    [](const ::testing::TestParamInfo<NameCase>& param) { return std::string(param.param.label); });

}  // namespace
}  // namespace spantsp::pri
