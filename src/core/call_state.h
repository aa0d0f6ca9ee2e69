#pragma once
// The one table of what a call may do in each LINECALLSTATE_ (CONVENTIONS.md "which requests
// are legal now is decided by one table"), consulted by every TSPI entry point and by the span
// worker, plus the transition guard of tspi-contract §4.1. Pure functions, any thread.

#include <cstdint>

#include "tspi/abi/tspi_abi.h"

namespace spantsp::core {

// State 0 means "not yet valid": an outgoing call whose lineMakeCall has not completed.
inline constexpr DWORD kCallStateNone = 0;

enum class CallOp : std::uint8_t {
  kAccept,
  kAnswer,
  kDial,  // overlap digits while the number is open, in-band DTMF once connected
  kDrop,
  // Bearer media (DESIGN.md §5): only while the call has audio both ways.
  kMonitorDigits,
  kGatherDigits,
  kGenerateDigits,
  kGenerateTone,
  kMonitorTones,
  kMonitorMedia,
  kSetMediaControl,
};

// What besides its state decides what a call may do.
struct CallTraits {
  bool bearer_media = false;  // the line's signalling carries audio (ideal, PRI)
  bool number_open = false;   // the called number is not complete yet (overlap sending)
};

bool call_op_allowed(DWORD state, CallOp op, CallTraits traits);

// LINECALLSTATUS.dwCallFeatures: exactly the operations call_op_allowed permits.
DWORD call_features(DWORD state, CallTraits traits);

// The LINECALLFEATURE_ bit of an operation.
DWORD call_feature_bit(CallOp op);

// tspi-contract §4.1 guard: nothing leaves IDLE, DISCONNECTED only goes to IDLE, OFFERING and
// DIALTONE are never re-entered, CONNECTED only from a state that can lead to it.
bool call_transition_allowed(DWORD from, DWORD to);

// True for exactly one LINECALLSTATE_ bit (the top 8 bits may carry a device substate).
bool is_single_call_state(DWORD state);

}  // namespace spantsp::core
