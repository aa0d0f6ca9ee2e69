#pragma once
// Validators the host's command-line programs (tapihost, perf/spantsp_load, perf/spantsp_soak)
// share, so a malformed value is refused by the parser with a message naming the option
// ("--outbound-rate: ...") and exit code 1, never turned into a crash, a bare "stod" or a silent
// default later (issue 12 §5).

#include <cstddef>
#include <cstdlib>
#include <string>

#include <CLI/CLI.hpp>

namespace spantsp::host {

// A decimal number >= 0 written in full (no trailing text), or the word `word` when not empty.
inline CLI::Validator non_negative_or(const std::string& word) {
  return CLI::Validator(
      [word](std::string& text) -> std::string {
        if (!word.empty() && text == word) return {};
        char* end = nullptr;
        const double value = std::strtod(text.c_str(), &end);
        if (text.empty() || end != text.c_str() + text.size() || !(value >= 0) || value > 1e12) {
          return "'" + text + "' is not a number >= 0" + (word.empty() ? "" : " or '" + word + "'");
        }
        return {};
      },
      word.empty() ? "NUMBER>=0" : "NUMBER>=0|" + word);
}

// A decimal number >= 0 (counts, seconds, rates): "-5" is refused, not wrapped to 2^64 - 5 by an
// unsigned conversion.
inline CLI::Validator non_negative() {
  return non_negative_or({});
}

// FIRST-LAST (or one number): decimal digits, both of the same length (at most 19), FIRST <=
// LAST.
inline CLI::Validator number_range() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        const std::size_t dash = text.find('-');
        const std::string first = text.substr(0, dash);
        const std::string last = dash == std::string::npos ? first : text.substr(dash + 1);
        const auto digits = [](const std::string& s) {
          return !s.empty() && s.size() <= 19 &&
                 s.find_first_not_of("0123456789") == std::string::npos;
        };
        if (!digits(first) || !digits(last) || first.size() != last.size()) {
          return "'" + text + "' is not FIRST-LAST: two numbers of the same length (1-19 digits)";
        }
        if (last < first) return "'" + text + "': LAST is below FIRST";
        return {};
      },
      "FIRST-LAST");
}

}  // namespace spantsp::host
