#pragma once
// LINEERR_* value -> its name, for messages people read ("LINEERR_NOMEM (0x80000044)").
// Thread affinity: pure functions, any thread.

#include <string>
#include <string_view>

#include "tspi/abi/tspi_abi.h"

namespace spantsp::host {

// "LINEERR_NOMEM" for LINEERR_NOMEM; empty for values that are no LINEERR_ constant.
std::string_view lineerr_name(LONG result);

// True if `result` is one of the LINEERR_ constants (tspi-contract §2: failures are these).
bool is_lineerr(LONG result);

// "0" for success, "LINEERR_NOMEM (0x80000044)" for errors, the decimal value otherwise.
std::string describe_result(LONG result);

}  // namespace spantsp::host
