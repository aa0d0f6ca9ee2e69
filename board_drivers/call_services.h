#pragma once
// Public: the call-center services a span's signalling carries beyond basic calls (DESIGN.md
// §5a), by span type. The provider advertises exactly these in its caps (LINEADDRESSCAPS
// dwCallFeatures, LINECALLSTATUS dwCallFeatures per state) and answers
// LINEERR_OPERATIONUNAVAIL for the rest. Each bit is set only where a libpri-against-libpri
// call over the sim D-channel proves it (tests/board_drivers/signalling/pri_hold_test.cpp,
// tests/contract/hold_test.cpp). Pure, any thread.

#include <cstdint>

#include "board_drivers/board_driver.h"
#include "config/config_model.h"

namespace spantsp::board {

enum CallService : std::uint32_t {
  // Hold and retrieve (Q.931 HOLD / RETRIEVE, ETS 300 139 / ECMA-165 QSIG): the call keeps
  // its B-channel reserved while held, so it is retrieved onto the same channel.
  kServiceHold = 1u << 0,
  // User-user information (UUS1) with SETUP, ALERTING and DISCONNECT / RELEASE both ways, and
  // received into LINECALLINFO (every PRI switch type: libpri sends and reads the user-user IE
  // whatever the switch type; the ideal board always).
  kServiceUserUser = 1u << 1,
  // ... with CONNECT too (ideal only: libpri 1.6 puts no user-user IE in CONNECT).
  kServiceUserUserAnswer = 1u << 2,
  // ... and USER INFORMATION on a connected call (lineSendUserUserInfo; ideal only: libpri 1.6
  // has no call to send USER INFORMATION and drops the ones it receives).
  kServiceUserUserSend = 1u << 3,
  // Call deflection of an offered call (lineRedirect): ETSI / Q.SIG CallRerouting, which
  // libpri 1.6 encodes for EuroISDN and Q.SIG only (pri_reroute_call); the ideal board always.
  kServiceDeflect = 1u << 4,
  // Single-step transfer of a connected call (lineBlindTransfer): the ideal board's switch
  // service; on PRI the same CallRerouting invoke as deflection, sent on the active call
  // (EuroISDN, Q.SIG: pri_reroute_call).
  kServiceBlindTransfer = 1u << 5,
  // Transfer by join (lineSetupTransfer + lineCompleteTransfer, LINETRANSFERMODE_TRANSFER):
  // the network joins the far parties of two of our calls and clears both here. The ideal
  // board always; EuroISDN by ETSI explicit call transfer (pri_channel_bridge: EctLinkIdRequest
  // + ExplicitEctExecute, which libpri's network side answers with PRI_SUBCMD_TRANSFER_CALL).
  // Not Q.SIG: libpri's transfer there (ANF-PR CallTransferComplete) leaves both B-channels
  // bridged in our PINX ("transfer by join" keeps our channels) and its network side asks for
  // nothing. Not the North American types: libpri sends their requests (EECT on NI-2, 4ESS,
  // 5ESS; RLT on DMS-100) but has no network side that answers them, so no test can show the
  // join. A consultation call needs a second channel: group lines only (core/call_services).
  kServiceTransfer = 1u << 6,
  // The far end's hold of a connected call is reported (LINECONNECTEDMODE_ACTIVEHELD, TAPI
  // 2.0: "the remote party has placed the call on hold"): PRI EuroISDN and Q.SIG, where a
  // HOLD / RETRIEVE from the peer arrives (libpri answers it); the ideal board's switch
  // never holds our calls.
  kServiceRemoteHold = 1u << 7,
};

// How many octets of user-user information each TAPI request may carry on a span
// (LINEDEVCAPS dwUUI*Size; 0 = none), and whether they must be IA5 text.
struct UserUserSizes {
  std::uint32_t make_call = 0;
  std::uint32_t accept = 0;
  std::uint32_t answer = 0;
  std::uint32_t drop = 0;
  std::uint32_t send = 0;
  std::uint32_t call_info = 0;  // received, kept in LINECALLINFO
  // libpri carries UUI as a C string with protocol discriminator IA5: no NUL octet inside.
  bool text_only = false;
};

// libpri 1.6 cuts the user-user IE of every message but USER INFORMATION to 35 characters
// (q931.c transmit_user_user), so a PRI span advertises 35 and refuses more.
inline constexpr std::uint32_t kPriUserUserMax = 35;

// libpri 1.6 implements HOLD/RETRIEVE for EuroISDN (E1 and T1) and Q.SIG only; the North
// American switch types (NI-1, NI-2, DMS-100, 4ESS, 5ESS) have no such message (their hold
// is a feature of the station, not of the PRI). An ideal board holds and retrieves always.
constexpr std::uint32_t call_services(const config::SpanConfig& span) {
  switch (span.signalling) {
    case config::Signalling::kIdeal:
      return kServiceHold | kServiceUserUser | kServiceUserUserAnswer | kServiceUserUserSend |
             kServiceDeflect | kServiceBlindTransfer | kServiceTransfer;
    case config::Signalling::kPri:
      return (span.switch_type == config::SwitchType::kEuroIsdn ||
                      span.switch_type == config::SwitchType::kQsig
                  ? kServiceHold | kServiceRemoteHold | kServiceDeflect | kServiceBlindTransfer
                  : 0u) |
             (span.switch_type == config::SwitchType::kEuroIsdn ? kServiceTransfer : 0u) |
             kServiceUserUser;
    case config::Signalling::kCas:
    case config::Signalling::kR2:
      return 0u;
  }
  return 0u;
}

constexpr UserUserSizes user_user_sizes(const config::SpanConfig& span) {
  const std::uint32_t services = call_services(span);
  if ((services & kServiceUserUser) == 0) return {};
  const bool pri = span.signalling == config::Signalling::kPri;
  const std::uint32_t max = pri ? kPriUserUserMax : kMaxUserUser;
  return UserUserSizes{
      .make_call = max,
      .accept = max,
      .answer = (services & kServiceUserUserAnswer) != 0 ? max : 0,
      .drop = max,
      .send = (services & kServiceUserUserSend) != 0 ? max : 0,
      .call_info = kMaxUserUser,
      .text_only = pri,
  };
}

// What the far end's incoming calls tell of the calling party, by signalling: the provider
// advertises caller-ID flags (LINEADDRESSCAPS dwCallerIDFlags) only for what arrives. The ideal
// board's switch sends number and name; PRI the calling party number and the display name
// (libpri's caller name, where the switch type has one); MFC/R2 the ANI (group I digits, no
// name); CAS nothing: DTMF and loop / ground start carry the called number at most.
struct IncomingCallerId {
  bool number = false;
  bool name = false;
};

constexpr IncomingCallerId incoming_caller_id(const config::SpanConfig& span) {
  switch (span.signalling) {
    case config::Signalling::kIdeal:
    case config::Signalling::kPri:
      return {.number = true, .name = true};
    case config::Signalling::kR2:
      return {.number = true, .name = false};
    case config::Signalling::kCas:
      return {};
  }
  return {};
}

}  // namespace spantsp::board
