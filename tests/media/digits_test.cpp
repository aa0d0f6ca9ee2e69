#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "tests/media/media_loop.h"

namespace spantsp::media::test {
namespace {

class DigitsTest : public ::testing::TestWithParam<Law> {};

// Channel 0 plays, channel 1 listens to it through the law's companding.
TEST_P(DigitsTest, AllSixteenDigitsAreDetectedWithOrderedEdgesAtTheirTimes) {
  MediaLoop loop(GetParam());
  loop.patch(0, 1);
  ASSERT_EQ(loop.command(1, detect_digits()), MediaResult::kOk);
  ASSERT_EQ(loop.command(0, generate_digits(kDtmfDigits, 42)), MediaResult::kOk);
  // The first sample is played in the next frame (ending at next_ms()); channel 1 hears it a
  // frame later, from next_ms() on its clock.
  const std::uint64_t heard_from = loop.next_ms();
  loop.run_ms(16 * 200 + 200);

  std::string down;
  std::string up;
  char open = 0;
  std::size_t k = 0;
  for (const Recorded& r : loop.events()) {
    if (r.channel != 1) continue;
    const MediaEvent& e = r.event;
    const std::uint64_t onset = heard_from + k * 200;
    if (e.kind == MediaEvent::Kind::kDigitDown) {
      EXPECT_EQ(open, 0) << "a digit went down before the last one came up";
      open = e.digit;
      down += e.digit;
      EXPECT_LE(std::llabs(static_cast<long long>(e.at_ms - onset)), 20) << e.digit;
    } else if (e.kind == MediaEvent::Kind::kDigitUp) {
      EXPECT_EQ(open, e.digit);
      open = 0;
      up += e.digit;
      EXPECT_LE(std::llabs(static_cast<long long>(e.at_ms - (onset + 100))), 20) << e.digit;
      ++k;
    }
  }
  EXPECT_EQ(down, kDtmfDigits);
  EXPECT_EQ(up, kDtmfDigits);

  const auto done = of_kind(loop.events(), MediaEvent::Kind::kGenerateDone, 0);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].token, 42u);
  // Played on channel 0's own clock: the last off-time ends 16 x 200 ms after the start.
  EXPECT_LE(std::llabs(static_cast<long long>(done[0].at_ms - (heard_from - 20 + 3200))), 20);
}

TEST_P(DigitsTest, DigitTimingAndPausesAreHonoured) {
  MediaLoop loop(GetParam());
  loop.patch(0, 1);
  loop.command(1, detect_digits());
  const std::uint64_t start = loop.next_ms();
  loop.command(0, generate_digits("1,2", 9, 240, 60));
  loop.run_ms(240 + 60 + kPauseMs + 240 + 60 + 200);

  const auto downs = of_kind(loop.events(), MediaEvent::Kind::kDigitDown, 1);
  const auto ups = of_kind(loop.events(), MediaEvent::Kind::kDigitUp, 1);
  ASSERT_EQ(downs.size(), 2u);
  ASSERT_EQ(ups.size(), 2u);
  EXPECT_EQ(downs[0].digit, '1');
  EXPECT_EQ(downs[1].digit, '2');
  // On-time 240 ms each, within a frame.
  EXPECT_LE(std::llabs(static_cast<long long>(ups[0].at_ms - downs[0].at_ms) - 240), 20);
  EXPECT_LE(std::llabs(static_cast<long long>(ups[1].at_ms - downs[1].at_ms) - 240), 20);
  // The second digit starts after the first's on+off and the pause.
  EXPECT_LE(std::llabs(static_cast<long long>(downs[1].at_ms - downs[0].at_ms) -
                       (240 + 60 + static_cast<long long>(kPauseMs))),
            20);
  const auto done = of_kind(loop.events(), MediaEvent::Kind::kGenerateDone, 0);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_LE(std::llabs(static_cast<long long>(done[0].at_ms - start) -
                       (2 * 300 + static_cast<long long>(kPauseMs))),
            20);
}

TEST_P(DigitsTest, NothingIsReportedWhileDetectionIsOff) {
  MediaLoop loop(GetParam());
  loop.patch(0, 1);
  loop.command(0, generate_digits("123", 1));
  loop.run_ms(800);
  EXPECT_TRUE(of_kind(loop.events(), MediaEvent::Kind::kDigitDown, 1).empty());
  loop.command(1, detect_digits());
  loop.command(0, generate_digits("4", 2));
  loop.run_ms(300);
  loop.command(1, detect_digits(false));
  loop.command(0, generate_digits("5", 3));
  loop.run_ms(300);
  const auto downs = of_kind(loop.events(), MediaEvent::Kind::kDigitDown, 1);
  ASSERT_EQ(downs.size(), 1u);
  EXPECT_EQ(downs[0].digit, '4');
}

// Through G.711 in both laws: a digit's end reaches the application with the first frame of
// silence, stamped with the end itself (digit_detector.h), not spandsp's block or two later.
TEST_P(DigitsTest, TheEndIsReportedInTheFirstFrameOfSilenceAtItsTime) {
  MediaLoop loop(GetParam());
  loop.patch(0, 1);
  ASSERT_EQ(loop.command(1, detect_digits()), MediaResult::kOk);
  ASSERT_EQ(loop.command(0, generate_digits("5", 1, 100, 100)), MediaResult::kOk);
  const std::uint64_t heard_from = loop.next_ms();  // channel 1's clock, as above
  std::size_t ups = 0;
  for (int frame = 0; frame < 20; ++frame) {
    loop.tick();
    const auto up = of_kind(loop.events(), MediaEvent::Kind::kDigitUp, 1);
    if (up.size() == ups) continue;
    ups = up.size();
    EXPECT_EQ(loop.now_ms(), heard_from + 120) << "the frame after the tone's last";
    EXPECT_LE(std::llabs(static_cast<long long>(up.back().at_ms - (heard_from + 100))), 1);
  }
  EXPECT_EQ(ups, 1u);
  EXPECT_EQ(of_kind(loop.events(), MediaEvent::Kind::kDigitDown, 1).size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(BothLaws, DigitsTest, ::testing::Values(Law::kMulaw, Law::kAlaw),
                         law_name);

}  // namespace
}  // namespace spantsp::media::test
