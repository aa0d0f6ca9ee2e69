// Media streams ("spantsp/media", media/media_stream.h) closed loop through an ideal span and
// the sim far end, in virtual time: what an application plays reaches the far party octet
// for octet, what the far party sends reaches the application, a call's stream ends with its
// call, and the frame tick allocates nothing.
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <vector>

#include "board_drivers/signalling/ideal/ideal_span.h"
#include "board_drivers/sim/far_end.h"
#include "media/media_stream.h"
#include "tests/board_drivers/media_commands.h"
#include "tests/board_drivers/sim/sim_test_support.h"
#include "tools/tapihost/alloc_counter.h"

namespace spantsp::sim {
namespace {

using ideal::IdealSpan;
using media::MediaStream;
using testing::kStartMs;
using testing::quiet_profile;
using testing::RecordingEvents;
using K = testing::Kind;

struct StreamSpan {
  explicit StreamSpan(const config::TrafficProfile& profile, io::SpanKind kind = io::SpanKind::kT1)
      : span({1, 2}, profile, 0, kind) {
    span.start(events, wheel);
    span.far_end().record_audio(4'000);
  }
  void run_for(std::uint64_t ms) { testing::run_until(wheel, wheel.now_ms() + ms); }
  void connect_outgoing() {
    ASSERT_TRUE(span.place_call(1, testing::dial("9900")));
    run_for(0);
    ASSERT_EQ(events.take(), (testing::Events{{1, K::kProceeding}, {1, K::kConnected}}));
  }
  MediaStream& stream() { return *span.media_stream(1); }

  pipeline::TimerWheel wheel{kStartMs};
  RecordingEvents events{wheel};
  IdealSpan span;
};

std::vector<std::uint8_t> pattern(std::size_t n) {
  std::vector<std::uint8_t> out(n);
  for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<std::uint8_t>(i * 7 + 3);
  return out;
}

// Where `needle` starts in `hay`, or npos.
std::size_t find(std::span<const std::uint8_t> hay, const std::vector<std::uint8_t>& needle) {
  const auto it = std::search(hay.begin(), hay.end(), needle.begin(), needle.end());
  return it == hay.end() ? std::string::npos : static_cast<std::size_t>(it - hay.begin());
}

TEST(MediaStream, PlayedOctetsReachTheFarPartyExactly) {
  for (io::SpanKind kind : {io::SpanKind::kT1, io::SpanKind::kE1}) {
    StreamSpan s(quiet_profile(), kind);
    s.connect_outgoing();
    MediaStream& stream = s.stream();
    EXPECT_EQ(stream.law(), io::law_of(kind));
    EXPECT_EQ(stream.frame_octets(), 160u);
    ASSERT_EQ(stream.attach(stream.call_epoch(), false), MediaStream::Attach::kOk);
    const std::vector<std::uint8_t> sent = pattern(2'000);  // 250 ms, queued at once
    std::size_t queued = stream.play(sent);
    EXPECT_EQ(queued, 2'000u);
    s.run_for(500);
    const auto heard = s.span.far_end().heard_audio(0);
    const std::size_t at = find(heard, sent);
    ASSERT_NE(at, std::string::npos);
    EXPECT_EQ(at % 160, 0u) << "audio starts on a frame boundary";
    const media::MediaStreamStats stats = stream.stats();
    EXPECT_EQ(stats.played_octets, 2'000u);
    EXPECT_EQ(stats.play_underruns, 1u);  // the last frame: 80 of 160 octets
    stream.detach();
  }
}

TEST(MediaStream, TheCallersAudioReachesTheApplication) {
  config::TrafficProfile p = quiet_profile();
  p.speech_share = 1.0;
  StreamSpan s(p);
  s.connect_outgoing();
  MediaStream& stream = s.stream();
  ASSERT_EQ(stream.attach(stream.call_epoch(), true), MediaStream::Attach::kOk);
  s.run_for(200);
  std::vector<std::uint8_t> heard(4'096);
  const std::size_t n = stream.hear(heard);
  EXPECT_EQ(n % 160, 0u);
  EXPECT_GE(n, 9u * 160);
  EXPECT_TRUE(std::any_of(heard.begin(), heard.begin() + static_cast<long>(n), [](std::uint8_t o) {
    return o != 0xFF;
  })) << "speech, not idle code";
  EXPECT_EQ(stream.stats().hear_overruns, 0u);
  stream.detach();
}

TEST(MediaStream, ACallsStreamEndsWithItsCallAndNeverPlaysIntoTheNext) {
  StreamSpan s(quiet_profile());
  s.connect_outgoing();
  MediaStream& stream = s.stream();
  const std::uint32_t first = stream.call_epoch();
  ASSERT_EQ(stream.attach(first, false), MediaStream::Attach::kOk);
  EXPECT_EQ(stream.attach(first, false), MediaStream::Attach::kBusy);
  EXPECT_TRUE(stream.connected());
  s.span.release(1, board::cause::kNormalClearing);
  s.run_for(100);
  EXPECT_TRUE(stream.ended());
  EXPECT_FALSE(stream.connected());
  stream.play(pattern(800));  // too late: nobody hears it
  s.events.take();
  s.connect_outgoing();
  EXPECT_NE(stream.call_epoch(), first);
  s.run_for(200);
  const auto heard = s.span.far_end().heard_audio(0);
  EXPECT_TRUE(std::all_of(heard.begin(), heard.end(), [](std::uint8_t o) { return o == 0xFF; }));
  stream.detach();
  EXPECT_EQ(stream.attach(first, false), MediaStream::Attach::kEnded);
  ASSERT_EQ(stream.attach(stream.call_epoch(), false), MediaStream::Attach::kOk);
  stream.detach();
}

// After IDLE: reads end (what was heard before the end can be read, then nothing), writes
// are refused, and what the application had queued but the wire never took does not leak
// into the channel's next call, even when a new application attaches to it.
TEST(MediaStream, AfterTheCallReadsEndWritesAreRefusedAndNothingReachesTheNextCall) {
  config::TrafficProfile p = quiet_profile();
  p.speech_share = 1.0;
  StreamSpan s(p);
  s.connect_outgoing();
  MediaStream& stream = s.stream();
  ASSERT_EQ(stream.attach(stream.call_epoch(), true), MediaStream::Attach::kOk);
  const std::vector<std::uint8_t> left = pattern(4'000);  // 500 ms; the call ends after 100
  ASSERT_EQ(stream.play(left), 4'000u);
  s.run_for(100);
  s.span.release(1, board::cause::kNormalClearing);
  s.run_for(100);
  s.events.take();
  ASSERT_TRUE(stream.ended());
  EXPECT_GT(stream.play_queued(), 0u) << "the call ended with audio still queued";
  EXPECT_EQ(stream.play(pattern(160)), 0u);
  EXPECT_EQ(stream.play_region().size(), 0u);
  std::vector<std::uint8_t> heard(4'096);
  const std::size_t before_end = stream.hear(heard);
  EXPECT_GE(before_end, 4u * 160) << "the caller's audio of the call is still readable";
  EXPECT_EQ(stream.hear(heard), 0u);
  s.run_for(100);
  EXPECT_EQ(stream.hear(heard), 0u) << "and nothing after the end";
  const std::uint64_t played_first = stream.stats().played_octets;
  stream.detach();

  s.connect_outgoing();
  ASSERT_EQ(stream.attach(stream.call_epoch(), false), MediaStream::Attach::kOk);
  EXPECT_EQ(stream.play_queued(), 0u);
  s.run_for(200);
  const auto next = s.span.far_end().heard_audio(0);
  ASSERT_FALSE(next.empty());
  EXPECT_TRUE(std::all_of(next.begin(), next.end(), [](std::uint8_t o) { return o == 0xFF; }))
      << "the first call's left-over audio reached the second call";
  EXPECT_EQ(stream.stats().played_octets, played_first);
  stream.detach();
}

TEST(MediaStream, ALineStreamFollowsEveryCall) {
  StreamSpan s(quiet_profile());
  MediaStream& stream = s.stream();
  ASSERT_EQ(stream.attach(MediaStream::kAnyCall, false), MediaStream::Attach::kOk);
  EXPECT_FALSE(stream.connected());
  for (int call = 0; call < 2; ++call) {
    s.connect_outgoing();
    EXPECT_TRUE(stream.connected());
    const std::vector<std::uint8_t> sent = pattern(480);
    stream.play(sent);
    s.run_for(200);
    EXPECT_NE(find(s.span.far_end().heard_audio(0), sent), std::string::npos) << call;
    s.span.release(1, board::cause::kNormalClearing);
    s.run_for(100);
    s.events.take();
  }
  stream.detach();
}

TEST(MediaStream, TheFrameTickAllocatesNothing) {
  if (!host::allocation_counter_available()) GTEST_SKIP() << "sanitizer build";
  config::TrafficProfile p = quiet_profile();
  p.speech_share = 1.0;
  StreamSpan s(p);
  s.connect_outgoing();
  MediaStream& stream = s.stream();
  ASSERT_EQ(stream.attach(stream.call_epoch(), true), MediaStream::Attach::kOk);
  const std::vector<std::uint8_t> sent = pattern(160);
  std::vector<std::uint8_t> heard(4'096);
  s.run_for(100);  // warm up
  const host::AllocationCount before = host::allocation_count();
  for (int frame = 0; frame < 100; ++frame) {
    stream.play(sent);
    s.run_for(20);
    stream.hear(heard);
  }
  const host::AllocationCount after = host::allocation_count();
  EXPECT_EQ(after.host + after.provider, before.host + before.provider);
  EXPECT_GE(stream.stats().frames, 100u);
  stream.detach();
}

}  // namespace
}  // namespace spantsp::sim
