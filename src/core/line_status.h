#pragma once
// LINEDEVSTATUS, LINEADDRESSSTATUS and the "tapi/line" VARSTRING of lineGetID, packed from the
// snapshot a span strand published (tspi-contract §5 rules via VarStructWriter). Pure: any
// thread.

#include <cstdint>

#include "core/line.h"
#include "tspi/abi/tspi_abi.h"

namespace spantsp::core {

// `calls_in_use` / `call_capacity`: the provider's call pool, and `close_calls_waited` the
// lineCloseCalls that waited for a worker, for the device-specific block;
// `available_media_modes` the line's supported_media_modes (core/line_caps.h).
LONG fill_line_dev_status(const LineSnapshot& line, DWORD version, DWORD available_media_modes,
                          std::uint32_t calls_in_use, std::uint32_t call_capacity,
                          std::uint32_t close_calls_waited, LINEDEVSTATUS* status);
LONG fill_line_address_status(const LineSnapshot& line, DWORD version, LINEADDRESSSTATUS* status);
LONG fill_device_id(DWORD device_id, VARSTRING* out);

}  // namespace spantsp::core
