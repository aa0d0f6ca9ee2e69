#include "core/dial_string.h"

#include "text/utf16.h"

namespace spantsp::core {

LONG parse_dial_string(std::u16string_view text, DialString& out) {
  out = DialString{};
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char16_t c = text[i];
    if ((c >= u'0' && c <= u'9') || c == u'*' || c == u'#' || (c >= u'A' && c <= u'D') ||
        (c >= u'a' && c <= u'd')) {
      const char digit = static_cast<char>(c >= u'a' ? c - (u'a' - u'A') : c);
      if (!out.digits.append(std::string_view(&digit, 1))) return LINEERR_INVALADDRESS;
      continue;
    }
    switch (c) {
      case u'+':
        if (!out.digits.empty()) return LINEERR_INVALADDRESS;
        out.digits.append("+");
        continue;
      case u'T':
      case u't':
      case u'P':
      case u'p':
      case u',':
      case u' ':
      case u'(':
      case u')':
      case u'-':
      case u'.':
        continue;
      case u';':
        if (i + 1 != text.size()) return LINEERR_INVALADDRESS;
        out.partial = true;
        continue;
      case u'|':
      case u'^':
        i = text.size();  // subaddress / name: not carried on the trunk
        continue;
      case u'W':
      case u'w':
        return LINEERR_DIALDIALTONE;
      case u'@':
        return LINEERR_DIALQUIET;
      case u'$':
        return LINEERR_DIALBILLING;
      case u'?':
        return LINEERR_DIALPROMPT;
      default:
        return LINEERR_INVALADDRESS;
    }
  }
  return 0;
}

LONG read_dial_string(const WCHAR* text, DialString& out) {
  out = DialString{};
  if (text == nullptr) return 0;
  const std::size_t length = text::bounded_u16_length(text, kMaxDialStringUnits);
  if (length > kMaxDialStringUnits) return LINEERR_INVALADDRESS;
  return parse_dial_string(std::u16string_view(text, length), out);
}

}  // namespace spantsp::core
