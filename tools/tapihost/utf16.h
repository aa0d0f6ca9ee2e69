#pragma once
// The host's view of TSPI strings: the shared converters of text/utf16.h, plus reading a
// string field out of a variable-size structure the provider filled.
//
// Thread affinity: pure functions, callable from any thread.

#include <cstdint>
#include <string>
#include <string_view>

#include "text/utf16.h"

namespace spantsp::host {

using text::is_valid_utf16;
using text::utf16_to_utf8;
using text::utf8_to_utf16;

// A string field of a TAPI variable-size structure: `size` bytes at `offset` from `base`, with
// the trailing NUL(s) dropped. Empty if size is 0 or odd parts would be read; the caller is
// responsible for the field lying inside the structure (see var_struct_checker.h).
std::u16string struct_string(const void* base, std::uint32_t size, std::uint32_t offset);

}  // namespace spantsp::host
