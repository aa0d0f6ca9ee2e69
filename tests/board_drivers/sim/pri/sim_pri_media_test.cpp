// Bearer audio on PRI spans: media() needs a connected call, two lines of one span call each
// other through the libpri far-end switch (loopback) and hear each other's DTMF, and a call's
// DSP stops with it.

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "board_drivers/sim/pri/sim_pri_span.h"
#include "tests/board_drivers/media_commands.h"
#include "tests/board_drivers/recording_events.h"
#include "tests/board_drivers/signalling/pri/pri_test_requests.h"

namespace spantsp::pri {
namespace {

using board::test::detect_digits;
using board::test::generate;
using media::MediaCommand;
using media::MediaResult;
using test::call_to;
using test::RecordingEvents;
using test::run_for;
using Log = std::vector<std::string>;

// Digits channel `channel` heard (down edges), in order.
std::string heard(const Log& media, int channel) {
  std::string out;
  const std::string prefix = std::to_string(channel) + " down ";
  for (const auto& m : media) {
    if (m.rfind(prefix, 0) == 0) out += m.back();
  }
  return out;
}

class SimPriMediaTest : public ::testing::TestWithParam<bool> {  // E1 (A-law) or T1
 protected:
  void SetUp() override {
    const bool alaw = GetParam();
    span_ = std::make_unique<SimPriSpan>(std::vector<int>{1, 2, 3}, PRI_CPE,
                                         alaw ? PRI_SWITCH_EUROISDN_E1 : PRI_SWITCH_NI2, alaw,
                                         config::TrafficProfile{}, 0, SimPriOptions{},
                                         std::vector<std::string>{"5551001", "5551002", "5551003"});
    span_->start(events_, wheel_);
    run_for(wheel_, 50);
    ASSERT_EQ(events_.take(), Log{});
  }
  void TearDown() override { span_->stop(); }

  // Line 1 calls line 2 through the switch; line 2 accepts and answers.
  void connect_one_to_two() {
    board::CallSetup setup = call_to("5551002");
    setup.calling.assign("5551001");
    ASSERT_TRUE(span_->place_call(1, setup));
    run_for(wheel_, 100);
    ASSERT_EQ(events_.take(), (Log{"proceeding 1", "incoming 2 5551001->5551002"}));
    span_->accept(2);
    run_for(wheel_, 100);
    ASSERT_EQ(events_.take(), (Log{"alerting 1"}));
    span_->answer(2);
    run_for(wheel_, 100);
    Log up = events_.take();
    std::sort(up.begin(), up.end());
    ASSERT_EQ(up, (Log{"connected 1", "connected 2"}));
  }

  pipeline::TimerWheel wheel_{1'000'000};
  RecordingEvents events_;
  std::unique_ptr<SimPriSpan> span_;
};

TEST_P(SimPriMediaTest, MediaNeedsAConnectedCall) {
  EXPECT_EQ(span_->media(1, detect_digits()), MediaResult::kNoBearer);
  ASSERT_TRUE(span_->place_call(1, call_to("5551234")));
  run_for(wheel_, 100);
  ASSERT_EQ(events_.take(), (Log{"proceeding 1", "alerting 1", "connected 1"}));
  EXPECT_EQ(span_->media(1, detect_digits()), MediaResult::kOk);
  EXPECT_EQ(span_->media(2, detect_digits()), MediaResult::kNoBearer);
  span_->release(1, board::cause::kNormalClearing);
  EXPECT_EQ(span_->media(1, detect_digits()), MediaResult::kNoBearer);
  run_for(wheel_, 100);
  EXPECT_EQ(events_.take(), (Log{"released 1"}));
  run_for(wheel_, 200);
  EXPECT_EQ(span_->wire().live_channels(), 0u);
}

TEST_P(SimPriMediaTest, LoopbackLinesHearEachOtherBothWays) {
  connect_one_to_two();
  EXPECT_EQ(span_->far_end().far().counters().loopback_calls, 1u);
  ASSERT_EQ(span_->media(2, detect_digits()), MediaResult::kOk);
  ASSERT_EQ(span_->media(1, detect_digits()), MediaResult::kOk);
  ASSERT_EQ(span_->media(1, generate("0123456789*#ABCD", 7)), MediaResult::kOk);
  run_for(wheel_, 3'000);
  EXPECT_EQ(heard(events_.media, 2), "0123456789*#ABCD");
  EXPECT_EQ(heard(events_.media, 1), "");
  events_.media.clear();
  ASSERT_EQ(span_->media(2, generate("#95", 8)), MediaResult::kOk);
  run_for(wheel_, 1'000);
  EXPECT_EQ(heard(events_.media, 1), "#95");
  // A hangs up: B is cleared by the switch, and neither side reports media any more.
  span_->release(1, board::cause::kNormalClearing);
  run_for(wheel_, 100);
  EXPECT_EQ(events_.take(), (Log{"released 1", "disconnected 2 16"}));
  events_.media.clear();
  span_->release(2, board::cause::kNormalClearing);
  run_for(wheel_, 1'000);
  EXPECT_EQ(events_.take(), (Log{"released 2"}));
  EXPECT_EQ(events_.media, Log{});
  EXPECT_EQ(span_->wire().live_channels(), 0u);
}

INSTANTIATE_TEST_SUITE_P(Law, SimPriMediaTest, ::testing::Values(false, true),
                         [](const auto& p) { return p.param ? "E1" : "T1"; });

}  // namespace
}  // namespace spantsp::pri
