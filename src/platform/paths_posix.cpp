#include "platform/paths.h"

namespace spantsp::platform {

std::string default_config_path() {
  return "/etc/spantsp/spantsp.toml";
}

std::string default_log_path() {
  return {};
}

}  // namespace spantsp::platform
