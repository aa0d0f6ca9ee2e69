#include <dlfcn.h>

#include "platform/module.h"

namespace spantsp::platform {

const char* const kModuleSuffix = ".so";

void* load_module(const std::string& path, bool pin, std::string& error) {
  ::dlerror();
  void* module = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL | (pin ? RTLD_NODELETE : 0));
  if (module == nullptr) {
    const char* text = ::dlerror();
    error = text != nullptr ? text : "dlopen failed";
  }
  return module;
}

void* module_symbol(void* module, const char* name) {
  return module == nullptr ? nullptr : ::dlsym(module, name);
}

void* process_symbol(const char* name) {
  return ::dlsym(RTLD_DEFAULT, name);
}

void unload_module(void* module) {
  if (module != nullptr) ::dlclose(module);
}

std::string module_path_of(const void* address) {
  Dl_info info{};
  if (::dladdr(address, &info) == 0 || info.dli_fname == nullptr) return {};
  return info.dli_fname;
}

std::string module_dir_of(const void* address) {
  const std::string path = module_path_of(address);
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? std::string(".") : path.substr(0, slash);
}

}  // namespace spantsp::platform
