// TSPI line exports: handle the session lookup, then the engine does the work. TAPI has
// validated pointers and device IDs (tspi-contract §8); stale handles are still possible and
// get LINEERR_INVALLINEHANDLE from the engine.

#include "tspi/engine_access.h"

extern "C" {

LONG TSPIAPI TSPI_lineOpen(DWORD dwDeviceID, HTAPILINE htLine, LPHDRVLINE lphdLine,
                           DWORD dwTSPIVersion, LINEEVENT lpfnEventProc) {
  return SPANTSP_GUARDED({
    const auto use = spantsp::core::Provider::instance().use_session();
    auto* session = use.get();
    if (session == nullptr) return LINEERR_NODRIVER;
    const auto index = session->lines().index_of(dwDeviceID);
    if (!index) return LINEERR_BADDEVICEID;
    return session->engine().line_open(*index, htLine, lphdLine, dwTSPIVersion, lpfnEventProc);
  });
}

LONG TSPIAPI TSPI_lineClose(HDRVLINE hdLine) {
  return SPANTSP_WITH_ENGINE(LINEERR_INVALLINEHANDLE, line_close(hdLine));
}

LONG TSPIAPI TSPI_lineSetDefaultMediaDetection(HDRVLINE hdLine, DWORD dwMediaModes) {
  return SPANTSP_WITH_ENGINE(LINEERR_INVALLINEHANDLE,
                             set_default_media_detection(hdLine, dwMediaModes));
}

LONG TSPIAPI TSPI_lineSetStatusMessages(HDRVLINE hdLine, DWORD dwLineStates,
                                        DWORD dwAddressStates) {
  return SPANTSP_WITH_ENGINE(LINEERR_INVALLINEHANDLE,
                             set_status_messages(hdLine, dwLineStates, dwAddressStates));
}

LONG TSPIAPI TSPI_lineGetLineDevStatus(HDRVLINE hdLine, LPLINEDEVSTATUS lpLineDevStatus) {
  return SPANTSP_WITH_ENGINE(LINEERR_INVALLINEHANDLE, get_line_dev_status(hdLine, lpLineDevStatus));
}

LONG TSPIAPI TSPI_lineGetAddressStatus(HDRVLINE hdLine, DWORD dwAddressID,
                                       LPLINEADDRESSSTATUS lpAddressStatus) {
  return SPANTSP_WITH_ENGINE(LINEERR_INVALLINEHANDLE,
                             get_address_status(hdLine, dwAddressID, lpAddressStatus));
}

LONG TSPIAPI TSPI_lineGetNumAddressIDs(HDRVLINE hdLine, LPDWORD lpdwNumAddressIDs) {
  return SPANTSP_WITH_ENGINE(LINEERR_INVALLINEHANDLE,
                             get_num_address_ids(hdLine, lpdwNumAddressIDs));
}

LONG TSPIAPI TSPI_lineGetAddressID(HDRVLINE hdLine, LPDWORD lpdwAddressID, DWORD dwAddressMode,
                                   LPCWSTR lpsAddress, DWORD dwSize) {
  return SPANTSP_WITH_ENGINE(
      LINEERR_INVALLINEHANDLE,
      get_address_id(hdLine, lpdwAddressID, dwAddressMode, lpsAddress, dwSize));
}

// hTargetProcess is unused: the one class we answer, tapi/line, carries no handle.
LONG TSPIAPI TSPI_lineGetID(HDRVLINE hdLine, DWORD dwAddressID, HDRVCALL hdCall, DWORD dwSelect,
                            LPVARSTRING lpDeviceID, LPCWSTR lpszDeviceClass, HANDLE) {
  return SPANTSP_WITH_ENGINE(LINEERR_INVALLINEHANDLE, get_id(hdLine, dwAddressID, hdCall, dwSelect,
                                                             lpDeviceID, lpszDeviceClass));
}

LONG TSPIAPI TSPI_lineDevSpecific(DRV_REQUESTID dwRequestID, HDRVLINE hdLine, DWORD dwAddressID,
                                  HDRVCALL hdCall, LPVOID lpParams, DWORD dwSize) {
  return SPANTSP_WITH_ENGINE(LINEERR_INVALLINEHANDLE, dev_specific(dwRequestID, hdLine, dwAddressID,
                                                                   hdCall, lpParams, dwSize));
}

}  // extern "C"
