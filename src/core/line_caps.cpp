#include "core/line_caps.h"

#include "board_drivers/call_services.h"
#include "core/call_services.h"
#include "core/call_state.h"
#include "core/fixed_sizes.h"
#include "core/var_struct_writer.h"
#include "media/media_support.h"
#include "version.h"

namespace spantsp::core {
namespace {

// The device classes lineGetID answers for, exactly (core/line_ops.cpp, Engine::get_id): the
// line's device ID and the channel's media stream (tspi/spantsp_media_stream.h). Every
// signalling module built today (ideal, pri) has a bearer and so a stream.
using namespace std::string_view_literals;
constexpr std::u16string_view kDeviceClasses = u"tapi/line\0spantsp/media"sv;

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

// Dial timing the DTMF generator honours (ms): the range lineGenerateDigits clamps to. The
// ',' pause is fixed (media::kPauseMs); nothing waits for dial tone on a trunk.
constexpr LINEDIALPARAMS kMinDialParams = {media::kPauseMs, kMinDigitMs, kMinDigitMs, 0};
constexpr LINEDIALPARAMS kMaxDialParams = {media::kPauseMs, kMaxDigitMs, kMaxDigitMs, 0};
constexpr LINEDIALPARAMS kDefaultDialParams = {media::kPauseMs, kDefaultDigitMs, kDefaultDigitMs,
                                               0};

// The call features of a live call on a line (per state, core/call_state.h): the union
// LINEADDRESSCAPS.dwCallFeatures advertises.
DWORD address_call_features(bool bearer_media) {
  DWORD features = 0;
  for (const DWORD state :
       {LINECALLSTATE_OFFERING, LINECALLSTATE_ACCEPTED, LINECALLSTATE_DIALTONE,
        LINECALLSTATE_DIALING, LINECALLSTATE_CONNECTED, LINECALLSTATE_DISCONNECTED}) {
    features |= call_features(state, CallTraits{.bearer_media = bearer_media, .number_open = true});
  }
  return features;
}

}  // namespace

DWORD caller_id_flags(const LineDescriptor& line) {
  DWORD flags = LINECALLPARTYID_BLOCKED | LINECALLPARTYID_UNKNOWN;
  if (line.caller_id.number || !line.number_utf8.empty()) flags |= LINECALLPARTYID_ADDRESS;
  if (line.caller_id.name) flags |= LINECALLPARTYID_NAME;
  return flags;
}

bool line_has_bearer_media(const LineDescriptor& line) {
  if (!media::dsp_available()) return false;  // the media-less build (SPANTSP_WITH_MEDIA=OFF)
  const auto signalling = static_cast<config::Signalling>(line.dev_specific.dwSignalling);
  return signalling == config::Signalling::kIdeal || signalling == config::Signalling::kPri;
}

DWORD supported_media_modes(const LineDescriptor& line) {
  return line_has_bearer_media(line) ? kVoiceMediaModes | kDetectableMediaModes : kVoiceMediaModes;
}

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
  const bool media = line_has_bearer_media(line);
  f.dwMediaModes = supported_media_modes(line);
  f.dwDevCapFlags = LINEDEVCAPFLAGS_CLOSEDROP;  // lineClose drops the line's calls
  if (media) {
    // Bearer media (DESIGN.md §5), with the limits the media functions enforce.
    f.dwDevCapFlags |= LINEDEVCAPFLAGS_MEDIACONTROL;
    f.dwGenerateToneModes = kGenerateToneModes;
    f.dwGenerateToneMaxNumFreq = kMaxToneFrequencies;
    f.dwGenerateDigitModes = kGenerateDigitModes;
    f.dwMonitorToneMaxNumFreq = kMaxToneFrequencies;
    f.dwMonitorToneMaxNumEntries = kMaxMonitoredTones;
    f.dwMonitorDigitModes = kMonitorDigitModes;
    f.dwGatherDigitsMinTimeout = kGatherMinTimeoutMs;
    f.dwGatherDigitsMaxTimeout = kGatherMaxTimeoutMs;
    f.dwMedCtlDigitMaxListSize = kMedCtlDigitMaxListSize;
    f.dwMedCtlMediaMaxListSize = kMedCtlMediaMaxListSize;
    f.dwMedCtlToneMaxListSize = kMedCtlToneMaxListSize;
    f.dwMedCtlCallStateMaxListSize = kMedCtlCallStateMaxListSize;
  }
  f.dwMaxNumActiveCalls = line.max_calls;  // one call per bearer channel
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
  f.dwCallInfoStates =
      kReportedCallInfoStates | service_call_info_states(line.services, line.max_calls);
  f.dwCallerIDFlags = caller_id_flags(line);
  f.dwCalledIDFlags = LINECALLPARTYID_ADDRESS | LINECALLPARTYID_UNKNOWN;
  f.dwConnectedIDFlags = LINECALLPARTYID_UNKNOWN;
  f.dwRedirectionIDFlags = LINECALLPARTYID_UNKNOWN;
  f.dwRedirectingIDFlags = LINECALLPARTYID_ADDRESS | LINECALLPARTYID_UNKNOWN;
  f.dwCallStates = kReportedCallStates | service_call_states(line.services, line.max_calls);
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
  f.dwAddrCapFlags = LINEADDRCAPFLAGS_DIALED | LINEADDRCAPFLAGS_PARTIALDIAL |
                     LINEADDRCAPFLAGS_ACCEPTTOALERT |
                     service_address_cap_flags(line.services, line.max_calls);
  f.dwTransferModes = service_transfer_modes(line.services, line.max_calls);
  f.dwCallFeatures = address_call_features(line_has_bearer_media(line)) |
                     service_address_call_features(line.services, line.max_calls);
  f.dwMaxNumOnHoldCalls = max_on_hold_calls(line.services, line.max_calls);
  f.dwAddressFeatures = LINEADDRFEATURE_MAKECALL;
  w.append_multi_string(kDeviceClasses, &LINEADDRESSCAPS::dwDeviceClassesSize,
                        &LINEADDRESSCAPS::dwDeviceClassesOffset);
  f.dwConnectedModes = LINECONNECTEDMODE_ACTIVE |
                       ((line.services & board::kServiceRemoteHold) != 0 && version >= 0x00020000
                            ? LINECONNECTEDMODE_ACTIVEHELD
                            : 0);
  f.dwOfferingModes = LINEOFFERINGMODE_ACTIVE;
  f.dwAvailableMediaModes = supported_media_modes(line);
  w.finish();
  return 0;
}

}  // namespace spantsp::core
