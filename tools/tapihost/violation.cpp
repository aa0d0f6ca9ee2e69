#include "tools/tapihost/violation.h"

#include <array>

namespace spantsp::host {

namespace {

constexpr std::array<RuleInfo, kRuleCount> kRules = {{
    {"async-return-value", "tspi-contract §2, §8.1",
     "an async function returns exactly its dwRequestID or a negative LINEERR_"},
    {"sync-return-value", "tspi-contract §2",
     "a synchronous function returns 0 or a negative LINEERR_"},
    {"completion-result", "tspi-contract §2",
     "ASYNC_COMPLETION's lResult is 0 or a negative LINEERR_"},
    {"completion-unknown-request", "tspi-contract §2, §8.2",
     "only requests of async calls are completed (never a sync function, never an unknown id)"},
    {"completion-twice", "tspi-contract §2, §8.2", "every request is completed exactly once"},
    {"completion-of-failed-request", "tspi-contract §2, §8.2",
     "an async call that returned a LINEERR_ gets no completion"},
    {"completion-after-close", "tspi-contract §2, §8.5",
     "no completion after TSPI_lineCloseCall/TSPI_lineClose of its call/line returned"},
    {"request-never-completed", "tspi-contract §2, §8.2",
     "every request is completed before TSPI_providerShutdown returns"},
    {"closecall-pending-request", "tspi-contract §2, §8.5",
     "all requests of a call are completed before TSPI_lineCloseCall returns"},
    {"lineclose-pending-request", "tspi-contract §2, §8.5",
     "all requests of a line and its calls are completed before TSPI_lineClose returns"},
    {"line-close-with-pending-requests", "tspi-contract §1.3, §8.12",
     "LINE_CLOSE is sent only after every request of the line was completed"},
    {"event-before-makecall-completion", "tspi-contract §2, §8.3",
     "no message about a new outgoing call before its request completed successfully"},
    {"event-after-failed-makecall", "tspi-contract §2",
     "no message about a call whose creating request failed"},
    {"call-event-without-call", "tspi-contract §3, §8.4",
     "call messages carry the htCall TAPI gave (LINE_NEWCALL is the first message of a call)"},
    {"event-after-newcall-null", "tspi-contract §3, §8.4",
     "no message for a call after LINE_NEWCALL answered NULL"},
    {"incoming-first-callstate", "tspi-contract §3",
     "the message after LINE_NEWCALL is a LINE_CALLSTATE with a live state"},
    {"newcall-bad-params", "tspi-contract §3, §9",
     "LINE_NEWCALL is (htLine, 0, hdCall, &htCall, 0) with a writable dwParam2"},
    {"newcall-duplicate-hdcall", "tspi-contract §3",
     "LINE_NEWCALL announces an hdCall that is not already a live call"},
    {"unknown-htline", "tspi-contract §8.7",
     "line messages carry an htLine TAPI passed to TSPI_lineOpen"},
    {"unknown-htcall", "tspi-contract §8.7",
     "call messages carry an htCall TAPI gave (lineMakeCall or LINE_NEWCALL)"},
    {"call-line-mismatch", "tspi-contract §8.7",
     "a call message's htLine is the line the call belongs to"},
    {"null-driver-handle", "tspi-contract §8.6", "0 is never used as an HDRVLINE or HDRVCALL"},
    {"event-after-closecall", "tspi-contract §8.5",
     "no message about a call after TSPI_lineCloseCall returned"},
    {"event-after-lineclose", "tspi-contract §8.5",
     "no message about a line or its calls after TSPI_lineClose returned"},
    {"callstate-one-bit", "tspi-contract §4.1",
     "LINE_CALLSTATE dwParam1 has one and only one LINECALLSTATE_ bit (top 8 bits may be a "
     "device-specific substate)"},
    {"state-after-idle", "tspi-contract §4.1, §8.10", "a call never leaves LINECALLSTATE_IDLE"},
    {"callinfo-after-idle", "tspi-contract §4.1, §8.10", "no LINE_CALLINFO after IDLE"},
    {"callstate-transition", "tspi-contract §4.1 [I] guard",
     "after DISCONNECTED only IDLE; OFFERING/DIALTONE never re-entered; CONNECTED only from "
     "OFFERING/ACCEPTED/DIALING/PROCEEDING/RINGBACK/ONHOLD*"},
    {"disconnectmode-version", "tspi-contract §4.1, §8.14, §9",
     "DISCONNECTED carries one LINEDISCONNECTMODE_ value the negotiated version has"},
    {"linedevstate-open-close", "tspi-contract §6, §8.13",
     "LINE_LINEDEVSTATE never reports OPEN or CLOSE"},
    {"monitor-without-request", "tspi-contract §6",
     "LINE_MONITORDIGITS/MONITORMEDIA/MONITORTONE only for what the call was asked to monitor"},
    {"media-result-unexpected", "tspi-contract §6",
     "exactly one LINE_GATHERDIGITS per gather and one LINE_GENERATE per generation"},
    {"media-result-owed", "tspi-contract §6, §8.5",
     "a gather's or generation's message comes before IDLE and before lineCloseCall returns"},
    {"media-after-idle", "tspi-contract §6",
     "monitoring ends at IDLE: no LINE_MONITORDIGITS, LINE_MONITORTONE or LINE_MONITORMEDIA "
     "after it"},
    {"callstate-not-advertised", "tspi-contract §4, §5",
     "LINE_CALLSTATE sends only states in LINEADDRESSCAPS.dwCallStates"},
    {"callstate-mode-not-advertised", "tspi-contract §4, §5",
     "a LINE_CALLSTATE mode is one value of the state's caps (dwBusyModes, dwDialToneModes, "
     "dwSpecialInfo, dwConnectedModes, dwOfferingModes, dwDisconnectModes)"},
    {"linedevstate-not-advertised", "tspi-contract §6",
     "LINE_LINEDEVSTATE sends only states in LINEDEVCAPS.dwLineStates"},
    {"linedevstate-not-enabled", "tspi-contract §6",
     "LINE_LINEDEVSTATE sends only states TSPI_lineSetStatusMessages enabled"},
    {"addressstate-not-advertised", "tspi-contract §6",
     "LINE_ADDRESSSTATE sends only states in LINEADDRESSCAPS.dwAddressStates"},
    {"addressstate-not-enabled", "tspi-contract §6",
     "LINE_ADDRESSSTATE sends only states TSPI_lineSetStatusMessages enabled"},
    {"callinfo-not-advertised", "tspi-contract §3, §5",
     "LINE_CALLINFO reports only bits in LINEADDRESSCAPS.dwCallInfoStates"},
    {"feature-offered-then-refused", "tspi-contract §5",
     "a feature LINECALLSTATUS.dwCallFeatures offers is not refused with "
     "LINEERR_INVALCALLSTATE/OPERATIONUNAVAIL while the call state stays the same"},
    {"upcall-after-shutdown", "tspi-contract §8.15",
     "no callback after TSPI_providerShutdown returned"},
    {"upcall-overlap", "tspi-contract §8 threading",
     "callbacks never overlap (no re-entry, no two threads at once)"},
    {"upcall-on-downcall-thread", "tspi-contract §8 threading, DESIGN §3",
     "callbacks leave from the provider's dispatcher, never from inside a TSPI_ call"},
    {"negotiated-version-range", "tspi-contract §1.2, §9",
     "a negotiated version lies in [dwLowVersion, dwHighVersion]"},
    {"total-size-written", "tspi-contract §5, §8.8", "the provider never writes dwTotalSize"},
    {"write-past-total-size", "tspi-contract §5, §8.8",
     "the provider never writes past dwTotalSize"},
    {"size-fields", "tspi-contract §5",
     "fixed size <= dwUsedSize <= dwTotalSize and dwUsedSize <= dwNeededSize"},
    {"var-field-range", "tspi-contract §5",
     "every Size/Offset pair lies inside [fixed size, dwUsedSize)"},
    {"var-field-overlap", "tspi-contract §5", "variable fields do not overlap"},
    {"string-format", "tspi-contract §5",
     "strings are UTF-16, NUL-terminated, with an even byte size"},
    {"tapi-owned-field", "tspi-contract §5, §8.8", "the provider leaves TAPI-owned fields alone"},
    {"var-field-truncated", "tspi-contract §5, §8.8",
     "a variable field is complete or absent (Size = Offset = 0), never truncated"},
    {"needed-size-unstable", "tspi-contract §5", "dwNeededSize does not depend on dwTotalSize"},
    {"fill-failed-at-size", "tspi-contract §5",
     "filling succeeds at every dwTotalSize >= the fixed size (TAPI checked that much)"},
}};

}  // namespace

const RuleInfo& rule_info(Rule rule) {
  return kRules[static_cast<std::size_t>(rule)];
}

std::string Violation::to_string() const {
  const RuleInfo& info = rule_info(rule);
  std::string out;
  out.reserve(description.size() + 64);
  out += '[';
  out += info.id;
  out += "] (";
  out += info.section;
  out += ") ";
  out += description;
  return out;
}

}  // namespace spantsp::host
