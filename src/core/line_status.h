#pragma once
// LINEDEVSTATUS, LINEADDRESSSTATUS and the "tapi/line" VARSTRING of lineGetID, packed from the
// snapshot a span strand published (tspi-contract §5 rules via VarStructWriter). Pure: any
// thread.

#include "core/line.h"
#include "tspi/abi/tspi_abi.h"

namespace spantsp::core {

LONG fill_line_dev_status(const LineSnapshot& line, DWORD version, LINEDEVSTATUS* status);
LONG fill_line_address_status(const LineSnapshot& line, DWORD version, LINEADDRESSSTATUS* status);
LONG fill_device_id(DWORD device_id, VARSTRING* out);

}  // namespace spantsp::core
