#pragma once
// Reads a ProviderConfig from TOML and validates it, reporting every error with file, line,
// column and field (not just the first). Thread-agnostic: pure functions, no shared state.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config_model.h"

namespace spantsp::config {

struct ConfigError {
  std::string file;
  int line = 0;       // 1-based; 0 when the error has no position (e.g. a missing file)
  int column = 0;     // 1-based; 0 when unknown
  std::string field;  // dotted path, e.g. "board[0].span[2].framing"
  std::string message;

  // "file:line:column: field: message", the form editors and CI logs understand.
  std::string to_string() const;
};

struct LoadResult {
  std::optional<ProviderConfig> config;  // set only when errors is empty
  std::vector<ConfigError> errors;
  bool ok() const { return config.has_value(); }
};

LoadResult load_config_file(const std::string& path);
LoadResult load_config_string(std::string_view toml_text, const std::string& source_name);

// $SPANTSP_CONFIG if set and non-empty, else the platform's (platform/paths.h):
// /etc/spantsp/spantsp.toml, or on Windows the installed one under %ProgramData%\SpanTSP\.
std::string default_config_path();

// Every line the configuration exposes, in device order (board, span, channel order as
// written, then the span's trunk groups), with the name and number templates applied.
std::vector<LineInventoryEntry> line_inventory(const ProviderConfig& config);
// The number each channel of one span answers to, in its channel order: its line's number, or
// its trunk group's (every channel of a group shares it); empty where none is configured. The
// sim switch routes calls to them (loopback), hunting an idle channel among equal numbers.
std::vector<std::string> line_numbers(const SpanConfig& span);

// Serialises a configuration back to TOML that load_config_string reads to an equal model
// (used by the UI DLL when it saves).
std::string to_toml(const ProviderConfig& config);

}  // namespace spantsp::config
