// line_template: {span}, {channel}, {n} and zero-padded widths in line names and numbers.

#include "config/line_template.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace spantsp::config {
namespace {

using ::testing::HasSubstr;

TEST(LineTemplate, SubstitutesSpanChannelAndIndex) {
  EXPECT_EQ(render_line_template("E1 {span}/{channel} #{n}", {3, 17, 15}), "E1 3/17 #15");
}

TEST(LineTemplate, ZeroPaddedWidth) {
  EXPECT_EQ(render_line_template("+49301234{n:03}", {1, 2, 7}), "+49301234007");
  EXPECT_EQ(render_line_template("{span:02}{channel:02}", {4, 9, 0}), "0409");
  // A width narrower than the value never truncates a number.
  EXPECT_EQ(render_line_template("{n:01}", {1, 1, 123}), "123");
}

TEST(LineTemplate, TextWithoutPlaceholdersIsCopied) {
  EXPECT_EQ(render_line_template("Reception", {1, 1, 0}), "Reception");
  EXPECT_EQ(render_line_template("", {1, 1, 0}), "");
}

TEST(LineTemplate, ValidTemplatesPassTheCheck) {
  EXPECT_EQ(check_line_template("Span {span} channel {channel}", TemplateKind::kName), "");
  EXPECT_EQ(check_line_template("+49301234{n:03}", TemplateKind::kNumber), "");
  EXPECT_EQ(check_line_template("", TemplateKind::kNumber), "");
}

TEST(LineTemplate, UnknownPlaceholderNamesTheAllowedOnes) {
  const std::string error = check_line_template("Span {spam}", TemplateKind::kName);
  EXPECT_THAT(error, HasSubstr("unknown placeholder {spam}"));
  EXPECT_THAT(error, HasSubstr("{span}, {channel} and {n}"));
}

TEST(LineTemplate, OnlyZeroPaddedWidthsAreAccepted) {
  for (const char* text : {"{n:3}", "{n:0}", "{n:0x}", "{n:}", "{n:0999}", "{n:019}"}) {
    SCOPED_TRACE(text);
    EXPECT_THAT(check_line_template(text, TemplateKind::kName), HasSubstr("unknown placeholder"));
  }
  EXPECT_EQ(check_line_template("{n:018}", TemplateKind::kName), "");
}

TEST(LineTemplate, UnbalancedBracesAreErrors) {
  EXPECT_THAT(check_line_template("Line {channel", TemplateKind::kName),
              HasSubstr("'{' without its '}'"));
  EXPECT_THAT(check_line_template("Line channel}", TemplateKind::kName),
              HasSubstr("'}' without its '{'"));
  EXPECT_THAT(check_line_template("{{n}}", TemplateKind::kName), HasSubstr("'{' without"));
}

TEST(LineTemplate, NumbersAreDigitsWithAnOptionalLeadingPlus) {
  EXPECT_EQ(check_line_template("+1{n}", TemplateKind::kNumber), "");
  EXPECT_THAT(check_line_template("1+2", TemplateKind::kNumber), HasSubstr("'+' is not allowed"));
  EXPECT_THAT(check_line_template("+49 30", TemplateKind::kNumber),
              HasSubstr("' ' is not allowed"));
  EXPECT_THAT(check_line_template("12a4", TemplateKind::kNumber), HasSubstr("'a' is not allowed"));
  // The same text is a fine name.
  EXPECT_EQ(check_line_template("12a4", TemplateKind::kName), "");
}

}  // namespace
}  // namespace spantsp::config
