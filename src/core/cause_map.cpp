#include "core/cause_map.h"

#include "core/tspi_version.h"

namespace spantsp::core {
namespace {

struct CauseRow {
  std::uint8_t cause;
  DWORD mode;      // best value from TSPI 2.0 on
  DWORD fallback;  // for callers of older versions (kept for completeness; we start at 2.0)
};

// Q.850 cause -> LINEDISCONNECTMODE_ (t1e1-notes §1.6 lists the causes libpri reports).
constexpr CauseRow kCauses[] = {
    {1, LINEDISCONNECTMODE_BADADDRESS, LINEDISCONNECTMODE_BADADDRESS},    // unallocated number
    {2, LINEDISCONNECTMODE_UNREACHABLE, LINEDISCONNECTMODE_UNREACHABLE},  // no route to network
    {3, LINEDISCONNECTMODE_UNREACHABLE, LINEDISCONNECTMODE_UNREACHABLE},  // no route to dest.
    {6, LINEDISCONNECTMODE_CONGESTION, LINEDISCONNECTMODE_CONGESTION},    // channel unacceptable
    {16, LINEDISCONNECTMODE_NORMAL, LINEDISCONNECTMODE_NORMAL},           // normal clearing
    {17, LINEDISCONNECTMODE_BUSY, LINEDISCONNECTMODE_BUSY},               // user busy
    {18, LINEDISCONNECTMODE_NOANSWER, LINEDISCONNECTMODE_NOANSWER},       // no user responding
    {19, LINEDISCONNECTMODE_NOANSWER, LINEDISCONNECTMODE_NOANSWER},       // no answer
    {21, LINEDISCONNECTMODE_REJECT, LINEDISCONNECTMODE_REJECT},           // call rejected
    {22, LINEDISCONNECTMODE_NUMBERCHANGED, LINEDISCONNECTMODE_BADADDRESS},
    {27, LINEDISCONNECTMODE_OUTOFORDER, LINEDISCONNECTMODE_UNREACHABLE},  // dest. out of order
    {28, LINEDISCONNECTMODE_BADADDRESS, LINEDISCONNECTMODE_BADADDRESS},   // invalid number format
    {31, LINEDISCONNECTMODE_NORMAL, LINEDISCONNECTMODE_NORMAL},           // normal, unspecified
    {34, LINEDISCONNECTMODE_CONGESTION, LINEDISCONNECTMODE_CONGESTION},   // no circuit available
    {38, LINEDISCONNECTMODE_OUTOFORDER, LINEDISCONNECTMODE_UNAVAIL},      // network out of order
    {41, LINEDISCONNECTMODE_TEMPFAILURE, LINEDISCONNECTMODE_CONGESTION},  // temporary failure
    {42, LINEDISCONNECTMODE_CONGESTION, LINEDISCONNECTMODE_CONGESTION},   // switch congestion
    {44, LINEDISCONNECTMODE_CONGESTION, LINEDISCONNECTMODE_CONGESTION},   // channel unavailable
    {47, LINEDISCONNECTMODE_UNAVAIL, LINEDISCONNECTMODE_UNAVAIL},         // resource unavailable
    {50, LINEDISCONNECTMODE_BLOCKED, LINEDISCONNECTMODE_REJECT},          // not subscribed
    {52, LINEDISCONNECTMODE_BLOCKED, LINEDISCONNECTMODE_REJECT},          // outgoing barred
    {54, LINEDISCONNECTMODE_BLOCKED, LINEDISCONNECTMODE_REJECT},          // incoming barred
    {57, LINEDISCONNECTMODE_INCOMPATIBLE, LINEDISCONNECTMODE_INCOMPATIBLE},
    {58, LINEDISCONNECTMODE_INCOMPATIBLE, LINEDISCONNECTMODE_INCOMPATIBLE},
    {65, LINEDISCONNECTMODE_INCOMPATIBLE, LINEDISCONNECTMODE_INCOMPATIBLE},
    {88, LINEDISCONNECTMODE_INCOMPATIBLE, LINEDISCONNECTMODE_INCOMPATIBLE},
    {102, LINEDISCONNECTMODE_TEMPFAILURE, LINEDISCONNECTMODE_NOANSWER},  // timer expiry
};

}  // namespace

DWORD disconnect_mode_from_q850(std::uint8_t cause, DWORD tspi_version) {
  for (const auto& row : kCauses) {
    if (row.cause == cause) return tspi_version >= kTspiVersion2_0 ? row.mode : row.fallback;
  }
  // Protocol errors (96-111), interworking (127) and anything unlisted.
  return LINEDISCONNECTMODE_UNKNOWN;
}

std::uint8_t q850_from_disconnect_mode(DWORD mode) {
  switch (mode) {
    case LINEDISCONNECTMODE_REJECT:
      return 21;
    case LINEDISCONNECTMODE_BUSY:
      return 17;
    case LINEDISCONNECTMODE_NOANSWER:
      return 19;
    case LINEDISCONNECTMODE_BADADDRESS:
      return 1;
    case LINEDISCONNECTMODE_UNREACHABLE:
      return 3;
    case LINEDISCONNECTMODE_CONGESTION:
      return 34;
    case LINEDISCONNECTMODE_INCOMPATIBLE:
      return 88;
    case LINEDISCONNECTMODE_UNAVAIL:
      return 47;
    case LINEDISCONNECTMODE_NUMBERCHANGED:
      return 22;
    case LINEDISCONNECTMODE_OUTOFORDER:
      return 27;
    case LINEDISCONNECTMODE_TEMPFAILURE:
      return 41;
    case LINEDISCONNECTMODE_BLOCKED:
      return 54;
    default:
      return 16;
  }
}

DWORD busy_mode_from_q850(std::uint8_t cause) {
  return cause == 17 ? LINEBUSYMODE_STATION : LINEBUSYMODE_TRUNK;
}

}  // namespace spantsp::core
