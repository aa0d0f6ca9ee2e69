// The sim I/O module's wire: audio crosses both ways with one frame of latency in the span's
// law, ABCD bits cross on the next turn with their time, an idle span runs no frame timer.
#include "board_drivers/io/sim/sim_io_pair.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "media/span_media.h"
#include "pipeline/timer_wheel.h"

namespace spantsp::io {
namespace {

// Records what reaches one end; on every frame writes `fill` (if set) to its open channels.
class Recorder final : public SpanIoEvents {
 public:
  void on_alarms(const SpanAlarms& a) override { alarms.push_back(a); }
  void on_abcd(std::size_t channel, std::uint8_t bits, std::uint64_t at_ms) override {
    abcd.push_back(std::to_string(channel) + ":" + std::to_string(bits) + "@" +
                   std::to_string(at_ms));
  }
  void on_audio_frame(SpanAudio& audio, std::uint64_t now_ms) override {
    frames.push_back(now_ms);
    first_rx.push_back(audio.rx(index).front());
    last_rx.push_back(audio.rx(index).back());
    if (fill >= 0) {
      for (auto& octet : audio.tx(index)) octet = static_cast<std::uint8_t>(fill + frames.size());
    }
  }

  std::size_t index = 0;
  int fill = -1;
  std::vector<SpanAlarms> alarms;
  std::vector<std::string> abcd;
  std::vector<std::uint64_t> frames;
  std::vector<std::uint8_t> first_rx;
  std::vector<std::uint8_t> last_rx;
};

SpanLayout layout(SpanKind kind, std::uint32_t period_ms = 20) {
  SpanLayout l;
  l.kind = kind;
  l.law = law_of(kind);
  l.bearers = kind == SpanKind::kT1 ? std::vector<int>{1, 2, 3} : std::vector<int>{1, 2, 17};
  l.frame_period_ms = period_ms;
  return l;
}

void run_for(pipeline::TimerWheel& wheel, std::uint64_t ms) {
  const std::uint64_t end = wheel.now_ms() + ms;
  while (wheel.now_ms() < end) wheel.advance(wheel.now_ms() + 1);
}

struct Fixture {
  explicit Fixture(SpanLayout l) : pair(std::move(l), nullptr) {
    pair.start(wheel);
    pair.end(SimIoPair::kNear).start(near, wheel);
    pair.end(SimIoPair::kFar).start(far, wheel);
  }
  pipeline::TimerWheel wheel{1000};
  SimIoPair pair;
  Recorder near, far;
};

TEST(SimIoPair, LawFollowsTheSpanType) {
  EXPECT_EQ(law_of(SpanKind::kT1), media::Law::kMulaw);
  EXPECT_EQ(law_of(SpanKind::kE1), media::Law::kAlaw);
  SimIoPair t1(layout(SpanKind::kT1), nullptr);
  SimIoPair e1(layout(SpanKind::kE1), nullptr);
  EXPECT_EQ(t1.layout().frame_octets(), 160u);
  EXPECT_EQ(t1.end(SimIoPair::kNear).layout().law, media::Law::kMulaw);
  EXPECT_EQ(e1.end(SimIoPair::kFar).layout().law, media::Law::kAlaw);
}

TEST(SimIoPair, IdleSpanRunsNoFrameTimer) {
  Fixture f(layout(SpanKind::kE1));
  run_for(f.wheel, 200);
  EXPECT_EQ(f.pair.stats().frames, 0u);
  EXPECT_EQ(f.wheel.armed_count(), 0u);
  EXPECT_TRUE(f.near.frames.empty());
}

TEST(SimIoPair, AudioCrossesBothWaysWithOneFrameOfLatency) {
  for (SpanKind kind : {SpanKind::kT1, SpanKind::kE1}) {
    Fixture f(layout(kind));
    const std::uint8_t idle = media::idle_octet(law_of(kind));
    f.near.index = f.far.index = 2;
    f.near.fill = 0x10;  // frame k writes 0x10 + k
    f.far.fill = 0x40;
    f.pair.end(SimIoPair::kNear).set_bearer(2, true);
    f.pair.end(SimIoPair::kFar).set_bearer(2, true);
    run_for(f.wheel, 60);
    ASSERT_EQ(f.near.frames, (std::vector<std::uint64_t>{1020, 1040, 1060}));
    // Frame 1 carries idle code (nothing was sent before); frame k carries what the other end
    // wrote in frame k-1.
    EXPECT_EQ(f.far.first_rx, (std::vector<std::uint8_t>{idle, 0x11, 0x12}));
    EXPECT_EQ(f.far.last_rx, (std::vector<std::uint8_t>{idle, 0x11, 0x12}));
    EXPECT_EQ(f.near.first_rx, (std::vector<std::uint8_t>{idle, 0x41, 0x42}));
    EXPECT_EQ(f.pair.stats().channel_frames, 3u);  // only the open channel
  }
}

TEST(SimIoPair, ClosedEndHearsAndSendsIdle) {
  Fixture f(layout(SpanKind::kT1));
  f.near.fill = 0x20;
  f.pair.end(SimIoPair::kNear).set_bearer(0, true);
  run_for(f.wheel, 40);
  // The far end's bearer is closed: our audio still reaches its rx, it sends idle code.
  EXPECT_EQ(f.far.first_rx, (std::vector<std::uint8_t>{0xFF, 0x21}));
  EXPECT_EQ(f.near.first_rx, (std::vector<std::uint8_t>{0xFF, 0xFF}));
}

TEST(SimIoPair, FrameTimerStopsWhenTheLastBearerCloses) {
  Fixture f(layout(SpanKind::kE1, 10));
  f.pair.end(SimIoPair::kNear).set_bearer(1, true);
  f.pair.end(SimIoPair::kFar).set_bearer(1, true);
  run_for(f.wheel, 30);
  EXPECT_EQ(f.pair.stats().frames, 3u);
  EXPECT_EQ(f.pair.live_channels(), 1u);
  f.pair.end(SimIoPair::kNear).set_bearer(1, false);
  EXPECT_EQ(f.pair.live_channels(), 1u);  // still open at the far end
  f.pair.end(SimIoPair::kFar).set_bearer(1, false);
  EXPECT_EQ(f.pair.live_channels(), 0u);
  run_for(f.wheel, 100);
  EXPECT_EQ(f.pair.stats().frames, 3u);
  EXPECT_EQ(f.wheel.armed_count(), 0u);
}

TEST(SimIoPair, AbcdBitsCrossOnTheNextTurnWithTheirTime) {
  Fixture f(layout(SpanKind::kT1));
  f.pair.end(SimIoPair::kNear).set_tx_abcd(1, 0x1F);  // high nibble ignored
  EXPECT_TRUE(f.far.abcd.empty());                    // never from inside the call
  run_for(f.wheel, 1);
  EXPECT_EQ(f.far.abcd, (std::vector<std::string>{"1:15@1000"}));
  EXPECT_EQ(f.pair.end(SimIoPair::kFar).rx_abcd(1), 0x0F);
  f.pair.end(SimIoPair::kNear).set_tx_abcd(1, 0x0F);  // unchanged: nothing reported
  f.pair.end(SimIoPair::kFar).set_tx_abcd(0, 0x05);
  run_for(f.wheel, 5);
  EXPECT_EQ(f.far.abcd.size(), 1u);
  EXPECT_EQ(f.near.abcd, (std::vector<std::string>{"0:5@1001"}));
  EXPECT_EQ(f.pair.stats().abcd_changes, 2u);
}

TEST(SimIoPair, AlarmsReachTheNearEnd) {
  Fixture f(layout(SpanKind::kE1));
  SpanAlarms red;
  red.red = true;
  red.los = true;
  f.pair.set_alarms(red);
  ASSERT_EQ(f.near.alarms.size(), 1u);
  EXPECT_TRUE(f.near.alarms[0].red);
  EXPECT_TRUE(f.pair.end(SimIoPair::kNear).alarms().los);
  EXPECT_TRUE(f.far.alarms.empty());
}

TEST(SimIoPair, DChannelOnlyWhenAsked) {
  SimIoPair without(layout(SpanKind::kE1), nullptr);
  EXPECT_EQ(without.end(SimIoPair::kNear).d_channel(), nullptr);
  DChannelOptions options;
  SimIoPair with(layout(SpanKind::kE1), &options);
  EXPECT_NE(with.end(SimIoPair::kNear).d_channel(), nullptr);
  EXPECT_NE(with.end(SimIoPair::kNear).d_channel(), with.end(SimIoPair::kFar).d_channel());
}

TEST(SimIoPair, FramePeriodOutsideTheAllowedSetFallsBackToTwentyMs) {
  EXPECT_TRUE(valid_frame_period(10));
  EXPECT_TRUE(valid_frame_period(40));
  EXPECT_FALSE(valid_frame_period(25));
  SimIoPair pair(layout(SpanKind::kT1, 25), nullptr);
  EXPECT_EQ(pair.layout().frame_period_ms, 20u);
}

}  // namespace
}  // namespace spantsp::io
