#pragma once
// Small text helpers shared by the loader's and the rules' error messages.

#include <string>
#include <string_view>

namespace spantsp::config {

// 'text', as messages quote what the user wrote. Built by appending: GCC 12 -O2 warns
// (-Wrestrict, a false positive, GCC bug 105651) on "'" + std::string(text) + "'".
inline std::string in_quotes(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out += '\'';
  out += text;
  out += '\'';
  return out;
}

}  // namespace spantsp::config
