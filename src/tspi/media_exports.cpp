// TSPI media exports (DESIGN.md §5): session lookup, then the engine, which checks the
// arguments and has the call's span strand answer (core/media_ops.cpp). All synchronous:
// 0 or a negative LINEERR_ (tspi-contract §2); results come later as LINE_MONITORDIGITS,
// LINE_GATHERDIGITS, LINE_GENERATE, LINE_MONITORTONE and LINE_MONITORMEDIA.

#include "tspi/engine_access.h"

extern "C" {

LONG TSPIAPI TSPI_lineMonitorDigits(HDRVCALL hdCall, DWORD dwDigitModes) {
  return SPANTSP_WITH_ENGINE(LINEERR_INVALCALLHANDLE, monitor_digits(hdCall, dwDigitModes));
}

LONG TSPIAPI TSPI_lineGatherDigits(HDRVCALL hdCall, DWORD dwEndToEndID, DWORD dwDigitModes,
                                   LPWSTR lpsDigits, DWORD dwNumDigits,
                                   LPCWSTR lpszTerminationDigits, DWORD dwFirstDigitTimeout,
                                   DWORD dwInterDigitTimeout) {
  return SPANTSP_WITH_ENGINE(
      LINEERR_INVALCALLHANDLE,
      gather_digits(hdCall, dwEndToEndID, dwDigitModes, lpsDigits, dwNumDigits,
                    lpszTerminationDigits, dwFirstDigitTimeout, dwInterDigitTimeout));
}

LONG TSPIAPI TSPI_lineGenerateDigits(HDRVCALL hdCall, DWORD dwEndToEndID, DWORD dwDigitMode,
                                     LPCWSTR lpszDigits, DWORD dwDuration) {
  return SPANTSP_WITH_ENGINE(
      LINEERR_INVALCALLHANDLE,
      generate_digits(hdCall, dwEndToEndID, dwDigitMode, lpszDigits, dwDuration));
}

LONG TSPIAPI TSPI_lineGenerateTone(HDRVCALL hdCall, DWORD dwEndToEndID, DWORD dwToneMode,
                                   DWORD dwDuration, DWORD dwNumTones,
                                   LPLINEGENERATETONE const lpTones) {
  return SPANTSP_WITH_ENGINE(
      LINEERR_INVALCALLHANDLE,
      generate_tone(hdCall, dwEndToEndID, dwToneMode, dwDuration, dwNumTones, lpTones));
}

LONG TSPIAPI TSPI_lineMonitorTones(HDRVCALL hdCall, DWORD dwToneListID,
                                   LPLINEMONITORTONE const lpToneList, DWORD dwNumEntries) {
  return SPANTSP_WITH_ENGINE(LINEERR_INVALCALLHANDLE,
                             monitor_tones(hdCall, dwToneListID, lpToneList, dwNumEntries));
}

LONG TSPIAPI TSPI_lineMonitorMedia(HDRVCALL hdCall, DWORD dwMediaModes) {
  return SPANTSP_WITH_ENGINE(LINEERR_INVALCALLHANDLE, monitor_media(hdCall, dwMediaModes));
}

LONG TSPIAPI TSPI_lineSetMediaMode(HDRVCALL hdCall, DWORD dwMediaMode) {
  return SPANTSP_WITH_ENGINE(LINEERR_INVALCALLHANDLE, set_media_mode(hdCall, dwMediaMode));
}

LONG TSPIAPI TSPI_lineSetMediaControl(
    HDRVLINE hdLine, DWORD dwAddressID, HDRVCALL hdCall, DWORD dwSelect,
    LPLINEMEDIACONTROLDIGIT const lpDigitList, DWORD dwDigitNumEntries,
    LPLINEMEDIACONTROLMEDIA const lpMediaList, DWORD dwMediaNumEntries,
    LPLINEMEDIACONTROLTONE const lpToneList, DWORD dwToneNumEntries,
    LPLINEMEDIACONTROLCALLSTATE const lpCallStateList, DWORD dwCallStateNumEntries) {
  return SPANTSP_WITH_ENGINE(
      LINEERR_INVALCALLHANDLE,
      set_media_control(hdLine, dwAddressID, hdCall, dwSelect, lpDigitList, dwDigitNumEntries,
                        lpMediaList, dwMediaNumEntries, lpToneList, dwToneNumEntries,
                        lpCallStateList, dwCallStateNumEntries));
}

LONG TSPIAPI TSPI_lineConditionalMediaDetection(HDRVLINE hdLine, DWORD dwMediaModes,
                                                LPLINECALLPARAMS const lpCallParams) {
  return SPANTSP_WITH_ENGINE(LINEERR_INVALLINEHANDLE,
                             conditional_media_detection(hdLine, dwMediaModes, lpCallParams));
}

}  // extern "C"
