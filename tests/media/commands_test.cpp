#include <gtest/gtest.h>

#include <atomic>
#include <cstring>
#include <thread>

#include "media/media_support.h"
#include "tests/media/media_loop.h"

namespace spantsp::media::test {
namespace {

// The build with SPANTSP_WITH_MEDIA=ON carries the DSP these tests run (media_support.h).
TEST(SpanMedia, ThisBuildHasTheDsp) {
  EXPECT_TRUE(dsp_available());
}

// A refused command leaves the channel as it was: here, playing "5" and listening for digits.
class InvalidCommandTest : public ::testing::TestWithParam<MediaCommand> {};

TEST_P(InvalidCommandTest, IsRefusedAndChangesNothing) {
  MediaLoop loop(Law::kMulaw);
  loop.patch(0, 1);
  loop.command(1, detect_digits());
  loop.command(0, generate_digits("5", 77));
  loop.run_ms(40);
  EXPECT_EQ(loop.command(0, GetParam()), MediaResult::kInvalid);
  EXPECT_EQ(loop.command(1, GetParam()), MediaResult::kInvalid);
  loop.run_ms(400);
  const auto downs = of_kind(loop.events(), MediaEvent::Kind::kDigitDown, 1);
  ASSERT_EQ(downs.size(), 1u);
  EXPECT_EQ(downs[0].digit, '5');
  const auto done = of_kind(loop.events(), MediaEvent::Kind::kGenerateDone, 0);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].token, 77u);
  EXPECT_TRUE(loop.media().active(1));
  EXPECT_TRUE(of_kind(loop.events(), MediaEvent::Kind::kToneDetected, 1).empty());
}

MediaCommand with(MediaCommand c, void (*change)(MediaCommand&)) {
  change(c);
  return c;
}

const MediaCommand kTone = generate_tone({segment({440}, 100)}, true, 0, 1);
const MediaCommand kMonitor = monitor_tones({monitored({440}, 100)});

INSTANTIATE_TEST_SUITE_P(
    Limits, InvalidCommandTest,
    ::testing::Values(
        generate_digits("12x", 1), generate_digits("1 2", 1), generate_digits("", 1),
        with(generate_digits("1", 1), [](MediaCommand& c) { c.digit_count = 200; }),
        with(generate_digits("1", 1), [](MediaCommand& c) { c.digit_on_ms = 0; }),
        with(generate_digits("1", 1), [](MediaCommand& c) { c.digit_level_dbm0 = 10; }),
        with(kTone, [](MediaCommand& c) { c.tone.segment_count = 0; }),
        with(kTone, [](MediaCommand& c) { c.tone.segment_count = kMaxToneSegments + 1; }),
        with(kTone, [](MediaCommand& c) { c.tone.segments[0].frequencies = 0; }),
        with(kTone, [](MediaCommand& c) { c.tone.segments[0].frequencies = 4; }),
        with(kTone, [](MediaCommand& c) { c.tone.segments[0].frequency_hz[0] = kMinToneHz - 1; }),
        with(kTone, [](MediaCommand& c) { c.tone.segments[0].frequency_hz[0] = kMaxToneHz + 1; }),
        with(kTone, [](MediaCommand& c) { c.tone.segments[0].level_dbm0 = 4; }),
        with(kTone, [](MediaCommand& c) { c.tone.repeat_from = 1; }),
        with(kMonitor, [](MediaCommand& c) { c.tone_count = kMaxMonitoredTones + 1; }),
        with(kMonitor, [](MediaCommand& c) { c.tones[0].frequencies = 4; }),
        with(kMonitor, [](MediaCommand& c) { c.tones[0].frequency_hz[0] = 50; }),
        with(kMonitor, [](MediaCommand& c) { c.tones[0].frequency_hz[0] = 3500; }),
        detect_media(1u << 7),
        with(generate_signal(Signal::kFaxCng, 100, 1),
             [](MediaCommand& c) { c.signal = static_cast<Signal>(9); }),
        with(MediaCommand{}, [](MediaCommand& c) { c.op = static_cast<MediaCommand::Op>(42); })));

