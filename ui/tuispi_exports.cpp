// spantsp_ui.tsp's exports (tspi-contract §7): TAPI loads this DLL in the application's
// process (its path comes from TSPI_providerUIIdentify), calls one TUISPI_* function and
// unloads it. Everything that touches the provider's state goes through the TUISPIDLLCALLBACK
// TAPI passes in, which becomes TSPI_providerGenericDialogData in TAPISRV — the only way to
// the provider, possibly in another process or on another machine.

#include <cstring>
#include <exception>
#include <iostream>
#include <new>

#include "tspi/abi/tspi_abi.h"
#include "ui/channel_client.h"
#include "ui/dialog_server.h"

namespace {

using spantsp::ui::ChannelClient;
using spantsp::ui::UiMessageType;

// No exception crosses an export into the application (tspi-contract §8 rule 15 holds for the
// UI DLL as much as for the provider).
template <class Body>
LONG guarded(const char* function, Body&& body) noexcept {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return LINEERR_NOMEM;
  } catch (const std::exception& e) {
    std::cerr << "spantsp_ui: " << function << ": " << e.what() << "\n";
    return LINEERR_OPERATIONFAILED;
  } catch (...) {
    return LINEERR_OPERATIONFAILED;
  }
}

// The channel's failure if any, else the operation's status.
LONG result_of(const spantsp::ui::ChannelReply& reply) {
  return reply.channel != 0 ? reply.channel : reply.status;
}

LONG run_config_dialog(TUISPIDLLCALLBACK callback, DWORD_PTR object_id, DWORD object_type,
                       spantsp::ui::DialogOptions options) {
  if (callback == nullptr) return LINEERR_INVALPOINTER;
  ChannelClient client(callback, object_id, object_type);
  // Reach the provider before serving a page that could not work.
  const auto probe = client.call(UiMessageType::kGetConfig);
  if (probe.channel != 0) return probe.channel;
  return spantsp::ui::outcome_result(spantsp::ui::run_dialog(client, options));
}

}  // namespace

