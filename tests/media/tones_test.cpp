#include <gtest/gtest.h>

#include "tests/media/media_loop.h"

namespace spantsp::media::test {
namespace {

class TonesTest : public ::testing::TestWithParam<Law> {};

std::vector<std::uint8_t> tone_hits(std::size_t channel, const std::vector<Recorded>& all) {
  std::vector<std::uint8_t> hits;
  for (const MediaEvent& e : of_kind(all, MediaEvent::Kind::kToneDetected, channel)) {
    hits.push_back(e.tone_index);
  }
  return hits;
}

TEST_P(TonesTest, ADualToneHitsTheDualEntryAndNotItsSingleFrequencies) {
  MediaLoop loop(GetParam());
  loop.patch(0, 1);
  ASSERT_EQ(loop.command(1, monitor_tones({monitored({440}, 200), monitored({350, 440}, 200),
                                           monitored({350}, 200), monitored({480, 620}, 200)})),
            MediaResult::kOk);
  ASSERT_EQ(loop.command(0, generate_tone({segment({350, 440}, 0)}, false, 1000, 1)),
            MediaResult::kOk);
  loop.run_ms(1200);
  EXPECT_EQ(tone_hits(1, loop.events()), (std::vector<std::uint8_t>{1}));
}

TEST_P(TonesTest, ASingleToneHitsTheSingleEntryAndNotADualOneContainingIt) {
  MediaLoop loop(GetParam());
  loop.patch(0, 1);
  loop.command(1, monitor_tones(
                      {monitored({350, 440}, 100), monitored({440}, 100), monitored({1000}, 100)}));
  loop.command(0, generate_tone({segment({440}, 0)}, false, 500, 1));
  loop.run_ms(700);
  EXPECT_EQ(tone_hits(1, loop.events()), (std::vector<std::uint8_t>{1}));
}

TEST_P(TonesTest, AThreeFrequencyToneHitsOnlyTheEntryNamingAllThree) {
  MediaLoop loop(GetParam());
  loop.patch(0, 1);
  loop.command(1, monitor_tones({monitored({950, 1400}, 60), monitored({950, 1400, 1800}, 60),
                                 monitored({1800}, 60)}));
  loop.command(0, generate_tone({segment({950, 1400, 1800}, 0)}, false, 400, 1));
  loop.run_ms(600);
  EXPECT_EQ(tone_hits(1, loop.events()), (std::vector<std::uint8_t>{1}));
}

TEST_P(TonesTest, ToneIsReportedOncePerOnsetAfterItsDuration) {
  MediaLoop loop(GetParam());
  loop.patch(0, 1);
  loop.command(1, monitor_tones({monitored({480, 620}, 300)}));
  // US busy: 500 ms on, 500 ms off, three cycles.
  const std::uint64_t start = loop.next_ms();
  loop.command(0, generate_tone({segment({480, 620}, 500), segment({}, 500)}, true, 3000, 5));
  loop.run_ms(3200);
  const auto hits = of_kind(loop.events(), MediaEvent::Kind::kToneDetected, 1);
  ASSERT_EQ(hits.size(), 3u);
  for (std::size_t i = 0; i < hits.size(); ++i) {
    // Heard a frame after it is played; reported 300 ms into each burst (within a block).
    const std::uint64_t expected = start + 20 + i * 1000 + 300;
    EXPECT_LE(std::llabs(static_cast<long long>(hits[i].at_ms - expected)), 20) << i;
  }
  // A short tone (under the duration) is never reported.
  loop.events().clear();
  loop.command(0, generate_tone({segment({480, 620}, 200), segment({}, 300)}, true, 2000, 6));
  loop.run_ms(2200);
  EXPECT_TRUE(of_kind(loop.events(), MediaEvent::Kind::kToneDetected, 1).empty());
}

TEST_P(TonesTest, TheSilenceEntryHitsOnSilenceOnly) {
  MediaLoop loop(GetParam());
  loop.patch(0, 1);
  loop.command(0, generate_tone({segment({1000}, 0)}, false, 1000, 1));
  loop.run_ms(100);
  loop.command(1, monitor_tones({monitored({}, 400), monitored({1000}, 200)}));
  loop.run_ms(600);
  EXPECT_EQ(tone_hits(1, loop.events()), (std::vector<std::uint8_t>{1}));
  loop.run_ms(1000);  // the tone ends at 1000 ms, then 400 ms of silence
  EXPECT_EQ(tone_hits(1, loop.events()), (std::vector<std::uint8_t>{1, 0}));
}

TEST_P(TonesTest, GenerateToneReportsDoneWhenTheCadenceEndsOrTheDurationRuns) {
  MediaLoop loop(GetParam());
  const std::uint64_t start = loop.next_ms();
  loop.command(
      0, generate_tone({segment({400}, 300), segment({}, 100), segment({600}, 200)}, false, 0, 11));
  loop.command(1, generate_tone({segment({425}, 100), segment({}, 100)}, true, 1000, 12));
  loop.run_ms(1200);
  const auto a = of_kind(loop.events(), MediaEvent::Kind::kGenerateDone, 0);
  const auto b = of_kind(loop.events(), MediaEvent::Kind::kGenerateDone, 1);
  ASSERT_EQ(a.size(), 1u);
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(a[0].token, 11u);
  EXPECT_EQ(b[0].token, 12u);
  EXPECT_LE(std::llabs(static_cast<long long>(a[0].at_ms - (start - 20 + 600))), 20);
  EXPECT_LE(std::llabs(static_cast<long long>(b[0].at_ms - (start - 20 + 1000))), 20);
}

INSTANTIATE_TEST_SUITE_P(BothLaws, TonesTest, ::testing::Values(Law::kMulaw, Law::kAlaw), law_name);

}  // namespace
}  // namespace spantsp::media::test
