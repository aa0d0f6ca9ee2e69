#pragma once
// The rules a configuration must satisfy, checked on the model so they hold however it was
// built: by config_loader from TOML, or in code by the UI DLL before it saves. Every violation
// is reported, not just the first. Pure functions; thread-agnostic.
//
// Positions are not part of the model. The loader records, per field path, where each value
// (or table) sat in the file, and which fields it already rejected; validate() looks errors up
// there, so an error still names file, line and column when the model came from TOML.

#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "config/config_loader.h"
#include "config/config_model.h"

namespace spantsp::config {

struct SourcePosition {
  int line = 0;    // 1-based; 0 = unknown
  int column = 0;  // 1-based; 0 = unknown
};

// Field path (see field_path.h) -> where it was written. Empty for a model built in code.
class SourceMap {
 public:
  void set_position(std::string field, SourcePosition position);

  // The loader could not take this field's value (missing or wrong) and has reported it; the
  // model holds a default there. Rules reading the field, or anything under it, are skipped
  // so one mistake gives one error.
  void mark_rejected(std::string field);

  // The position of `field`, else of the nearest enclosing table that has one (a missing key
  // is reported at its table), else {0, 0}.
  SourcePosition position_of(std::string_view field) const;

  // True when `field` or a table enclosing it was rejected.
  bool is_rejected(std::string_view field) const;

 private:
  std::map<std::string, SourcePosition, std::less<>> positions_;
  std::set<std::string, std::less<>> rejected_;
};

// Every rule violation of `config`, in rule order (the loader sorts by position). `file` of
// each error is config.source.
std::vector<ConfigError> validate(const ProviderConfig& config, const SourceMap& sources = {});

}  // namespace spantsp::config
