// SpanRuntime: call deflection on the span worker (TSPI_lineRedirect, DESIGN.md §5a). The
// board asks the network to take the offered call elsewhere; the network answers by clearing
// it here (16, normal clearing). Then lineRedirect completes with success, LINECALLINFO
// names the destination (LINE_CALLINFO REDIRECTIONID), the channel is released and the call
// goes IDLE without a DISCONNECTED first (the call "typically transitions to idle"). Any
// other clearing fails the request and the call ends as any other.

#include "board_drivers/call_services.h"
#include "core/call_services.h"
#include "core/engine.h"
#include "core/span_runtime.h"

namespace spantsp::core {

void SpanRuntime::redirect(const Command& c) {
  Call* call = call_of(c);
  if (call == nullptr) return complete(c.request, LINEERR_INVALCALLHANDLE);
  if (!call->valid || !redirect_allowed(call->state) || call->releasing) {
    return complete(c.request, LINEERR_INVALCALLSTATE);
  }
  for (const PendingRequest& p : call->pending) {
    if (p.op == PendingOp::kRedirect) return complete(c.request, LINEERR_INVALCALLSTATE);
  }
  if (!signalling_->deflect(call->channel, c.digits)) {
    return complete(c.request, LINEERR_OPERATIONFAILED);
  }
  call->redirection = c.digits;
  add_pending(*call, c.request, PendingOp::kRedirect);
}

bool SpanRuntime::redirected(Call& call, std::uint8_t q850_cause) {
  bool pending = false;
  for (const PendingRequest& p : call.pending) pending = pending || p.op == PendingOp::kRedirect;
  if (!pending) return false;
  if (q850_cause != board::cause::kNormalClearing) {
    call.redirection = board::Number{};  // the network did not take it: the call just ends
    return false;
  }
  finish_pending(call, PendingOp::kRedirect, 0);
  publish_snapshot(call);
  call_event(call, LINE_CALLINFO, LINECALLINFOSTATE_REDIRECTIONID, 0, 0);
  release_trunk(call, board::cause::kNormalClearing);  // on_released brings IDLE
  return true;
}

}  // namespace spantsp::core
