#include "config/line_template.h"

#include <optional>

namespace spantsp::config {
namespace {

constexpr int kMaxWidth = 18;
constexpr std::string_view kPlaceholderHelp =
    "placeholders are {span}, {channel} and {n}, optionally zero-padded like {n:03}";

struct Placeholder {
  std::string_view name;
  int width = 0;
};

// Parses the inside of "{...}"; nullopt when it is not one of ours.
std::optional<Placeholder> parse_placeholder(std::string_view inside) {
  Placeholder placeholder;
  const auto colon = inside.find(':');
  placeholder.name = inside.substr(0, colon);
  if (placeholder.name != "span" && placeholder.name != "channel" && placeholder.name != "n") {
    return std::nullopt;
  }
  if (colon == std::string_view::npos) return placeholder;
  const std::string_view spec = inside.substr(colon + 1);
  // Only "0W": a padded number must stay digits, so blank padding is not offered.
  if (spec.size() < 2 || spec.size() > 3 || spec.front() != '0') return std::nullopt;
  int width = 0;
  for (char c : spec.substr(1)) {
    if (c < '0' || c > '9') return std::nullopt;
    width = width * 10 + (c - '0');
  }
  if (width < 1 || width > kMaxWidth) return std::nullopt;
  placeholder.width = width;
  return placeholder;
}

std::string format_value(int value, int width) {
  std::string digits = std::to_string(value);
  if (static_cast<int>(digits.size()) < width) {
    digits.insert(0, static_cast<std::size_t>(width) - digits.size(), '0');
  }
  return digits;
}

}  // namespace

std::string check_line_template(std::string_view text, TemplateKind kind) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '}') return "has a '}' without its '{'; " + std::string(kPlaceholderHelp);
    if (c == '{') {
      const auto close = text.find_first_of("{}", i + 1);
      if (close == std::string_view::npos || text[close] != '}') {
        return "has a '{' without its '}'; " + std::string(kPlaceholderHelp);
      }
      const std::string_view inside = text.substr(i + 1, close - i - 1);
      if (!parse_placeholder(inside)) {
        return "has an unknown placeholder {" + std::string(inside) + "}; " +
               std::string(kPlaceholderHelp);
      }
      i = close;
      continue;
    }
    if (kind == TemplateKind::kNumber && !(c >= '0' && c <= '9') && !(c == '+' && i == 0)) {
      return "may hold only digits, a leading '+' and placeholders; '" + std::string(1, c) +
             "' is not allowed";
    }
  }
  return {};
}

std::string render_line_template(std::string_view text, const TemplateValues& values) {
  std::string out;
  out.reserve(text.size() + 8);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '{') {
      const auto close = text.find_first_of("{}", i + 1);
      if (close != std::string_view::npos && text[close] == '}') {
        if (auto placeholder = parse_placeholder(text.substr(i + 1, close - i - 1))) {
          const int value = placeholder->name == "span"      ? values.span
                            : placeholder->name == "channel" ? values.channel
                                                             : values.n;
          out += format_value(value, placeholder->width);
          i = close;
          continue;
        }
      }
    }
    out += text[i];
  }
  return out;
}

}  // namespace spantsp::config
