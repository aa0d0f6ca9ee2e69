// The sim D-channel on virtual time: frames arrive in order, after their serialisation time at
// 64 kb/s (or on the next turn when unlimited), and injected faults lose or corrupt exactly
// the frames asked for.

#include "board_drivers/io/sim/d_channel.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "tests/board_drivers/recording_events.h"

namespace spantsp::io {
namespace {

class Collector final : public FrameReceiver {
 public:
  explicit Collector(HdlcPort& port, pipeline::TimerWheel& wheel) : port_(port), wheel_(wheel) {
    port_.set_receiver(this);
  }
  void on_frames_ready() override {
    std::uint8_t buffer[DChannel::kMaxFrame];
    while (std::size_t n = port_.receive_frame(buffer, sizeof buffer)) {
      frames.emplace_back(buffer, buffer + n);
      arrival_ms.push_back(wheel_.now_ms());
    }
  }
  std::vector<std::vector<std::uint8_t>> frames;
  std::vector<std::uint64_t> arrival_ms;

 private:
  HdlcPort& port_;
  pipeline::TimerWheel& wheel_;
};

// A Q.921 I-frame of `size` octets with 2 placeholder FCS octets, as libpri writes it.
std::vector<std::uint8_t> frame(std::size_t size, std::uint8_t tag) {
  std::vector<std::uint8_t> f(size, 0x00);
  f[0] = tag;
  return f;
}

constexpr std::uint64_t kStart = 10'000;

// Sends `count` 20-octet frames from side A, tagged 1..count in their first octet.
void send_tagged(DChannel& line, std::uint8_t count) {
  for (std::uint8_t tag = 1; tag <= count; ++tag) {
    const auto f = frame(20, tag);
    line.end(DChannel::kA).send_frame(f.data(), f.size());
  }
}

TEST(HdlcFcs, MatchesTheX25CheckValue) {
  const std::uint8_t text[] = {'1', '2', '3', '4', '5', '6', '7', '8', '9'};
  EXPECT_EQ(hdlc_fcs(text, sizeof text), 0x906E);  // CRC-16/X.25 check value
}

TEST(HdlcLineBits, CountsOneFlagAndAStuffedZeroAfterFiveOnes) {
  const std::uint8_t zeros[4] = {};
  EXPECT_EQ(hdlc_line_bits(zeros, 4), 8u + 32u);
  const std::uint8_t ones[2] = {0xFF, 0xFF};  // 16 ones: stuffed after the 5th, 10th, 15th
  EXPECT_EQ(hdlc_line_bits(ones, 2), 8u + 16u + 3u);
}

TEST(DChannel, FramesArriveInOrderAfterTheirSerialisationTime) {
  pipeline::TimerWheel wheel(kStart);
  DChannel line;
  line.start(wheel);
  Collector b(line.end(DChannel::kB), wheel);
  // 50 octets of zeros + FCS: (50 * 8 + stuffing of the FCS + flag) bits at 64 kb/s ≈ 6.4 ms.
  const auto f1 = frame(50, 1);
  const auto f2 = frame(50, 2);
  ASSERT_TRUE(line.end(DChannel::kA).send_frame(f1.data(), f1.size()));
  ASSERT_TRUE(line.end(DChannel::kA).send_frame(f2.data(), f2.size()));
  const std::uint64_t first_us = line.line_free_us(DChannel::kA);
  EXPECT_EQ(line.in_flight(DChannel::kA), 2u);
  pri::test::run_for(wheel, 50);
  ASSERT_EQ(b.frames.size(), 2u);
  EXPECT_EQ(b.frames[0][0], 1);
  EXPECT_EQ(b.frames[1][0], 2);
  // The second frame queued behind the first: two frame times in all.
  const std::uint64_t bits = line.stats(DChannel::kA).line_bits;
  EXPECT_GE(bits, 2u * (50u * 8u + 8u));
  EXPECT_EQ(first_us, kStart * 1000 + (bits * 1'000'000 + 63'999) / 64'000);
  EXPECT_EQ(b.arrival_ms[1], (first_us + 999) / 1000);
  EXPECT_GE(b.arrival_ms[0], kStart + 6);
  EXPECT_LT(b.arrival_ms[0], b.arrival_ms[1]);
  // The receiver sees the real FCS in the last two octets.
  const std::uint16_t fcs = hdlc_fcs(b.frames[0].data(), 48);
  EXPECT_EQ(b.frames[0][48], fcs & 0xFF);
  EXPECT_EQ(b.frames[0][49], fcs >> 8);
}

TEST(DChannel, NothingIsReadableBeforeItsLastBitArrives) {
  pipeline::TimerWheel wheel(kStart);
  DChannel line;
  line.start(wheel);
  const auto f = frame(100, 7);  // ≈ 12.6 ms at 64 kb/s
  line.end(DChannel::kA).send_frame(f.data(), f.size());
  wheel.advance(kStart + 10);
  EXPECT_FALSE(line.end(DChannel::kB).frame_ready());
  wheel.advance(kStart + 20);
  EXPECT_TRUE(line.end(DChannel::kB).frame_ready());
}

TEST(DChannel, UnlimitedDeliversOnTheNextTurnWithNoLineTime) {
  pipeline::TimerWheel wheel(kStart);
  DChannelOptions options;
  options.unlimited = true;
  DChannel line(options);
  line.start(wheel);
  Collector a(line.end(DChannel::kA), wheel);
  const auto f = frame(200, 3);
  for (int i = 0; i < 10; ++i) line.end(DChannel::kB).send_frame(f.data(), f.size());
  EXPECT_TRUE(a.frames.empty());  // never inside send
  wheel.advance(kStart);
  EXPECT_EQ(a.frames.size(), 10u);
  EXPECT_EQ(a.arrival_ms.back(), kStart);
}

TEST(DChannel, DirectionsAreIndependentLines) {
  pipeline::TimerWheel wheel(kStart);
  DChannel line;
  line.start(wheel);
  Collector a(line.end(DChannel::kA), wheel);
  Collector b(line.end(DChannel::kB), wheel);
  const auto big = frame(260, 1);
  const auto small = frame(6, 2);
  line.end(DChannel::kA).send_frame(big.data(), big.size());
  line.end(DChannel::kB).send_frame(small.data(), small.size());
  pri::test::run_for(wheel, 5);
  EXPECT_EQ(a.frames.size(), 1u);  // the RR-sized frame did not wait behind the big one
  EXPECT_TRUE(b.frames.empty());
  pri::test::run_for(wheel, 50);
  EXPECT_EQ(b.frames.size(), 1u);
}

TEST(DChannel, DropAndCorruptLoseExactlyTheFramesAsked) {
  pipeline::TimerWheel wheel(kStart);
  DChannel line;
  line.start(wheel);
  Collector b(line.end(DChannel::kB), wheel);
  line.drop_next(DChannel::kA, 1);
  line.corrupt_next(DChannel::kA, 1);
  send_tagged(line, 4);
  pri::test::run_for(wheel, 50);
  ASSERT_EQ(b.frames.size(), 2u);
  EXPECT_EQ(b.frames[0][0], 3);
  EXPECT_EQ(b.frames[1][0], 4);
  EXPECT_EQ(line.stats(DChannel::kA).lost, 1u);
  EXPECT_EQ(line.stats(DChannel::kA).fcs_errors, 1u);
  EXPECT_EQ(line.stats(DChannel::kA).delivered, 2u);
}

// A drop or corruption is a burst: frames sent after its window are untouched, and what it
// did not meet is counted (issue 12: requests piling up on a quiet link cut it for good).
TEST(DChannel, FaultsEndWithTheirWindow) {
  pipeline::TimerWheel wheel(kStart);
  DChannel line;
  line.start(wheel);
  Collector b(line.end(DChannel::kB), wheel);
  line.drop_next(DChannel::kA, 2);
  line.corrupt_next(DChannel::kA, 2);
  pri::test::run_for(wheel, DChannel::kFaultWindowMs + 1);
  send_tagged(line, 1);
  pri::test::run_for(wheel, 50);
  EXPECT_EQ(b.frames.size(), 1u);
  EXPECT_EQ(line.stats(DChannel::kA).lost, 0u);
  EXPECT_EQ(line.stats(DChannel::kA).fcs_errors, 0u);
  EXPECT_EQ(line.stats(DChannel::kA).faults_unmet, 4u);
}

TEST(DChannel, AFaultWithinTheWindowOfAnotherAddsItsFramesAndExtendsIt) {
  pipeline::TimerWheel wheel(kStart);
  DChannel line;
  line.start(wheel);
  Collector b(line.end(DChannel::kB), wheel);
  line.drop_next(DChannel::kA, 1);
  pri::test::run_for(wheel, DChannel::kFaultWindowMs - 10);
  line.drop_next(DChannel::kA, 1);
  pri::test::run_for(wheel, 20);  // past the first window, within the second
  send_tagged(line, 3);
  pri::test::run_for(wheel, 50);
  ASSERT_EQ(b.frames.size(), 1u);
  EXPECT_EQ(b.frames[0][0], 3);
  EXPECT_EQ(line.stats(DChannel::kA).lost, 2u);
  EXPECT_EQ(line.stats(DChannel::kA).faults_unmet, 0u);
}

TEST(DChannel, CutLosesFramesInFlightAndWhileCut) {
  pipeline::TimerWheel wheel(kStart);
  DChannel line;
  line.start(wheel);
  Collector b(line.end(DChannel::kB), wheel);
  const auto f = frame(20, 1);
  line.end(DChannel::kA).send_frame(f.data(), f.size());
  line.set_cut(true);
  EXPECT_FALSE(line.end(DChannel::kA).send_frame(f.data(), f.size()));
  pri::test::run_for(wheel, 50);
  EXPECT_TRUE(b.frames.empty());
  line.set_cut(false);
  EXPECT_TRUE(line.end(DChannel::kA).send_frame(f.data(), f.size()));
  pri::test::run_for(wheel, 50);
  EXPECT_EQ(b.frames.size(), 1u);
  EXPECT_EQ(line.stats(DChannel::kA).lost, 2u);
}

}  // namespace
}  // namespace spantsp::io
