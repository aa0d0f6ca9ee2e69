#include "tools/tapihost/struct_layout.h"

#include <cstddef>

namespace spantsp::host {

namespace {

#define SPANTSP_VAR_FIELD(type, field, kind, owned)                                  \
  VarField {                                                                         \
#field, static_cast < std::uint32_t>(offsetof(type, dw##field##Size)),           \
        static_cast < std::uint32_t>(offsetof(type, dw##field##Offset)), kind, owned \
  }

constexpr VarField kVarStringFields[] = {
    SPANTSP_VAR_FIELD(VARSTRING, String, FieldKind::kBinary, false),
};
constexpr VarField kLineDevCapsFields[] = {
    SPANTSP_VAR_FIELD(LINEDEVCAPS, ProviderInfo, FieldKind::kString, false),
    SPANTSP_VAR_FIELD(LINEDEVCAPS, SwitchInfo, FieldKind::kString, false),
    SPANTSP_VAR_FIELD(LINEDEVCAPS, LineName, FieldKind::kString, false),
    SPANTSP_VAR_FIELD(LINEDEVCAPS, TerminalCaps, FieldKind::kBinary, false),
    SPANTSP_VAR_FIELD(LINEDEVCAPS, TerminalText, FieldKind::kBinary, false),
    SPANTSP_VAR_FIELD(LINEDEVCAPS, DevSpecific, FieldKind::kBinary, false),
    SPANTSP_VAR_FIELD(LINEDEVCAPS, DeviceClasses, FieldKind::kStringList, false),
};
constexpr VarField kLineAddressCapsFields[] = {
    SPANTSP_VAR_FIELD(LINEADDRESSCAPS, Address, FieldKind::kString, false),
    SPANTSP_VAR_FIELD(LINEADDRESSCAPS, DevSpecific, FieldKind::kBinary, false),
    SPANTSP_VAR_FIELD(LINEADDRESSCAPS, CompletionMsgText, FieldKind::kBinary, false),
    SPANTSP_VAR_FIELD(LINEADDRESSCAPS, CallTreatmentList, FieldKind::kBinary, false),
    SPANTSP_VAR_FIELD(LINEADDRESSCAPS, DeviceClasses, FieldKind::kStringList, false),
};
constexpr VarField kLineCallInfoFields[] = {
    SPANTSP_VAR_FIELD(LINECALLINFO, CallerID, FieldKind::kString, false),
    SPANTSP_VAR_FIELD(LINECALLINFO, CallerIDName, FieldKind::kString, false),
    SPANTSP_VAR_FIELD(LINECALLINFO, CalledID, FieldKind::kString, false),
    SPANTSP_VAR_FIELD(LINECALLINFO, CalledIDName, FieldKind::kString, false),
    SPANTSP_VAR_FIELD(LINECALLINFO, ConnectedID, FieldKind::kString, false),
    SPANTSP_VAR_FIELD(LINECALLINFO, ConnectedIDName, FieldKind::kString, false),
    SPANTSP_VAR_FIELD(LINECALLINFO, RedirectionID, FieldKind::kString, false),
    SPANTSP_VAR_FIELD(LINECALLINFO, RedirectionIDName, FieldKind::kString, false),
    SPANTSP_VAR_FIELD(LINECALLINFO, RedirectingID, FieldKind::kString, false),
    SPANTSP_VAR_FIELD(LINECALLINFO, RedirectingIDName, FieldKind::kString, false),
    SPANTSP_VAR_FIELD(LINECALLINFO, AppName, FieldKind::kString, true),
    SPANTSP_VAR_FIELD(LINECALLINFO, DisplayableAddress, FieldKind::kString, true),
    SPANTSP_VAR_FIELD(LINECALLINFO, CalledParty, FieldKind::kString, true),
    SPANTSP_VAR_FIELD(LINECALLINFO, Comment, FieldKind::kString, true),
    SPANTSP_VAR_FIELD(LINECALLINFO, Display, FieldKind::kBinary, false),
    SPANTSP_VAR_FIELD(LINECALLINFO, UserUserInfo, FieldKind::kBinary, false),
    SPANTSP_VAR_FIELD(LINECALLINFO, HighLevelComp, FieldKind::kBinary, false),
    SPANTSP_VAR_FIELD(LINECALLINFO, LowLevelComp, FieldKind::kBinary, false),
    SPANTSP_VAR_FIELD(LINECALLINFO, ChargingInfo, FieldKind::kBinary, false),
    SPANTSP_VAR_FIELD(LINECALLINFO, TerminalModes, FieldKind::kBinary, false),
    SPANTSP_VAR_FIELD(LINECALLINFO, DevSpecific, FieldKind::kBinary, false),
    SPANTSP_VAR_FIELD(LINECALLINFO, CallData, FieldKind::kBinary, false),
    SPANTSP_VAR_FIELD(LINECALLINFO, SendingFlowspec, FieldKind::kBinary, false),
    SPANTSP_VAR_FIELD(LINECALLINFO, ReceivingFlowspec, FieldKind::kBinary, false),
};
constexpr VarField kLineCallStatusFields[] = {
    SPANTSP_VAR_FIELD(LINECALLSTATUS, DevSpecific, FieldKind::kBinary, false),
};
constexpr VarField kLineDevStatusFields[] = {
    SPANTSP_VAR_FIELD(LINEDEVSTATUS, TerminalModes, FieldKind::kBinary, false),
    SPANTSP_VAR_FIELD(LINEDEVSTATUS, DevSpecific, FieldKind::kBinary, false),
    SPANTSP_VAR_FIELD(LINEDEVSTATUS, AppInfo, FieldKind::kBinary, true),
};
constexpr VarField kLineAddressStatusFields[] = {
    SPANTSP_VAR_FIELD(LINEADDRESSSTATUS, Forward, FieldKind::kBinary, false),
    SPANTSP_VAR_FIELD(LINEADDRESSSTATUS, TerminalModes, FieldKind::kBinary, false),
    SPANTSP_VAR_FIELD(LINEADDRESSSTATUS, DevSpecific, FieldKind::kBinary, false),
};
constexpr VarField kLineCallParamsFields[] = {
    SPANTSP_VAR_FIELD(LINECALLPARAMS, OrigAddress, FieldKind::kString, false),
    SPANTSP_VAR_FIELD(LINECALLPARAMS, DisplayableAddress, FieldKind::kString, false),
    SPANTSP_VAR_FIELD(LINECALLPARAMS, CalledParty, FieldKind::kString, false),
    SPANTSP_VAR_FIELD(LINECALLPARAMS, Comment, FieldKind::kString, false),
    SPANTSP_VAR_FIELD(LINECALLPARAMS, UserUserInfo, FieldKind::kBinary, false),
    SPANTSP_VAR_FIELD(LINECALLPARAMS, HighLevelComp, FieldKind::kBinary, false),
    SPANTSP_VAR_FIELD(LINECALLPARAMS, LowLevelComp, FieldKind::kBinary, false),
    SPANTSP_VAR_FIELD(LINECALLPARAMS, DevSpecific, FieldKind::kBinary, false),
    SPANTSP_VAR_FIELD(LINECALLPARAMS, TargetAddress, FieldKind::kString, false),
    SPANTSP_VAR_FIELD(LINECALLPARAMS, SendingFlowspec, FieldKind::kBinary, false),
    SPANTSP_VAR_FIELD(LINECALLPARAMS, ReceivingFlowspec, FieldKind::kBinary, false),
    SPANTSP_VAR_FIELD(LINECALLPARAMS, DeviceClass, FieldKind::kString, false),
    SPANTSP_VAR_FIELD(LINECALLPARAMS, DeviceConfig, FieldKind::kBinary, false),
    SPANTSP_VAR_FIELD(LINECALLPARAMS, CallData, FieldKind::kBinary, false),
    SPANTSP_VAR_FIELD(LINECALLPARAMS, CallingPartyID, FieldKind::kString, false),
};
#undef SPANTSP_VAR_FIELD

#define SPANTSP_OWNED(type, member)                                \
  OwnedMember {                                                    \
#member, static_cast < std::uint32_t>(offsetof(type, member)), \
        static_cast < std::uint32_t>(sizeof(type::member))         \
  }

// tspi-contract §5: "In LINECALLINFO those are hLine, dwMonitorDigitModes, dwMonitorMediaModes,
// dwNumOwners, dwNumMonitors, AppName, DisplayableAddress, CalledParty, Comment. In
// LINECALLSTATUS it is dwCallPrivilege." LINEDEVSTATUS's open counts and LINEAPPINFO list
// describe TAPI's own clients, which only TAPI knows.
constexpr OwnedMember kLineCallInfoOwned[] = {
    SPANTSP_OWNED(LINECALLINFO, hLine),
    SPANTSP_OWNED(LINECALLINFO, dwMonitorDigitModes),
    SPANTSP_OWNED(LINECALLINFO, dwMonitorMediaModes),
    SPANTSP_OWNED(LINECALLINFO, dwNumOwners),
    SPANTSP_OWNED(LINECALLINFO, dwNumMonitors),
};
constexpr OwnedMember kLineCallStatusOwned[] = {
    SPANTSP_OWNED(LINECALLSTATUS, dwCallPrivilege),
};
constexpr OwnedMember kLineDevStatusOwned[] = {
    SPANTSP_OWNED(LINEDEVSTATUS, dwNumOpens),
    SPANTSP_OWNED(LINEDEVSTATUS, dwOpenMediaModes),
};
#undef SPANTSP_OWNED

constexpr StructLayout kLayouts[] = {
    {StructKind::kVarString, "VARSTRING", kVarStringFields, {}},
    {StructKind::kLineDevCaps, "LINEDEVCAPS", kLineDevCapsFields, {}},
    {StructKind::kLineAddressCaps, "LINEADDRESSCAPS", kLineAddressCapsFields, {}},
    {StructKind::kLineCallInfo, "LINECALLINFO", kLineCallInfoFields, kLineCallInfoOwned},
    {StructKind::kLineCallStatus, "LINECALLSTATUS", kLineCallStatusFields, kLineCallStatusOwned},
    {StructKind::kLineDevStatus, "LINEDEVSTATUS", kLineDevStatusFields, kLineDevStatusOwned},
    {StructKind::kLineAddressStatus, "LINEADDRESSSTATUS", kLineAddressStatusFields, {}},
    {StructKind::kLineCallParams, "LINECALLPARAMS", kLineCallParamsFields, {}},
};

constexpr DWORD kVersion1_4 = 0x00010004;
constexpr DWORD kVersion2_0 = 0x00020000;
constexpr DWORD kVersion2_2 = 0x00020002;
constexpr DWORD kVersion3_0 = 0x00030000;

template <class T>
constexpr std::uint32_t size_of() {
  return static_cast<std::uint32_t>(sizeof(T));
}

}  // namespace

const StructLayout& struct_layout(StructKind kind) {
  return kLayouts[static_cast<std::size_t>(kind)];
}

std::uint32_t fixed_size(StructKind kind, DWORD version) {
  // Each member first present at version V makes the fixed part end just before it below V.
  switch (kind) {
    case StructKind::kVarString:
      return size_of<VARSTRING>();
    case StructKind::kLineDevCaps:
      if (version < kVersion1_4) return offsetof(LINEDEVCAPS, dwLineFeatures);
      if (version < kVersion2_0) return offsetof(LINEDEVCAPS, dwSettableDevStatus);
      if (version < kVersion2_2) return offsetof(LINEDEVCAPS, PermanentLineGuid);
      if (version < kVersion3_0) return offsetof(LINEDEVCAPS, dwAddressTypes);
      return size_of<LINEDEVCAPS>();
    case StructKind::kLineAddressCaps:
      if (version < kVersion2_0) return offsetof(LINEADDRESSCAPS, dwPredictiveAutoTransferStates);
      return size_of<LINEADDRESSCAPS>();
    case StructKind::kLineCallInfo:
      if (version < kVersion2_0) return offsetof(LINECALLINFO, dwCallTreatment);
      if (version < kVersion3_0) return offsetof(LINECALLINFO, dwCallerIDAddressType);
      return size_of<LINECALLINFO>();
    case StructKind::kLineCallStatus:
      if (version < kVersion2_0) return offsetof(LINECALLSTATUS, dwCallFeatures2);
      return size_of<LINECALLSTATUS>();
    case StructKind::kLineDevStatus:
      if (version < kVersion2_0) return offsetof(LINEDEVSTATUS, dwAvailableMediaModes);
      return size_of<LINEDEVSTATUS>();
    case StructKind::kLineAddressStatus:
      return size_of<LINEADDRESSSTATUS>();
    case StructKind::kLineCallParams:
      if (version < kVersion2_0) return offsetof(LINECALLPARAMS, dwPredictiveAutoTransferStates);
      if (version < kVersion2_2) return offsetof(LINECALLPARAMS, dwCallingPartyIDSize);
      if (version < kVersion3_0) return offsetof(LINECALLPARAMS, dwAddressType);
      return size_of<LINECALLPARAMS>();
  }
  return 0;
}

}  // namespace spantsp::host
