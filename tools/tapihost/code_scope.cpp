#include "tools/tapihost/code_scope.h"

namespace spantsp::host {
namespace {
thread_local bool t_host_code = false;
}  // namespace

bool in_host_code() {
  return t_host_code;
}

HostCodeScope::HostCodeScope() : previous_(t_host_code) {
  t_host_code = true;
}
HostCodeScope::~HostCodeScope() {
  t_host_code = previous_;
}

ProviderCodeScope::ProviderCodeScope() : previous_(t_host_code) {
  t_host_code = false;
}
ProviderCodeScope::~ProviderCodeScope() {
  t_host_code = previous_;
}

}  // namespace spantsp::host
