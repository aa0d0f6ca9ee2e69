// The digit's end decided inside the frame that carries it (digit_detector.h): synthetic DTMF
// at exact sample positions, fed in 20 ms frames straight into one DigitDetector, so every
// assertion is about samples and frames, never about timing.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <memory>
#include <numbers>
#include <string>
#include <string_view>
#include <vector>

#include "media/digit_detector.h"

namespace spantsp::media {
namespace {

constexpr std::size_t kFrame = 160;  // 20 ms
constexpr std::uint64_t kT0 = 1000;  // the time of sample -1
constexpr double kLevel = 7000.0;    // each tone's amplitude (about -10 dBm0)
// The early end is the first sample of the quiet window (a sample or two early when the tone's
// last samples were small), its millisecond rounded down.
constexpr double kEndTolerance = 2.0;

double sample_ms(std::size_t sample) {
  return static_cast<double>(kT0) + static_cast<double>(sample + 1) * 1000.0 / kSampleRate;
}

// Audio built piece by piece; sample positions are exact.
struct Audio {
  std::vector<double> x;
  void digit(char d, std::size_t samples, double gain = 1.0) {
    static constexpr char kKeys[] = "123A456B789C*0#D";
    static constexpr double kRow[] = {697, 770, 852, 941};
    static constexpr double kCol[] = {1209, 1336, 1477, 1633};
    const auto k = static_cast<std::size_t>(std::string_view(kKeys).find(d));
    for (std::size_t i = 0; i < samples; ++i) {
      const double t = static_cast<double>(x.size()) / kSampleRate;
      x.push_back(gain * kLevel *
                  (std::sin(2 * std::numbers::pi * kRow[k / 4] * t) +
                   std::sin(2 * std::numbers::pi * kCol[k % 4] * t)));
    }
  }
  void silence(std::size_t samples) { x.insert(x.end(), samples, 0.0); }
  // White noise of the given RMS (a fixed generator: runs repeat).
  void noise(std::size_t samples, double rms) {
    std::uint32_t s = 12345;
    for (std::size_t i = 0; i < samples; ++i) {
      double sum = 0;
      for (int k = 0; k < 12; ++k) {
        s = s * 1664525u + 1013904223u;
        sum += static_cast<double>(s >> 8) / 16777216.0;
      }
      x.push_back((sum - 6.0) * rms);
    }
  }
};

struct Seen {
  MediaEvent::Kind kind;
  char digit;
  std::uint64_t at_ms;
  std::uint64_t at_us;  // at_ms and at_us together, in microseconds
  std::size_t frame;    // the frame whose processing reported it
};

// Feeds `audio` (then `tail` samples of silence) frame by frame.
std::vector<Seen> detect(const Audio& audio, std::size_t tail = 8000) {
  std::vector<std::int16_t> pcm;
  for (double v : audio.x) pcm.push_back(static_cast<std::int16_t>(std::lround(v)));
  pcm.resize((pcm.size() + tail + kFrame - 1) / kFrame * kFrame, 0);
  auto detector = std::make_unique<DigitDetector>();
  ChannelEvents events;
  std::vector<Seen> seen;
  for (std::size_t f = 0; f * kFrame < pcm.size(); ++f) {
    const FrameClock clock{kT0 + (f + 1) * 20, kFrame};
    detector->process(pcm.data() + f * kFrame, kFrame, clock, events);
    for (std::size_t i = 0; i < events.size(); ++i) {
      const MediaEvent& e = events.at(i);
      seen.push_back({e.kind, e.digit, e.at_ms, e.at_ms * 1000 + e.at_us, f});
    }
    events.clear();
  }
  return seen;
}

std::string sequence(const std::vector<Seen>& seen) {
  std::string out;
  for (const Seen& s : seen) {
    out += s.kind == MediaEvent::Kind::kDigitDown ? '+' : '-';
    out += s.digit;
  }
  return out;
}

TEST(DigitEnd, EveryDigitEndsInTheFrameThatCarriesItsEnd) {
  // Ends at every offset in a frame that leaves the window room: 0 .. kFrame - kEndWindow.
  for (std::size_t offset = 0; offset + DigitDetector::kEndWindow <= kFrame; offset += 9) {
    for (char d : std::string_view("0123456789*#ABCD")) {
      Audio a;
      const std::size_t end = 20 * kFrame + offset;  // the first sample of silence
      a.silence(end - 640);
      a.digit(d, 640);  // 80 ms
      const auto seen = detect(a);
      ASSERT_EQ(sequence(seen), (std::string{'+', d, '-', d})) << d << " offset " << offset;
      EXPECT_EQ(seen[1].frame, end / kFrame) << d << " offset " << offset;
      EXPECT_NEAR(static_cast<double>(seen[1].at_ms), sample_ms(end), kEndTolerance)
          << d << " offset " << offset;
    }
  }
}

// What the load tool measures digit-end latency from (perf/README.md): the end to the
// microsecond is never after the tone stopped (the figure never flatters) and less than a
// millisecond before it, wherever in a frame the end falls (its last window included).
TEST(DigitEnd, TheEndToTheMicrosecondIsNeverLateAndUnderAMillisecondEarly) {
  for (std::size_t offset = 0; offset < kFrame; offset += 7) {
    for (char d : std::string_view("0123456789*#ABCD")) {
      Audio a;
      const std::size_t end = 20 * kFrame + offset;  // the first sample of silence
      a.silence(end - 640);
      a.digit(d, 640);
      const auto seen = detect(a);
      ASSERT_EQ(sequence(seen), (std::string{'+', d, '-', d})) << d << " offset " << offset;
      const auto stopped_us = static_cast<std::uint64_t>(std::llround(sample_ms(end) * 1000));
      EXPECT_LE(seen[1].at_us, stopped_us) << d << " offset " << offset;
      EXPECT_LT(stopped_us - seen[1].at_us, 1000u) << d << " offset " << offset;
      EXPECT_EQ(seen[1].at_ms, seen[1].at_us / 1000);  // the TSPI tick: rounded down
    }
  }
}

TEST(DigitEnd, AnEndInAFramesLastWindowIsReportedAtTheStartOfTheNext) {
  Audio a;
  const std::size_t end = 21 * kFrame - 4;
  a.silence(end - 800);
  a.digit('7', 800);
  const auto seen = detect(a);
  ASSERT_EQ(sequence(seen), "+7-7");
  EXPECT_EQ(seen[1].frame, end / kFrame + 1);
  EXPECT_NEAR(static_cast<double>(seen[1].at_ms), sample_ms(end), kEndTolerance);
}

TEST(DigitEnd, TheSameDigitPressedTwiceQuicklyGivesTwoDigits) {
  for (std::size_t gap_ms : {40, 60}) {
    Audio a;
    a.silence(400);
    a.digit('5', 480);  // 60 ms
    a.silence(gap_ms * 8);
    a.digit('5', 480);
    const auto seen = detect(a);
    ASSERT_EQ(sequence(seen), "+5-5+5-5") << gap_ms;
    EXPECT_NEAR(static_cast<double>(seen[1].at_ms), sample_ms(880), kEndTolerance);
    EXPECT_NEAR(static_cast<double>(seen[3].at_ms), sample_ms(880 + gap_ms * 8 + 480),
                kEndTolerance);
  }
}

TEST(DigitEnd, AFastStringGivesEachDigitOnceWithItsEnd) {
  Audio a;
  a.silence(400);
  const std::string digits = "0123456789*#ABCD";
  for (char d : digits) {
    a.digit(d, 400);  // 50 ms on, 50 ms off
    a.silence(400);
  }
  const auto seen = detect(a);
  std::string expected;
  for (char d : digits) expected += std::string{'+', d, '-', d};
  ASSERT_EQ(sequence(seen), expected);
  for (std::size_t k = 0; k < digits.size(); ++k) {
    EXPECT_NEAR(static_cast<double>(seen[2 * k + 1].at_ms), sample_ms(400 + k * 800 + 400),
                kEndTolerance)
        << digits[k];
  }
}

// Digit `d` from sample 400 to 1200 (its end), then 200 ms of noise at `rms`.
std::vector<Seen> digit_then_noise(char d, double rms) {
  Audio a;
  a.silence(400);
  a.digit(d, 800);
  a.noise(1600, rms);
  return detect(a);
}

TEST(DigitEnd, SpeechOrNoiseAtTheDigitsLevelFallsBackToSpandspsEnd) {
  const auto seen = digit_then_noise('9', kLevel);  // no drop in level: only the tone's loss
  ASSERT_EQ(sequence(seen), "+9-9");
  // spandsp's end: one to two blocks after the tone stopped, in a later frame.
  EXPECT_GT(seen[1].frame, 1200 / kFrame);
  EXPECT_NEAR(static_cast<double>(seen[1].at_ms), sample_ms(1200), 26.0);
}

TEST(DigitEnd, QuieterNoiseAfterTheDigitStillEndsItAtOnce) {
  const auto seen = digit_then_noise('3', kLevel / 10);  // 20 dB below the digit's power
  ASSERT_EQ(sequence(seen), "+3-3");
  EXPECT_EQ(seen[1].frame, 1200 / kFrame);
  EXPECT_NEAR(static_cast<double>(seen[1].at_ms), sample_ms(1200), kEndTolerance);
}

TEST(DigitEnd, AShortLevelDipInsideADigitIsNoEnd) {
  Audio a;
  a.silence(400);
  a.digit('8', 800);
  a.digit('8', 160, 0.5);  // 20 ms at -6 dB
  a.digit('8', 800);
  const auto seen = detect(a);
  ASSERT_EQ(sequence(seen), "+8-8");
  EXPECT_NEAR(static_cast<double>(seen[1].at_ms), sample_ms(400 + 1760), kEndTolerance);
}

TEST(DigitEnd, ADifferentDigitRightAfterOneEndsTheFirstOnce) {
  Audio a;
  a.silence(400);
  a.digit('1', 800);
  a.digit('2', 800);  // no gap: only spandsp sees the change
  const auto seen = detect(a);
  ASSERT_EQ(sequence(seen), "+1-1+2-2");
  EXPECT_LE(seen[1].at_ms, seen[2].at_ms);
  EXPECT_NEAR(static_cast<double>(seen[3].at_ms), sample_ms(2000), kEndTolerance);
}

TEST(DigitEnd, RestartForgetsADigitInProgress) {
  Audio a;
  a.silence(400);
  a.digit('4', 1600);
  std::vector<std::int16_t> pcm;
  for (double v : a.x) pcm.push_back(static_cast<std::int16_t>(std::lround(v)));
  pcm.resize(4000, 0);
  DigitDetector detector;
  ChannelEvents events;
  for (std::size_t f = 0; f < 8; ++f) {  // past the digit's confirmation
    detector.process(pcm.data() + f * kFrame, kFrame, FrameClock{kT0 + (f + 1) * 20, kFrame},
                     events);
  }
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events.at(0).kind, MediaEvent::Kind::kDigitDown);
  events.clear();
  detector.restart();
  for (std::size_t f = 8; f * kFrame + kFrame <= pcm.size(); ++f) {
    detector.process(pcm.data() + f * kFrame, kFrame, FrameClock{kT0 + (f + 1) * 20, kFrame},
                     events);
  }
  // The rest of the tone is a new digit to the fresh detector; its end follows once.
  std::string got;
  for (std::size_t i = 0; i < events.size(); ++i) {
    got += events.at(i).kind == MediaEvent::Kind::kDigitDown ? '+' : '-';
    got += events.at(i).digit;
  }
  EXPECT_EQ(got, "+4-4");
}

}  // namespace
}  // namespace spantsp::media
