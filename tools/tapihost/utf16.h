#pragma once
// UTF-8 <-> UTF-16 conversion for the strings that cross the TSPI boundary (all TSPI strings
// are Unicode, WCHAR = char16_t: tspi-contract §5, §8 "Other DLL rules"). Malformed input
// (invalid UTF-8, lone surrogates) becomes U+FFFD instead of failing.
//
// Thread affinity: pure functions, callable from any thread.

#include <cstdint>
#include <string>
#include <string_view>

namespace spantsp::host {

std::u16string utf8_to_utf16(std::string_view utf8);
std::string utf16_to_utf8(std::u16string_view utf16);

// True if `utf16` has no lone surrogate.
bool is_valid_utf16(std::u16string_view utf16);

// A string field of a TAPI variable-size structure: `size` bytes at `offset` from `base`, with
// the trailing NUL(s) dropped. Empty if size is 0 or odd parts would be read; the caller is
// responsible for the field lying inside the structure (see var_struct_checker.h).
std::u16string struct_string(const void* base, std::uint32_t size, std::uint32_t offset);

}  // namespace spantsp::host
