#include "core/call_state.h"

#include <bit>

namespace spantsp::core {
namespace {

struct StateRow {
  DWORD state;
  bool accept, answer, overlap_dial, drop;
  bool bearer;  // audio both ways: the media functions and in-band dialling work
};

// tspi-contract §3-§4: Accept and Answer on offered calls (Answer also once accepted), Dial
// while the number is still being sent, Drop in every live state (on OFFERING it rejects).
// DESIGN.md §5: the media functions, and lineDial as in-band DTMF, once CONNECTED (a trunk
// call has no audio before; after DISCONNECTED the far end is gone).
constexpr StateRow kTable[] = {
    {LINECALLSTATE_OFFERING, true, true, false, true, false},
    {LINECALLSTATE_ACCEPTED, false, true, false, true, false},
    {LINECALLSTATE_DIALTONE, false, false, true, true, false},
    {LINECALLSTATE_DIALING, false, false, true, true, false},
    {LINECALLSTATE_PROCEEDING, false, false, false, true, false},
    {LINECALLSTATE_RINGBACK, false, false, false, true, false},
    {LINECALLSTATE_BUSY, false, false, false, true, false},
    {LINECALLSTATE_SPECIALINFO, false, false, false, true, false},
    {LINECALLSTATE_CONNECTED, false, false, false, true, true},
    {LINECALLSTATE_ONHOLD, false, false, false, true, false},  // held: no bearer to the app
    {LINECALLSTATE_ONHOLDPENDTRANSFER, false, false, false, true, false},  // held as well
    {LINECALLSTATE_DISCONNECTED, false, false, false, true, false},
    {LINECALLSTATE_UNKNOWN, false, false, false, true, false},
};

constexpr CallOp kAllOps[] = {
    CallOp::kAccept,         CallOp::kAnswer,          CallOp::kDial,
    CallOp::kDrop,           CallOp::kMonitorDigits,   CallOp::kGatherDigits,
    CallOp::kGenerateDigits, CallOp::kGenerateTone,    CallOp::kMonitorTones,
    CallOp::kMonitorMedia,   CallOp::kSetMediaControl,
};

const StateRow* row_of(DWORD state) {
  for (const auto& row : kTable) {
    if (row.state == (state & 0x00FFFFFFu)) return &row;
  }
  return nullptr;  // IDLE, "not yet valid" and anything unknown: nothing allowed
}

bool op_allowed(const StateRow* row, CallOp op, CallTraits traits) {
  if (row == nullptr) return false;
  const bool media = row->bearer && traits.bearer_media;
  switch (op) {
    case CallOp::kAccept:
      return row->accept;
    case CallOp::kAnswer:
      return row->answer;
    case CallOp::kDial:
      return (row->overlap_dial && traits.number_open) || media;
    case CallOp::kDrop:
      return row->drop;
    case CallOp::kMonitorDigits:
    case CallOp::kGatherDigits:
    case CallOp::kGenerateDigits:
    case CallOp::kGenerateTone:
    case CallOp::kMonitorTones:
    case CallOp::kMonitorMedia:
    case CallOp::kSetMediaControl:
      return media;
  }
  return false;
}
}  // namespace

bool call_op_allowed(DWORD state, CallOp op, CallTraits traits) {
  return op_allowed(row_of(state), op, traits);
}

DWORD call_feature_bit(CallOp op) {
  switch (op) {
    case CallOp::kAccept:
      return LINECALLFEATURE_ACCEPT;
    case CallOp::kAnswer:
      return LINECALLFEATURE_ANSWER;
    case CallOp::kDial:
      return LINECALLFEATURE_DIAL;
    case CallOp::kDrop:
      return LINECALLFEATURE_DROP;
    case CallOp::kMonitorDigits:
      return LINECALLFEATURE_MONITORDIGITS;
    case CallOp::kGatherDigits:
      return LINECALLFEATURE_GATHERDIGITS;
    case CallOp::kGenerateDigits:
      return LINECALLFEATURE_GENERATEDIGITS;
    case CallOp::kGenerateTone:
      return LINECALLFEATURE_GENERATETONE;
    case CallOp::kMonitorTones:
      return LINECALLFEATURE_MONITORTONES;
    case CallOp::kMonitorMedia:
      return LINECALLFEATURE_MONITORMEDIA;
    case CallOp::kSetMediaControl:
      return LINECALLFEATURE_SETMEDIACONTROL;
  }
  return 0;
}

DWORD call_features(DWORD state, CallTraits traits) {
  // op_allowed's rules as one expression over the row, found once: every published snapshot
  // asks (issue 17). call_state_test checks it against call_op_allowed for every state.
  const StateRow* row = row_of(state);
  if (row == nullptr) return 0;
  constexpr DWORD kMediaFeatures = LINECALLFEATURE_MONITORDIGITS | LINECALLFEATURE_GATHERDIGITS |
                                   LINECALLFEATURE_GENERATEDIGITS | LINECALLFEATURE_GENERATETONE |
                                   LINECALLFEATURE_MONITORTONES | LINECALLFEATURE_MONITORMEDIA |
                                   LINECALLFEATURE_SETMEDIACONTROL;
  const bool media = row->bearer && traits.bearer_media;
  DWORD features = 0;
  if (row->accept) features |= LINECALLFEATURE_ACCEPT;
  if (row->answer) features |= LINECALLFEATURE_ANSWER;
  if ((row->overlap_dial && traits.number_open) || media) features |= LINECALLFEATURE_DIAL;
  if (row->drop) features |= LINECALLFEATURE_DROP;
  if (media) features |= kMediaFeatures;
  return features;
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
