// TSPI call exports: session lookup, then the engine. Async functions return the request id
// or a negative LINEERR_ (tspi-contract §2).

#include "tspi/engine_access.h"

extern "C" {

LONG TSPIAPI TSPI_lineMakeCall(DRV_REQUESTID dwRequestID, HDRVLINE hdLine, HTAPICALL htCall,
                               LPHDRVCALL lphdCall, LPCWSTR lpszDestAddress, DWORD dwCountryCode,
                               LPLINECALLPARAMS const lpCallParams) {
  return SPANTSP_WITH_ENGINE(LINEERR_INVALLINEHANDLE,
                             make_call(dwRequestID, hdLine, htCall, lphdCall, lpszDestAddress,
                                       dwCountryCode, lpCallParams));
}

LONG TSPIAPI TSPI_lineDial(DRV_REQUESTID dwRequestID, HDRVCALL hdCall, LPCWSTR lpszDestAddress,
                           DWORD dwCountryCode) {
  return SPANTSP_WITH_ENGINE(LINEERR_INVALCALLHANDLE,
                             dial(dwRequestID, hdCall, lpszDestAddress, dwCountryCode));
}

LONG TSPIAPI TSPI_lineAccept(DRV_REQUESTID dwRequestID, HDRVCALL hdCall, LPCSTR lpsUserUserInfo,
                             DWORD dwSize) {
  return SPANTSP_WITH_ENGINE(LINEERR_INVALCALLHANDLE,
                             accept(dwRequestID, hdCall, lpsUserUserInfo, dwSize));
}

LONG TSPIAPI TSPI_lineAnswer(DRV_REQUESTID dwRequestID, HDRVCALL hdCall, LPCSTR lpsUserUserInfo,
                             DWORD dwSize) {
  return SPANTSP_WITH_ENGINE(LINEERR_INVALCALLHANDLE,
                             answer(dwRequestID, hdCall, lpsUserUserInfo, dwSize));
}

LONG TSPIAPI TSPI_lineDrop(DRV_REQUESTID dwRequestID, HDRVCALL hdCall, LPCSTR lpsUserUserInfo,
                           DWORD dwSize) {
  return SPANTSP_WITH_ENGINE(LINEERR_INVALCALLHANDLE,
                             drop(dwRequestID, hdCall, lpsUserUserInfo, dwSize));
}

LONG TSPIAPI TSPI_lineCloseCall(HDRVCALL hdCall) {
  return SPANTSP_WITH_ENGINE(LINEERR_INVALCALLHANDLE, close_call(hdCall));
}

LONG TSPIAPI TSPI_lineGetCallInfo(HDRVCALL hdCall, LPLINECALLINFO lpCallInfo) {
  return SPANTSP_WITH_ENGINE(LINEERR_INVALCALLHANDLE, get_call_info(hdCall, lpCallInfo));
}

LONG TSPIAPI TSPI_lineGetCallStatus(HDRVCALL hdCall, LPLINECALLSTATUS lpCallStatus) {
  return SPANTSP_WITH_ENGINE(LINEERR_INVALCALLHANDLE, get_call_status(hdCall, lpCallStatus));
}

LONG TSPIAPI TSPI_lineSetAppSpecific(HDRVCALL hdCall, DWORD dwAppSpecific) {
  return SPANTSP_WITH_ENGINE(LINEERR_INVALCALLHANDLE, set_app_specific(hdCall, dwAppSpecific));
}

LONG TSPIAPI TSPI_lineGetCallAddressID(HDRVCALL hdCall, LPDWORD lpdwAddressID) {
  return SPANTSP_WITH_ENGINE(LINEERR_INVALCALLHANDLE, get_call_address_id(hdCall, lpdwAddressID));
}

LONG TSPIAPI TSPI_lineGetCallIDs(HDRVCALL hdCall, LPDWORD lpdwAddressID, LPDWORD lpdwCallID,
                                 LPDWORD lpdwRelatedCallID) {
  return SPANTSP_WITH_ENGINE(LINEERR_INVALCALLHANDLE,
                             get_call_ids(hdCall, lpdwAddressID, lpdwCallID, lpdwRelatedCallID));
}

}  // extern "C"
