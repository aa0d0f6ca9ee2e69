// The provider's end of the UI DLL channel (tspi-contract §7): every TUISPIDLLCALLBACK call of
// spantsp_ui.tsp arrives here, in TAPISRV, with a block in the private format of
// ui_channel_format.h. UI calls are not serialised by TAPI; core/ui_channel does its own
// locking.

#include "core/ui_channel.h"
#include "tspi/export_guard.h"

extern "C" {

LONG TSPIAPI TSPI_providerGenericDialogData(DWORD_PTR dwObjectID, DWORD dwObjectType,
                                            LPVOID lpParams, DWORD dwSize) {
  return SPANTSP_GUARDED(
      { return spantsp::core::handle_ui_message(dwObjectID, dwObjectType, lpParams, dwSize); });
}

// We never send LINE_CREATEDIALOGINSTANCE (no spontaneous UI), so there is no instance to free;
// TAPI may still call this when an application dies, and it must not fail (§7).
LONG TSPIAPI TSPI_providerFreeDialogInstance(HDRVDIALOGINSTANCE) {
  return 0;
}

}  // extern "C"
