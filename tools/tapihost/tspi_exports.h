#pragma once
// Every TSPI_* entry point of mingw-w64 tspi.h, with its kind: asynchronous iff its first
// parameter is a DRV_REQUESTID (tspi-contract §2). One list feeds the export table of
// ProviderModule and the TspiFunction enum used by the contract checker, so the two can never
// disagree. Thread affinity: constants only.

// X(name, kind) with kind one of kSync / kAsync.
#define SPANTSP_TSPI_EXPORTS(X)                \
  X(TSPI_lineAccept, kAsync)                   \
  X(TSPI_lineAddToConference, kAsync)          \
  X(TSPI_lineAnswer, kAsync)                   \
  X(TSPI_lineBlindTransfer, kAsync)            \
  X(TSPI_lineClose, kSync)                     \
  X(TSPI_lineCloseCall, kSync)                 \
  X(TSPI_lineCompleteCall, kAsync)             \
  X(TSPI_lineCompleteTransfer, kAsync)         \
  X(TSPI_lineConditionalMediaDetection, kSync) \
  X(TSPI_lineDevSpecific, kAsync)              \
  X(TSPI_lineDevSpecificFeature, kAsync)       \
  X(TSPI_lineDial, kAsync)                     \
  X(TSPI_lineDrop, kAsync)                     \
  X(TSPI_lineDropOnClose, kSync)               \
  X(TSPI_lineDropNoOwner, kSync)               \
  X(TSPI_lineForward, kAsync)                  \
  X(TSPI_lineGatherDigits, kSync)              \
  X(TSPI_lineGenerateDigits, kSync)            \
  X(TSPI_lineGenerateTone, kSync)              \
  X(TSPI_lineGetAddressCaps, kSync)            \
  X(TSPI_lineGetAddressID, kSync)              \
  X(TSPI_lineGetAddressStatus, kSync)          \
  X(TSPI_lineGetCallAddressID, kSync)          \
  X(TSPI_lineGetCallHubTracking, kSync)        \
  X(TSPI_lineGetCallIDs, kSync)                \
  X(TSPI_lineGetCallInfo, kSync)               \
  X(TSPI_lineGetCallStatus, kSync)             \
  X(TSPI_lineGetDevCaps, kSync)                \
  X(TSPI_lineGetDevConfig, kSync)              \
  X(TSPI_lineGetExtensionID, kSync)            \
  X(TSPI_lineGetIcon, kSync)                   \
  X(TSPI_lineGetID, kSync)                     \
  X(TSPI_lineGetLineDevStatus, kSync)          \
  X(TSPI_lineGetNumAddressIDs, kSync)          \
  X(TSPI_lineHold, kAsync)                     \
  X(TSPI_lineMakeCall, kAsync)                 \
  X(TSPI_lineMonitorDigits, kSync)             \
  X(TSPI_lineMonitorMedia, kSync)              \
  X(TSPI_lineMonitorTones, kSync)              \
  X(TSPI_lineNegotiateExtVersion, kSync)       \
  X(TSPI_lineNegotiateTSPIVersion, kSync)      \
  X(TSPI_lineOpen, kSync)                      \
  X(TSPI_linePark, kAsync)                     \
  X(TSPI_linePickup, kAsync)                   \
  X(TSPI_linePrepareAddToConference, kAsync)   \
  X(TSPI_lineRedirect, kAsync)                 \
  X(TSPI_lineReleaseUserUserInfo, kAsync)      \
  X(TSPI_lineRemoveFromConference, kAsync)     \
  X(TSPI_lineSecureCall, kAsync)               \
  X(TSPI_lineSelectExtVersion, kSync)          \
  X(TSPI_lineSendUserUserInfo, kAsync)         \
  X(TSPI_lineSetAppSpecific, kSync)            \
  X(TSPI_lineSetCallData, kAsync)              \
  X(TSPI_lineSetCallHubTracking, kSync)        \
  X(TSPI_lineSetCallParams, kAsync)            \
  X(TSPI_lineSetCallQualityOfService, kAsync)  \
  X(TSPI_lineSetCallTreatment, kAsync)         \
  X(TSPI_lineSetCurrentLocation, kSync)        \
  X(TSPI_lineSetDefaultMediaDetection, kSync)  \
  X(TSPI_lineSetDevConfig, kSync)              \
  X(TSPI_lineSetLineDevStatus, kAsync)         \
  X(TSPI_lineSetMediaControl, kSync)           \
  X(TSPI_lineSetMediaMode, kSync)              \
  X(TSPI_lineSetStatusMessages, kSync)         \
  X(TSPI_lineSetTerminal, kAsync)              \
  X(TSPI_lineSetupConference, kAsync)          \
  X(TSPI_lineSetupTransfer, kAsync)            \
  X(TSPI_lineSwapHold, kAsync)                 \
  X(TSPI_lineUncompleteCall, kAsync)           \
  X(TSPI_lineUnhold, kAsync)                   \
  X(TSPI_lineUnpark, kAsync)                   \
  X(TSPI_phoneClose, kSync)                    \
  X(TSPI_phoneDevSpecific, kAsync)             \
  X(TSPI_phoneGetButtonInfo, kSync)            \
  X(TSPI_phoneGetData, kSync)                  \
  X(TSPI_phoneGetDevCaps, kSync)               \
  X(TSPI_phoneGetDisplay, kSync)               \
  X(TSPI_phoneGetExtensionID, kSync)           \
  X(TSPI_phoneGetGain, kSync)                  \
  X(TSPI_phoneGetHookSwitch, kSync)            \
  X(TSPI_phoneGetIcon, kSync)                  \
  X(TSPI_phoneGetID, kSync)                    \
  X(TSPI_phoneGetLamp, kSync)                  \
  X(TSPI_phoneGetRing, kSync)                  \
  X(TSPI_phoneGetStatus, kSync)                \
  X(TSPI_phoneGetVolume, kSync)                \
  X(TSPI_phoneNegotiateExtVersion, kSync)      \
  X(TSPI_phoneNegotiateTSPIVersion, kSync)     \
  X(TSPI_phoneOpen, kSync)                     \
  X(TSPI_phoneSelectExtVersion, kSync)         \
  X(TSPI_phoneSetButtonInfo, kAsync)           \
  X(TSPI_phoneSetData, kAsync)                 \
  X(TSPI_phoneSetDisplay, kAsync)              \
  X(TSPI_phoneSetGain, kAsync)                 \
  X(TSPI_phoneSetHookSwitch, kAsync)           \
  X(TSPI_phoneSetLamp, kAsync)                 \
  X(TSPI_phoneSetRing, kAsync)                 \
  X(TSPI_phoneSetStatusMessages, kSync)        \
  X(TSPI_phoneSetVolume, kAsync)               \
  X(TSPI_providerConfig, kSync)                \
  X(TSPI_providerCreateLineDevice, kSync)      \
  X(TSPI_providerCreatePhoneDevice, kSync)     \
  X(TSPI_providerEnumDevices, kSync)           \
  X(TSPI_providerFreeDialogInstance, kSync)    \
  X(TSPI_providerGenericDialogData, kSync)     \
  X(TSPI_providerInit, kSync)                  \
  X(TSPI_providerInstall, kSync)               \
  X(TSPI_providerRemove, kSync)                \
  X(TSPI_providerShutdown, kSync)              \
  X(TSPI_providerUIIdentify, kSync)            \
  X(TSPI_lineMSPIdentify, kSync)               \
  X(TSPI_lineCreateMSPInstance, kSync)         \
  X(TSPI_lineCloseMSPInstance, kSync)          \
  X(TSPI_lineReceiveMSPData, kSync)

