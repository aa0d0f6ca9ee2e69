#pragma once
// Public: the call-center services a span's signalling carries beyond basic calls (DESIGN.md
// §5a), by span type. The provider advertises exactly these in its caps (LINEADDRESSCAPS
// dwCallFeatures, LINECALLSTATUS dwCallFeatures per state) and answers
// LINEERR_OPERATIONUNAVAIL for the rest. Each bit is set only where a libpri-against-libpri
// call over the sim D-channel proves it (tests/board_drivers/signalling/pri_hold_test.cpp,
// tests/contract/hold_test.cpp). Pure, any thread.

#include <cstdint>

#include "config/config_model.h"

namespace spantsp::board {

enum CallService : std::uint32_t {
  // Hold and retrieve (Q.931 HOLD / RETRIEVE, ETS 300 139 / ECMA-165 QSIG): the call keeps
  // its B-channel reserved while held, so it is retrieved onto the same channel.
  kServiceHold = 1u << 0,
};

// libpri 1.6 implements HOLD/RETRIEVE for EuroISDN (E1 and T1) and Q.SIG only; the North
// American switch types (NI-1, NI-2, DMS-100, 4ESS, 5ESS) have no such message (their hold
// is a feature of the station, not of the PRI). An ideal board holds and retrieves always.
constexpr std::uint32_t call_services(const config::SpanConfig& span) {
  switch (span.signalling) {
    case config::Signalling::kIdeal:
      return kServiceHold;
    case config::Signalling::kPri:
      return span.switch_type == config::SwitchType::kEuroIsdn ||
                     span.switch_type == config::SwitchType::kQsig
                 ? kServiceHold
                 : 0u;
    case config::Signalling::kCas:
    case config::Signalling::kR2:
      return 0u;
  }
  return 0u;
}

}  // namespace spantsp::board
