#pragma once
// UTF-8 <-> UTF-16 for the strings that cross the TSPI boundary (all TAPI strings are UTF-16,
// tspi-contract §5). Pure functions, any thread. Invalid input is replaced with U+FFFD rather
// than rejected: names and numbers come from our own validated configuration.

#include <string>
#include <string_view>

namespace spantsp::core {

std::u16string utf8_to_utf16(std::string_view text);
std::string utf16_to_utf8(std::u16string_view text);

// Length of a NUL-terminated UTF-16 string from a caller, reading at most `limit` units;
// returns `limit` + 1 when no terminator was found within it.
std::size_t bounded_u16_length(const char16_t* text, std::size_t limit);

}  // namespace spantsp::core
