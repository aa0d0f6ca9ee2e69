#include <windows.h>

#include <cstdlib>

#include "platform/process.h"

namespace spantsp::platform {

// The CRT's copy, which getenv reads (SetEnvironmentVariable alone would not reach it).
void set_env(const std::string& name, const std::string& value) {
  _putenv_s(name.c_str(), value.c_str());
}

// An empty value removes the variable from the CRT's environment.
void unset_env(const std::string& name) {
  _putenv_s(name.c_str(), "");
}

unsigned long process_id() {
  return GetCurrentProcessId();
}

}  // namespace spantsp::platform
