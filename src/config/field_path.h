#pragma once
// Dotted field paths as errors print them: "board[0].span[2].framing". They follow the TOML
// layout (array of tables -> "[i]"), so a user can find the field in the file from the path.

#include <cstddef>
#include <string>
#include <string_view>

namespace spantsp::config {

inline std::string member_path(std::string_view parent, std::string_view key) {
  if (parent.empty()) return std::string(key);
  std::string path(parent);
  path += '.';
  path += key;
  return path;
}

inline std::string element_path(std::string_view parent, std::size_t index) {
  return std::string(parent) + '[' + std::to_string(index) + ']';
}

// "board[0].span[1].id" -> "board[0].span[1]" -> "board[0]" -> "board" -> "".
inline std::string_view parent_path(std::string_view path) {
  if (!path.empty() && path.back() == ']') {
    const auto open = path.rfind('[');
    return open == std::string_view::npos ? std::string_view{} : path.substr(0, open);
  }
  const auto dot = path.rfind('.');
  return dot == std::string_view::npos ? std::string_view{} : path.substr(0, dot);
}

}  // namespace spantsp::config
