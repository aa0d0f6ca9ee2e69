#pragma once
// UTF-8 <-> the UTF-16 wchar_t strings of the Windows W API, through text/utf16.h, for the
// Windows sources of this folder. Windows-only (wchar_t is 16 bits there); any thread.

#include <string>

#include "text/utf16.h"

namespace spantsp::platform {

static_assert(sizeof(wchar_t) == sizeof(char16_t), "Windows' wchar_t is UTF-16");

inline std::wstring to_wide(const std::string& utf8) {
  const std::u16string wide = text::utf8_to_utf16(utf8);
  return std::wstring(wide.begin(), wide.end());
}

inline std::string from_wide(const std::wstring& wide) {
  return text::utf16_to_utf8(std::u16string(wide.begin(), wide.end()));
}

}  // namespace spantsp::platform
