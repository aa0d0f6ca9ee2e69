#include "config/config_loader.h"

namespace spantsp::config {

std::string ConfigError::to_string() const {
  std::string out = file;
  if (line > 0) {
    // Appended piecewise: GCC 12 warns (-Wrestrict, bug 105651) on char + std::string&&.
    out += ':';
    out += std::to_string(line);
    if (column > 0) {
      out += ':';
      out += std::to_string(column);
    }
  }
  out += ": ";
  if (!field.empty()) {
    out += field;
    out += ": ";
  }
  out += message;
  return out;
}

}  // namespace spantsp::config
