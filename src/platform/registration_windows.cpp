#include <windows.h>

#include "platform/registration.h"
#include "platform/wide_path.h"

namespace spantsp::platform {
namespace {

constexpr const wchar_t* kKey = L"SOFTWARE\\SpanTSP";
constexpr const wchar_t* kValue = L"ConfigFile";

}  // namespace

bool register_config_path(const std::string& config_path, std::string& error) {
  HKEY key = nullptr;
  LSTATUS status = RegCreateKeyExW(HKEY_LOCAL_MACHINE, kKey, 0, nullptr, 0, KEY_SET_VALUE, nullptr,
                                   &key, nullptr);
  if (status == ERROR_SUCCESS) {
    const std::wstring value = to_wide(config_path);
    status = RegSetValueExW(key, kValue, 0, REG_SZ, reinterpret_cast<const BYTE*>(value.c_str()),
                            static_cast<DWORD>((value.size() + 1) * sizeof(wchar_t)));
    RegCloseKey(key);
  }
  if (status != ERROR_SUCCESS) {
    error = "cannot write HKLM\\SOFTWARE\\SpanTSP (error " + std::to_string(status) + ")";
    return false;
  }
  return true;
}

bool unregister_config_path(std::string& error) {
  const LSTATUS status = RegDeleteTreeW(HKEY_LOCAL_MACHINE, kKey);
  if (status != ERROR_SUCCESS && status != ERROR_FILE_NOT_FOUND) {
    error = "cannot delete HKLM\\SOFTWARE\\SpanTSP (error " + std::to_string(status) + ")";
    return false;
  }
  return true;
}

std::string registered_config_path() {
  wchar_t value[1024];
  DWORD size = sizeof value;
  if (RegGetValueW(HKEY_LOCAL_MACHINE, kKey, kValue, RRF_RT_REG_SZ, nullptr, value, &size) !=
      ERROR_SUCCESS) {
    return {};
  }
  return from_wide(value);
}

}  // namespace spantsp::platform
