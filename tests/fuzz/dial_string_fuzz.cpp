// Fuzz target: the dial-string parser (src/core/dial_string.h), issue 12 §3. The input is the
// caller's UTF-16 string (pairs of octets). Whatever the text, the parser returns 0 or a
// LINEERR_, and an accepted number holds only dialable digits, no more than kMaxDigits, and is
// partial only when the text ends in ';'.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "core/dial_string.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::u16string text(size / 2, u'\0');
  if (!text.empty()) std::memcpy(text.data(), data, text.size() * 2);
  spantsp::core::DialString out;
  const LONG result = spantsp::core::parse_dial_string(text, out);
  if (result > 0) std::abort();  // 0 or a LINEERR_ (negative)
  if (result != 0) return 0;
  const std::string_view digits = out.digits.view();
  if (digits.size() > spantsp::board::kMaxDigits) std::abort();
  for (std::size_t i = 0; i < digits.size(); ++i) {
    const char c = digits[i];
    const bool dialable =
        (c >= '0' && c <= '9') || c == '*' || c == '#' || (c >= 'A' && c <= 'D') || c == '+';
    if (!dialable || (c == '+' && i != 0)) {
      std::fprintf(stderr, "dial_string_fuzz: accepted digit '%c' at %zu\n", c, i);
      std::abort();
    }
  }
  if (out.partial && text.find(u';') == std::u16string::npos) std::abort();
  return 0;
}
