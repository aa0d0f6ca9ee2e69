#include "core/call_services.h"

#include "board_drivers/call_services.h"

namespace spantsp::core {

namespace {

DWORD user_user_features(DWORD state, std::uint32_t services) {
  DWORD features = 0;
  if ((services & board::kServiceUserUser) != 0 && state != 0) {
    features |= LINECALLFEATURE_RELEASEUSERUSERINFO;
  }
  if ((services & board::kServiceUserUserSend) != 0 && send_user_user_allowed(state)) {
    features |= LINECALLFEATURE_SENDUSERUSER;
  }
  if ((services & board::kServiceDeflect) != 0 && redirect_allowed(state)) {
    features |= LINECALLFEATURE_REDIRECT;
  }
  return features;
}

DWORD transfer_features(DWORD state, std::uint32_t services, std::uint32_t max_calls) {
  DWORD features = 0;
  if ((services & board::kServiceBlindTransfer) != 0 && blind_transfer_allowed(state)) {
    features |= LINECALLFEATURE_BLINDTRANSFER;
  }
  if (consultation_transfer(services, max_calls)) {
    if (setup_transfer_allowed(state)) features |= LINECALLFEATURE_SETUPTRANSFER;
    if (transfer_held_allowed(state)) features |= LINECALLFEATURE_COMPLETETRANSF;
  }
  return features;
}

}  // namespace

bool consultation_transfer(std::uint32_t services, std::uint32_t max_calls) {
  // The original call stays held on its channel while the consultation call takes another.
  return (services & board::kServiceTransfer) != 0 && (services & board::kServiceHold) != 0 &&
         max_calls > 1;
}

DWORD service_call_features(DWORD state, std::uint32_t services, std::uint32_t max_calls) {
  const DWORD uui =
      user_user_features(state, services) | transfer_features(state, services, max_calls);
  if ((services & board::kServiceHold) == 0) return uui;
  DWORD features = uui;
  if (hold_allowed(state)) {
    features |= LINECALLFEATURE_HOLD;
    // A swap needs a second call held on the line's address: a group line's other channel.
    if (max_calls > 1) features |= LINECALLFEATURE_SWAPHOLD;
  }
  if (unhold_allowed(state)) features |= LINECALLFEATURE_UNHOLD;
  return features;
}

DWORD service_address_call_features(std::uint32_t services, std::uint32_t max_calls) {
  const DWORD uui =
      ((services & board::kServiceUserUser) != 0 ? LINECALLFEATURE_RELEASEUSERUSERINFO : 0) |
      ((services & board::kServiceUserUserSend) != 0 ? LINECALLFEATURE_SENDUSERUSER : 0) |
      ((services & board::kServiceDeflect) != 0 ? LINECALLFEATURE_REDIRECT : 0) |
      ((services & board::kServiceBlindTransfer) != 0 ? LINECALLFEATURE_BLINDTRANSFER : 0) |
      (consultation_transfer(services, max_calls)
           ? LINECALLFEATURE_SETUPTRANSFER | LINECALLFEATURE_COMPLETETRANSF
           : 0);
  if ((services & board::kServiceHold) == 0) return uui;
  return uui | LINECALLFEATURE_HOLD | LINECALLFEATURE_UNHOLD |
         (max_calls > 1 ? LINECALLFEATURE_SWAPHOLD : 0);
}

DWORD service_call_states(std::uint32_t services, std::uint32_t max_calls) {
  return ((services & board::kServiceHold) != 0 ? LINECALLSTATE_ONHOLD : 0) |
         (consultation_transfer(services, max_calls) ? LINECALLSTATE_ONHOLDPENDTRANSFER : 0);
}

DWORD service_address_cap_flags(std::uint32_t services, std::uint32_t max_calls) {
  // TRANSFERHELD: a call held with lineHold can be transferred; TRANSFERMAKE: a call made with
  // lineMakeCall can be the consultation call (lineCompleteTransfer takes either pair).
  return consultation_transfer(services, max_calls)
             ? LINEADDRCAPFLAGS_TRANSFERHELD | LINEADDRCAPFLAGS_TRANSFERMAKE
             : 0;
}

DWORD service_transfer_modes(std::uint32_t services, std::uint32_t max_calls) {
  // No signalling we run joins three parties: LINETRANSFERMODE_CONFERENCE is never offered.
  return consultation_transfer(services, max_calls) ? LINETRANSFERMODE_TRANSFER : 0;
}

DWORD service_call_info_states(std::uint32_t services, std::uint32_t max_calls) {
  // A consultation call and the call it consults for name each other (dwRelatedCallID).
  return ((services & board::kServiceUserUser) != 0 ? LINECALLINFOSTATE_USERUSERINFO : 0) |
         ((services & board::kServiceDeflect) != 0 ? LINECALLINFOSTATE_REDIRECTIONID : 0) |
         (consultation_transfer(services, max_calls) ? LINECALLINFOSTATE_RELATEDCALLID : 0);
}

DWORD max_on_hold_calls(std::uint32_t services, std::uint32_t max_calls) {
  // A held call keeps its channel: every channel of the line can hold one.
  return (services & board::kServiceHold) != 0 ? max_calls : 0;
}

}  // namespace spantsp::core
