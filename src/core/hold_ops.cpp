// Engine: TSPI_lineHold, TSPI_lineUnhold and TSPI_lineSwapHold (any TAPISRV thread). They
// check the service and the state on the snapshot, then post; the strand decides again in the
// state it really has (core/span_hold.cpp).

#include "board_drivers/call_services.h"
#include "core/call_services.h"
#include "core/engine.h"

namespace spantsp::core {
namespace {

struct ResolvedCall {
  Call* call = nullptr;
  std::uint32_t index = 0;
  std::uint32_t generation = 0;
  CallSnapshot snapshot;
};

}  // namespace

LONG Engine::hold(DRV_REQUESTID request, HDRVCALL hd_call) {
  return call_request(request, hd_call, Command::Op::kHold);
}

LONG Engine::unhold(DRV_REQUESTID request, HDRVCALL hd_call) {
  return call_request(request, hd_call, Command::Op::kUnhold);
}

LONG Engine::swap_hold(DRV_REQUESTID request, HDRVCALL hd_active, HDRVCALL hd_held) {
  ResolvedCall active, held;
  for (auto [hd, r] : {std::pair{hd_active, &active}, std::pair{hd_held, &held}}) {
    r->call = resolve_call(hd, &r->index, &r->generation);
    if (r->call == nullptr) return LINEERR_INVALCALLHANDLE;
    r->snapshot = r->call->snapshot.load();
    if (r->snapshot.generation != r->generation || r->snapshot.line_index == kNoIndex) {
      return LINEERR_INVALCALLHANDLE;
    }
  }
  const LineDescriptor& line = directory_.lines()[active.snapshot.line_index];
  if ((line.services & board::kServiceHold) == 0) return LINEERR_OPERATIONUNAVAIL;
  // Both calls on the one address of the same line (a trunk group: two channels).
  if (held.snapshot.line_index != active.snapshot.line_index || held.index == active.index) {
    return LINEERR_INVALCALLHANDLE;
  }
  if (!hold_allowed(active.snapshot.state) || !unhold_allowed(held.snapshot.state)) {
    return LINEERR_INVALCALLSTATE;
  }
  Command command;
  command.op = Command::Op::kSwapHold;
  command.line_index = active.snapshot.line_index;
  command.call_index = active.index;
  command.call_generation = active.generation;
  command.request = request;
  command.arg1 = held.index;
  command.arg2 = held.generation;
  if (const LONG error = post_for_call(*active.call, active.snapshot.line_index, command);
      error != 0) {
    return error;
  }
  return static_cast<LONG>(request);
}

}  // namespace spantsp::core
