#pragma once
// What the call-center services (DESIGN.md §5a) let a call do in each state, on a line whose
// span carries them (board::call_services): the LINECALLFEATURE_* bits LINECALLSTATUS adds to
// call_state.h's basic ones, and the address-wide caps. One place for both, so what a call
// may do and what the caps advertise never disagree (tspi-contract §5 "caps tell the truth").
// Pure functions, any thread.

#include <cstdint>

#include "tspi/abi/tspi_abi.h"

namespace spantsp::core {

// Hold: a CONNECTED call can be held; an ONHOLD call can be retrieved; on a line with more
// than one channel (a trunk group) a CONNECTED call can be swapped with a held one.
inline constexpr bool hold_allowed(DWORD state) {
  return (state & 0x00FFFFFFu) == LINECALLSTATE_CONNECTED;
}
inline constexpr bool unhold_allowed(DWORD state) {
  return (state & 0x00FFFFFFu) == LINECALLSTATE_ONHOLD;
}

// User-user information: lineReleaseUserUserInfo in any state (the contract; LINECALLINFO may
// hold some); lineSendUserUserInfo on a connected call.
inline constexpr bool send_user_user_allowed(DWORD state) {
  return (state & 0x00FFFFFFu) == LINECALLSTATE_CONNECTED;
}

// Redirect (call deflection): an OFFERING call, not yet answered (lineRedirect's contract).
inline constexpr bool redirect_allowed(DWORD state) {
  return (state & 0x00FFFFFFu) == LINECALLSTATE_OFFERING;
}

// Transfer: a CONNECTED call can be blind-transferred, or set up for transfer where the line
// has a second channel for the consultation call; the call set up (ONHOLDPENDTRANSFER, or one
// held with lineHold) completes the transfer to a consultation call that is connected or
// ringing back (the network joins them: LINETRANSFERMODE_TRANSFER only, no three-way join).
inline constexpr bool blind_transfer_allowed(DWORD state) {
  return (state & 0x00FFFFFFu) == LINECALLSTATE_CONNECTED;
}
inline constexpr bool setup_transfer_allowed(DWORD state) {
  return (state & 0x00FFFFFFu) == LINECALLSTATE_CONNECTED;
}
inline constexpr bool transfer_held_allowed(DWORD state) {
  const DWORD s = state & 0x00FFFFFFu;
  return s == LINECALLSTATE_ONHOLDPENDTRANSFER || s == LINECALLSTATE_ONHOLD;
}
inline constexpr bool transfer_consult_allowed(DWORD state) {
  const DWORD s = state & 0x00FFFFFFu;
  return s == LINECALLSTATE_CONNECTED || s == LINECALLSTATE_RINGBACK ||
         s == LINECALLSTATE_PROCEEDING;
}
// Whether the line offers consultation transfer: the service and a second channel.
bool consultation_transfer(std::uint32_t services, std::uint32_t max_calls);

// `services`: board::call_services of the line's span; `max_calls`: the line's channels.
DWORD service_call_features(DWORD state, std::uint32_t services, std::uint32_t max_calls);

// LINEADDRESSCAPS: the call features, call states and held-call count the services add.
DWORD service_address_call_features(std::uint32_t services, std::uint32_t max_calls);
DWORD service_call_states(std::uint32_t services, std::uint32_t max_calls);
// LINEADDRESSCAPS dwAddrCapFlags and dwTransferModes the transfer service adds.
DWORD service_address_cap_flags(std::uint32_t services, std::uint32_t max_calls);
DWORD service_transfer_modes(std::uint32_t services, std::uint32_t max_calls);
// LINECALLINFOSTATE_* the services add to LINE_CALLINFO (USERUSERINFO, REDIRECTIONID).
DWORD service_call_info_states(std::uint32_t services, std::uint32_t max_calls);
DWORD max_on_hold_calls(std::uint32_t services, std::uint32_t max_calls);

}  // namespace spantsp::core
