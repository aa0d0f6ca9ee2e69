#pragma once
// LINECALLINFO and LINECALLSTATUS packed from a call's published snapshot (tspi-contract §5:
// TAPI-owned members untouched, fixed part sized by version, no truncated field). Pure: any
// thread.

#include "core/call.h"
#include "core/line_directory.h"
#include "tspi/abi/tspi_abi.h"

namespace spantsp::core {

// `uui`: the received user-user information LINECALLINFO shows (Call::uui_snapshot).
LONG fill_call_info(const CallSnapshot& call, const board::UserUser& uui, DWORD app_specific,
                    const LineDescriptor& line, DWORD version, LINECALLINFO* info);
LONG fill_call_status(const CallSnapshot& call, DWORD version, LINECALLSTATUS* status);

}  // namespace spantsp::core
