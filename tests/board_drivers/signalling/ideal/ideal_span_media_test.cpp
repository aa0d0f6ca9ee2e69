// Bearer audio on ideal spans: media() needs a connected call, two lines of one span call each
// other through the sim switch (loopback) and hear each other, a call's DSP stops with it, and
// an idle span runs no audio frames.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "board_drivers/signalling/ideal/ideal_span.h"
#include "tests/board_drivers/media_commands.h"
#include "tests/board_drivers/sim/sim_test_support.h"

namespace spantsp::ideal {
namespace {

using sim::testing::Event;
using sim::testing::Events;
using sim::testing::kStartMs;
using sim::testing::quiet_profile;
using sim::testing::RecordingEvents;
using K = sim::testing::Kind;
using board::test::detect_digits;
using board::test::generate;
using media::MediaCommand;
using media::MediaResult;

// Lines 1-4 answer to 5551001..5551004 (the loopback numbers), on a T1 or an E1 span.
struct LoopSpan {
  explicit LoopSpan(io::SpanKind kind = io::SpanKind::kT1)
      : span({1, 2, 3, 4}, quiet_profile(), 0, kind, media::kDefaultFramePeriodMs,
             {"5551001", "5551002", "5551003", "5551004"}) {
    span.start(events, wheel);
  }
  void run_for(std::uint64_t ms) { sim::testing::run_until(wheel, wheel.now_ms() + ms); }
  // Events of one kind only, for one channel.
  Events only(const Events& all, int channel, K kind) {
    Events out;
    for (const Event& e : all) {
      if (e.channel == channel && e.kind == kind) out.push_back(e);
    }
    return out;
  }
  // Line 1 calls line 2; line 2 accepts and answers; both connected.
  void connect_one_to_two() {
    board::CallSetup setup = sim::testing::dial("5551002");
    setup.calling.assign("5551001");
    ASSERT_TRUE(span.place_call(1, setup));
    run_for(0);
    ASSERT_EQ(events.take(),
              (Events{{1, K::kProceeding}, {2, K::kIncoming, 0, "5551001>5551002"}}));
    span.accept(2);
    run_for(0);
    ASSERT_EQ(events.take(), (Events{{1, K::kAlerting}}));
    span.answer(2);
    run_for(0);
    ASSERT_EQ(events.take(), (Events{{2, K::kConnected}, {1, K::kConnected}}));
  }

