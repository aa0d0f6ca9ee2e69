#include "tools/tapihost/utf16.h"

#include <cstring>

namespace spantsp::host {

std::u16string struct_string(const void* base, std::uint32_t size, std::uint32_t offset) {
  if (size < sizeof(char16_t)) return {};
  std::u16string text(size / sizeof(char16_t), u'\0');
  std::memcpy(text.data(), static_cast<const unsigned char*>(base) + offset,
              text.size() * sizeof(char16_t));
  while (!text.empty() && text.back() == u'\0') text.pop_back();
  return text;
}

}  // namespace spantsp::host
