#pragma once
// LINEDEVCAPS and LINEADDRESSCAPS of a trunk line: what SpanTSP advertises, filled by the
// rules of tspi-contract §5 through VarStructWriter. Pure functions of the line's descriptor
// and the negotiated version: any thread.

#include <cstdint>

#include "core/line_directory.h"
#include "media/media_types.h"
#include "tspi/abi/tspi_abi.h"

namespace spantsp::core {

// Returns 0, or LINEERR_STRUCTURETOOSMALL when dwTotalSize cannot hold the fixed part of
// `version` (TAPI checks this first; a direct caller may not have).
LONG fill_line_dev_caps(const LineDescriptor& line, std::uint32_t version, LINEDEVCAPS* caps);
LONG fill_line_address_caps(const LineDescriptor& line, std::uint32_t version,
                            LINEADDRESSCAPS* caps);

// The media modes, bearer modes and states the provider supports; lineOpen, MakeCall,
// SetDefaultMediaDetection, SetMediaMode and ConditionalMediaDetection check requests against
// the same values the caps advertise. A line without bearer audio cannot detect anything: its
// calls stay what they were offered or made as.
inline constexpr DWORD kVoiceMediaModes =
    LINEMEDIAMODE_UNKNOWN | LINEMEDIAMODE_INTERACTIVEVOICE | LINEMEDIAMODE_AUTOMATEDVOICE;
// What media detection tells apart (media::MediaKind): fax CNG/CED, a modem's answer tone,
// speech. AUTOMATEDVOICE is a mode an application may set, never one we can hear.
inline constexpr DWORD kDetectableMediaModes =
    LINEMEDIAMODE_G3FAX | LINEMEDIAMODE_DATAMODEM | LINEMEDIAMODE_INTERACTIVEVOICE;

// LINEADDRESSCAPS dwCallerIDFlags: the flags SpanRuntime's call snapshot can set on the line
// (OUTOFAREA / UNAVAIL are not told apart from UNKNOWN by any signalling we run). ADDRESS where
// incoming calls carry the calling number, or where our own calls show the line's number;
// NAME only where incoming calls carry a name (board::incoming_caller_id); BLOCKED for our
// calls placed with LINECALLPARAMFLAGS_BLOCKID and restricted incoming numbers.
DWORD caller_id_flags(const LineDescriptor& line);

// The signalling of the line's span carries audio both ways (ideal and PRI; CAS and R2 will
// once their modules exist): the media functions are offered only there.
bool line_has_bearer_media(const LineDescriptor& line);
DWORD supported_media_modes(const LineDescriptor& line);

// Bearer media limits LINEDEVCAPS advertises and the TSPI media functions enforce (read from
// media/media_types.h, so what is advertised is what the DSP does).
inline constexpr DWORD kMonitorDigitModes = LINEDIGITMODE_DTMF | LINEDIGITMODE_DTMFEND;
inline constexpr DWORD kGatherDigitModes = LINEDIGITMODE_DTMF;  // no pulse on a digital trunk
inline constexpr DWORD kGenerateDigitModes = LINEDIGITMODE_DTMF;
inline constexpr DWORD kGenerateToneModes = LINETONEMODE_CUSTOM | LINETONEMODE_RINGBACK |
                                            LINETONEMODE_BUSY | LINETONEMODE_BEEP |
                                            LINETONEMODE_BILLING;
inline constexpr DWORD kMaxToneFrequencies = media::kMaxToneFrequencies;
// Every tone monitored on a call at once (all of its lineMonitorTones lists and its media
// control tones together): the DSP's monitored-tone slots.
inline constexpr DWORD kMaxMonitoredTones = media::kMaxMonitoredTones;
inline constexpr DWORD kGatherMinTimeoutMs = media::kDefaultFramePeriodMs;  // one frame
inline constexpr DWORD kGatherMaxTimeoutMs = 10 * 60 * 1000;
inline constexpr DWORD kMedCtlDigitMaxListSize = 16;  // one entry per DTMF digit
inline constexpr DWORD kMedCtlMediaMaxListSize = 4;
inline constexpr DWORD kMedCtlToneMaxListSize = 4;
inline constexpr DWORD kMedCtlCallStateMaxListSize = 4;
// LINEDEVCAPS Min/Max/DefaultDialParams: the digit duration and spacing lineGenerateDigits
// clamps dwDuration to, and the fixed ',' pause (media::kPauseMs).
inline constexpr DWORD kMinDigitMs = 50;
inline constexpr DWORD kMaxDigitMs = 500;
inline constexpr DWORD kDefaultDigitMs = 100;

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
// receiving, lineDial), the redirecting number, lineSetAppSpecific, and the media mode
// (lineSetMediaMode, media detection). Origin, reason and bearer mode are fixed when the call
// is created and never change.
inline constexpr DWORD kReportedCallInfoStates =
    LINECALLINFOSTATE_APPSPECIFIC | LINECALLINFOSTATE_CALLERID | LINECALLINFOSTATE_CALLEDID |
    LINECALLINFOSTATE_REDIRECTINGID | LINECALLINFOSTATE_MEDIAMODE;

}  // namespace spantsp::core
