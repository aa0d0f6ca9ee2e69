// TSPI device capability exports: device ID -> line descriptor, then the caps packers.
// TAPI has validated the device ID and that the buffer covers its fixed part (tspi-contract
// §8 "What TAPI validates"); we check again cheaply because a direct caller may not have.

#include "core/line_caps.h"
#include "core/provider.h"
#include "core/tspi_version.h"
#include "tspi/export_guard.h"

namespace {

// The descriptor of a device, or an error code in `error`. `use` keeps the session alive
// while the caller reads the descriptor.
const spantsp::core::LineDescriptor* find_line(const spantsp::core::Provider::SessionUse& use,
                                               DWORD device_id, DWORD version, LONG& error) {
  const auto* session = use.get();
  if (session == nullptr) {
    error = LINEERR_NODRIVER;
    return nullptr;
  }
  const auto index = session->lines().index_of(device_id);
  if (!index) {
    error = LINEERR_BADDEVICEID;
    return nullptr;
  }
  if (!spantsp::core::is_supported_tspi_version(version)) {
    error = LINEERR_INCOMPATIBLEAPIVERSION;
    return nullptr;
  }
  return &session->lines().lines()[*index];
}

}  // namespace

extern "C" {

LONG TSPIAPI TSPI_lineGetDevCaps(DWORD dwDeviceID, DWORD dwTSPIVersion, DWORD dwExtVersion,
                                 LPLINEDEVCAPS lpLineDevCaps) {
  return SPANTSP_GUARDED({
    if (lpLineDevCaps == nullptr) return LINEERR_INVALPOINTER;
    LONG error = 0;
    const auto use = spantsp::core::Provider::instance().use_session();
    const auto* line = find_line(use, dwDeviceID, dwTSPIVersion, error);
    if (line == nullptr) return error;
    // TAPI does not check dwExtVersion; we offer no extensions.
    if (dwExtVersion != 0) return LINEERR_INCOMPATIBLEEXTVERSION;
    return spantsp::core::fill_line_dev_caps(*line, dwTSPIVersion, lpLineDevCaps);
  });
}

LONG TSPIAPI TSPI_lineGetAddressCaps(DWORD dwDeviceID, DWORD dwAddressID, DWORD dwTSPIVersion,
                                     DWORD dwExtVersion, LPLINEADDRESSCAPS lpAddressCaps) {
  return SPANTSP_GUARDED({
    if (lpAddressCaps == nullptr) return LINEERR_INVALPOINTER;
    LONG error = 0;
    const auto use = spantsp::core::Provider::instance().use_session();
    const auto* line = find_line(use, dwDeviceID, dwTSPIVersion, error);
    if (line == nullptr) return error;
    if (dwAddressID != 0) return LINEERR_INVALADDRESSID;  // one address per trunk line
    if (dwExtVersion != 0) return LINEERR_INCOMPATIBLEEXTVERSION;
    return spantsp::core::fill_line_address_caps(*line, dwTSPIVersion, lpAddressCaps);
  });
}

LONG TSPIAPI TSPI_lineGetExtensionID(DWORD dwDeviceID, DWORD dwTSPIVersion,
                                     LPLINEEXTENSIONID lpExtensionID) {
  return SPANTSP_GUARDED({
    if (lpExtensionID == nullptr) return LINEERR_INVALPOINTER;
    LONG error = 0;
    const auto use = spantsp::core::Provider::instance().use_session();
    if (find_line(use, dwDeviceID, dwTSPIVersion, error) == nullptr) return error;
    *lpExtensionID = LINEEXTENSIONID{0, 0, 0, 0};  // no extensions: all zero says so
    return 0;
  });
}

LONG TSPIAPI TSPI_lineNegotiateExtVersion(DWORD dwDeviceID, DWORD dwTSPIVersion, DWORD, DWORD,
                                          LPDWORD lpdwExtVersion) {
  return SPANTSP_GUARDED({
    if (lpdwExtVersion == nullptr) return LINEERR_INVALPOINTER;
    LONG error = 0;
    const auto use = spantsp::core::Provider::instance().use_session();
    if (find_line(use, dwDeviceID, dwTSPIVersion, error) == nullptr) return error;
    return LINEERR_OPERATIONUNAVAIL;  // no device-specific extensions
  });
}

LONG TSPIAPI TSPI_phoneNegotiateTSPIVersion(DWORD, DWORD, DWORD, LPDWORD) {
  return PHONEERR_NODEVICE;  // no phone devices; exported because TAPI lists it as basic
}

}  // extern "C"
