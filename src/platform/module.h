#pragma once
// Loading a shared library at run time and finding its exports by name: dlopen/dlsym on POSIX
// (module_posix.cpp), LoadLibraryW/GetProcAddress on Windows (module_windows.cpp). Used by the
// host to load a provider and its UI DLL, and by the sim board factory for the PRI module.
// Paths are UTF-8. Any thread; the OS serialises loading.

#include <cstring>
#include <string>

namespace spantsp::platform {

// A library's file name ends with this on this platform: ".so" or ".dll".
extern const char* const kModuleSuffix;

// Loads `path` with every symbol bound now. `pin`: never unloaded, whatever unload_module is
// later called with (libpri keeps process-wide state). Returns null and sets `error` (the OS's
// text) on failure.
void* load_module(const std::string& path, bool pin, std::string& error);

// The exported symbol `name` of a loaded module, or null.
void* module_symbol(void* module, const char* name);

// The executable's own exported symbol `name` (the host's hooks, found by the provider), or null.
void* process_symbol(const char* name);

// Drops one reference taken by load_module. Null is ignored.
void unload_module(void* module);

// The full path of the module (executable or library) that holds `address`, or empty.
std::string module_path_of(const void* address);

// The folder of module_path_of(address), without a trailing separator; "." when unknown.
std::string module_dir_of(const void* address);

// A symbol's address as a function pointer of type Fn (both are code addresses on the
// platforms we build for).
template <class Fn>
Fn as_function(void* symbol) {
  Fn fn = nullptr;
  static_assert(sizeof(fn) == sizeof(symbol));
  std::memcpy(&fn, &symbol, sizeof(fn));
  return fn;
}

}  // namespace spantsp::platform
