// TSPI lifecycle exports (tspi-contract §1.2): argument checks and hand-off to the Provider.

#include <cstring>
#include <filesystem>
#include <string>

#include "core/provider.h"
#include "platform/module.h"
#include "text/utf16.h"
#include "tspi/export_guard.h"

using spantsp::core::Provider;

extern "C" {

LONG TSPIAPI TSPI_lineNegotiateTSPIVersion(DWORD dwDeviceID, DWORD dwLowVersion,
                                           DWORD dwHighVersion, LPDWORD lpdwTSPIVersion) {
  return SPANTSP_GUARDED({
    return Provider::instance().negotiate_tspi_version(dwDeviceID, dwLowVersion, dwHighVersion,
                                                       lpdwTSPIVersion);
  });
}

LONG TSPIAPI TSPI_providerEnumDevices(DWORD dwPermanentProviderID, LPDWORD lpdwNumLines,
                                      LPDWORD lpdwNumPhones, HPROVIDER hProvider,
                                      LINEEVENT lpfnLineCreateProc, PHONEEVENT) {
  return SPANTSP_GUARDED({
    return Provider::instance().enum_devices(dwPermanentProviderID, lpdwNumLines, lpdwNumPhones,
                                             hProvider, lpfnLineCreateProc);
  });
}

LONG TSPIAPI TSPI_providerInit(DWORD dwTSPIVersion, DWORD dwPermanentProviderID,
                               DWORD dwLineDeviceIDBase, DWORD, DWORD_PTR dwNumLines,
                               DWORD_PTR dwNumPhones, ASYNC_COMPLETION lpfnCompletionProc,
                               LPDWORD lpdwTSPIOptions) {
  return SPANTSP_GUARDED({
    if (dwNumPhones != 0) return LINEERR_INVALPARAM;  // we enumerate no phones
    return Provider::instance().init(dwTSPIVersion, dwPermanentProviderID, dwLineDeviceIDBase,
                                     dwNumLines, lpfnCompletionProc, lpdwTSPIOptions);
  });
}

LONG TSPIAPI TSPI_providerShutdown(DWORD dwTSPIVersion, DWORD dwPermanentProviderID) {
  return SPANTSP_GUARDED(
      { return Provider::instance().shutdown(dwTSPIVersion, dwPermanentProviderID); });
}

// The UI DLL's full path (tspi-contract §7): spantsp_ui.tsp beside this provider when it is
// installed, else this provider itself (the TSP and UI DLL may be one file; TAPI then finds no
// TUISPI_ export and reports OPERATIONUNAVAIL for configuration).
LONG TSPIAPI TSPI_providerUIIdentify(LPWSTR lpszUIDLLName) {
  return SPANTSP_GUARDED({
    if (lpszUIDLLName == nullptr) return LINEERR_INVALPOINTER;
    const void* self = reinterpret_cast<const void*>(&TSPI_providerUIIdentify);
    std::string path = spantsp::platform::module_path_of(self);
    if (path.empty()) return LINEERR_OPERATIONFAILED;
    const auto sibling =
        std::filesystem::path(spantsp::platform::module_dir_of(self)) / "spantsp_ui.tsp";
    if (std::error_code ec; std::filesystem::is_regular_file(sibling, ec)) {
      path = sibling.string();
    }
    const std::u16string wide = spantsp::text::utf8_to_utf16(path);
    constexpr std::size_t kMaxPath = 260;  // the caller's buffer holds MAX_PATH WCHARs
    if (wide.size() + 1 > kMaxPath) return LINEERR_OPERATIONFAILED;
    std::memcpy(lpszUIDLLName, wide.c_str(), (wide.size() + 1) * sizeof(char16_t));
    return 0;
  });
}

}  // extern "C"
