#include "core/handle.h"

#include <gtest/gtest.h>

namespace spantsp::core {
namespace {

TEST(Handle, RoundTripsIndexAndGeneration) {
  const auto h = encode_handle(12345, 77);
  const auto parts = decode_handle(h);
  ASSERT_TRUE(parts);
  EXPECT_EQ(parts->index, 12345u);
  EXPECT_TRUE(same_generation(parts->generation, 77));
}

TEST(Handle, IsNeverZero) {
  // tspi-contract §8 rule 6: 0 has a special meaning for HDRV* handles.
  EXPECT_NE(encode_handle(0, 0), 0u);
  EXPECT_FALSE(decode_handle(0));
}

TEST(Handle, ForgedValueWithoutIndexIsRejected) {
  EXPECT_FALSE(decode_handle(std::uintptr_t{1} << kHandleIndexBits));  // generation only
}

TEST(Handle, DifferentGenerationsDiffer) {
  EXPECT_NE(encode_handle(5, 1), encode_handle(5, 2));
  EXPECT_FALSE(same_generation(1, 2));
}

}  // namespace
}  // namespace spantsp::core
