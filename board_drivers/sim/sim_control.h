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
  char reserved[1];
};
static_assert(sizeof(SimControl) == 144);

}  // namespace spantsp::sim