TEST(Commands, AChannelOutOfRangeIsInvalid) {
  MediaLoop loop(Law::kMulaw, 2);
  EXPECT_EQ(loop.command(2, detect_digits()), MediaResult::kInvalid);
  EXPECT_FALSE(loop.media().active(2));
  loop.media().reset(2);  // ignored
}

TEST(Commands, AReplacedGenerationReportsNothingAndTheNewOneReportsItsToken) {
  MediaLoop loop(Law::kAlaw);
  loop.patch(0, 1);
  loop.command(1, detect_digits());
  loop.command(0, generate_digits("111", 1));
  loop.run_ms(100);
  loop.command(0, generate_digits("2", 2));
  loop.run_ms(600);
  const auto done = of_kind(loop.events(), MediaEvent::Kind::kGenerateDone, 0);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].token, 2u);
  std::string digits;
  for (const MediaEvent& e : of_kind(loop.events(), MediaEvent::Kind::kDigitDown, 1)) {
    digits += e.digit;
  }
  EXPECT_EQ(digits, "12");
}

TEST(Commands, CancelStopsTheSoundWithNoEvent) {
  MediaLoop loop(Law::kMulaw, 1);
  loop.command(0, generate_tone({segment({1000}, 0)}, false, 0, 5));
  loop.run_ms(100);
  EXPECT_FALSE(std::all_of(loop.tx().begin(), loop.tx().end(),
                           [](std::uint8_t o) { return o == idle_octet(Law::kMulaw); }));
  loop.command(0, cancel_generate());
  EXPECT_FALSE(loop.media().active(0));
  loop.run_ms(100);
  EXPECT_TRUE(std::all_of(loop.tx().begin(), loop.tx().end(),
                          [](std::uint8_t o) { return o == idle_octet(Law::kMulaw); }));
  EXPECT_TRUE(loop.events().empty());
}

TEST(Commands, AGenerationEndingInTheSameFrameAsItsReplacementReportsNothing) {
  // The handler of channel 1's digit replaces channel 0's generation while channel 0's done
  // event of the same frame is still waiting to be handed out: it must be withdrawn.
  static MediaLoop* current = nullptr;
  MediaLoop loop(Law::kMulaw, 2);
  current = &loop;
  loop.patch(0, 1);
  loop.command(1, detect_digits());
  loop.command(0, generate_digits("7", 1, 100, 0));
  loop.on_event_ = [](std::size_t channel, const MediaEvent& e) {
    if (channel == 0 && e.kind == MediaEvent::Kind::kGenerateDone) {
      current->media().reset(0);
    }
  };
  loop.run_ms(400);
  EXPECT_EQ(of_kind(loop.events(), MediaEvent::Kind::kGenerateDone, 0).size(), 1u);
  // reset() from inside the handler of a digit: the channel's remaining events are dropped.
  loop.events().clear();
  loop.on_event_ = [](std::size_t channel, const MediaEvent& e) {
    if (channel == 1 && e.kind == MediaEvent::Kind::kDigitDown) current->media().reset(1);
  };
  loop.command(0, generate_digits("89", 2));
  loop.run_ms(600);
  const auto downs = of_kind(loop.events(), MediaEvent::Kind::kDigitDown, 1);
  ASSERT_EQ(downs.size(), 1u);
  EXPECT_EQ(downs[0].digit, '8');
  EXPECT_TRUE(of_kind(loop.events(), MediaEvent::Kind::kDigitUp, 1).empty());
  current = nullptr;
}

TEST(Commands, ResetStopsEverythingAndNoEventFollows) {
  MediaLoop loop(Law::kMulaw);
  loop.patch(0, 1);
  loop.patch(1, 0);
  loop.command(1, detect_digits());
  loop.command(1, monitor_tones({monitored({440}, 100)}));
  loop.command(1, detect_media(kMediaSpeech | kMediaFaxCng));
  loop.command(1, generate_tone({segment({440}, 0)}, false, 0, 3));
  loop.command(0, generate_digits("123456", 4));
  loop.run_ms(150);
  EXPECT_TRUE(loop.media().active(1));
  loop.media().reset(1);
  EXPECT_FALSE(loop.media().active(1));
  const std::size_t before = loop.events().size();
  loop.run_ms(2000);
  for (std::size_t i = before; i < loop.events().size(); ++i) {
    EXPECT_NE(loop.events()[i].channel, 1u);
  }
  // kReset through command() is the same.
  loop.command(1, detect_digits());
  EXPECT_EQ(loop.command(1, MediaCommand{}), MediaResult::kOk);
  EXPECT_FALSE(loop.media().active(1));
}

