#include "core/user_user.h"

#include <string_view>

namespace spantsp::core {

LONG copy_user_user(const char* data, DWORD size, DWORD limit, bool text_only,
                    board::UserUser& out) {
  out = board::UserUser{};
  if (size == 0) return 0;
  if (data == nullptr) return LINEERR_INVALPOINTER;
  std::string_view text(data, size);
  if (text_only) {
    while (!text.empty() && text.back() == '\0') text.remove_suffix(1);
    if (text.find('\0') != std::string_view::npos) return LINEERR_INVALPARAM;
  }
  if (text.size() > limit || text.size() > board::kMaxUserUser) {
    return LINEERR_USERUSERINFOTOOBIG;
  }
  out.assign(text);
  return 0;
}

}  // namespace spantsp::core
