#pragma once
// The IVR example's menu (tools/ivr/menu.toml): prompts, choices and their actions, timeouts,
// retries and the voicemail settings, read from TOML (toml++). Every error names the file,
// the line and the key ("menu.toml:12: menu.choice[1].action: ..."); all are collected, none
// is fatal to the reading of the rest.
//
// Threads: pure; the result is immutable once read.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace spantsp::ivr {

enum class Action : std::uint8_t {
  kTransfer,   // confirm, then transfer; until the signalling can, the "unavailable" prompt
  kVoicemail,  // confirm, record a message, "saved", goodbye
  kHangUp,     // goodbye
};

struct Choice {
  char digit = '1';
  std::string name;
  Action action = Action::kHangUp;
  std::string confirm;  // prompt file played once chosen ("" none)
  std::string number;   // transfer target
};

struct Menu {
  std::filesystem::path file;
  std::filesystem::path prompt_dir;     // prompt files are relative to it
  std::filesystem::path voicemail_dir;  // recordings go here
  std::uint32_t timeout_ms = 5'000;     // waiting for a choice once the greeting has played
  std::uint32_t retries = 2;            // invalid choices / timeouts before goodbye
  // Prompts (file names under prompt_dir).
  std::string greeting, invalid, timeout, goodbye, error, unavailable, saved;
  std::vector<Choice> choices;
  // Voicemail.
  std::uint32_t max_message_ms = 30'000;
  std::uint32_t silence_ms = 3'000;
  std::string terminators = "#";

  const Choice* find(char digit) const;
  // Every prompt file the menu names (for loading up front).
  std::vector<std::string> prompt_files() const;
};

struct MenuError {
  std::string file;
  std::uint32_t line = 0;
  std::string key;
  std::string message;
  std::string text() const;  // "file:line: key: message"
};

// Reads `path`; false with every error in `errors`. Relative directories in the file are taken
// from the file's own directory.
bool load_menu(const std::filesystem::path& path, Menu& menu, std::vector<MenuError>& errors);
// The same from text (tests); `path` names it in errors.
bool parse_menu(std::string_view text, const std::filesystem::path& path, Menu& menu,
                std::vector<MenuError>& errors);

}  // namespace spantsp::ivr
