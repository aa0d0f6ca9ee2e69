// The IVR example's menu file (tools/ivr/ivr_menu.h): the shipped menu reads cleanly and names
// only prompts the build makes; every error names the file, the line and the key.
#include <gtest/gtest.h>

#include <algorithm>

#include "tools/ivr/ivr_menu.h"

namespace spantsp::ivr {
namespace {

constexpr std::string_view kGood = R"(
[menu]
greeting = "g.wav"
invalid = "i.wav"
timeout = "t.wav"
goodbye = "b.wav"
error = "e.wav"
unavailable = "u.wav"
saved = "s.wav"

[[menu.choice]]
digit = "1"
name = "sales"
action = "transfer"
confirm = "sales.wav"
)";

std::vector<std::string> errors_of(std::string_view text) {
  Menu menu;
  std::vector<MenuError> errors;
  EXPECT_FALSE(parse_menu(text, "m.toml", menu, errors));
  std::vector<std::string> out;
  for (const auto& e : errors) out.push_back(e.text());
  return out;
}

std::string with(std::string_view extra) {
  return std::string(kGood) + std::string(extra);
}

TEST(IvrMenu, TheShippedMenuReadsCleanlyAndNamesOnlyPromptsTheBuildMakes) {
  Menu menu;
  std::vector<MenuError> errors;
  ASSERT_TRUE(load_menu(SPANTSP_IVR_MENU, menu, errors))
      << (errors.empty() ? "" : errors.front().text());
  EXPECT_EQ(menu.choices.size(), 3u);
  ASSERT_NE(menu.find('2'), nullptr);
  EXPECT_EQ(menu.find('2')->name, "support");
  EXPECT_EQ(menu.find('3')->action, Action::kVoicemail);
  EXPECT_EQ(menu.find('9'), nullptr);
  const std::string made = SPANTSP_IVR_PROMPTS;  // "greeting,invalid,..." (the CMake list)
  for (const std::string& file : menu.prompt_files()) {
    const std::string name = file.substr(0, file.size() - 4);
    EXPECT_NE(("," + made + ",").find("," + name + ","), std::string::npos) << file;
  }
}

TEST(IvrMenu, ErrorsNameFileLineAndKey) {
  EXPECT_EQ(errors_of(with("colour = \"red\"\n")),
            std::vector<std::string>{"m.toml:16: menu.choice[0].colour: unknown key"});
  EXPECT_EQ(
      errors_of(with("[[menu.choice]]\ndigit = \"1\"\nname = \"again\"\naction = \"hangup\"\n")),
      std::vector<std::string>{"m.toml:17: menu.choice[1].digit: digit 1 is used twice"});
  EXPECT_EQ(
      errors_of(with("[[menu.choice]]\ndigit = \"2\"\nname = \"x\"\naction = \"dance\"\n")),
      std::vector<std::string>{"m.toml:19: menu.choice[1].action: \"dance\" is not an action; "
                               "allowed: transfer, voicemail, hangup"});
  EXPECT_EQ(
      errors_of(with("[[menu.choice]]\ndigit = \"12\"\nname = \"x\"\naction = \"hangup\"\n")),
      std::vector<std::string>{
          "m.toml:17: menu.choice[1].digit: must be one DTMF digit (0-9 * # A-D); got \"12\""});
  EXPECT_EQ(errors_of("[menu]\ntimeout_ms = \"soon\"\n")[0],
            "m.toml:2: menu.timeout_ms: must be an integer");
  const auto missing = errors_of("[menu]\ngreeting = \"g.wav\"\n");
  EXPECT_NE(std::find(missing.begin(), missing.end(), "m.toml:1: menu.invalid: missing (required)"),
            missing.end());
  EXPECT_EQ(errors_of("[menu\n").size(), 1u);
  EXPECT_EQ(errors_of("[menu\n")[0].rfind("m.toml:1: (syntax): ", 0), 0u);
}

TEST(IvrMenu, AMissingFileIsAnError) {
  Menu menu;
  std::vector<MenuError> errors;
  EXPECT_FALSE(load_menu("/nonexistent/menu.toml", menu, errors));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].text(),
            "/nonexistent/menu.toml:0: (file): cannot open (missing or unreadable)");
}

}  // namespace
}  // namespace spantsp::ivr