  pipeline::TimerWheel wheel{kStartMs};
  RecordingEvents events{wheel};
  IdealSpan span;
};

TEST(IdealSpanMedia, MediaNeedsAConnectedCall) {
  LoopSpan s;
  EXPECT_EQ(s.span.media(1, detect_digits()), MediaResult::kNoBearer);  // idle
  EXPECT_EQ(s.span.media(9, detect_digits()), MediaResult::kNoBearer);  // not a line of ours
  ASSERT_TRUE(s.span.place_call(1, sim::testing::dial("5551003")));
  s.run_for(0);
  EXPECT_EQ(s.span.media(1, detect_digits()), MediaResult::kNoBearer);  // proceeding
  EXPECT_EQ(s.span.media(3, detect_digits()), MediaResult::kNoBearer);  // offered
  s.span.answer(3);
  s.run_for(0);
  ASSERT_EQ(s.span.channel_state(1), signalling::ChannelState::kConnected);
  EXPECT_EQ(s.span.media(1, detect_digits()), MediaResult::kOk);
  MediaCommand bad = generate("12X", 1);
  EXPECT_EQ(s.span.media(1, bad), MediaResult::kInvalid);
  s.span.release(1, board::cause::kNormalClearing);
  EXPECT_EQ(s.span.media(1, detect_digits()), MediaResult::kNoBearer);  // releasing
}

TEST(IdealSpanMedia, IdleSpanRunsNoAudioFrames) {
  LoopSpan s;
  s.run_for(1'000);
  EXPECT_EQ(s.span.wire().stats().frames, 0u);
  ASSERT_TRUE(s.span.place_call(1, sim::testing::dial("9900")));
  s.run_for(1'000);  // connected after 0 ms: 50 frames of 20 ms
  EXPECT_EQ(s.span.wire().stats().frames, 50u);
  EXPECT_EQ(s.span.wire().stats().channel_frames, 50u);  // one channel, nothing for the rest
  s.span.release(1, board::cause::kNormalClearing);
  s.run_for(1'000);
  EXPECT_EQ(s.span.wire().stats().frames, 50u);
  EXPECT_EQ(s.span.wire().live_channels(), 0u);
}

TEST(IdealSpanMedia, LoopbackOffersTheCallToOurOwnLineWithTheCallersNumber) {
  LoopSpan s;
  s.connect_one_to_two();
  EXPECT_EQ(s.span.far_end().peer(0), 1);
  EXPECT_EQ(s.span.far_end().peer(1), 0);
  EXPECT_EQ(s.span.stats().loopback_calls, 1u);
  // B hangs up: A is cleared by the switch with 16.
  s.span.release(2, board::cause::kNormalClearing);
  s.run_for(0);
  EXPECT_EQ(s.events.take(), (Events{{2, K::kReleased}, {1, K::kDisconnected, 16}}));
  s.span.release(1, board::cause::kNormalClearing);
  s.run_for(0);
  EXPECT_EQ(s.events.take(), (Events{{1, K::kReleased}}));
  EXPECT_EQ(s.span.far_end().peer(0), -1);
}

TEST(IdealSpanMedia, LoopbackToABusyLineIsBusy) {
  LoopSpan s;
  ASSERT_TRUE(s.span.place_call(2, sim::testing::dial("9900")));
  s.run_for(0);
  s.events.take();
  ASSERT_TRUE(s.span.place_call(1, sim::testing::dial("5551002")));
  s.run_for(0);
  EXPECT_EQ(s.events.take(), (Events{{1, K::kProceeding}, {1, K::kDisconnected, 17}}));
}

TEST(IdealSpanMedia, LoopbackRefusedByTheCalledLineClearsTheCaller) {
  LoopSpan s;
  ASSERT_TRUE(s.span.place_call(1, sim::testing::dial("5551003")));
  s.run_for(0);
  s.events.take();
  s.span.release(3, board::cause::kCallRejected);
  s.run_for(0);
  EXPECT_EQ(s.events.take(), (Events{{3, K::kReleased}, {1, K::kDisconnected, 21}}));
}

TEST(IdealSpanMedia, LoopbackLinesHearEachOtherBothWays) {
  for (io::SpanKind kind : {io::SpanKind::kT1, io::SpanKind::kE1}) {
    LoopSpan s(kind);
    s.connect_one_to_two();
    ASSERT_EQ(s.span.media(2, detect_digits()), MediaResult::kOk);
    ASSERT_EQ(s.span.media(1, detect_digits()), MediaResult::kOk);
    ASSERT_EQ(s.span.media(1, generate("0123456789*#ABCD", 7)), MediaResult::kOk);
    s.run_for(3'000);
    const Events all = s.events.take();
    std::string heard;
    for (const Event& e : s.only(all, 2, K::kMedia)) {
      if (e.detail.rfind("down ", 0) == 0) heard += e.detail.back();
    }
    EXPECT_EQ(heard, "0123456789*#ABCD");
    EXPECT_EQ(s.only(all, 1, K::kMedia), (Events{{1, K::kMedia, 0, "done 7"}}));
    // And back.
    ASSERT_EQ(s.span.media(2, generate("95#", 8)), MediaResult::kOk);
    s.run_for(1'000);
    const Events back = s.events.take();
    heard.clear();
    for (const Event& e : s.only(back, 1, K::kMedia)) {
      if (e.detail.rfind("down ", 0) == 0) heard += e.detail.back();
    }
    EXPECT_EQ(heard, "95#");
    EXPECT_GT(s.span.stats().bridged_frames, 0u);
  }
}

TEST(IdealSpanMedia, NoMediaEventAfterTheCallIsReleased) {
  LoopSpan s;
  s.connect_one_to_two();
  ASSERT_EQ(s.span.media(2, detect_digits()), MediaResult::kOk);
  ASSERT_EQ(s.span.media(1, generate("1234567890", 3)), MediaResult::kOk);
  s.run_for(300);  // a digit or two heard
  s.span.release(2, board::cause::kNormalClearing);
  s.run_for(0);
  s.events.take();
  s.run_for(3'000);
  const Events after = s.events.take();
  EXPECT_TRUE(s.only(after, 2, K::kMedia).empty());
  EXPECT_TRUE(s.only(after, 1, K::kMedia).empty());  // A was cleared: no generate-done either
}

}  // namespace
}  // namespace spantsp::ideal
