#pragma once
// LINECALLPARAMS as a trunk line honours them (tspi-contract §8 "what the TSP still
// validates"), shared by lineMakeCall and lineConditionalMediaDetection. Pure: any thread.

#include "tspi/abi/tspi_abi.h"

namespace spantsp::core {

// 0 or the LINEERR_ for the first member the line cannot honour; NULL is 3.1 kHz voice on any
// address. `supported_media_modes`: the line's (core/line_caps.h). Outputs: whether the caller
// ID is to be blocked, and the call's media mode (INTERACTIVEVOICE unless asked otherwise).
LONG check_call_params(const LINECALLPARAMS* params, DWORD supported_media_modes,
                       bool& block_caller_id, DWORD& media_mode);

}  // namespace spantsp::core