namespace spantsp::host {

enum class TspiKind : unsigned char { kSync, kAsync };

// Enumerators are spelled exactly as the TSPI functions (TAPI names stay as TAPI spells them).
enum class TspiFunction : unsigned short {
#define SPANTSP_TSPI_ENUMERATOR(name, kind) name,
  SPANTSP_TSPI_EXPORTS(SPANTSP_TSPI_ENUMERATOR)
#undef SPANTSP_TSPI_ENUMERATOR
};

// The functions that create an outgoing call: lineMakeCall's call, lineSetupTransfer's
// consultation call (ht_call of the DownCall is the new call; it is valid once the request
// completed with success, and TAPI closes it itself when the request failed).
inline constexpr bool creates_call(TspiFunction function) {
  return function == TspiFunction::TSPI_lineMakeCall ||
         function == TspiFunction::TSPI_lineSetupTransfer;
}

inline constexpr bool is_async(TspiFunction function) {
  switch (function) {
#define SPANTSP_TSPI_KIND_CASE(name, kind) \
  case TspiFunction::name:                 \
    return TspiKind::kind == TspiKind::kAsync;
    SPANTSP_TSPI_EXPORTS(SPANTSP_TSPI_KIND_CASE)
#undef SPANTSP_TSPI_KIND_CASE
  }
  return false;
}

inline constexpr const char* function_name(TspiFunction function) {
  switch (function) {
#define SPANTSP_TSPI_NAME_CASE(name, kind) \
  case TspiFunction::name:                 \
    return #name;
    SPANTSP_TSPI_EXPORTS(SPANTSP_TSPI_NAME_CASE)
#undef SPANTSP_TSPI_NAME_CASE
  }
  return "TSPI_?";
}

}  // namespace spantsp::host
