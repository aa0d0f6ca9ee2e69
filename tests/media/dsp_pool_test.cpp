// media/span_media.h: the span's pool of DSP states. A channel takes a state with its first
// command that starts something and gives it back when nothing of it runs; past the bound
// (SpanMediaOptions::dsp_states) a command is refused with kNoResource and changes nothing;
// once the peak has been built, commands, resets and ticks allocate nothing.
#include <gtest/gtest.h>

#include "tests/media/media_loop.h"
#include "tools/tapihost/alloc_counter.h"

namespace spantsp::media::test {
namespace {

SpanMediaOptions pool(std::size_t states, std::size_t prebuilt = 0) {
  SpanMediaOptions o;
  o.dsp_states = states;
  o.dsp_prebuilt = prebuilt;
  return o;
}

TEST(DspPool, BuildsNothingUntilAChannelAsks) {
  MediaLoop loop(Law::kMulaw, 24, pool(kAllChannels));
  EXPECT_EQ(loop.media().stats().dsp_built, 0u);
  loop.run_ms(100);  // ticks without DSP
  EXPECT_EQ(loop.media().stats().frames_processed, 0u);
  // Stopping what never ran takes no state.
  EXPECT_EQ(loop.command(3, detect_digits(false)), MediaResult::kOk);
  EXPECT_EQ(loop.command(3, cancel_generate()), MediaResult::kOk);
  EXPECT_EQ(loop.media().stats().dsp_built, 0u);

  ASSERT_EQ(loop.command(3, detect_digits()), MediaResult::kOk);
  EXPECT_EQ(loop.media().stats().dsp_built, kDspBlock);  // one block
  EXPECT_EQ(loop.media().stats().dsp_in_use, 1u);
  EXPECT_TRUE(loop.media().active(3));
  EXPECT_FALSE(loop.media().active(4));
}

TEST(DspPool, AFullPoolRefusesWithNoResourceAndChangesNothing) {
  MediaLoop loop(Law::kAlaw, 4, pool(2));
  ASSERT_EQ(loop.command(0, detect_digits()), MediaResult::kOk);
  ASSERT_EQ(loop.command(1, monitor_tones({monitored({440}, 100)})), MediaResult::kOk);
  EXPECT_EQ(loop.media().stats().dsp_built, 2u);  // the bound, not a whole block

  EXPECT_EQ(loop.command(2, generate_digits("1", 7)), MediaResult::kNoResource);
  EXPECT_EQ(loop.command(2, detect_digits()), MediaResult::kNoResource);
  EXPECT_FALSE(loop.media().active(2));
  EXPECT_EQ(loop.media().stats().dsp_refused, 2u);
  loop.run_ms(400);
  EXPECT_TRUE(loop.events().empty());  // nothing was started for channel 2

  // A channel that already holds a state is never refused.
  EXPECT_EQ(loop.command(0, generate_digits("5", 8)), MediaResult::kOk);

  // Channel 1's call ends: its state is free for channel 2.
  loop.media().reset(1);
  EXPECT_EQ(loop.media().stats().dsp_in_use, 1u);
  ASSERT_EQ(loop.command(2, generate_digits("1", 9)), MediaResult::kOk);
  EXPECT_EQ(loop.media().stats().dsp_in_use, 2u);
  EXPECT_EQ(loop.media().stats().dsp_peak, 2u);
  EXPECT_EQ(loop.media().stats().dsp_built, 2u);
}

TEST(DspPool, AChannelWhoseDspStopsGivesItsStateBack) {
  MediaLoop loop(Law::kMulaw, 3, pool(1));
  loop.patch(0, 1);
  ASSERT_EQ(loop.command(0, generate_digits("7", 3, 60, 40)), MediaResult::kOk);
  EXPECT_EQ(loop.command(1, detect_digits()), MediaResult::kNoResource);
  loop.run_ms(400);  // the digit plays, kGenerateDone is reported, the state goes back
  const std::vector<MediaEvent> done = of_kind(loop.events(), MediaEvent::Kind::kGenerateDone, 0);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].token, 3u);
  EXPECT_EQ(loop.media().stats().dsp_in_use, 0u);

  // Turning the last function off gives it back too.
  ASSERT_EQ(loop.command(1, detect_digits()), MediaResult::kOk);
  EXPECT_EQ(loop.command(2, detect_digits()), MediaResult::kNoResource);
  ASSERT_EQ(loop.command(1, detect_digits(false)), MediaResult::kOk);
  EXPECT_EQ(loop.media().stats().dsp_in_use, 0u);
  EXPECT_EQ(loop.command(2, detect_digits()), MediaResult::kOk);
}

TEST(DspPool, AReusedStateCarriesNothingOfItsLastChannel) {
  MediaLoop loop(Law::kAlaw, 4, pool(2));
  loop.patch(0, 1);
  // Channel 1 hears the first part of channel 0's digit, then both calls end.
  ASSERT_EQ(loop.command(0, generate_digits("5", 1, 200, 100)), MediaResult::kOk);
  ASSERT_EQ(loop.command(1, detect_digits()), MediaResult::kOk);
  loop.run_ms(60);
  loop.media().reset(0);
  loop.media().reset(1);
  const std::size_t seen = loop.events().size();
  // Channels 2 and 3 take the same two states and hear silence: nothing follows.
  ASSERT_EQ(loop.command(2, detect_digits()), MediaResult::kOk);
  ASSERT_EQ(loop.command(3, detect_digits()), MediaResult::kOk);
  loop.run_ms(400);
  EXPECT_EQ(loop.events().size(), seen);
  EXPECT_EQ(loop.media().stats().dsp_built, 2u);
}

std::uint64_t allocations() {
  return host::allocation_count().provider + host::allocation_count().host;
}

TEST(DspPool, NoAllocationOnceThePeakIsBuilt) {
  if (!host::allocation_counter_available()) GTEST_SKIP() << "sanitizers own the allocator";
  MediaLoop loop(Law::kMulaw, 24, pool(kAllChannels));
  for (std::size_t i = 0; i < 24; i += 2) loop.patch(i, i + 1);
  // Warm-up: the peak, all 24 channels with DSP at once (three blocks).
  for (std::size_t i = 0; i < 24; ++i)
    ASSERT_EQ(loop.command(i, detect_digits()), MediaResult::kOk);
  loop.run_ms(40);
  for (std::size_t i = 0; i < 24; ++i) loop.media().reset(i);
  EXPECT_EQ(loop.media().stats().dsp_built, 3 * kDspBlock);
  EXPECT_EQ(loop.media().stats().dsp_in_use, 0u);

  const std::uint64_t before = allocations();
  for (int call = 0; call < 20; ++call) {
    for (std::size_t i = 0; i < 24; i += 2) {
      loop.command(i, generate_digits("12", static_cast<std::uint32_t>(call)));
      loop.command(i + 1, detect_digits());
    }
    loop.run_ms(200);
    for (std::size_t i = 0; i < 24; ++i) loop.media().reset(i);
  }
  EXPECT_EQ(allocations() - before, 0u);
  EXPECT_EQ(loop.media().stats().dsp_built, 3 * kDspBlock);
  EXPECT_EQ(of_kind(loop.events(), MediaEvent::Kind::kDigitDown, 1).size(), 20u);  // "1" per call
}

}  // namespace
}  // namespace spantsp::media::test
