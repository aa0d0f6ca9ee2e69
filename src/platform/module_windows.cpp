#include <windows.h>

#include "platform/module.h"
#include "platform/wide_path.h"

namespace spantsp::platform {

const char* const kModuleSuffix = ".dll";

void* load_module(const std::string& path, bool pin, std::string& error) {
  // Dependencies are searched beside the library itself, as TAPISRV loads a TSP.
  HMODULE module = LoadLibraryExW(to_wide(path).c_str(), nullptr, LOAD_WITH_ALTERED_SEARCH_PATH);
  if (module == nullptr) {
    error = "LoadLibrary error " + std::to_string(GetLastError());
    return nullptr;
  }
  if (pin) {
    HMODULE pinned = nullptr;
    GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_PIN,
                       reinterpret_cast<LPCWSTR>(module), &pinned);
  }
  return module;
}

void* module_symbol(void* module, const char* name) {
  if (module == nullptr) return nullptr;
  FARPROC address = GetProcAddress(static_cast<HMODULE>(module), name);
  void* symbol = nullptr;
  static_assert(sizeof(symbol) == sizeof(address));
  std::memcpy(&symbol, &address, sizeof(symbol));
  return symbol;
}

void* process_symbol(const char* name) {
  return module_symbol(GetModuleHandleW(nullptr), name);
}

void unload_module(void* module) {
  if (module != nullptr) FreeLibrary(static_cast<HMODULE>(module));
}

std::string module_path_of(const void* address) {
  HMODULE module = nullptr;
  if (!GetModuleHandleExW(
          GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
          static_cast<LPCWSTR>(address), &module)) {
    return {};
  }
  std::wstring path(MAX_PATH, L'\0');
  for (;;) {
    const DWORD n = GetModuleFileNameW(module, path.data(), static_cast<DWORD>(path.size()));
    if (n == 0) return {};
    if (n < path.size()) {
      path.resize(n);
      return from_wide(path);
    }
    path.resize(path.size() * 2);
  }
}

std::string module_dir_of(const void* address) {
  const std::string path = module_path_of(address);
  const auto slash = path.find_last_of("\\/");
  return slash == std::string::npos ? std::string(".") : path.substr(0, slash);
}

}  // namespace spantsp::platform
