#include "core/tspi_version.h"

#include <gtest/gtest.h>

namespace spantsp::core {
namespace {

TEST(TspiVersion, HighestCommonVersionIsChosen) {
  EXPECT_EQ(negotiate_tspi_version(0x00010003, 0x00030001), 0x00030001u);
  EXPECT_EQ(negotiate_tspi_version(0x00020000, 0x00020002), 0x00020002u);
  EXPECT_EQ(negotiate_tspi_version(0x00020001, 0x00040000), 0x00030001u);
}

TEST(TspiVersion, RangeTouchingOursAtOneEndStillAgrees) {
  EXPECT_EQ(negotiate_tspi_version(0x00010004, 0x00020000), 0x00020000u);
  EXPECT_EQ(negotiate_tspi_version(0x00030001, 0x00030001), 0x00030001u);
}

TEST(TspiVersion, NoOverlapIsIncompatible) {
  EXPECT_FALSE(negotiate_tspi_version(0x00010003, 0x00010004));  // TAPI 1.x only
  EXPECT_FALSE(negotiate_tspi_version(0x00030002, 0x00040000));  // newer than we know
  EXPECT_FALSE(negotiate_tspi_version(0x00030000, 0x00020000));  // inverted range
}

TEST(TspiVersion, SupportedVersionsAreTheClosedRange) {
  EXPECT_FALSE(is_supported_tspi_version(0x00010004));
  EXPECT_TRUE(is_supported_tspi_version(0x00020000));
  EXPECT_TRUE(is_supported_tspi_version(0x00030001));
  EXPECT_FALSE(is_supported_tspi_version(0x00030002));
}

}  // namespace
}  // namespace spantsp::core
