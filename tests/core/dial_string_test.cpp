#include "core/dial_string.h"

#include <gtest/gtest.h>

namespace spantsp::core {
namespace {

LONG parse(std::u16string_view text, DialString& out) {
  return parse_dial_string(text, out);
}

TEST(DialString, DigitsAndFormattingAreKeptAndStripped) {
  DialString d;
  ASSERT_EQ(parse(u"+1 (212) 555-0100", d), 0);
  EXPECT_EQ(d.digits.view(), "+12125550100");
  EXPECT_FALSE(d.partial);
}

TEST(DialString, ToneAndPauseCharactersAreSkipped) {
  DialString d;
  ASSERT_EQ(parse(u"T9,5551234", d), 0);
  EXPECT_EQ(d.digits.view(), "95551234");
}

TEST(DialString, StarHashAndAtoDAreDigits) {
  DialString d;
  ASSERT_EQ(parse(u"*72#abcD", d), 0);
  EXPECT_EQ(d.digits.view(), "*72#ABCD");
}

TEST(DialString, TrailingSemicolonMeansPartial) {
  DialString d;
  ASSERT_EQ(parse(u"555;", d), 0);
  EXPECT_TRUE(d.partial);
  EXPECT_EQ(d.digits.view(), "555");
  EXPECT_EQ(parse(u"55;5", d), LINEERR_INVALADDRESS);
}

TEST(DialString, UnsupportedDialCharactersGiveTheirDocumentedErrors) {
  DialString d;
  EXPECT_EQ(parse(u"9W5551234", d), LINEERR_DIALDIALTONE);
  EXPECT_EQ(parse(u"5551234@", d), LINEERR_DIALQUIET);
  EXPECT_EQ(parse(u"0$123", d), LINEERR_DIALBILLING);
  EXPECT_EQ(parse(u"12?3", d), LINEERR_DIALPROMPT);
}

TEST(DialString, TheFirstBadCharacterDecides) {
  DialString d;
  EXPECT_EQ(parse(u"1@2W3", d), LINEERR_DIALQUIET);
  EXPECT_EQ(parse(u"1W2@3", d), LINEERR_DIALDIALTONE);
}

TEST(DialString, InvalidCharactersAndLengthAreRejected) {
  DialString d;
  EXPECT_EQ(parse(u"555x1234", d), LINEERR_INVALADDRESS);
  EXPECT_EQ(parse(u"5!55", d), LINEERR_INVALADDRESS);  // flash: not on a digital trunk
  EXPECT_EQ(parse(u"55+5", d), LINEERR_INVALADDRESS);  // '+' only first
  EXPECT_EQ(parse(std::u16string(41, u'1'), d), LINEERR_INVALADDRESS);
  EXPECT_EQ(parse(std::u16string(40, u'1'), d), 0);
}

TEST(DialString, SubaddressAndNameAreNotDialled) {
  DialString d;
  ASSERT_EQ(parse(u"5551234|77^Alice", d), 0);
  EXPECT_EQ(d.digits.view(), "5551234");
}

}  // namespace
}  // namespace spantsp::core
