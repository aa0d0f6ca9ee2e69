#pragma once
// Public: what SpanTSP puts in the device-specific parts of TAPI structures, for applications
// (and tools/tapihost) that want to know which span and channel a line is. Layout is fixed
// little-endian DWORDs; check dwMagic and dwVersion before reading further.
//
// - LINEDEVCAPS.dwDevSpecificSize/Offset -> SpanTspLineDevSpecific
// - LINEDEVCAPS.dwProviderInfo           -> "SpanTSP <version>" (UTF-16)
// - LINEDEVCAPS.dwSwitchInfo             -> the span's signalling, e.g. "pri_cpe euroisdn"
// - LINEADDRESSCAPS.dwAddress            -> the line's number (UTF-16)
// - LINEDEVSTATUS.dwDevSpecificSize/Offset -> SpanTspLineDevStatus
// - LINECALLINFO.dwDevSpecificSize/Offset -> SpanTspCallDevSpecific (calls that carried an
//   MFC/R2 calling party category; none otherwise)

#include <cstdint>

namespace spantsp {

// TSPI_lineSetMediaControl action in the device-specific high 16 bits (LINEMEDIACONTROL_): the
// call is dropped (DISCONNECTED with LINEDISCONNECTMODE_NORMAL, then IDLE once the trunk is
// free), as an IVR's "hang up on '#'" needs with no round trip through the application.
inline constexpr std::uint32_t kMediaControlDrop = 0x00010000;

inline constexpr std::uint32_t kLineDevSpecificMagic = 0x50535453;  // "STSP"
inline constexpr std::uint32_t kLineDevSpecificVersion = 1;

struct SpanTspLineDevSpecific {
  std::uint32_t dwMagic;       // kLineDevSpecificMagic
  std::uint32_t dwVersion;     // kLineDevSpecificVersion
  std::uint32_t dwSpan;        // span id from the configuration
  std::uint32_t dwChannel;     // bearer channel (T1 1-24, E1 timeslot 1-31)
  std::uint32_t dwSpanType;    // 1 = T1, 2 = E1
  std::uint32_t dwSignalling;  // 0 ideal, 1 pri, 2 cas, 3 r2
  std::uint32_t dwBoardIndex;  // 0-based, configuration order
};
static_assert(sizeof(SpanTspLineDevSpecific) == 28);

inline constexpr std::uint32_t kCallDevSpecificMagic = 0x49435453;  // "STCI"
inline constexpr std::uint32_t kCallDevSpecificVersion = 1;

// What a call carried that LINECALLINFO has no member for. MFC/R2: the calling party category
// as its group II signal, 1..15 (ITU: 1 national subscriber, 2 national priority, 3 test
// equipment, 7 international subscriber, 9 international priority; national variants differ,
// board_drivers/signalling/r2/r2_variant.cpp). The ANI and DNIS are dwCallerID / dwCalledID.
struct SpanTspCallDevSpecific {
  std::uint32_t dwMagic;       // kCallDevSpecificMagic
  std::uint32_t dwVersion;     // kCallDevSpecificVersion
  std::uint32_t dwR2Category;  // group II tone 1..15
};
static_assert(sizeof(SpanTspCallDevSpecific) == 12);

inline constexpr std::uint32_t kLineDevStatusMagic = 0x54535453;  // "STST"
inline constexpr std::uint32_t kLineDevStatusVersion = 2;         // 2: dwCloseCallsWaited

// The line's span and the provider's pools as they were when the status was read.
struct SpanTspLineDevStatus {
  std::uint32_t dwMagic;          // kLineDevStatusMagic
  std::uint32_t dwVersion;        // kLineDevStatusVersion
  std::uint32_t dwSpanInService;  // 1 = signalling up and no red/blue alarm
  std::uint32_t dwCallsInUse;     // provider-wide call slots allocated now
  std::uint32_t dwCallCapacity;   // provider-wide call slots
  std::uint32_t dwLineCallState;  // LINECALLSTATE_ of the call holding the channel, or 0
  // Provider-wide TSPI_lineCloseCall calls that had to wait for the span worker (the call was
  // not yet IDLE with everything about it delivered); a close after IDLE does not wait.
  std::uint32_t dwCloseCallsWaited;
};
static_assert(sizeof(SpanTspLineDevStatus) == 28);

}  // namespace spantsp
