#include "text/utf16.h"

#include <cstring>

namespace spantsp::text {

namespace {

constexpr char32_t kReplacement = 0xFFFD;

template <class Out>
void append_utf16(Out& out, char32_t cp) {
  if (cp >= 0x10000) {
    cp -= 0x10000;
    out.push_back(static_cast<char16_t>(0xD800 + (cp >> 10)));
    out.push_back(static_cast<char16_t>(0xDC00 + (cp & 0x3FF)));
  } else {
    out.push_back(static_cast<char16_t>(cp));
  }
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

bool is_high_surrogate(char32_t c) {
  return c >= 0xD800 && c <= 0xDBFF;
}
bool is_low_surrogate(char32_t c) {
  return c >= 0xDC00 && c <= 0xDFFF;
}

template <class Out>
void decode_utf8(std::string_view utf8, Out& out) {
  std::size_t i = 0;
  while (i < utf8.size()) {
    const auto lead = static_cast<unsigned char>(utf8[i]);
    int length = 0;
    char32_t cp = 0;
    char32_t minimum = 0;
    if (lead < 0x80) {
      length = 1;
      cp = lead;
    } else if ((lead & 0xE0) == 0xC0) {
      length = 2;
      cp = lead & 0x1F;
      minimum = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
      length = 3;
      cp = lead & 0x0F;
      minimum = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
      length = 4;
      cp = lead & 0x07;
      minimum = 0x10000;
    } else {
      out.push_back(static_cast<char16_t>(kReplacement));
      ++i;
      continue;
    }
    bool ok = i + static_cast<std::size_t>(length) <= utf8.size();
    for (int k = 1; ok && k < length; ++k) {
      const auto c = static_cast<unsigned char>(utf8[i + static_cast<std::size_t>(k)]);
      if ((c & 0xC0) != 0x80) {
        ok = false;
      } else {
        cp = (cp << 6) | (c & 0x3F);
      }
    }
    // Overlong forms, surrogates encoded in UTF-8 and values past U+10FFFF are malformed.
    if (!ok || cp < minimum || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      out.push_back(static_cast<char16_t>(kReplacement));
      ++i;
      continue;
    }
    append_utf16(out, cp);
    i += static_cast<std::size_t>(length);
  }
}

// Writes into a caller's buffer; what does not fit is dropped (callers size it for their
// longest field, so nothing is dropped in practice).
struct SpanWriter {
  std::span<char16_t> buffer;
  std::size_t size = 0;
  void push_back(char16_t c) {
    if (size < buffer.size()) buffer[size++] = c;
  }
};

}  // namespace

std::u16string utf8_to_utf16(std::string_view utf8) {
  // Never more UTF-16 units than UTF-8 bytes (a 4-byte sequence makes 2, a bad byte 1): decode
  // into the sized string, no per-unit growth check (the host converts every dialled number).
  std::u16string out(utf8.size(), u'\0');
  SpanWriter writer{std::span<char16_t>(out.data(), out.size())};
  decode_utf8(utf8, writer);
  out.resize(writer.size);
  return out;
}

std::u16string_view utf8_to_utf16(std::string_view utf8, std::span<char16_t> buffer) {
  SpanWriter writer{buffer};
  decode_utf8(utf8, writer);
  return {buffer.data(), writer.size};
}

std::string utf16_to_utf8(std::u16string_view utf16) {
  std::string out;
  out.reserve(utf16.size());
  for (std::size_t i = 0; i < utf16.size(); ++i) {
    char32_t c = utf16[i];
    if (is_high_surrogate(c)) {
      if (i + 1 < utf16.size() && is_low_surrogate(utf16[i + 1])) {
        c = 0x10000 + ((c - 0xD800) << 10) + (static_cast<char32_t>(utf16[i + 1]) - 0xDC00);
        ++i;
      } else {
        c = kReplacement;
      }
    } else if (is_low_surrogate(c)) {
      c = kReplacement;
    }
    append_utf8(out, c);
  }
  return out;
}

bool is_valid_utf16(std::u16string_view utf16) {
  for (std::size_t i = 0; i < utf16.size(); ++i) {
    if (is_high_surrogate(utf16[i])) {
      if (i + 1 >= utf16.size() || !is_low_surrogate(utf16[i + 1])) return false;
      ++i;
    } else if (is_low_surrogate(utf16[i])) {
      return false;
    }
  }
  return true;
}

std::size_t bounded_u16_length(const char16_t* text, std::size_t limit) {
  for (std::size_t n = 0; n <= limit; ++n) {
    if (text[n] == u'\0') return n;
  }
  return limit + 1;
}

}  // namespace spantsp::text
