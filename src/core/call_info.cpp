#include "core/call_info.h"

#include <array>
#include <chrono>

#include "core/call_services.h"
#include "core/call_state.h"
#include "core/line_caps.h"
#include "core/tspi_version.h"
#include "core/var_struct_writer.h"
#include "text/utf16.h"
#include "tspi/spantsp_devspecific.h"

namespace spantsp::core {
namespace {

// TSPI 3.0 added the *AddressType members at the end of LINECALLINFO.
constexpr std::uint32_t call_info_fixed_size(DWORD version) {
  return version >= kTspiVersion3_0 ? sizeof(LINECALLINFO)
                                    : offsetof(LINECALLINFO, dwCallerIDAddressType);
}

// Numbers and names are at most board::kMaxDigits / kMaxName bytes: a UTF-16 copy of one fits
// in a buffer on the stack (LINECALLINFO is read on every state change: no allocation here).
using WideBuffer = std::array<char16_t, board::kMaxDigits + board::kMaxName>;

// The civil calendar of <chrono> (UTC, no time zone database, no gmtime_r: the same on Windows).
SYSTEMTIME to_systemtime(std::uint64_t utc_ms) {
  using namespace std::chrono;
  const sys_time<milliseconds> when{milliseconds(utc_ms)};
  const sys_days day = floor<days>(when);
  const year_month_day date{day};
  const hh_mm_ss<milliseconds> time{when - day};
  SYSTEMTIME t{};
  t.wYear = static_cast<WORD>(static_cast<int>(date.year()));
  t.wMonth = static_cast<WORD>(static_cast<unsigned>(date.month()));
  t.wDayOfWeek = static_cast<WORD>(weekday(day).c_encoding());
  t.wDay = static_cast<WORD>(static_cast<unsigned>(date.day()));
  t.wHour = static_cast<WORD>(time.hours().count());
  t.wMinute = static_cast<WORD>(time.minutes().count());
  t.wSecond = static_cast<WORD>(time.seconds().count());
  t.wMilliseconds = static_cast<WORD>(time.subseconds().count());
  return t;
}

}  // namespace

LONG fill_call_info(const CallSnapshot& call, const board::UserUser& uui, DWORD app_specific,
                    const LineDescriptor& line, DWORD version, LINECALLINFO* info) {
  VarStructWriter<LINECALLINFO> w(info, call_info_fixed_size(version));
  if (w.too_small()) return LINEERR_STRUCTURETOOSMALL;
  // Members TAPI owns and fills itself (tspi-contract §5).
  w.preserve(&LINECALLINFO::hLine);
  w.preserve(&LINECALLINFO::dwMonitorDigitModes);
  w.preserve(&LINECALLINFO::dwMonitorMediaModes);
  w.preserve(&LINECALLINFO::dwNumOwners);
  w.preserve(&LINECALLINFO::dwNumMonitors);
  w.preserve(&LINECALLINFO::dwAppNameSize);
  w.preserve(&LINECALLINFO::dwAppNameOffset);
  w.preserve(&LINECALLINFO::dwDisplayableAddressSize);
  w.preserve(&LINECALLINFO::dwDisplayableAddressOffset);
  w.preserve(&LINECALLINFO::dwCalledPartySize);
  w.preserve(&LINECALLINFO::dwCalledPartyOffset);
  w.preserve(&LINECALLINFO::dwCommentSize);
  w.preserve(&LINECALLINFO::dwCommentOffset);

  LINECALLINFO& f = w.fixed();
  WideBuffer buffer;
  f.dwLineDeviceID = line.device_id;
  f.dwAddressID = 0;
  f.dwBearerMode = call.bearer_mode;
  f.dwRate = call.rate;
  f.dwMediaMode = call.media_mode;
  f.dwAppSpecific = app_specific;
  f.dwCallID = call.call_id;
  f.dwRelatedCallID = call.related_call_id;
  f.dwCallStates = kReportedCallStates | service_call_states(line.services, line.max_calls);
  f.dwOrigin = call.origin;
  f.dwReason = call.reason;
  // The bearer channel the call runs on; a group line's call has none until one is hunted.
  f.dwTrunk = call.channel != 0 ? static_cast<DWORD>(call.channel) : 0xFFFFFFFF;
  f.dwCallerIDFlags = call.caller_id_flags;
  w.append_string(text::utf8_to_utf16(call.caller.view(), buffer), &LINECALLINFO::dwCallerIDSize,
                  &LINECALLINFO::dwCallerIDOffset);
  w.append_string(text::utf8_to_utf16(call.caller_name.view(), buffer),
                  &LINECALLINFO::dwCallerIDNameSize, &LINECALLINFO::dwCallerIDNameOffset);
  f.dwCalledIDFlags = call.called_id_flags;
  w.append_string(text::utf8_to_utf16(call.called.view(), buffer), &LINECALLINFO::dwCalledIDSize,
                  &LINECALLINFO::dwCalledIDOffset);
  f.dwConnectedIDFlags = LINECALLPARTYID_UNKNOWN;
  f.dwRedirectionIDFlags =
      call.redirection.empty() ? LINECALLPARTYID_UNKNOWN : LINECALLPARTYID_ADDRESS;
  w.append_string(text::utf8_to_utf16(call.redirection.view(), buffer),
                  &LINECALLINFO::dwRedirectionIDSize, &LINECALLINFO::dwRedirectionIDOffset);
  f.dwRedirectingIDFlags = call.redirecting_id_flags;
  w.append_string(text::utf8_to_utf16(call.redirecting.view(), buffer),
                  &LINECALLINFO::dwRedirectingIDSize, &LINECALLINFO::dwRedirectingIDOffset);
  f.dwCallerIDAddressType = LINEADDRESSTYPE_PHONENUMBER;
  f.dwCalledIDAddressType = LINEADDRESSTYPE_PHONENUMBER;
  f.dwConnectedIDAddressType = LINEADDRESSTYPE_PHONENUMBER;
  f.dwRedirectionIDAddressType = LINEADDRESSTYPE_PHONENUMBER;
  f.dwRedirectingIDAddressType = LINEADDRESSTYPE_PHONENUMBER;
  if (!uui.empty()) {
    w.append_bytes(uui.text.data(), uui.size, &LINECALLINFO::dwUserUserInfoSize,
                   &LINECALLINFO::dwUserUserInfoOffset);
  }
  if (call.r2_category != 0) {
    const SpanTspCallDevSpecific extra{kCallDevSpecificMagic, kCallDevSpecificVersion,
                                       call.r2_category};
    w.append_bytes(&extra, sizeof extra, &LINECALLINFO::dwDevSpecificSize,
                   &LINECALLINFO::dwDevSpecificOffset);
  }
  w.finish();
  return 0;
}

LONG fill_call_status(const CallSnapshot& call, DWORD, LINECALLSTATUS* status) {
  VarStructWriter<LINECALLSTATUS> w(status, sizeof(LINECALLSTATUS));
  if (w.too_small()) return LINEERR_STRUCTURETOOSMALL;
  w.preserve(&LINECALLSTATUS::dwCallPrivilege);  // TAPI's
  LINECALLSTATUS& f = w.fixed();
  f.dwCallState = call.state;
  f.dwCallStateMode = call.state_mode;
  f.dwCallFeatures = call.features;  // the strand's table plus the span's services
  f.tStateEntryTime = to_systemtime(call.state_entered_ms);
  w.finish();
  return 0;
}

}  // namespace spantsp::core
