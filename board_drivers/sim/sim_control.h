#pragma once
// Public: controls of the sim board's far end, sent through TSPI_lineDevSpecific on an open
// line (hdCall = 0). Tests, the load tool and demos use them to make the simulated switch act
// now instead of waiting for its traffic profile. Fixed little-endian layout; a request whose
// dwMagic, dwVersion or size is wrong completes with LINEERR_INVALPARAM, a control the line's
// board does not have with LINEERR_OPERATIONUNAVAIL, and one not possible in the channel's
// current state with LINEERR_OPERATIONFAILED.
//
// Outgoing calls also follow the sim switch's test numbers: a called number "99CC..." makes
// the far end clear with Q.850 cause CC after CALL PROCEEDING (CC = 00: answer at once;
// 18 or 19: ring and never answer). Other numbers follow the traffic profile.

#include <cstdint>

namespace spantsp::sim {

inline constexpr std::uint32_t kSimControlMagic = 0x4D495353;  // "SSIM"
inline constexpr std::uint32_t kSimControlVersion = 1;

enum SimControlOp : std::uint32_t {
  kSimInjectIncoming = 1,  // the far end calls this line's channel: szCalling -> szCalled
  kSimRemoteAnswer = 2,    // the far end answers our outgoing call on this channel now
  kSimRemoteClear = 3,     // the far end clears the call on this channel with dwCause
  kSimSpanAlarm = 4,       // dwAlarms: bit 0 red, 1 yellow, 2 blue, 3 signalling down; 0 = clear
  kSimRemoteDigits = 5,    // the far end sends szCalled as more digits (overlap receiving)
  // Like kSimInjectIncoming for a call diverted to this line: szCallingName carries the
  // redirecting number (the party the call was first placed to, digits) instead of a name.
  kSimInjectRedirected = 11,
  // A call storm (the perf suite's, issue 17 §6): like kSimInjectIncoming, on every idle
  // channel of this line's span at once, all in the same millisecond of the span's clock.
  // Completes with LINEERR_OPERATIONFAILED when no channel of the span was idle. `ideal`
  // spans only (others: LINEERR_OPERATIONUNAVAIL).
  kSimInjectIncomingAll = 13,
  // PRI spans only (B-channel maintenance, Q.931 §5.5 / AT&T and NI-2 SERVICE): the switch
  // RESTARTs this line's channel, or every channel of the span; a call there ends with cause
  // 41. kSimServiceChannel sends SERVICE for this line's channel with dwAlarms as the change
  // status: 0 = in service, 1 = maintenance, 2 = out of service (NI-2, 4ESS and 5ESS only;
  // other switch types answer LINEERR_OPERATIONUNAVAIL).
  kSimRestartChannel = 6,
  kSimRestartSpan = 7,
  kSimServiceChannel = 10,
  // PRI spans only (D-channel faults): the next dwCause frames (1..255) of one direction sent
  // within 100 ms (io::DChannel::kFaultWindowMs: a burst of line errors, over however few
  // frames it met) are lost (kSimDropFrames) or arrive with a bad FCS and are discarded by the
  // receiving HDLC controller (kSimCorruptFrames). dwAlarms bit 0 picks the direction: 0 =
  // frames towards us (sent by the far end), 1 = frames from us. Q.921 recovers by
  // retransmission, or by re-establishing the link.
  kSimDropFrames = 8,
  kSimCorruptFrames = 9,
  // A query, answered in place (lineDevSpecific's lpParams comes back with the LINE_REPLY):
  // what the far party heard of our side on this line's channel during the channel's latest
  // call (kept after it ends, until the next call there starts). szCalled = the DTMF digits,
  // in order (the last 40 when more), dwCause = how many, dwAlarms = the tones heard (bit i:
  // FarTone i of far_end.h: 1000 Hz beep, ringback, busy, dial tone, fax CNG, answer tone).
  // The other fields of the request are ignored.
  kSimQueryHeard = 12,
  // User-user information from the far party (printable ASCII in szCallingName, 1..40): it
  // rides on the switch's next message for this line's channel (the SETUP of the next
  // kSimInjectIncoming, ALERTING, CONNECT on the ideal board, DISCONNECT); on a connected
  // call of the ideal board it goes at once (USER INFORMATION). libpri sends it only with
  // SETUP, ALERTING and DISCONNECT / RELEASE.
  kSimRemoteUserUser = 14,
  // A query, answered in place like kSimQueryHeard: what the switch did with the far party of
  // this line's channel's latest call by a transfer of ours (kept after the call ends, until
  // the next call there starts). dwCause = how: 0 none, 1 joined with the far party of another
  // call of ours (lineCompleteTransfer: two-B-channel transfer / ECT), 2 sent on to a number
  // (lineBlindTransfer: single-step transfer / rerouting); szCalled = the party it now talks
  // to (the other call's far party, or the number it was sent to); szCalling = this call's own
  // far party; dwAlarms bit 0 = the switch holds no call on the channel now (our channel is
  // free). The other fields of the request are ignored.
  kSimQueryTransfer = 15,
  // PRI EuroISDN and Q.SIG spans only (others: LINEERR_OPERATIONUNAVAIL): the far party puts
  // the connected call on this line's channel on hold (dwAlarms 1: Q.931 HOLD) or retrieves
  // it (dwAlarms 0: RETRIEVE); LINEERR_OPERATIONFAILED when the call is not connected (or
  // already in that hold state).
  kSimRemoteHold = 16,
  // MFC/R2 spans only (others: LINEERR_OPERATIONUNAVAIL): a far-end fault on this line's
  // channel, dwCause picks it (SimR2Fault). Block / unblock need an idle channel.
  kSimR2Fault = 17,
};

enum SimR2Fault : std::uint32_t {
  kSimR2Block = 1,    // the far end blocks the channel (our line goes OUTOFSERVICE)
  kSimR2Unblock = 2,  // ... and unblocks it
  // The next call on the channel, either way (the far end is the backward side of our calls
  // and the forward side of its own):
  kSimR2MissingTone = 3,      // its register falls silent (a register timeout)
  kSimR2ClearInRegister = 4,  // it clears (forward, or idle as callee) during the register
  kSimR2WrongTone = 5,        // it sends a signal its register group does not have
  kSimR2StuckBits = 6,        // its line bits stay put at its clearing (unblock frees them)
};

struct SimControl {
  std::uint32_t dwMagic;    // kSimControlMagic
  std::uint32_t dwVersion;  // kSimControlVersion
  std::uint32_t dwOp;       // SimControlOp
  std::uint32_t dwCause;    // Q.850 cause for kSimRemoteClear
  std::uint32_t dwAlarms;   // for kSimSpanAlarm
  char szCalling[41];       // NUL-terminated ASCII digits
  char szCalled[41];
  char szCallingName[41];
  // The span channel the control acts on; 0: the line's own. A control sent on a
  // trunk-group line (which has no one channel) must name one.
  std::uint8_t bChannel;
};
static_assert(sizeof(SimControl) == 144);

}  // namespace spantsp::sim
