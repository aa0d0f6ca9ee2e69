// channel_list: the "1-15,17-31" syntax of chan_dahdi.conf, and number ranges for ANI/DNIS.

#include "config/channel_list.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace spantsp::config {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<int> iota(int first, int last) {
  std::vector<int> out;
  for (int i = first; i <= last; ++i) out.push_back(i);
  return out;
}

TEST(ChannelList, E1BearersExpandInWrittenOrder) {
  const ChannelListParse parsed = parse_channel_list("1-15,17-31");
  ASSERT_TRUE(parsed.ok()) << parsed.error;
  std::vector<int> expected = iota(1, 15);
  for (int c : iota(17, 31)) expected.push_back(c);
  EXPECT_EQ(parsed.channels, expected);
}

TEST(ChannelList, SingleNumbersRangesAndBlanksMix) {
  const ChannelListParse parsed = parse_channel_list(" 7 , 1 - 3 ,\t24");
  ASSERT_TRUE(parsed.ok()) << parsed.error;
  EXPECT_THAT(parsed.channels, ElementsAre(7, 1, 2, 3, 24));
}

TEST(ChannelList, OneElementRangeIsOneChannel) {
  EXPECT_THAT(parse_channel_list("5-5").channels, ElementsAre(5));
}

TEST(ChannelList, DuplicatesAndZeroAreKeptForValidationToJudge) {
  // Whether 0 or a repeat is legal depends on the span; the parser only reads.
  EXPECT_THAT(parse_channel_list("0,3,1-3").channels, ElementsAre(0, 3, 1, 2, 3));
}

TEST(ChannelList, ReversedRangeIsAnError) {
  const ChannelListParse parsed = parse_channel_list("5-3");
  EXPECT_FALSE(parsed.ok());
  EXPECT_THAT(parsed.error, HasSubstr("'5-3' runs backwards"));
  EXPECT_TRUE(parsed.channels.empty());
}

TEST(ChannelList, EmptyTextIsAnError) {
  EXPECT_THAT(parse_channel_list("").error, HasSubstr("channel list is empty"));
  EXPECT_THAT(parse_channel_list("   ").error, HasSubstr("channel list is empty"));
}

TEST(ChannelList, EmptyElementIsAnError) {
  EXPECT_THAT(parse_channel_list("1,,2").error, HasSubstr("has an empty element"));
  EXPECT_THAT(parse_channel_list("1,2,").error, HasSubstr("has an empty element"));
  EXPECT_THAT(parse_channel_list(",1").error, HasSubstr("has an empty element"));
}

TEST(ChannelList, NonNumbersAreErrors) {
  for (const char* text : {"a", "1-a", "-3", "1-", "1-2-3", "+1", "1.5", "1 2", "0x10"}) {
    SCOPED_TRACE(text);
    const ChannelListParse parsed = parse_channel_list(text);
    EXPECT_FALSE(parsed.ok());
    EXPECT_THAT(parsed.error, HasSubstr("is not a channel number or a range"));
  }
}

TEST(ChannelList, HugeNumbersAreRejectedBeforeExpansion) {
  EXPECT_THAT(parse_channel_list("1-99999").error, HasSubstr("has a number above 9999"));
  EXPECT_THAT(parse_channel_list("99999999999999999999999").error,
              HasSubstr("has a number above 9999"));
  EXPECT_TRUE(parse_channel_list("9999").ok());
}

TEST(ChannelList, FormatFoldsRuns) {
  std::vector<int> e1 = iota(1, 15);
  for (int c : iota(17, 31)) e1.push_back(c);
  EXPECT_EQ(format_channel_list(e1), "1-15,17-31");
  EXPECT_EQ(format_channel_list({1, 3, 5}), "1,3,5");
  EXPECT_EQ(format_channel_list({4, 5, 1, 2}), "4-5,1-2");
  EXPECT_EQ(format_channel_list({7}), "7");
  EXPECT_EQ(format_channel_list({}), "");
}

TEST(ChannelList, FormatThenParseGivesTheSameList) {
  for (const std::vector<int>& channels :
       {iota(1, 23), iota(1, 24), std::vector<int>{3, 3, 2, 9, 10, 11, 1}, std::vector<int>{0}}) {
    const ChannelListParse parsed = parse_channel_list(format_channel_list(channels));
    ASSERT_TRUE(parsed.ok()) << parsed.error;
    EXPECT_EQ(parsed.channels, channels);
  }
}

TEST(NumberRange, RangeAndSingleNumber) {
  const RangeParse range = parse_number_range("2125550000-2125559999");
  ASSERT_TRUE(range.ok()) << range.error;
  EXPECT_EQ(range.range.first, 2125550000);
  EXPECT_EQ(range.range.last, 2125559999);
  const RangeParse single = parse_number_range("1000");
  ASSERT_TRUE(single.ok()) << single.error;
  EXPECT_EQ(single.range.first, 1000);
  EXPECT_EQ(single.range.last, 1000);
}

TEST(NumberRange, ReversedRangeParsesSoValidationCanReportIt) {
  const RangeParse range = parse_number_range("5-3");
  ASSERT_TRUE(range.ok());
  EXPECT_EQ(range.range.first, 5);
  EXPECT_EQ(range.range.last, 3);
}

TEST(NumberRange, MalformedTextIsAnError) {
  for (const char* text : {"", "-", "12x4", "1000-", "+1000", "1-2-3"}) {
    SCOPED_TRACE(text);
    EXPECT_THAT(parse_number_range(text).error, HasSubstr("is not a number or a range"));
  }
}

TEST(NumberRange, NumbersBeyondTheModelAreAnError) {
  EXPECT_THAT(parse_number_range("3125550000-3125559999").error,
              HasSubstr("has a number above 2147483647"));
}

TEST(NumberRange, FormatRoundTrips) {
  EXPECT_EQ(format_number_range(Range{1000, 1999}), "1000-1999");
  EXPECT_EQ(format_number_range(Range{42, 42}), "42");
}

}  // namespace
}  // namespace spantsp::config
