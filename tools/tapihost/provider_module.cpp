#include "tools/tapihost/provider_module.h"

#include <dlfcn.h>

#include <cstring>
#include <utility>

namespace spantsp::host {

namespace {

// dlsym returns void*; POSIX guarantees it converts to a function pointer.
template <class Fn>
Fn resolve(void* handle, const char* name) {
  void* address = ::dlsym(handle, name);
  Fn fn = nullptr;
  static_assert(sizeof(fn) == sizeof(address));
  std::memcpy(&fn, &address, sizeof(fn));
  return fn;
}

}  // namespace

std::unique_ptr<ProviderModule> ProviderModule::load(const std::string& path, std::string& error) {
  if (path.empty()) {
    error = "no provider path given";
    return nullptr;
  }
  ::dlerror();
  void* handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* text = ::dlerror();
    error = "cannot load provider '" + path + "': " + (text != nullptr ? text : "dlopen failed");
    return nullptr;
  }
  auto module = std::unique_ptr<ProviderModule>(new ProviderModule(handle, path));
#define SPANTSP_TSPI_RESOLVE(name, kind)                           \
  module->table_.name = resolve<decltype(&::name)>(handle, #name); \
  if (module->table_.name != nullptr) ++module->export_count_;
  SPANTSP_TSPI_EXPORTS(SPANTSP_TSPI_RESOLVE)
#undef SPANTSP_TSPI_RESOLVE
  return module;
}

ProviderModule::ProviderModule(void* handle, std::string path)
    : handle_(handle), path_(std::move(path)) {}

ProviderModule::~ProviderModule() {
  if (handle_ != nullptr) ::dlclose(handle_);
}

void* ProviderModule::symbol(const char* name) const {
  return ::dlsym(handle_, name);
}

}  // namespace spantsp::host
