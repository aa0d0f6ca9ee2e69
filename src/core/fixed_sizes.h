#pragma once
// The size of each variable-size structure's fixed part as a caller of a given TSPI version
// knows it (tspi-contract §5: "fixed part sized by the negotiated version"). Members added in
// later versions lie beyond it and are neither written nor counted for older callers.

#include <cstddef>
#include <cstdint>

#include "core/tspi_version.h"
#include "tspi/abi/tspi_abi.h"

namespace spantsp::core {

// LINEDEVCAPS: 2.0 ends after dwDeviceClassesOffset, 2.2 adds PermanentLineGuid, 3.0 adds
// dwAddressTypes, ProtocolGuid and dwAvailableTracking.
constexpr std::uint32_t line_dev_caps_fixed_size(std::uint32_t version) {
  if (version >= kTspiVersion3_0) return sizeof(LINEDEVCAPS);
  if (version >= kTspiVersion2_2) return offsetof(LINEDEVCAPS, dwAddressTypes);
  return offsetof(LINEDEVCAPS, PermanentLineGuid);
}

// LINEADDRESSCAPS: every member exists from 2.0 on.
constexpr std::uint32_t line_address_caps_fixed_size(std::uint32_t) {
  return sizeof(LINEADDRESSCAPS);
}

}  // namespace spantsp::core
