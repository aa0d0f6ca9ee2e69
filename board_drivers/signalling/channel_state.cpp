#include "board_drivers/signalling/channel_state.h"

#include <array>

namespace spantsp::signalling {
namespace {

using S = ChannelState;
constexpr S kNo = static_cast<S>(0xFF);  // input not allowed in this state

// The channel state machine: kTransitions[state][input] is the next state, kNo where the input
// is ignored and counted. Columns follow ChannelInput.
// clang-format off
constexpr std::array<std::array<S, kChannelInputs>, kChannelStates> kTransitions{{
  //             PlaceCall    SendDigits   Accept       Answer        Release        FarSetup     FarDigits     FarProceeding  FarAlerting   FarConnect    FarDisconnect  FarReleaseComplete
  /* Idle     */ {S::kDialing, kNo,         kNo,         kNo,          kNo,           S::kOffered, kNo,          kNo,           kNo,          kNo,          kNo,           kNo},
  /* Dialing  */ {kNo,         S::kDialing, kNo,         kNo,          S::kReleasing, kNo,         kNo,          S::kProceeding,S::kRingback, S::kConnected,S::kFarCleared,kNo},
  /* Proceed. */ {kNo,         kNo,         kNo,         kNo,          S::kReleasing, kNo,         kNo,          kNo,           S::kRingback, S::kConnected,S::kFarCleared,kNo},
  /* Ringback */ {kNo,         kNo,         kNo,         kNo,          S::kReleasing, kNo,         kNo,          kNo,           kNo,          S::kConnected,S::kFarCleared,kNo},
  /* Offered  */ {kNo,         kNo,         S::kAccepted,S::kAnswering,S::kReleasing, kNo,         S::kOffered,  kNo,           kNo,          kNo,          S::kFarCleared,kNo},
  /* Accepted */ {kNo,         kNo,         kNo,         S::kAnswering,S::kReleasing, kNo,         S::kAccepted, kNo,           kNo,          kNo,          S::kFarCleared,kNo},
  /* Answering*/ {kNo,         kNo,         kNo,         kNo,          S::kReleasing, kNo,         S::kAnswering,kNo,           kNo,          S::kConnected,S::kFarCleared,kNo},
  /* Connected*/ {kNo,         kNo,         kNo,         kNo,          S::kReleasing, kNo,         kNo,          kNo,           kNo,          kNo,          S::kFarCleared,kNo},
  /* FarClear.*/ {kNo,         kNo,         kNo,         kNo,          S::kReleasing, kNo,         kNo,          kNo,           kNo,          kNo,          kNo,           kNo},
  /* Releasing*/ {kNo,         kNo,         kNo,         kNo,          kNo,           kNo,         kNo,          kNo,           kNo,          kNo,          kNo,           S::kIdle},
}};
// clang-format on

}  // namespace

bool next_channel_state(ChannelState state, ChannelInput input, ChannelState& next) {
  const auto s = static_cast<std::size_t>(state);
  const auto i = static_cast<std::size_t>(input);
  if (s >= kChannelStates || i >= kChannelInputs || kTransitions[s][i] == kNo) return false;
  next = kTransitions[s][i];
  return true;
}

std::string_view to_string(ChannelState state) {
  switch (state) {
    case S::kIdle:
      return "idle";
    case S::kDialing:
      return "dialing";
    case S::kProceeding:
      return "proceeding";
    case S::kRingback:
      return "ringback";
    case S::kOffered:
      return "offered";
    case S::kAccepted:
      return "accepted";
    case S::kAnswering:
      return "answering";
    case S::kConnected:
      return "connected";
    case S::kFarCleared:
      return "far-cleared";
    case S::kReleasing:
      return "releasing";
  }
  return "?";
}

}  // namespace spantsp::signalling
