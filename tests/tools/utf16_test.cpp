// UTF-8 <-> UTF-16 for the strings that cross the TSPI boundary.

#include "tools/tapihost/utf16.h"

#include <gtest/gtest.h>

#include <cstring>

namespace spantsp::host {
namespace {

TEST(TapihostUtf16, AsciiRoundTrips) {
  EXPECT_EQ(utf8_to_utf16("Span 1 B1"), u"Span 1 B1");
  EXPECT_EQ(utf16_to_utf8(u"Span 1 B1"), "Span 1 B1");
  EXPECT_EQ(utf8_to_utf16(""), u"");
}

TEST(TapihostUtf16, BmpAndSupplementaryCharactersRoundTrip) {
  const std::string text = "Z\xC3\xBCrich \xE2\x82\xAC \xF0\x9F\x98\x80";  // Zürich € 😀
  const std::u16string wide = utf8_to_utf16(text);
  EXPECT_EQ(wide, u"Z\u00FCrich \u20AC \U0001F600");
  EXPECT_EQ(wide.size(), 11u);  // the emoji is a surrogate pair
  EXPECT_EQ(utf16_to_utf8(wide), text);
}

TEST(TapihostUtf16, MalformedUtf8BecomesReplacementCharacters) {
  EXPECT_EQ(utf8_to_utf16("a\xFF"
                          "b"),
            u"a\uFFFDb");
  EXPECT_EQ(utf8_to_utf16("\xC3"), u"\uFFFD");                      // truncated sequence
  EXPECT_EQ(utf8_to_utf16("\xC0\xAF"), u"\uFFFD\uFFFD");            // overlong '/'
  EXPECT_EQ(utf8_to_utf16("\xED\xA0\x80"), u"\uFFFD\uFFFD\uFFFD");  // encoded surrogate
}

TEST(TapihostUtf16, LoneSurrogatesBecomeReplacementCharacters) {
  const char16_t high[] = {u'a', 0xD800, u'b', 0};
  const char16_t low[] = {0xDC00, 0};
  EXPECT_EQ(utf16_to_utf8(high),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(utf16_to_utf8(low), "\xEF\xBF\xBD");
  EXPECT_FALSE(is_valid_utf16(high));
  EXPECT_FALSE(is_valid_utf16(low));
  EXPECT_TRUE(is_valid_utf16(u"\U0001F600"));
}

TEST(TapihostUtf16, StructStringDropsTheTerminator) {
  unsigned char structure[64] = {};
  const char16_t name[] = u"Line 7";
  std::memcpy(structure + 16, name, sizeof name);
  EXPECT_EQ(struct_string(structure, sizeof name, 16), u"Line 7");
  EXPECT_EQ(struct_string(structure, 0, 16), u"");
}

}  // namespace
}  // namespace spantsp::host
