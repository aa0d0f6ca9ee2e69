#include "tools/tapihost/provider_module.h"

#include <utility>

#include "platform/module.h"

namespace spantsp::host {

std::unique_ptr<ProviderModule> ProviderModule::load(const std::string& path, std::string& error) {
  if (path.empty()) {
    error = "no provider path given";
    return nullptr;
  }
  std::string os_error;
  void* handle = platform::load_module(path, /*pin=*/false, os_error);
  if (handle == nullptr) {
    error = "cannot load provider '" + path + "': " + os_error;
    return nullptr;
  }
  auto module = std::unique_ptr<ProviderModule>(new ProviderModule(handle, path));
#define SPANTSP_TSPI_RESOLVE(name, kind)                                                \
  module->table_.name =                                                                 \
      platform::as_function<decltype(&::name)>(platform::module_symbol(handle, #name)); \
  if (module->table_.name != nullptr) ++module->export_count_;
  SPANTSP_TSPI_EXPORTS(SPANTSP_TSPI_RESOLVE)
#undef SPANTSP_TSPI_RESOLVE
  return module;
}

ProviderModule::ProviderModule(void* handle, std::string path)
    : handle_(handle), path_(std::move(path)) {}

ProviderModule::~ProviderModule() {
  platform::unload_module(handle_);
}

void* ProviderModule::symbol(const char* name) const {
  return platform::module_symbol(handle_, name);
}

}  // namespace spantsp::host