extern "C" {

// tspi-contract §7: a complete, valid configuration or nothing; NOMULTIPLEINSTANCE when one is
// there already. The provider does the work (and the rollback) on its side of the channel.
LONG TSPIAPI TUISPI_providerInstall(TUISPIDLLCALLBACK lpfnUIDLLCallback, HWND,
                                    DWORD dwPermanentProviderID) {
  return guarded(__func__, [&]() -> LONG {
    if (lpfnUIDLLCallback == nullptr) return LINEERR_INVALPOINTER;
    ChannelClient client(lpfnUIDLLCallback, dwPermanentProviderID,
                         static_cast<DWORD>(TUISPIDLL_OBJECT_PROVIDERID));
    return result_of(client.call(UiMessageType::kInstall));
  });
}

// tspi-contract §7: deletes what install created; never INUSE. The person is asked first (the
// page names the file); Cancel, a timeout or a dialog that cannot be served leaves everything in
// place and answers LINEERR_OPERATIONFAILED. With nothing installed there is nothing to ask.
LONG TSPIAPI TUISPI_providerRemove(TUISPIDLLCALLBACK lpfnUIDLLCallback, HWND,
                                   DWORD dwPermanentProviderID) {
  return guarded(__func__, [&]() -> LONG {
    if (lpfnUIDLLCallback == nullptr) return LINEERR_INVALPOINTER;
    ChannelClient client(lpfnUIDLLCallback, dwPermanentProviderID,
                         static_cast<DWORD>(TUISPIDLL_OBJECT_PROVIDERID));
    const auto probe = client.call(UiMessageType::kGetConfig);
    if (probe.channel != 0) return probe.channel;
    if (probe.body.value("exists", false)) {
      auto options = spantsp::ui::DialogOptions::from_environment();
      options.kind = spantsp::ui::DialogKind::kConfirmRemove;
      options.title = "Remove SpanTSP (provider " + std::to_string(dwPermanentProviderID) + ")";
      if (spantsp::ui::run_dialog(client, options) != spantsp::ui::DialogOutcome::kConfirmed) {
        return LINEERR_OPERATIONFAILED;
      }
    }
    return result_of(client.call(UiMessageType::kRemove));
  });
}

// tspi-contract §1.1 step 2: may run while TAPI sessions run; the saved file takes effect at
// the next TSPI_providerInit.
LONG TSPIAPI TUISPI_providerConfig(TUISPIDLLCALLBACK lpfnUIDLLCallback, HWND,
                                   DWORD dwPermanentProviderID) {
  return guarded(__func__, [&]() -> LONG {
    auto options = spantsp::ui::DialogOptions::from_environment();
    options.title =
        "SpanTSP configuration (provider " + std::to_string(dwPermanentProviderID) + ")";
    return run_config_dialog(lpfnUIDLLCallback, dwPermanentProviderID,
                             static_cast<DWORD>(TUISPIDLL_OBJECT_PROVIDERID), options);
  });
}

// The same page opened on one line: its span and override are brought forward, and the monitor
// marks the line. Nothing visible in LINEDEVCAPS changes before the next providerInit, so no
// LINE_CLOSE is needed (tspi-contract §7).
LONG TSPIAPI TUISPI_lineConfigDialog(TUISPIDLLCALLBACK lpfnUIDLLCallback, DWORD dwDeviceID, HWND,
                                     LPCWSTR lpszDeviceClass) {
  return guarded(__func__, [&]() -> LONG {
    if (lpszDeviceClass != nullptr && lpszDeviceClass[0] != 0) {
      static constexpr char16_t kLine[] = u"tapi/line";
      std::size_t i = 0;
      for (; kLine[i] != 0 && lpszDeviceClass[i] != 0; ++i) {
        char16_t c = lpszDeviceClass[i];
        if (c >= u'A' && c <= u'Z') c = static_cast<char16_t>(c - u'A' + u'a');
        if (c != kLine[i]) return LINEERR_INVALDEVICECLASS;
      }
      if (kLine[i] != lpszDeviceClass[i]) return LINEERR_INVALDEVICECLASS;
    }
    auto options = spantsp::ui::DialogOptions::from_environment();
    options.title = "SpanTSP line " + std::to_string(dwDeviceID);
    options.line_device = dwDeviceID;
    return run_config_dialog(lpfnUIDLLCallback, dwDeviceID,
                             static_cast<DWORD>(TUISPIDLL_OBJECT_LINEID), options);
  });
}

// Our lines keep no per-device configuration (everything is in the provider's file), so the
// device configuration blob is opaque: it comes back unchanged, and the running provider is not
// touched (tspi-contract §7, issue 6). Follows the VARSTRING rules (tspi-contract §5).
LONG TSPIAPI TUISPI_lineConfigDialogEdit(TUISPIDLLCALLBACK, DWORD, HWND, LPCWSTR,
                                         LPVOID const lpDeviceConfigIn, DWORD dwSize,
                                         LPVARSTRING lpDeviceConfigOut) {
  return guarded(__func__, [&]() -> LONG {
    if (lpDeviceConfigOut == nullptr || (lpDeviceConfigIn == nullptr && dwSize != 0)) {
      return LINEERR_INVALPOINTER;
    }
    if (lpDeviceConfigOut->dwTotalSize < sizeof(VARSTRING)) return LINEERR_STRUCTURETOOSMALL;
    const DWORD total = lpDeviceConfigOut->dwTotalSize;
    std::memset(reinterpret_cast<unsigned char*>(lpDeviceConfigOut) + sizeof(DWORD), 0,
                sizeof(VARSTRING) - sizeof(DWORD));
    lpDeviceConfigOut->dwNeededSize = static_cast<DWORD>(sizeof(VARSTRING) + dwSize);
    lpDeviceConfigOut->dwUsedSize = sizeof(VARSTRING);
    lpDeviceConfigOut->dwStringFormat = STRINGFORMAT_BINARY;
    if (total >= sizeof(VARSTRING) + dwSize) {
      if (dwSize != 0) {
        std::memcpy(reinterpret_cast<unsigned char*>(lpDeviceConfigOut) + sizeof(VARSTRING),
                    lpDeviceConfigIn, dwSize);
      }
      lpDeviceConfigOut->dwStringSize = dwSize;
      lpDeviceConfigOut->dwStringOffset = dwSize == 0 ? 0 : static_cast<DWORD>(sizeof(VARSTRING));
      lpDeviceConfigOut->dwUsedSize = static_cast<DWORD>(sizeof(VARSTRING) + dwSize);
    }
    return 0;
  });
}

// Spontaneous dialogs come from LINE_CREATEDIALOGINSTANCE, which this provider never sends
// (tspi-contract §7); TAPI therefore never calls these, and they answer accordingly.
LONG TSPIAPI TUISPI_providerGenericDialog(TUISPIDLLCALLBACK, HTAPIDIALOGINSTANCE, LPVOID, DWORD,
                                          HANDLE) {
  return LINEERR_OPERATIONUNAVAIL;
}

LONG TSPIAPI TUISPI_providerGenericDialogData(HTAPIDIALOGINSTANCE, LPVOID, DWORD) {
  return 0;  // no dialog instance is ever open: there is nothing to update or close
}

}  // extern "C"
