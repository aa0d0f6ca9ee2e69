#include "core/line_caps.h"

#include "core/call_services.h"
#include "core/fixed_sizes.h"
#include "core/var_struct_writer.h"
#include "version.h"

namespace spantsp::core {
namespace {

// The device classes lineGetID answers for (DESIGN.md §5 adds the media stream later).
constexpr std::u16string_view kDeviceClasses = u"tapi/line";

// {831CE2D6-83B5-11D1-BB5C-00C04FB6809F}: TAPIPROTOCOL_PSTN, the protocol of a trunk line.
constexpr GUID kProtocolPstn = {
    0x831CE2D6, 0x83B5, 0x11D1, {0xBB, 0x5C, 0x00, 0xC0, 0x4F, 0xB6, 0x80, 0x9F}};

// A GUID that stays the same for the same permanent line ID in every session.
GUID permanent_line_guid(std::uint32_t permanent_id) {
  return GUID{
      0x5350414E /* "SPAN" */,
      0x5453,
      0x5020,
      {0x80, 0x00, 0x00, 0x00, static_cast<unsigned char>(permanent_id >> 24),
       static_cast<unsigned char>(permanent_id >> 16),
       static_cast<unsigned char>(permanent_id >> 8), static_cast<unsigned char>(permanent_id)}};
}

// Dial timing a T1/E1 trunk can honour (ms): the range lineGenerateDigits clamps to.
constexpr LINEDIALPARAMS kMinDialParams = {0, 50, 50, 0};
constexpr LINEDIALPARAMS kMaxDialParams = {5000, 500, 500, 0};
constexpr LINEDIALPARAMS kDefaultDialParams = {2000, 100, 100, 0};

}  // namespace

LONG fill_line_dev_caps(const LineDescriptor& line, std::uint32_t version, LINEDEVCAPS* caps) {
  VarStructWriter<LINEDEVCAPS> w(caps, line_dev_caps_fixed_size(version));
  if (w.too_small()) return LINEERR_STRUCTURETOOSMALL;

  LINEDEVCAPS& f = w.fixed();
  w.append_string(kProviderInfo, &LINEDEVCAPS::dwProviderInfoSize,
                  &LINEDEVCAPS::dwProviderInfoOffset);
  w.append_string(line.switch_info, &LINEDEVCAPS::dwSwitchInfoSize,
                  &LINEDEVCAPS::dwSwitchInfoOffset);
  f.dwPermanentLineID = line.permanent_id;
  w.append_string(line.name, &LINEDEVCAPS::dwLineNameSize, &LINEDEVCAPS::dwLineNameOffset);
  f.dwStringFormat = STRINGFORMAT_UNICODE;
  f.dwAddressModes = LINEADDRESSMODE_ADDRESSID;
  f.dwNumAddresses = 1;
  f.dwBearerModes = kSupportedBearerModes;
  f.dwMaxRate = kMaxRate;
  f.dwMediaModes = kSupportedMediaModes;
  f.dwDevCapFlags = LINEDEVCAPFLAGS_CLOSEDROP;  // lineClose drops the line's calls
  f.dwMaxNumActiveCalls = line.max_calls;       // one call per bearer channel
  f.dwAnswerMode = LINEANSWERMODE_NONE;
  f.dwRingModes = 1;
  f.dwLineStates = kReportedLineStates;
  f.MinDialParams = kMinDialParams;
  f.MaxDialParams = kMaxDialParams;
  f.DefaultDialParams = kDefaultDialParams;
  w.append_bytes(&line.dev_specific, sizeof line.dev_specific, &LINEDEVCAPS::dwDevSpecificSize,
                 &LINEDEVCAPS::dwDevSpecificOffset);
  f.dwLineFeatures = LINEFEATURE_MAKECALL;
  // User-user information each request carries on this span (board::user_user_sizes).
  f.dwUUIAcceptSize = line.uui.accept;
  f.dwUUIAnswerSize = line.uui.answer;
  f.dwUUIMakeCallSize = line.uui.make_call;
  f.dwUUIDropSize = line.uui.drop;
  f.dwUUISendUserUserInfoSize = line.uui.send;
  f.dwUUICallInfoSize = line.uui.call_info;
  w.append_multi_string(kDeviceClasses, &LINEDEVCAPS::dwDeviceClassesSize,
                        &LINEDEVCAPS::dwDeviceClassesOffset);
  f.PermanentLineGuid = permanent_line_guid(line.permanent_id);
  f.dwAddressTypes = LINEADDRESSTYPE_PHONENUMBER;
  f.ProtocolGuid = kProtocolPstn;
  w.finish();
  return 0;
}

LONG fill_line_address_caps(const LineDescriptor& line, std::uint32_t version,
                            LINEADDRESSCAPS* caps) {
  VarStructWriter<LINEADDRESSCAPS> w(caps, line_address_caps_fixed_size(version));
  if (w.too_small()) return LINEERR_STRUCTURETOOSMALL;

  LINEADDRESSCAPS& f = w.fixed();
  f.dwLineDeviceID = line.device_id;
  w.append_string(line.number, &LINEADDRESSCAPS::dwAddressSize, &LINEADDRESSCAPS::dwAddressOffset);
  f.dwAddressSharing = LINEADDRESSSHARING_PRIVATE;
  f.dwAddressStates = kReportedAddressStates;
  f.dwCallInfoStates = kReportedCallInfoStates | service_call_info_states(line.services);
  // The flags SpanRuntime's call snapshot sets: OUTOFAREA/UNAVAIL are not told apart from
  // UNKNOWN by any signalling we run.
  f.dwCallerIDFlags = LINECALLPARTYID_ADDRESS | LINECALLPARTYID_NAME | LINECALLPARTYID_BLOCKED |
                      LINECALLPARTYID_UNKNOWN;
  f.dwCalledIDFlags = LINECALLPARTYID_ADDRESS | LINECALLPARTYID_UNKNOWN;
  f.dwConnectedIDFlags = LINECALLPARTYID_UNKNOWN;
  f.dwRedirectionIDFlags = LINECALLPARTYID_UNKNOWN;
  f.dwRedirectingIDFlags = LINECALLPARTYID_ADDRESS | LINECALLPARTYID_UNKNOWN;
  f.dwCallStates = kReportedCallStates | service_call_states(line.services);
  f.dwBusyModes = kReportedBusyModes;
  f.dwSpecialInfo = kReportedSpecialInfo;
  f.dwDialToneModes = kReportedDialToneModes;
  f.dwDisconnectModes = LINEDISCONNECTMODE_NORMAL | LINEDISCONNECTMODE_UNKNOWN |
                        LINEDISCONNECTMODE_REJECT | LINEDISCONNECTMODE_BUSY |
                        LINEDISCONNECTMODE_NOANSWER | LINEDISCONNECTMODE_BADADDRESS |
                        LINEDISCONNECTMODE_UNREACHABLE | LINEDISCONNECTMODE_CONGESTION |
                        LINEDISCONNECTMODE_INCOMPATIBLE | LINEDISCONNECTMODE_UNAVAIL |
                        LINEDISCONNECTMODE_NUMBERCHANGED | LINEDISCONNECTMODE_OUTOFORDER |
                        LINEDISCONNECTMODE_TEMPFAILURE | LINEDISCONNECTMODE_BLOCKED;
  f.dwMaxNumActiveCalls = line.max_calls;
  f.dwAddrCapFlags =
      LINEADDRCAPFLAGS_DIALED | LINEADDRCAPFLAGS_PARTIALDIAL | LINEADDRCAPFLAGS_ACCEPTTOALERT;
  f.dwCallFeatures = LINECALLFEATURE_ACCEPT | LINECALLFEATURE_ANSWER | LINECALLFEATURE_DIAL |
                     LINECALLFEATURE_DROP |
                     service_address_call_features(line.services, line.max_calls);
  f.dwMaxNumOnHoldCalls = max_on_hold_calls(line.services, line.max_calls);
  f.dwAddressFeatures = LINEADDRFEATURE_MAKECALL;
  w.append_multi_string(kDeviceClasses, &LINEADDRESSCAPS::dwDeviceClassesSize,
                        &LINEADDRESSCAPS::dwDeviceClassesOffset);
  f.dwConnectedModes = LINECONNECTEDMODE_ACTIVE;
  f.dwOfferingModes = LINEOFFERINGMODE_ACTIVE;
  f.dwAvailableMediaModes = kSupportedMediaModes;
  w.finish();
  return 0;
}

}  // namespace spantsp::core
