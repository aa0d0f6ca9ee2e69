#pragma once
// Parses a TAPI dialable address for a trunk call (tspi-contract §4 step 2-3): checked before
// anything is seized, failing on the first character a trunk cannot honour. Pure, any thread.
//
// Accepted: digits 0-9 * # A-D; '+' first (international); 'T'/'P' (tone/pulse: meaningless on
// a digital trunk, skipped); ',' (pause, skipped); formatting ' ' '(' ')' '-' '.'; '|' or '^'
// end the number (subaddress and name are not sent); a final ';' marks a partial number
// (more digits follow with lineDial).
// Refused: W -> LINEERR_DIALDIALTONE, @ -> LINEERR_DIALQUIET, $ -> LINEERR_DIALBILLING,
// ? -> LINEERR_DIALPROMPT (we advertise none of the matching LINEDEVCAPFLAGS_); '!' (flash)
// and every other character, ';' not at the end, an empty number that is not partial, or
// more than board::kMaxDigits digits -> LINEERR_INVALADDRESS.

#include <cstddef>
#include <string_view>

#include "board_drivers/board_driver.h"
#include "tspi/abi/tspi_abi.h"

namespace spantsp::core {

struct DialString {
  board::Number digits;
  bool partial = false;  // ended in ';'
};

// `text` is the caller's UTF-16 string (not NUL-terminated here). Returns 0 or a LINEERR_.
LONG parse_dial_string(std::u16string_view text, DialString& out);

// A caller's NUL-terminated dial string, parsed; NULL is an empty number and more than
// kMaxDialStringUnits units is LINEERR_INVALADDRESS. Returns 0 or a LINEERR_.
inline constexpr std::size_t kMaxDialStringUnits = 256;  // far beyond any number a trunk carries
LONG read_dial_string(const WCHAR* text, DialString& out);

}  // namespace spantsp::core
