#include "platform/registration.h"

namespace spantsp::platform {

bool register_config_path(const std::string&, std::string&) {
  return true;
}

bool unregister_config_path(std::string&) {
  return true;
}

std::string registered_config_path() {
  return {};
}

}  // namespace spantsp::platform
