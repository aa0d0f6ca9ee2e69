#pragma once
// UiHost: plays TAPI's part for the provider's UI DLL (tspi-contract §7). It asks the provider
// for the UI DLL's path with TSPI_providerUIIdentify, loads that DLL for each TUISPI_* call and
// unloads it afterwards, and routes the TUISPIDLLCALLBACK it passes in to the provider's
// TSPI_providerGenericDialogData — copying the parameter block into a buffer of its own and
// back, as TAPI does between the application's process and TAPISRV, so neither side can keep
// a pointer into the other's memory.
//
// Threads: the TUISPI_* calls block their caller (a dialog runs until saved, cancelled or timed
// out); the callback may be entered from any thread of the UI DLL, concurrently. Only one
// UiHost may exist per process: the callback carries no context, so it goes through a static
// instance pointer (as Host does for the TSPI callbacks). A Host may run beside it (the monitor
// reads that Host's provider session): both load the same provider file.

#include <atomic>
#include <memory>
#include <string>

#include "tools/tapihost/provider_module.h"
#include "tspi/abi/tspi_abi.h"

namespace spantsp::host {

class UiHost {
 public:
  struct Options {
    std::string provider_path;
    DWORD permanent_provider_id = 1;
  };

  // Loads the provider and asks it for the UI DLL (see last_error()). Throws std::logic_error
  // if another UiHost exists.
  explicit UiHost(Options options);
  ~UiHost();
  UiHost(const UiHost&) = delete;
  UiHost& operator=(const UiHost&) = delete;

  // True when the provider loaded and named a UI DLL that exists.
  bool ready() const { return module_ != nullptr && !ui_path_.empty(); }
  const std::string& last_error() const { return last_error_; }
  const std::string& ui_path() const { return ui_path_; }
  const ProviderModule& provider() const { return *module_; }

  // The TUISPI exports, called as TAPI calls them (lineAddProvider, lineConfigProvider,
  // lineRemoveProvider, lineConfigDialog, lineConfigDialogEdit). LINEERR_OPERATIONUNAVAIL when
  // the UI DLL lacks the export; LINEERR_NODRIVER when it cannot be loaded.
  LONG provider_install();
  LONG provider_remove();
  LONG provider_config();
  LONG line_config_dialog(DWORD device_id, const char16_t* device_class = u"tapi/line");
  LONG line_config_dialog_edit(DWORD device_id, const void* config_in, DWORD size,
                               VARSTRING* config_out);

  // The callback TAPI hands the UI DLL; tests call it directly with malformed blocks.
  static LONG CALLBACK ui_callback(DWORD_PTR object_id, DWORD object_type, LPVOID params,
                                   DWORD size);
  // How many callback calls reached the provider.
  std::uint64_t callback_count() const { return callbacks_.load(); }

 private:
  // Loads the UI DLL, resolves `name`, calls `invoke(symbol)`, unloads (tspi-contract §7).
  template <class Fn, class Invoke>
  LONG with_export(const char* name, Invoke&& invoke);

  Options options_;
  std::unique_ptr<ProviderModule> module_;
  std::string ui_path_;
  std::string last_error_;
  std::atomic<std::uint64_t> callbacks_{0};
  static inline std::atomic<UiHost*> instance_{nullptr};
};

}  // namespace spantsp::host
