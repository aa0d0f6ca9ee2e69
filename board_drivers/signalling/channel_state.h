#pragma once
// The channel state machine every signalling module shares (ideal, pri, and the CAS/R2 modules
// to come): one table of what a bearer channel's call may do next, so every module reports the
// same event sequences to the core. Commands from the core and messages from the wire are both
// inputs; an input the state does not allow is ignored and counted by the module, so no event
// ever contradicts a channel's state (no connected after released).
//
// Pure functions over plain values: no state, usable from any thread.

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace spantsp::signalling {

enum class ChannelState : std::uint8_t {
  kIdle,        // free
  kDialing,     // we sent SETUP; overlap digits may follow; nothing back yet
  kProceeding,  // the network took the number (CALL PROCEEDING)
  kRingback,    // the called party is being alerted (ALERTING)
  kOffered,     // an incoming call was reported (on_incoming)
  kAccepted,    // we alerted the caller (accept)
  kAnswering,   // we answered; waiting for the network's acknowledgement
  kConnected,   // both directions: the call is up
  kFarCleared,  // the far end cleared (on_disconnected); our release() is owed
  kReleasing,   // we released; waiting for the far end's release complete
};
inline constexpr std::size_t kChannelStates = 10;

enum class ChannelInput : std::uint8_t {
  // From the core (SpanSignalling).
  kPlaceCall,
  kSendDigits,
  kAccept,
  kAnswer,
  kRelease,
  // From the far end (FarEndLink).
  kFarSetup,
  kFarDigits,
  kFarProceeding,
  kFarAlerting,
  kFarConnect,
  kFarDisconnect,
  kFarReleaseComplete,
};
inline constexpr std::size_t kChannelInputs = 12;

// The state after `input`, or false when `state` does not allow it.
bool next_channel_state(ChannelState state, ChannelInput input, ChannelState& next);

std::string_view to_string(ChannelState state);

// True while the channel's call has its bearer through both ways (audio flows).
constexpr bool bearer_connected(ChannelState state) {
  return state == ChannelState::kConnected;
}

}  // namespace spantsp::signalling
