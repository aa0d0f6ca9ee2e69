#include "core/handle.h"

#include <gtest/gtest.h>

namespace spantsp::core {
namespace {

// 32-bit Windows' handles, run here on 64-bit; and this platform's.
std::optional<HandleCodec> narrow(std::uint32_t capacity) {
  return HandleCodec::for_capacity(capacity, 32);
}
std::optional<HandleCodec> wide(std::uint32_t capacity) {
  return HandleCodec::for_capacity(capacity, 64);
}
const std::uint32_t kNarrowMax = HandleCodec::max_slots(32);

TEST(Handle, RoundTripsIndexAndGeneration) {
  const auto codec = *wide(20000);
  const auto h = codec.encode(12345, 77);
  const auto parts = codec.decode(h);
  ASSERT_TRUE(parts);
  EXPECT_EQ(parts->index, 12345u);
  EXPECT_TRUE(codec.same_generation(parts->generation, 77));
}

TEST(Handle, IsNeverZero) {
  // tspi-contract §8 rule 6: 0 has a special meaning for HDRV* handles.
  const auto codec = *narrow(60);
  EXPECT_NE(codec.encode(0, 0), 0u);
  EXPECT_FALSE(codec.decode(0));
}

TEST(Handle, ForgedValueWithoutIndexIsRejected) {
  const auto codec = *narrow(60);
  EXPECT_FALSE(codec.decode(std::uintptr_t{1} << codec.index_bits()));  // generation only
  EXPECT_FALSE(codec.decode(std::uintptr_t{1} << 40 | 1));  // wider than a 32-bit handle
}

TEST(Handle, DifferentGenerationsDiffer) {
  const auto codec = *wide(60);
  EXPECT_NE(codec.encode(5, 1), codec.encode(5, 2));
  EXPECT_FALSE(codec.same_generation(1, 2));
}

// Issue 12: with a fixed 20-bit index a 32-bit handle carried 12 generation bits, and a slot
// reused 4,096 times (2,048 with lineCloseCall's fast path, which moves it on twice) took its
// stale handles back. The index now takes only the bits the pool needs. (Checked against the
// old layout: the stale handle below decoded to the live generation.)
TEST(Handle, NarrowHandleOfASmallPoolRejectsAHandleStaleByFourThousandReuses) {
  const auto codec = *narrow(60);  // one E1's call slots
  EXPECT_EQ(codec.index_bits(), 6u);
  EXPECT_EQ(codec.generation_bits(), 26u);
  const std::uint32_t old_generation = 7;
  const auto stale = codec.decode(codec.encode(59, old_generation));
  ASSERT_TRUE(stale);
  EXPECT_FALSE(codec.same_generation(old_generation + 4096, stale->generation));
  EXPECT_FALSE(codec.same_generation(old_generation + 2 * 2048, stale->generation));
}

TEST(Handle, GenerationsCompareInTheWidthThatTravelsAcrossTheWrap) {
  // A slot's counter runs past what the handle carries: the live handle still resolves, and
  // the one before it is still stale, on both sides of the wrap.
  const auto codec = *narrow(kNarrowMax);
  EXPECT_EQ(codec.generation_bits(), HandleCodec::kMinGenerationBits);
  for (std::uint32_t live : {0xFFFFu, 0x10000u, 0x10001u, 0xFFFFFFFFu, 0u}) {
    const auto parts = codec.decode(codec.encode(kNarrowMax - 1, live));
    ASSERT_TRUE(parts);
    EXPECT_EQ(parts->index, kNarrowMax - 1);
    EXPECT_TRUE(codec.same_generation(live, parts->generation));
    EXPECT_FALSE(codec.same_generation(live + 1, parts->generation));
  }
}

TEST(Handle, MorePoolSlotsThanAHandleCanNameAreRefused) {
  EXPECT_TRUE(narrow(kNarrowMax));
  EXPECT_FALSE(narrow(kNarrowMax + 1));  // Engine: "configure fewer lines"
  EXPECT_EQ(kNarrowMax, 65535u);
  EXPECT_TRUE(wide(1u << 30));
}

TEST(Handle, WideHandlesCompareTheWholeGeneration) {
  const auto codec = *wide(7680);
  EXPECT_EQ(codec.generation_bits(), 32u);
  EXPECT_FALSE(codec.same_generation(1, 1 + (1u << 20)));
}

}  // namespace
}  // namespace spantsp::core
