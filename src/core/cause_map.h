#pragma once
// The one table between Q.850 causes (what ISDN, R2 and the sim report) and LINEDISCONNECTMODE_
// values (what TAPI applications see), both directions (DESIGN.md §4). Shared by the span
// logic and every signalling module. Pure functions, any thread.

#include <cstdint>

#include "tspi/abi/tspi_abi.h"

namespace spantsp::core {

// The disconnect mode for a cause, limited to the values `tspi_version` defines
// (tspi-contract §4.1, §9: never send a value the negotiated version lacks).
DWORD disconnect_mode_from_q850(std::uint8_t cause, DWORD tspi_version);

// The cause to signal when the application clears with a given mode (e.g. rejecting an
// offered call): REJECT -> 21, BUSY -> 17, anything unknown -> 16 normal clearing.
std::uint8_t q850_from_disconnect_mode(DWORD mode);

// The LINEBUSYMODE_ to report with LINECALLSTATE_BUSY for a busy-type cause.
DWORD busy_mode_from_q850(std::uint8_t cause);

}  // namespace spantsp::core
