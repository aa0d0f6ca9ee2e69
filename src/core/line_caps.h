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
// Caps tell the truth (tspi-contract §6, CONVENTIONS): each value below is one the provider
// really sends, and the host's contract checker fails any upcall outside them.
// LINE_LINEDEVSTATE: the span or the line's channel going in or out of service.
inline constexpr DWORD kReportedLineStates = LINEDEVSTATE_INSERVICE | LINEDEVSTATE_OUTOFSERVICE;
// No LINE_ADDRESSSTATE is sent.
inline constexpr DWORD kReportedAddressStates = 0;
// DIALTONE: lineMakeCall with no number. SPECIALINFO (no tone detection yet) and UNKNOWN are
// never sent.
inline constexpr DWORD kReportedCallStates =
    LINECALLSTATE_IDLE | LINECALLSTATE_OFFERING | LINECALLSTATE_ACCEPTED | LINECALLSTATE_DIALTONE |
    LINECALLSTATE_DIALING | LINECALLSTATE_PROCEEDING | LINECALLSTATE_RINGBACK | LINECALLSTATE_BUSY |
    LINECALLSTATE_CONNECTED | LINECALLSTATE_DISCONNECTED;
// The modes sent with those states (LINE_CALLSTATE dwParam2).
inline constexpr DWORD kReportedDialToneModes = LINEDIALTONEMODE_UNAVAIL;  // no tone detection
inline constexpr DWORD kReportedBusyModes = LINEBUSYMODE_STATION;          // cause 17, user busy
inline constexpr DWORD kReportedSpecialInfo = 0;
// LINE_CALLINFO: caller and called numbers when a call is offered, more called digits (overlap
// receiving, lineDial), the redirecting number, lineSetAppSpecific. Origin, reason, media and
// bearer mode are fixed when the call is created and never change.
inline constexpr DWORD kReportedCallInfoStates =
    LINECALLINFOSTATE_APPSPECIFIC | LINECALLINFOSTATE_CALLERID | LINECALLINFOSTATE_CALLEDID |
    LINECALLINFOSTATE_REDIRECTINGID;

}  // namespace spantsp::core
