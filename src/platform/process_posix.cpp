#include <unistd.h>

#include <cstdlib>

#include "platform/process.h"

namespace spantsp::platform {

void set_env(const std::string& name, const std::string& value) {
  ::setenv(name.c_str(), value.c_str(), 1);
}

void unset_env(const std::string& name) {
  ::unsetenv(name.c_str());
}

unsigned long process_id() {
  return static_cast<unsigned long>(::getpid());
}

}  // namespace spantsp::platform
