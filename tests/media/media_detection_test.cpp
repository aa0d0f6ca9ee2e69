#include <gtest/gtest.h>

#include "tests/media/media_loop.h"

namespace spantsp::media::test {
namespace {

constexpr std::uint32_t kAll = kMediaFaxCng | kMediaFaxCed | kMediaModemAnswer | kMediaSpeech;

struct Case {
  Signal signal;
  std::uint32_t expected;
};

std::string case_name(const ::testing::TestParamInfo<std::tuple<Law, Case>>& param) {
  static const char* const kSignalNames[] = {"FaxCng", "FaxCed", "ModemAnswer", "SpeechLike"};
  return std::string(std::get<0>(param.param) == Law::kAlaw ? "Alaw_" : "Mulaw_") +
         kSignalNames[static_cast<int>(std::get<1>(param.param).signal)];
}

class MediaDetectionTest : public ::testing::TestWithParam<std::tuple<Law, Case>> {};

// Each signal the sim's callers play is classified as what it is, and as nothing else; nor is
// it taken for a monitored tone of another kind.
TEST_P(MediaDetectionTest, EachSignalIsClassifiedAsItsKindOnly) {
  const auto [law, c] = GetParam();
  MediaLoop loop(law);
  loop.patch(0, 1);
  ASSERT_EQ(loop.command(1, detect_media(kAll)), MediaResult::kOk);
  ASSERT_EQ(loop.command(0, generate_signal(c.signal, 4000, 3)), MediaResult::kOk);
  loop.run_ms(4400);
  const auto found = of_kind(loop.events(), MediaEvent::Kind::kMediaDetected, 1);
  ASSERT_EQ(found.size(), 1u) << found[0].media << " at " << found[0].at_ms << ", "
                              << found.back().media << " at " << found.back().at_ms;
  EXPECT_EQ(found[0].media, c.expected);
  const auto done = of_kind(loop.events(), MediaEvent::Kind::kGenerateDone, 0);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].token, 3u);
}

INSTANTIATE_TEST_SUITE_P(
    Signals, MediaDetectionTest,
    ::testing::Combine(::testing::Values(Law::kMulaw, Law::kAlaw),
                       ::testing::Values(Case{Signal::kFaxCng, kMediaFaxCng},
                                         Case{Signal::kFaxCed, kMediaFaxCed},
                                         Case{Signal::kModemAnswer, kMediaModemAnswer},
                                         Case{Signal::kSpeechLike, kMediaSpeech})),
    case_name);

TEST(MediaDetection, SpeechIsNeverMisreadAsAToneNorTonesAsSpeech) {
  for (std::uint32_t seed : {1u, 2u, 3u, 99u}) {
    MediaLoop loop(Law::kMulaw);
    loop.patch(0, 1);
    loop.command(1, detect_media(kMediaSpeech));
    loop.command(1, monitor_tones({monitored({440}, 40), monitored({350, 440}, 40),
                                   monitored({1100}, 40), monitored({2100}, 40)}));
    loop.command(0, generate_signal(Signal::kSpeechLike, 3000, 1, seed));
    loop.run_ms(3200);
    EXPECT_TRUE(of_kind(loop.events(), MediaEvent::Kind::kToneDetected, 1).empty()) << seed;
    EXPECT_EQ(of_kind(loop.events(), MediaEvent::Kind::kMediaDetected, 1).size(), 1u) << seed;
  }
  MediaLoop loop(Law::kAlaw);
  loop.patch(0, 1);
  loop.command(1, detect_media(kMediaSpeech));
  loop.command(0, generate_tone({segment({350, 440}, 0)}, false, 1500, 1));
  loop.run_ms(1600);
  EXPECT_TRUE(of_kind(loop.events(), MediaEvent::Kind::kMediaDetected, 1).empty()) << "dial";
  loop.command(0, generate_digits("0123456789", 2, 80, 80));
  loop.run_ms(2000);
  EXPECT_TRUE(of_kind(loop.events(), MediaEvent::Kind::kMediaDetected, 1).empty()) << "digits";
  loop.command(0, generate_tone({segment({950}, 330), segment({1400}, 330), segment({1800}, 330)},
                                true, 2000, 3));
  loop.run_ms(2200);
  EXPECT_TRUE(of_kind(loop.events(), MediaEvent::Kind::kMediaDetected, 1).empty());
}

TEST(MediaDetection, SpeechLikeAudioIsTheSameForTheSameSeed) {
  std::vector<std::uint8_t> first;
  for (int run = 0; run < 2; ++run) {
    MediaLoop loop(Law::kMulaw, 1);
    loop.command(0, generate_signal(Signal::kSpeechLike, 1000, 1, 1234));
    std::vector<std::uint8_t> audio;
    for (int i = 0; i < 50; ++i) {
      loop.tick();
      audio.insert(audio.end(), loop.tx().begin(), loop.tx().end());
    }
    if (run == 0)
      first = audio;
    else
      EXPECT_EQ(audio, first);
  }
}

TEST(MediaDetection, EachKindIsReportedOnceAndOnlyThoseAsked) {
  MediaLoop loop(Law::kMulaw);
  loop.patch(0, 1);
  loop.command(1, detect_media(kMediaFaxCed));
  loop.command(0, generate_signal(Signal::kFaxCng, 8000, 1));
  loop.run_ms(8200);
  EXPECT_TRUE(of_kind(loop.events(), MediaEvent::Kind::kMediaDetected, 1).empty());
  loop.command(1, detect_media(kMediaFaxCng));
  loop.command(0, generate_signal(Signal::kFaxCng, 8000, 2));  // two CNG bursts
  loop.run_ms(8200);
  EXPECT_EQ(of_kind(loop.events(), MediaEvent::Kind::kMediaDetected, 1).size(), 1u);
  EXPECT_FALSE(loop.media().active(1));  // all it was asked for has been found
}

}  // namespace
}  // namespace spantsp::media::test
