#include "core/call_services.h"

#include "board_drivers/call_services.h"

namespace spantsp::core {

DWORD service_call_features(DWORD state, std::uint32_t services, std::uint32_t max_calls) {
  if ((services & board::kServiceHold) == 0) return 0;
  DWORD features = 0;
  if (hold_allowed(state)) {
    features |= LINECALLFEATURE_HOLD;
    // A swap needs a second call held on the line's address: a group line's other channel.
    if (max_calls > 1) features |= LINECALLFEATURE_SWAPHOLD;
  }
  if (unhold_allowed(state)) features |= LINECALLFEATURE_UNHOLD;
  return features;
}

DWORD service_address_call_features(std::uint32_t services, std::uint32_t max_calls) {
  if ((services & board::kServiceHold) == 0) return 0;
  return LINECALLFEATURE_HOLD | LINECALLFEATURE_UNHOLD |
         (max_calls > 1 ? LINECALLFEATURE_SWAPHOLD : 0);
}

DWORD service_call_states(std::uint32_t services) {
  return (services & board::kServiceHold) != 0 ? LINECALLSTATE_ONHOLD : 0;
}

DWORD max_on_hold_calls(std::uint32_t services, std::uint32_t max_calls) {
  // A held call keeps its channel: every channel of the line can hold one.
  return (services & board::kServiceHold) != 0 ? max_calls : 0;
}

}  // namespace spantsp::core
