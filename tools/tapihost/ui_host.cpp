#include "tools/tapihost/ui_host.h"

#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <vector>

#include "platform/module.h"
#include "tools/tapihost/utf16.h"

namespace spantsp::host {

UiHost::UiHost(Options options) : options_(std::move(options)) {
  UiHost* expected = nullptr;
  if (!instance_.compare_exchange_strong(expected, this)) {
    throw std::logic_error("only one UiHost may exist at a time");
  }
  module_ = ProviderModule::load(options_.provider_path, last_error_);
  if (!module_) return;
  const auto identify = module_->tspi().TSPI_providerUIIdentify;
  if (identify == nullptr) {
    last_error_ = "the provider does not export TSPI_providerUIIdentify";
    return;
  }
  // The caller's buffer holds MAX_PATH WCHARs (tspi-contract §7).
  std::vector<WCHAR> name(260, 0);
  const LONG result = identify(name.data());
  if (result != 0) {
    last_error_ = "TSPI_providerUIIdentify failed";
    return;
  }
  std::u16string wide(name.data());
  const std::string path = utf16_to_utf8(wide);
  if (std::error_code ec; path.empty() || !std::filesystem::is_regular_file(path, ec)) {
    last_error_ = "the UI DLL '" + path + "' named by TSPI_providerUIIdentify does not exist";
    return;
  }
  ui_path_ = path;
}

UiHost::~UiHost() {
  instance_.store(nullptr);
}

LONG CALLBACK UiHost::ui_callback(DWORD_PTR object_id, DWORD object_type, LPVOID params,
                                  DWORD size) {
  UiHost* self = instance_.load();
  if (self == nullptr || !self->module_) return LINEERR_OPERATIONFAILED;
  const auto data = self->module_->tspi().TSPI_providerGenericDialogData;
  if (data == nullptr) return LINEERR_OPERATIONUNAVAIL;
  self->callbacks_.fetch_add(1);
  if (params == nullptr) return data(object_id, object_type, nullptr, size);
  // TAPI marshals the block to TAPISRV and back: the provider works on a copy.
  std::vector<unsigned char> copy(size);
  if (size != 0) std::memcpy(copy.data(), params, size);
  const LONG result = data(object_id, object_type, size == 0 ? nullptr : copy.data(), size);
  if (size != 0) std::memcpy(params, copy.data(), size);
  return result;
}

template <class Fn, class Invoke>
LONG UiHost::with_export(const char* name, Invoke&& invoke) {
  if (!ready()) return LINEERR_NODRIVER;
  std::string error;
  void* handle = platform::load_module(ui_path_, /*pin=*/false, error);
  if (handle == nullptr) {
    last_error_ = "cannot load the UI DLL: " + error;
    return LINEERR_NODRIVER;
  }
  void* symbol = platform::module_symbol(handle, name);
  LONG result = LINEERR_OPERATIONUNAVAIL;  // an optional export that is absent (§7)
  if (symbol != nullptr) result = invoke(platform::as_function<Fn>(symbol));
  platform::unload_module(handle);
  return result;
}

LONG UiHost::provider_install() {
  return with_export<decltype(&::TUISPI_providerInstall)>("TUISPI_providerInstall", [&](auto fn) {
    return fn(&ui_callback, nullptr, options_.permanent_provider_id);
  });
}

LONG UiHost::provider_remove() {
  return with_export<decltype(&::TUISPI_providerRemove)>("TUISPI_providerRemove", [&](auto fn) {
    return fn(&ui_callback, nullptr, options_.permanent_provider_id);
  });
}

LONG UiHost::provider_config() {
  return with_export<decltype(&::TUISPI_providerConfig)>("TUISPI_providerConfig", [&](auto fn) {
    return fn(&ui_callback, nullptr, options_.permanent_provider_id);
  });
}

LONG UiHost::line_config_dialog(DWORD device_id, const char16_t* device_class) {
  return with_export<decltype(&::TUISPI_lineConfigDialog)>("TUISPI_lineConfigDialog", [&](auto fn) {
    return fn(&ui_callback, device_id, nullptr, device_class);
  });
}

LONG UiHost::line_config_dialog_edit(DWORD device_id, const void* config_in, DWORD size,
                                     VARSTRING* config_out) {
  return with_export<decltype(&::TUISPI_lineConfigDialogEdit)>(
      "TUISPI_lineConfigDialogEdit", [&](auto fn) {
        return fn(&ui_callback, device_id, nullptr, u"tapi/line", const_cast<void*>(config_in),
                  size, config_out);
      });
}

}  // namespace spantsp::host
