#include "core/call_state.h"

#include <bit>

namespace spantsp::core {
namespace {

struct StateRow {
  DWORD state;
  bool accept, answer, dial, drop;
};

// tspi-contract §3-§4: Accept and Answer on offered calls (Answer also once accepted), Dial
// while the number is still being sent, Drop in every live state (on OFFERING it rejects).
constexpr StateRow kTable[] = {
    {LINECALLSTATE_OFFERING, true, true, false, true},
    {LINECALLSTATE_ACCEPTED, false, true, false, true},
    {LINECALLSTATE_DIALTONE, false, false, true, true},
    {LINECALLSTATE_DIALING, false, false, true, true},
    {LINECALLSTATE_PROCEEDING, false, false, false, true},
    {LINECALLSTATE_RINGBACK, false, false, false, true},
    {LINECALLSTATE_BUSY, false, false, false, true},
    {LINECALLSTATE_SPECIALINFO, false, false, false, true},
    {LINECALLSTATE_CONNECTED, false, false, false, true},
    {LINECALLSTATE_ONHOLD, false, false, false, true},
    {LINECALLSTATE_DISCONNECTED, false, false, false, true},
    {LINECALLSTATE_UNKNOWN, false, false, false, true},
};

const StateRow* row_of(DWORD state) {
  for (const auto& row : kTable) {
    if (row.state == (state & 0x00FFFFFFu)) return &row;
  }
  return nullptr;  // IDLE, "not yet valid" and anything unknown: nothing allowed
}

}  // namespace

bool call_op_allowed(DWORD state, CallOp op) {
  const StateRow* row = row_of(state);
  if (row == nullptr) return false;
  switch (op) {
    case CallOp::kAccept:
      return row->accept;
    case CallOp::kAnswer:
      return row->answer;
    case CallOp::kDial:
      return row->dial;
    case CallOp::kDrop:
      return row->drop;
  }
  return false;
}

DWORD call_features(DWORD state) {
  DWORD features = 0;
  if (call_op_allowed(state, CallOp::kAccept)) features |= LINECALLFEATURE_ACCEPT;
  if (call_op_allowed(state, CallOp::kAnswer)) features |= LINECALLFEATURE_ANSWER;
  if (call_op_allowed(state, CallOp::kDial)) features |= LINECALLFEATURE_DIAL;
  if (call_op_allowed(state, CallOp::kDrop)) features |= LINECALLFEATURE_DROP;
  return features;
}

bool dial_allowed(DWORD state, bool number_complete) {
  return !number_complete && call_op_allowed(state, CallOp::kDial);
}

bool call_transition_allowed(DWORD from, DWORD to) {
  from &= 0x00FFFFFFu;
  to &= 0x00FFFFFFu;
  if (from == LINECALLSTATE_IDLE) return false;
  if (to == LINECALLSTATE_IDLE) return true;
  if (from == LINECALLSTATE_DISCONNECTED) return false;
  if (to == LINECALLSTATE_DISCONNECTED) return true;
  if (from == kCallStateNone) return true;  // a call's first state
  if (to == LINECALLSTATE_OFFERING || to == LINECALLSTATE_DIALTONE) return false;
  if (to == LINECALLSTATE_CONNECTED) {
    constexpr DWORD kLeadsToConnected =
        LINECALLSTATE_OFFERING | LINECALLSTATE_ACCEPTED | LINECALLSTATE_DIALING |
        LINECALLSTATE_PROCEEDING | LINECALLSTATE_RINGBACK | LINECALLSTATE_ONHOLD |
        LINECALLSTATE_ONHOLDPENDCONF | LINECALLSTATE_ONHOLDPENDTRANSFER;
    return (from & kLeadsToConnected) != 0;
  }
  return true;
}

bool is_single_call_state(DWORD state) {
  return std::popcount(state & 0x00FFFFFFu) == 1;
}

}  // namespace spantsp::core
