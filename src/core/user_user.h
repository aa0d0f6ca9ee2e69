#pragma once
// User-user information handed in by TAPI (lineMakeCall's LINECALLPARAMS, lineAccept,
// lineAnswer, lineDrop, lineSendUserUserInfo): checked against the span's size for that request
// (LINEDEVCAPS dwUUI*Size, board::user_user_sizes) and copied before the TSPI function returns
// (tspi-contract §2 "copy every input buffer") into the request's Command. Pure, any thread.

#include <cstdint>

#include "board_drivers/board_driver.h"
#include "core/command.h"
#include "tspi/abi/tspi_abi.h"

namespace spantsp::core {

// 0 and `out` filled (empty for size 0); LINEERR_USERUSERINFOTOOBIG when longer than `limit`
// (0: the request carries none on this span); LINEERR_INVALPOINTER for data NULL with a size;
// LINEERR_INVALPARAM when `text_only` (PRI: IA5 in a C string) and a NUL octet sits inside.
// Trailing NULs of a text are not part of it (applications often count the terminator).
LONG copy_user_user(const char* data, DWORD size, DWORD limit, bool text_only,
                    board::UserUser& out);

// Carries `uui` in a command's blob (Command::blob holds board::kMaxUserUser octets and more).
inline void put_user_user(Command& command, const board::UserUser& uui) {
  static_assert(sizeof(Command::blob) >= board::kMaxUserUser);
  command.blob_size = uui.size;
  for (std::size_t i = 0; i < uui.size; ++i) {
    command.blob[i] = static_cast<unsigned char>(uui.text[i]);
  }
}

}  // namespace spantsp::core
