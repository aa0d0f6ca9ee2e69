// TSPI call-control exports of the call-center services (DESIGN.md §5a): session lookup, then
// the engine. Async functions return the request id or a negative LINEERR_ (tspi-contract §2);
// a service the line's span lacks answers LINEERR_OPERATIONUNAVAIL (and is not in its caps).

#include "tspi/engine_access.h"

extern "C" {

LONG TSPIAPI TSPI_lineHold(DRV_REQUESTID dwRequestID, HDRVCALL hdCall) {
  return SPANTSP_WITH_ENGINE(LINEERR_INVALCALLHANDLE, hold(dwRequestID, hdCall));
}

LONG TSPIAPI TSPI_lineUnhold(DRV_REQUESTID dwRequestID, HDRVCALL hdCall) {
  return SPANTSP_WITH_ENGINE(LINEERR_INVALCALLHANDLE, unhold(dwRequestID, hdCall));
}

LONG TSPIAPI TSPI_lineSwapHold(DRV_REQUESTID dwRequestID, HDRVCALL hdActiveCall,
                               HDRVCALL hdHeldCall) {
  return SPANTSP_WITH_ENGINE(LINEERR_INVALCALLHANDLE,
                             swap_hold(dwRequestID, hdActiveCall, hdHeldCall));
}

// Call deflection (core/redirect_ops.cpp).
LONG TSPIAPI TSPI_lineRedirect(DRV_REQUESTID dwRequestID, HDRVCALL hdCall, LPCWSTR lpszDestAddress,
                               DWORD dwCountryCode) {
  return SPANTSP_WITH_ENGINE(LINEERR_INVALCALLHANDLE,
                             redirect(dwRequestID, hdCall, lpszDestAddress, dwCountryCode));
}

// Transfer (core/transfer_ops.cpp).
LONG TSPIAPI TSPI_lineBlindTransfer(DRV_REQUESTID dwRequestID, HDRVCALL hdCall,
                                    LPCWSTR lpszDestAddress, DWORD dwCountryCode) {
  return SPANTSP_WITH_ENGINE(LINEERR_INVALCALLHANDLE,
                             blind_transfer(dwRequestID, hdCall, lpszDestAddress, dwCountryCode));
}

LONG TSPIAPI TSPI_lineSetupTransfer(DRV_REQUESTID dwRequestID, HDRVCALL hdCall,
                                    HTAPICALL htConsultCall, LPHDRVCALL lphdConsultCall,
                                    LPLINECALLPARAMS const lpCallParams) {
  return SPANTSP_WITH_ENGINE(
      LINEERR_INVALCALLHANDLE,
      setup_transfer(dwRequestID, hdCall, htConsultCall, lphdConsultCall, lpCallParams));
}

LONG TSPIAPI TSPI_lineCompleteTransfer(DRV_REQUESTID dwRequestID, HDRVCALL hdCall,
                                       HDRVCALL hdConsultCall, HTAPICALL htConfCall,
                                       LPHDRVCALL lphdConfCall, DWORD dwTransferMode) {
  return SPANTSP_WITH_ENGINE(LINEERR_INVALCALLHANDLE,
                             complete_transfer(dwRequestID, hdCall, hdConsultCall, htConfCall,
                                               lphdConfCall, dwTransferMode));
}

// User-user information (core/user_user_ops.cpp).
LONG TSPIAPI TSPI_lineSendUserUserInfo(DRV_REQUESTID dwRequestID, HDRVCALL hdCall,
                                       LPCSTR lpsUserUserInfo, DWORD dwSize) {
  return SPANTSP_WITH_ENGINE(LINEERR_INVALCALLHANDLE,
                             send_user_user(dwRequestID, hdCall, lpsUserUserInfo, dwSize));
}

LONG TSPIAPI TSPI_lineReleaseUserUserInfo(DRV_REQUESTID dwRequestID, HDRVCALL hdCall) {
  return SPANTSP_WITH_ENGINE(LINEERR_INVALCALLHANDLE, release_user_user(dwRequestID, hdCall));
}

}  // extern "C"