TEST(Commands, IdleChannelsCostNothingAndStatsCountFramesAndLateTicks) {
  MediaLoop loop(Law::kMulaw, 4);
  loop.run_ms(100);
  EXPECT_EQ(loop.media().stats().ticks, 5u);
  EXPECT_EQ(loop.media().stats().frames_processed, 0u);
  loop.command(2, detect_digits());
  loop.run_ms(100);
  EXPECT_EQ(loop.media().stats().frames_processed, 5u);
  EXPECT_EQ(loop.media().stats().late_ticks, 0u);
  std::vector<std::uint8_t> rx(4 * 160, 0xFF);
  std::vector<std::uint8_t> tx(4 * 160, 0xFF);
  loop.media().tick(rx.data(), tx.data(), loop.now_ms() + 60);  // two periods skipped
  EXPECT_EQ(loop.media().stats().late_ticks, 1u);
}

TEST(Commands, TheParallelTickGivesTheSameEventsAsTheSerialOne) {
#if defined(__SANITIZE_THREAD__)
  // oneTBB's task objects come from its uninstrumented small-object pool: TSan reports their
  // reuse across the arena's threads as races inside parallel_for itself.
  GTEST_SKIP() << "Debian's libtbb is not built for ThreadSanitizer";
#endif
  auto run = [](SpanMediaOptions options) {
    MediaLoop loop(Law::kAlaw, 64, options);
    for (std::size_t i = 0; i < 64; i += 2) {
      loop.patch(i, i + 1);
      loop.command(i + 1, detect_digits());
      loop.command(i,
                   generate_digits(kDtmfDigits.substr(i % 12, 4), static_cast<std::uint32_t>(i)));
    }
    loop.run_ms(1000);
    return loop.events();
  };
  SpanMediaOptions parallel;
  parallel.tick = SpanMediaOptions::Tick::kParallel;
  parallel.arena_threads = 2;
  parallel.grain = 4;
  const auto serial_events = run({});
  const auto parallel_events = run(parallel);
  ASSERT_EQ(serial_events.size(), parallel_events.size());
  ASSERT_EQ(serial_events.size(), 32u * (4 * 2 + 1));
  for (std::size_t i = 0; i < serial_events.size(); ++i) {
    EXPECT_EQ(serial_events[i].channel, parallel_events[i].channel);
    EXPECT_EQ(serial_events[i].event.kind, parallel_events[i].event.kind);
    EXPECT_EQ(serial_events[i].event.digit, parallel_events[i].event.digit);
    EXPECT_EQ(serial_events[i].event.at_ms, parallel_events[i].event.at_ms);
  }
}

// Span workers build their spans at once: spandsp's one-time tables must not race (TSan).
TEST(Commands, SpansBuiltOnSeveralThreadsAtOnceWork) {
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&ok, t] {
      MediaLoop loop(t % 2 == 0 ? Law::kMulaw : Law::kAlaw);
      loop.patch(0, 1);
      loop.command(1, detect_digits());
      loop.command(0, generate_digits("9", 1));
      loop.run_ms(300);
      if (of_kind(loop.events(), MediaEvent::Kind::kDigitDown, 1).size() == 1) ++ok;
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(ok.load(), 4);
}

TEST(Commands, AFramePeriodOutOfRangeIsRefusedAtConstruction) {
  struct Sink : MediaEvents {
    virtual ~Sink() = default;
    void on_media_event(std::size_t, const MediaEvent&) override {}
  } sink;
  EXPECT_THROW(SpanMedia(1, Law::kMulaw, 0, sink), std::invalid_argument);
  EXPECT_THROW(SpanMedia(1, Law::kMulaw, 101, sink), std::invalid_argument);
  SpanMedia ok(1, Law::kMulaw, 10, sink);
  EXPECT_EQ(ok.frame_samples(), 80u);
}

}  // namespace
}  // namespace spantsp::media::test
