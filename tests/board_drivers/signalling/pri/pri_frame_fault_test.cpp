// Dropped and corrupted D-channel frames (issue 12, the fault soak's dropped_frames and
// corrupt_frames) between our pri signalling and the sim far-end switch, on a virtual clock
// (virtual_clock.h). Calls run back to back on every channel, as the soak's call-center
// application runs them, while frames are lost; once the faults stop the span must carry calls
// again on every channel: Q.921 retransmits or re-establishes the link (T200, N200), and a call
// caught by a fault ends with a disconnect and a release, never stuck.

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "board_drivers/sim/pri/sim_pri_span.h"
#include "tests/board_drivers/signalling/pri/pri_test_requests.h"
#include "tests/board_drivers/signalling/pri/virtual_clock.h"
#include "tests/board_drivers/signalling/pri/virtual_span_fixture.h"

namespace spantsp::pri {
namespace {

using test::call_to;
using test::Timed;
using test::VirtualClock;
using Log = std::vector<std::string>;

class PriFrameFaultLinkTest : public test::VirtualSpanFixture {};

// The soak's collapse (issue 12): while the link was down and re-establishing (one SABME a
// T200 each way) the injector went on asking for dropped and corrupted frames, 5 a second.
// The requests piled up (600 frames each way here) and every SABME and UA after the line came
// back was lost: the span stayed out of service for good. A fault is a burst with a window: the
// ones that met no frame are over, and the link comes back with the line's next SABME.
TEST_F(PriFrameFaultLinkTest, FaultsAskedForWhileTheLinkIsDownEndWithTheirBurst) {
  start();
  span_->d_channel().set_cut(true);
  ASSERT_EQ(events_.take(), Log{});
  clock_.run_for(20'000);
  ASSERT_EQ(events_.take(), Log{"status down"});
  for (int i = 0; i < 100; ++i) {
    span_->d_channel().drop_next(io::DChannel::kA, 6);
    span_->d_channel().corrupt_next(io::DChannel::kB, 6);
    clock_.run_for(200);
  }
  clock_.mark();
  span_->d_channel().set_cut(false);
  const std::vector<Timed> up = clock_.run_until_report(events_, 5'000);
  ASSERT_EQ(up.size(), 1u);
  EXPECT_EQ(up[0].report, "status up");
  EXPECT_LE(up[0].at_ms, 1'100u);  // the next SABME (T200)
  connect(1);
  EXPECT_EQ(span_->d_channel().stats(io::DChannel::kA).faults_unmet, 600u);
  EXPECT_EQ(span_->d_channel().stats(io::DChannel::kB).faults_unmet, 600u);
}

// A quiet link (nothing sent for T203) meets a burst: it is over before the next call's SETUP.
TEST_F(PriFrameFaultLinkTest, FaultOnAQuietLinkIsOverBeforeTheNextCall) {
  start();
  span_->d_channel().drop_next(io::DChannel::kA, 3);
  span_->d_channel().corrupt_next(io::DChannel::kB, 3);
  clock_.run_for(io::DChannel::kFaultWindowMs + 1);
  connect(1);  // SETUP, CALL PROCEEDING, ALERTING, CONNECT within 100 ms: nothing lost
  EXPECT_EQ(span_->d_channel().stats(io::DChannel::kA).lost, 0u);
  EXPECT_EQ(span_->d_channel().stats(io::DChannel::kB).fcs_errors, 0u);
  EXPECT_EQ(span_->d_channel().stats(io::DChannel::kA).faults_unmet, 3u);
  EXPECT_EQ(span_->d_channel().stats(io::DChannel::kB).faults_unmet, 3u);
}

// The soak's application on every channel: a call as soon as the channel is idle; hang up when
// it connects or has rung for kRingTimeoutMs; release after every disconnect. Commands are
// issued from tick(), after the report (as the core does on its next turn).
class CallDriver final : public board::SpanEvents {
 public:
  static constexpr std::uint64_t kRingTimeoutMs = 300;
  static constexpr const char* kNumbers[10] = {
      "99005550000", "99005550000", "99005550000", "99005550000", "99005550000",
      "99005550000", "99005550000", "99005550000", "99175550000", "99195550000"};

  enum class Phase : std::uint8_t { kIdle, kCalling, kConnected, kDisconnected, kReleasing };
  struct Line {
    Phase phase = Phase::kIdle;
    std::uint64_t since_ms = 0;   // entered the phase
    std::uint64_t completed = 0;  // released after our release()
    std::uint64_t failed = 0;     // disconnected before it connected, not busy (17)
    std::uint64_t refused = 0;    // place_call returned false
  };

  CallDriver(SimPriSpan& span, pipeline::TimerWheel& wheel, std::size_t channels)
      : span_(span), wheel_(wheel), lines_(channels) {}

  // One turn of the application: every command the reports so far call for.
  void tick() {
    const std::uint64_t now = wheel_.now_ms();
    for (std::size_t i = 0; i < lines_.size(); ++i) {
      Line& l = lines_[i];
      const int channel = static_cast<int>(i) + 1;
      switch (l.phase) {
        case Phase::kIdle:
          // A refused call is tried again 10 ms later (the soak retries at once).
          if (now < l.since_ms) break;
          // The soak's dial mix: answered at once 8 in 10, busy 1, unanswered 1 (sim_control.h
          // "99CC" numbers).
          if (span_.place_call(channel, call_to(kNumbers[rng_() % 10]))) {
            enter(l, Phase::kCalling);
          } else {
            ++l.refused;
            l.since_ms = now + 10;
          }
          break;
        case Phase::kCalling:
          if (now - l.since_ms < kRingTimeoutMs) break;
          [[fallthrough]];
        case Phase::kConnected:
        case Phase::kDisconnected:
          span_.release(channel, board::cause::kNormalClearing);
          enter(l, Phase::kReleasing);
          break;
        case Phase::kReleasing:
          break;
      }
    }
  }

  const Line& line(std::size_t i) const { return lines_[i]; }
  std::uint64_t completed() const { return sum(&Line::completed); }
  std::uint64_t failed() const { return sum(&Line::failed); }
  std::uint64_t status_changes = 0;

  // board::SpanEvents
  void on_incoming(int, const board::CallSetup&) override {}
  void on_more_digits(int, std::string_view, bool) override {}
  void on_proceeding(int) override {}
  void on_alerting(int) override {}
  void on_progress(int, bool) override {}
  void on_connected(int channel) override {
    Line& l = at(channel);
    if (l.phase == Phase::kCalling) enter(l, Phase::kConnected);
  }
  void on_disconnected(int channel, std::uint8_t q850_cause) override {
    Line& l = at(channel);
    if (l.phase == Phase::kCalling && q850_cause != board::cause::kUserBusy) ++l.failed;
    if (l.phase == Phase::kCalling || l.phase == Phase::kConnected) {
      enter(l, Phase::kDisconnected);
    }
  }
  void on_released(int channel) override {
    Line& l = at(channel);
    if (l.phase == Phase::kReleasing) ++l.completed;
    enter(l, Phase::kIdle);
  }
  void on_span_status(const board::SpanStatus&) override { ++status_changes; }
  void on_channel_service(int, bool) override {}
  void on_hold_result(int, bool, bool) override {}
  void on_media(int, const media::MediaEvent&) override {}

 private:
  Line& at(int channel) { return lines_[static_cast<std::size_t>(channel - 1)]; }
  void enter(Line& l, Phase phase) {
    l.phase = phase;
    l.since_ms = wheel_.now_ms();
  }
  std::uint64_t sum(std::uint64_t Line::*field) const {
    std::uint64_t total = 0;
    for (const Line& l : lines_) total += l.*field;
    return total;
  }

  SimPriSpan& span_;
  pipeline::TimerWheel& wheel_;
  std::vector<Line> lines_;
  std::mt19937 rng_{7};
};

class PriFrameFaultTest : public ::testing::Test {
 protected:
  static constexpr std::size_t kChannels = 23;

  void start() {
    std::vector<int> channels;
    for (std::size_t c = 1; c <= kChannels; ++c) channels.push_back(static_cast<int>(c));
    io::DChannelOptions line;
    line.unlimited = true;  // the soak's setting
    SimPriOptions options;
    options.d_channel = line;
    span_ = std::make_unique<SimPriSpan>(channels, PRI_CPE, PRI_SWITCH_NI2, false,
                                         config::TrafficProfile{}, 0, options);
    driver_ = std::make_unique<CallDriver>(*span_, wheel_, kChannels);
    span_->start(*driver_, wheel_);
    run(50);
  }
  void run(std::uint64_t ms) {
    for (std::uint64_t t = 0; t < ms; ++t) {
      clock_.run_for(1);
      driver_->tick();
    }
  }
  // `ms` of calls with a fault every 50..400 ms: 1..6 frames of either direction dropped or
  // corrupted, as the soak injects them. The D-channel is cut from `cut_from` to `cut_to` ms
  // (the link goes down; the faults go on).
  void run_with_faults(std::uint64_t ms, std::uint64_t seed, std::uint64_t cut_from,
                       std::uint64_t cut_to) {
    std::mt19937_64 rng(seed);
    std::uint64_t next = 0;
    for (std::uint64_t t = 0; t < ms; ++t) {
      if (t == cut_from) span_->d_channel().set_cut(true);
      if (t == cut_to) span_->d_channel().set_cut(false);
      if (t >= next) {
        const auto frames = static_cast<std::uint32_t>(1 + rng() % 6);
        const auto side = (rng() & 1) != 0 ? io::DChannel::kA : io::DChannel::kB;
        if ((rng() & 1) != 0) {
          span_->d_channel().drop_next(side, frames);
        } else {
          span_->d_channel().corrupt_next(side, frames);
        }
        next = t + 50 + rng() % 350;
      }
      run(1);
    }
  }
  void TearDown() override {
    if (span_) span_->stop();
  }

  pipeline::TimerWheel wheel_{1'000'000};
  VirtualClock clock_{wheel_};
  std::unique_ptr<SimPriSpan> span_;
  std::unique_ptr<CallDriver> driver_;
};

// The soak on one span in virtual time: calls back to back on 23 channels while frames are
// dropped and corrupted, the link lost for 16 s on the way (longer than layer 2's 14 s to give
// up). Once the faults stop every channel carries calls again, and none fails.
TEST_F(PriFrameFaultTest, SpanCarriesCallsOnEveryChannelOnceFrameFaultsStop) {
  start();
  run(2'000);
  const std::uint64_t clean = driver_->completed();
  ASSERT_GT(clean, 100u);
  EXPECT_EQ(driver_->failed(), 0u);

  run_with_faults(30'000, 1, 5'000, 21'000);
  EXPECT_GT(driver_->status_changes, 0u) << "the link never went down";
  // Quiet: every call a fault caught has ended (T305 30 s, T308 4 s x 2 at the longest).
  run(40'000);
  ASSERT_TRUE(span_->ours().status().in_service());
  const std::uint64_t before = driver_->completed();
  const std::uint64_t failed = driver_->failed();
  run(2'000);
  EXPECT_GT(driver_->completed() - before, clean / 2) << "calls in 2 s after the faults";
  EXPECT_EQ(driver_->failed(), failed) << "calls failed with no fault";
  for (std::size_t i = 0; i < kChannels; ++i) {
    const auto& l = driver_->line(i);
    EXPECT_GT(l.completed, 0u) << "channel " << i + 1;
    EXPECT_FALSE(l.phase != CallDriver::Phase::kIdle && wheel_.now_ms() - l.since_ms > 1'000)
        << "channel " << i + 1 << " stuck in phase " << static_cast<int>(l.phase) << " for "
        << wheel_.now_ms() - l.since_ms << " ms";
  }
}

}  // namespace
}  // namespace spantsp::pri
