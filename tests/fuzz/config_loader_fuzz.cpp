// Fuzz target: the configuration loader (TOML text -> model + validation), issue 12 §3.
// Any text must load or be refused with errors that carry a message, never crash; a model that
// loads must serialise (to_toml, what the UI DLL saves) to text that loads again, with the
// same line inventory.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "config/config_loader.h"

namespace {

[[noreturn]] void fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "config_loader_fuzz: %s\n%s\n", what, detail.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace config = spantsp::config;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const config::LoadResult loaded = config::load_config_string(text, "fuzz.toml");
  if (!loaded.ok()) {
    if (loaded.errors.empty()) fail("refused without an error", std::string(text));
    for (const config::ConfigError& error : loaded.errors) {
      if (error.message.empty()) fail("an error without a message", error.to_string());
    }
    return 0;
  }
  const auto lines = config::line_inventory(*loaded.config);
  const std::string saved = config::to_toml(*loaded.config);
  const config::LoadResult again = config::load_config_string(saved, "saved.toml");
  if (!again.ok()) {
    std::string errors;
    for (const auto& error : again.errors) errors += error.to_string() + "\n";
    fail("to_toml wrote a file that does not load", saved + "\n--\n" + errors);
  }
  const auto lines_again = config::line_inventory(*again.config);
  if (lines_again.size() != lines.size()) fail("the saved file has other lines", saved);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].name != lines_again[i].name || lines[i].channel != lines_again[i].channel ||
        lines[i].span != lines_again[i].span) {
      fail("the saved file names its lines differently", saved);
    }
  }
  return 0;
}
