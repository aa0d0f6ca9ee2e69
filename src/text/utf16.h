#pragma once
// UTF-8 <-> UTF-16 for the strings that cross the TSPI boundary (all TSPI strings are Unicode,
// WCHAR = char16_t: tspi-contract §5, §8 "Other DLL rules"), shared by the provider and the
// host. Malformed input (invalid or overlong UTF-8, lone surrogates) becomes U+FFFD instead of
// failing: names and numbers come from validated configuration, and a host must never crash on
// what a provider wrote.
//
// Thread affinity: pure functions, callable from any thread.

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

namespace spantsp::text {

std::u16string utf8_to_utf16(std::string_view utf8);
// The same into a caller's buffer, with no allocation (for the per-call paths); units that do
// not fit are dropped. Returns the converted text inside `buffer`.
std::u16string_view utf8_to_utf16(std::string_view utf8, std::span<char16_t> buffer);
std::string utf16_to_utf8(std::u16string_view utf16);

// True if `utf16` has no lone surrogate.
bool is_valid_utf16(std::u16string_view utf16);

// Length of a NUL-terminated UTF-16 string from a caller, reading at most `limit` + 1 units;
// `limit` + 1 when no terminator was found within `limit` units.
std::size_t bounded_u16_length(const char16_t* text, std::size_t limit);

}  // namespace spantsp::text
