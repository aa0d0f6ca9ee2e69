#pragma once
// LINEDEVCAPS and LINEADDRESSCAPS of a trunk line: what SpanTSP advertises, filled by the
// rules of tspi-contract §5 through VarStructWriter. Pure functions of the line's descriptor
// and the negotiated version: any thread.

#include <cstdint>

#include "core/line_directory.h"
#include "tspi/abi/tspi_abi.h"

namespace spantsp::core {

// Returns 0, or LINEERR_STRUCTURETOOSMALL when dwTotalSize cannot hold the fixed part of
// `version` (TAPI checks this first; a direct caller may not have).
LONG fill_line_dev_caps(const LineDescriptor& line, std::uint32_t version, LINEDEVCAPS* caps);
LONG fill_line_address_caps(const LineDescriptor& line, std::uint32_t version,
                            LINEADDRESSCAPS* caps);

// The media modes, bearer modes and states the provider supports; lineOpen, MakeCall and
// SetDefaultMediaDetection check requests against the same values the caps advertise.
inline constexpr DWORD kSupportedMediaModes =
    LINEMEDIAMODE_UNKNOWN | LINEMEDIAMODE_INTERACTIVEVOICE | LINEMEDIAMODE_AUTOMATEDVOICE;
inline constexpr DWORD kSupportedBearerModes = LINEBEARERMODE_VOICE | LINEBEARERMODE_SPEECH;
inline constexpr DWORD kMaxRate = 64000;
inline constexpr DWORD kReportedLineStates =
    LINEDEVSTATE_OTHER | LINEDEVSTATE_RINGING | LINEDEVSTATE_CONNECTED | LINEDEVSTATE_DISCONNECTED |
    LINEDEVSTATE_INSERVICE | LINEDEVSTATE_OUTOFSERVICE | LINEDEVSTATE_MAINTENANCE |
    LINEDEVSTATE_NUMCALLS | LINEDEVSTATE_REINIT;
inline constexpr DWORD kReportedAddressStates =
    LINEADDRESSSTATE_OTHER | LINEADDRESSSTATE_INUSEZERO | LINEADDRESSSTATE_INUSEONE |
    LINEADDRESSSTATE_NUMCALLS;
inline constexpr DWORD kReportedCallStates =
    LINECALLSTATE_IDLE | LINECALLSTATE_OFFERING | LINECALLSTATE_ACCEPTED | LINECALLSTATE_DIALING |
    LINECALLSTATE_PROCEEDING | LINECALLSTATE_RINGBACK | LINECALLSTATE_BUSY |
    LINECALLSTATE_SPECIALINFO | LINECALLSTATE_CONNECTED | LINECALLSTATE_DISCONNECTED |
    LINECALLSTATE_UNKNOWN;

}  // namespace spantsp::core
