#pragma once
// Prototypes of every TSPI_* and TUISPI_* function mingw-w64's tspi.h declares, with exactly
// those signatures (tests/tspi/abi checks arity, parameter sizes and calling convention against
// mingw-w64 on both Windows targets). The provider defines the ones it implements; the .so/.def
// export list decides which TAPISRV sees (tspi-contract §6: what is not exported makes TAPI
// answer OPERATIONUNAVAIL).
//
// "A" marks an asynchronous function: its first parameter is the DRV_REQUESTID, it returns that
// ID or a negative LINEERR_*, and completes exactly once through ASYNC_COMPLETION (tspi-contract
// §2). Every other function is synchronous and returns 0 or a negative LINEERR_*.

#include "tspi/abi/tapi_structs.h"
#include "tspi/abi/tapi_types.h"

SPANTSP_ABI_NAMESPACE_BEGIN

extern "C" {

// ---- Provider lifecycle (tspi-contract §1) ----
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_providerEnumDevices(
    DWORD dwPermanentProviderID, LPDWORD lpdwNumLines, LPDWORD lpdwNumPhones, HPROVIDER hProvider,
    LINEEVENT lpfnLineCreateProc, PHONEEVENT lpfnPhoneCreateProc);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_providerInit(DWORD dwTSPIVersion, DWORD dwPermanentProviderID,
                                                   DWORD dwLineDeviceIDBase,
                                                   DWORD dwPhoneDeviceIDBase, DWORD_PTR dwNumLines,
                                                   DWORD_PTR dwNumPhones,
                                                   ASYNC_COMPLETION lpfnCompletionProc,
                                                   LPDWORD lpdwTSPIOptions);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_providerShutdown(DWORD dwTSPIVersion,
                                                       DWORD dwPermanentProviderID);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_providerCreateLineDevice(DWORD_PTR dwTempID,
                                                               DWORD dwDeviceID);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_providerCreatePhoneDevice(DWORD_PTR dwTempID,
                                                                DWORD dwDeviceID);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_providerUIIdentify(LPWSTR lpszUIDLLName);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_providerGenericDialogData(DWORD_PTR dwObjectID,
                                                                DWORD dwObjectType, LPVOID lpParams,
                                                                DWORD dwSize);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_providerFreeDialogInstance(HDRVDIALOGINSTANCE hdDlgInst);
// Obsolete since TAPI 2.0 (replaced by the TUISPI_provider* functions of the UI DLL).
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_providerConfig(HWND hwndOwner, DWORD dwPermanentProviderID);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_providerInstall(HWND hwndOwner, DWORD dwPermanentProviderID);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_providerRemove(HWND hwndOwner, DWORD dwPermanentProviderID);

// ---- Line: versions, capabilities, status (synchronous) ----
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_lineNegotiateTSPIVersion(DWORD dwDeviceID, DWORD dwLowVersion,
                                                               DWORD dwHighVersion,
                                                               LPDWORD lpdwTSPIVersion);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_lineNegotiateExtVersion(DWORD dwDeviceID, DWORD dwTSPIVersion,
                                                              DWORD dwLowVersion,
                                                              DWORD dwHighVersion,
                                                              LPDWORD lpdwExtVersion);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_lineSelectExtVersion(HDRVLINE hdLine, DWORD dwExtVersion);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_lineGetExtensionID(DWORD dwDeviceID, DWORD dwTSPIVersion,
                                                         LPLINEEXTENSIONID lpExtensionID);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_lineGetDevCaps(DWORD dwDeviceID, DWORD dwTSPIVersion,
                                                     DWORD dwExtVersion,
                                                     LPLINEDEVCAPS lpLineDevCaps);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_lineGetAddressCaps(DWORD dwDeviceID, DWORD dwAddressID,
                                                         DWORD dwTSPIVersion, DWORD dwExtVersion,
                                                         LPLINEADDRESSCAPS lpAddressCaps);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_lineGetAddressID(HDRVLINE hdLine, LPDWORD lpdwAddressID,
                                                       DWORD dwAddressMode, LPCWSTR lpsAddress,
                                                       DWORD dwSize);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_lineGetAddressStatus(HDRVLINE hdLine, DWORD dwAddressID,
                                                           LPLINEADDRESSSTATUS lpAddressStatus);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_lineGetNumAddressIDs(HDRVLINE hdLine,
                                                           LPDWORD lpdwNumAddressIDs);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_lineGetLineDevStatus(HDRVLINE hdLine,
                                                           LPLINEDEVSTATUS lpLineDevStatus);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_lineGetID(HDRVLINE hdLine, DWORD dwAddressID, HDRVCALL hdCall,
                                                DWORD dwSelect, LPVARSTRING lpDeviceID,
                                                LPCWSTR lpszDeviceClass, HANDLE hTargetProcess);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_lineGetIcon(DWORD dwDeviceID, LPCWSTR lpszDeviceClass,
                                                  LPHICON lphIcon);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_lineGetDevConfig(DWORD dwDeviceID, LPVARSTRING lpDeviceConfig,
                                                       LPCWSTR lpszDeviceClass);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_lineSetDevConfig(DWORD dwDeviceID,
                                                       LPVOID const lpDeviceConfig, DWORD dwSize,
                                                       LPCWSTR lpszDeviceClass);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_lineSetStatusMessages(HDRVLINE hdLine, DWORD dwLineStates,
                                                            DWORD dwAddressStates);
SPANTSP_TSPI_EXPORT LONG TSPIAPI
TSPI_lineGetCallHubTracking(HDRVLINE hdLine, LPLINECALLHUBTRACKINGINFO lpTrackingInfo);
SPANTSP_TSPI_EXPORT LONG TSPIAPI
TSPI_lineSetCallHubTracking(HDRVLINE hdLine, LPLINECALLHUBTRACKINGINFO lpTrackingInfo);

// ---- Line: open and close ----
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_lineOpen(DWORD dwDeviceID, HTAPILINE htLine,
                                               LPHDRVLINE lphdLine, DWORD dwTSPIVersion,
                                               LINEEVENT lpfnEventProc);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_lineClose(HDRVLINE hdLine);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_lineSetDefaultMediaDetection(HDRVLINE hdLine,
                                                                   DWORD dwMediaModes);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_lineConditionalMediaDetection(
    HDRVLINE hdLine, DWORD dwMediaModes, LPLINECALLPARAMS const lpCallParams);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_lineSetLineDevStatus(DRV_REQUESTID dwRequestID,  // A
                                                           HDRVLINE hdLine, DWORD dwStatusToChange,
                                                           DWORD fStatus);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_lineSetTerminal(DRV_REQUESTID dwRequestID,  // A
                                                      HDRVLINE hdLine, DWORD dwAddressID,
                                                      HDRVCALL hdCall, DWORD dwSelect,
                                                      DWORD dwTerminalModes, DWORD dwTerminalID,
                                                      DWORD bEnable);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_lineForward(DRV_REQUESTID dwRequestID,  // A
                                                  HDRVLINE hdLine, DWORD bAllAddresses,
                                                  DWORD dwAddressID,
                                                  LPLINEFORWARDLIST const lpForwardList,
                                                  DWORD dwNumRingsNoAnswer, HTAPICALL htConsultCall,
                                                  LPHDRVCALL lphdConsultCall,
                                                  LPLINECALLPARAMS const lpCallParams);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_lineUncompleteCall(DRV_REQUESTID dwRequestID,  // A
                                                         HDRVLINE hdLine, DWORD dwCompletionID);

// ---- Calls: creation and control ----
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_lineMakeCall(DRV_REQUESTID dwRequestID,  // A
                                                   HDRVLINE hdLine, HTAPICALL htCall,
                                                   LPHDRVCALL lphdCall, LPCWSTR lpszDestAddress,
                                                   DWORD dwCountryCode,
                                                   LPLINECALLPARAMS const lpCallParams);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_lineDial(DRV_REQUESTID dwRequestID,  // A
                                               HDRVCALL hdCall, LPCWSTR lpszDestAddress,
                                               DWORD dwCountryCode);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_lineAccept(DRV_REQUESTID dwRequestID,  // A
                                                 HDRVCALL hdCall, LPCSTR lpsUserUserInfo,
                                                 DWORD dwSize);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_lineAnswer(DRV_REQUESTID dwRequestID,  // A
                                                 HDRVCALL hdCall, LPCSTR lpsUserUserInfo,
                                                 DWORD dwSize);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_lineDrop(DRV_REQUESTID dwRequestID,  // A
                                               HDRVCALL hdCall, LPCSTR lpsUserUserInfo,
                                               DWORD dwSize);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_lineCloseCall(HDRVCALL hdCall);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_lineRedirect(DRV_REQUESTID dwRequestID,  // A
                                                   HDRVCALL hdCall, LPCWSTR lpszDestAddress,
                                                   DWORD dwCountryCode);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_lineBlindTransfer(DRV_REQUESTID dwRequestID,  // A
                                                        HDRVCALL hdCall, LPCWSTR lpszDestAddress,
                                                        DWORD dwCountryCode);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_lineHold(DRV_REQUESTID dwRequestID,  // A
                                               HDRVCALL hdCall);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_lineUnhold(DRV_REQUESTID dwRequestID,  // A
                                                 HDRVCALL hdCall);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_lineSwapHold(DRV_REQUESTID dwRequestID,  // A
                                                   HDRVCALL hdActiveCall, HDRVCALL hdHeldCall);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_lineSetupTransfer(DRV_REQUESTID dwRequestID,  // A
                                                        HDRVCALL hdCall, HTAPICALL htConsultCall,
                                                        LPHDRVCALL lphdConsultCall,
                                                        LPLINECALLPARAMS const lpCallParams);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_lineCompleteTransfer(DRV_REQUESTID dwRequestID,  // A
                                                           HDRVCALL hdCall, HDRVCALL hdConsultCall,
                                                           HTAPICALL htConfCall,
                                                           LPHDRVCALL lphdConfCall,
                                                           DWORD dwTransferMode);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_lineSetupConference(
    DRV_REQUESTID dwRequestID,  // A
    HDRVCALL hdCall, HDRVLINE hdLine, HTAPICALL htConfCall, LPHDRVCALL lphdConfCall,
    HTAPICALL htConsultCall, LPHDRVCALL lphdConsultCall, DWORD dwNumParties,
    LPLINECALLPARAMS const lpCallParams);
SPANTSP_TSPI_EXPORT LONG TSPIAPI
TSPI_linePrepareAddToConference(DRV_REQUESTID dwRequestID,  // A
                                HDRVCALL hdConfCall, HTAPICALL htConsultCall,
                                LPHDRVCALL lphdConsultCall, LPLINECALLPARAMS const lpCallParams);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_lineAddToConference(DRV_REQUESTID dwRequestID,  // A
                                                          HDRVCALL hdConfCall,
                                                          HDRVCALL hdConsultCall);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_lineRemoveFromConference(DRV_REQUESTID dwRequestID,  // A
                                                               HDRVCALL hdCall);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_linePark(DRV_REQUESTID dwRequestID,  // A
                                               HDRVCALL hdCall, DWORD dwParkMode,
                                               LPCWSTR lpszDirAddress, LPVARSTRING lpNonDirAddress);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_lineUnpark(DRV_REQUESTID dwRequestID,  // A
                                                 HDRVLINE hdLine, DWORD dwAddressID,
                                                 HTAPICALL htCall, LPHDRVCALL lphdCall,
                                                 LPCWSTR lpszDestAddress);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_linePickup(DRV_REQUESTID dwRequestID,  // A
                                                 HDRVLINE hdLine, DWORD dwAddressID,
                                                 HTAPICALL htCall, LPHDRVCALL lphdCall,
                                                 LPCWSTR lpszDestAddress, LPCWSTR lpszGroupID);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_lineCompleteCall(DRV_REQUESTID dwRequestID,  // A
                                                       HDRVCALL hdCall, LPDWORD lpdwCompletionID,
                                                       DWORD dwCompletionMode, DWORD dwMessageID);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_lineSecureCall(DRV_REQUESTID dwRequestID,  // A
                                                     HDRVCALL hdCall);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_lineSendUserUserInfo(DRV_REQUESTID dwRequestID,  // A
                                                           HDRVCALL hdCall, LPCSTR lpsUserUserInfo,
                                                           DWORD dwSize);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_lineReleaseUserUserInfo(DRV_REQUESTID dwRequestID,  // A
                                                              HDRVCALL hdCall);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_lineSetCallParams(DRV_REQUESTID dwRequestID,  // A
                                                        HDRVCALL hdCall, DWORD dwBearerMode,
                                                        DWORD dwMinRate, DWORD dwMaxRate,
                                                        LPLINEDIALPARAMS const lpDialParams);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_lineSetCallData(DRV_REQUESTID dwRequestID,  // A
                                                      HDRVCALL hdCall, LPVOID lpCallData,
                                                      DWORD dwSize);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_lineSetCallTreatment(DRV_REQUESTID dwRequestID,  // A
                                                           HDRVCALL hdCall, DWORD dwTreatment);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_lineSetCallQualityOfService(DRV_REQUESTID dwRequestID,  // A
                                                                  HDRVCALL hdCall,
                                                                  LPVOID lpSendingFlowspec,
                                                                  DWORD dwSendingFlowspecSize,
                                                                  LPVOID lpReceivingFlowspec,
                                                                  DWORD dwReceivingFlowspecSize);

// ---- Calls: information (synchronous) ----
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_lineGetCallInfo(HDRVCALL hdCall, LPLINECALLINFO lpCallInfo);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_lineGetCallStatus(HDRVCALL hdCall,
                                                        LPLINECALLSTATUS lpCallStatus);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_lineGetCallAddressID(HDRVCALL hdCall, LPDWORD lpdwAddressID);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_lineGetCallIDs(HDRVCALL hdCall, LPDWORD lpdwAddressID,
                                                     LPDWORD lpdwCallID, LPDWORD lpdwRelatedCallID);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_lineSetAppSpecific(HDRVCALL hdCall, DWORD dwAppSpecific);

// ---- Calls: media, digits and tones (synchronous; results arrive as LINEEVENT messages) ----
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_lineSetMediaMode(HDRVCALL hdCall, DWORD dwMediaMode);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_lineMonitorMedia(HDRVCALL hdCall, DWORD dwMediaModes);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_lineMonitorDigits(HDRVCALL hdCall, DWORD dwDigitModes);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_lineMonitorTones(HDRVCALL hdCall, DWORD dwToneListID,
                                                       LPLINEMONITORTONE const lpToneList,
                                                       DWORD dwNumEntries);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_lineGatherDigits(
    HDRVCALL hdCall, DWORD dwEndToEndID, DWORD dwDigitModes, LPWSTR lpsDigits, DWORD dwNumDigits,
    LPCWSTR lpszTerminationDigits, DWORD dwFirstDigitTimeout, DWORD dwInterDigitTimeout);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_lineGenerateDigits(HDRVCALL hdCall, DWORD dwEndToEndID,
                                                         DWORD dwDigitMode, LPCWSTR lpszDigits,
                                                         DWORD dwDuration);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_lineGenerateTone(HDRVCALL hdCall, DWORD dwEndToEndID,
                                                       DWORD dwToneMode, DWORD dwDuration,
                                                       DWORD dwNumTones,
                                                       LPLINEGENERATETONE const lpTones);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_lineSetMediaControl(
    HDRVLINE hdLine, DWORD dwAddressID, HDRVCALL hdCall, DWORD dwSelect,
    LPLINEMEDIACONTROLDIGIT const lpDigitList, DWORD dwDigitNumEntries,
    LPLINEMEDIACONTROLMEDIA const lpMediaList, DWORD dwMediaNumEntries,
    LPLINEMEDIACONTROLTONE const lpToneList, DWORD dwToneNumEntries,
    LPLINEMEDIACONTROLCALLSTATE const lpCallStateList, DWORD dwCallStateNumEntries);

// ---- Device-specific extensions ----
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_lineDevSpecific(DRV_REQUESTID dwRequestID,  // A
                                                      HDRVLINE hdLine, DWORD dwAddressID,
                                                      HDRVCALL hdCall, LPVOID lpParams,
                                                      DWORD dwSize);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_lineDevSpecificFeature(DRV_REQUESTID dwRequestID,  // A
                                                             HDRVLINE hdLine, DWORD dwFeature,
                                                             LPVOID lpParams, DWORD dwSize);

// ---- Media service providers (TSPI 3.0) ----
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_lineMSPIdentify(DWORD dwDeviceID, GUID* pCLSID);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_lineCreateMSPInstance(HDRVLINE hdLine, DWORD dwAddressID,
                                                            HTAPIMSPLINE htMSPLine,
                                                            LPHDRVMSPLINE lphdMSPLine);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_lineCloseMSPInstance(HDRVMSPLINE hdMSPLine);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_lineReceiveMSPData(HDRVLINE hdLine, HDRVCALL hdCall,
                                                         HDRVMSPLINE hdMSPLine, LPVOID pBuffer,
                                                         DWORD dwSize);

// ---- Obsolete: TAPI 2.x never calls these (tspi-contract §6) ----
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_lineDropOnClose(HDRVCALL hdCall);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_lineDropNoOwner(HDRVCALL hdCall);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_lineSetCurrentLocation(DWORD dwLocation);

// ---- Phone devices (SpanTSP has none; declared so a stub keeps the exact signature) ----
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_phoneNegotiateTSPIVersion(DWORD dwDeviceID,
                                                                DWORD dwLowVersion,
                                                                DWORD dwHighVersion,
                                                                LPDWORD lpdwTSPIVersion);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_phoneNegotiateExtVersion(DWORD dwDeviceID,
                                                               DWORD dwTSPIVersion,
                                                               DWORD dwLowVersion,
                                                               DWORD dwHighVersion,
                                                               LPDWORD lpdwExtVersion);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_phoneSelectExtVersion(HDRVPHONE hdPhone, DWORD dwExtVersion);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_phoneGetExtensionID(DWORD dwDeviceID, DWORD dwTSPIVersion,
                                                          LPPHONEEXTENSIONID lpExtensionID);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_phoneGetDevCaps(DWORD dwDeviceID, DWORD dwTSPIVersion,
                                                      DWORD dwExtVersion, LPPHONECAPS lpPhoneCaps);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_phoneOpen(DWORD dwDeviceID, HTAPIPHONE htPhone,
                                                LPHDRVPHONE lphdPhone, DWORD dwTSPIVersion,
                                                PHONEEVENT lpfnEventProc);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_phoneClose(HDRVPHONE hdPhone);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_phoneGetStatus(HDRVPHONE hdPhone,
                                                     LPPHONESTATUS lpPhoneStatus);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_phoneSetStatusMessages(HDRVPHONE hdPhone, DWORD dwPhoneStates,
                                                             DWORD dwButtonModes,
                                                             DWORD dwButtonStates);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_phoneGetID(HDRVPHONE hdPhone, LPVARSTRING lpDeviceID,
                                                 LPCWSTR lpszDeviceClass, HANDLE hTargetProcess);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_phoneGetIcon(DWORD dwDeviceID, LPCWSTR lpszDeviceClass,
                                                   LPHICON lphIcon);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_phoneGetButtonInfo(HDRVPHONE hdPhone, DWORD dwButtonLampID,
                                                         LPPHONEBUTTONINFO lpButtonInfo);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_phoneSetButtonInfo(DRV_REQUESTID dwRequestID,  // A
                                                         HDRVPHONE hdPhone, DWORD dwButtonLampID,
                                                         LPPHONEBUTTONINFO const lpButtonInfo);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_phoneGetData(HDRVPHONE hdPhone, DWORD dwDataID, LPVOID lpData,
                                                   DWORD dwSize);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_phoneSetData(DRV_REQUESTID dwRequestID,  // A
                                                   HDRVPHONE hdPhone, DWORD dwDataID,
                                                   LPVOID const lpData, DWORD dwSize);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_phoneGetDisplay(HDRVPHONE hdPhone, LPVARSTRING lpDisplay);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_phoneSetDisplay(DRV_REQUESTID dwRequestID,  // A
                                                      HDRVPHONE hdPhone, DWORD dwRow,
                                                      DWORD dwColumn, LPCWSTR lpsDisplay,
                                                      DWORD dwSize);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_phoneGetGain(HDRVPHONE hdPhone, DWORD dwHookSwitchDev,
                                                   LPDWORD lpdwGain);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_phoneSetGain(DRV_REQUESTID dwRequestID,  // A
                                                   HDRVPHONE hdPhone, DWORD dwHookSwitchDev,
                                                   DWORD dwGain);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_phoneGetHookSwitch(HDRVPHONE hdPhone,
                                                         LPDWORD lpdwHookSwitchDevs);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_phoneSetHookSwitch(DRV_REQUESTID dwRequestID,  // A
                                                         HDRVPHONE hdPhone, DWORD dwHookSwitchDevs,
                                                         DWORD dwHookSwitchMode);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_phoneGetLamp(HDRVPHONE hdPhone, DWORD dwButtonLampID,
                                                   LPDWORD lpdwLampMode);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_phoneSetLamp(DRV_REQUESTID dwRequestID,  // A
                                                   HDRVPHONE hdPhone, DWORD dwButtonLampID,
                                                   DWORD dwLampMode);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_phoneGetRing(HDRVPHONE hdPhone, LPDWORD lpdwRingMode,
                                                   LPDWORD lpdwVolume);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_phoneSetRing(DRV_REQUESTID dwRequestID,  // A
                                                   HDRVPHONE hdPhone, DWORD dwRingMode,
                                                   DWORD dwVolume);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_phoneGetVolume(HDRVPHONE hdPhone, DWORD dwHookSwitchDev,
                                                     LPDWORD lpdwVolume);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_phoneSetVolume(DRV_REQUESTID dwRequestID,  // A
                                                     HDRVPHONE hdPhone, DWORD dwHookSwitchDev,
                                                     DWORD dwVolume);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TSPI_phoneDevSpecific(DRV_REQUESTID dwRequestID,  // A
                                                       HDRVPHONE hdPhone, LPVOID lpParams,
                                                       DWORD dwSize);

// ---- UI DLL exports (run in the application's process; all synchronous; tspi-contract §7) ----
SPANTSP_TSPI_EXPORT LONG TSPIAPI TUISPI_lineConfigDialog(TUISPIDLLCALLBACK lpfnUIDLLCallback,
                                                         DWORD dwDeviceID, HWND hwndOwner,
                                                         LPCWSTR lpszDeviceClass);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TUISPI_lineConfigDialogEdit(
    TUISPIDLLCALLBACK lpfnUIDLLCallback, DWORD dwDeviceID, HWND hwndOwner, LPCWSTR lpszDeviceClass,
    LPVOID const lpDeviceConfigIn, DWORD dwSize, LPVARSTRING lpDeviceConfigOut);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TUISPI_phoneConfigDialog(TUISPIDLLCALLBACK lpfnUIDLLCallback,
                                                          DWORD dwDeviceID, HWND hwndOwner,
                                                          LPCWSTR lpszDeviceClass);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TUISPI_providerConfig(TUISPIDLLCALLBACK lpfnUIDLLCallback,
                                                       HWND hwndOwner, DWORD dwPermanentProviderID);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TUISPI_providerInstall(TUISPIDLLCALLBACK lpfnUIDLLCallback,
                                                        HWND hwndOwner,
                                                        DWORD dwPermanentProviderID);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TUISPI_providerRemove(TUISPIDLLCALLBACK lpfnUIDLLCallback,
                                                       HWND hwndOwner, DWORD dwPermanentProviderID);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TUISPI_providerGenericDialog(TUISPIDLLCALLBACK lpfnUIDLLCallback,
                                                              HTAPIDIALOGINSTANCE htDlgInst,
                                                              LPVOID lpParams, DWORD dwSize,
                                                              HANDLE hEvent);
SPANTSP_TSPI_EXPORT LONG TSPIAPI TUISPI_providerGenericDialogData(HTAPIDIALOGINSTANCE htDlgInst,
                                                                  LPVOID lpParams, DWORD dwSize);

}  // extern "C"

SPANTSP_ABI_NAMESPACE_END
