// SpanRuntime: the hold service on the span worker (DESIGN.md §5a). lineHold / lineUnhold
// complete when the network has answered (HOLD ACK / RETRIEVE ACK), then the call's new state
// follows, as lineAnswer's completion precedes CONNECTED. A held call keeps its channel.
// lineSwapHold holds the active call, then retrieves the held one; it completes when the
// retrieval does (or fails as soon as a step is refused, with each call left in the state it
// reached and announced). The far end's hold of our call (board::kServiceRemoteHold) is
// reported as CONNECTED with LINECONNECTEDMODE_ACTIVEHELD ("the remote party has placed the
// call on hold"), its retrieval as CONNECTED ACTIVE again: TAPI has no call state for it, and
// ONHOLD is our own hold.

#include "board_drivers/call_services.h"
#include "core/call_services.h"
#include "core/engine.h"
#include "core/span_runtime.h"

namespace spantsp::core {

namespace {
constexpr DWORD kRemoteHoldVersion = 0x00020000;
}  // namespace

bool SpanRuntime::has_hold(const Call& call) const {
  return (engine_.directory().lines()[call.line_index].services & board::kServiceHold) != 0;
}

void SpanRuntime::hold(const Command& c) {
  Call* call = call_of(c);
  if (call == nullptr) return complete(c.request, LINEERR_INVALCALLHANDLE);
  if (!has_hold(*call)) return complete(c.request, LINEERR_OPERATIONUNAVAIL);
  if (!call->valid || !hold_allowed(call->state)) {
    return complete(c.request, LINEERR_INVALCALLSTATE);
  }
  if (!signalling_->hold(call->channel)) return complete(c.request, LINEERR_OPERATIONFAILED);
  add_pending(*call, c.request, PendingOp::kHold);
}

void SpanRuntime::unhold(const Command& c) {
  Call* call = call_of(c);
  if (call == nullptr) return complete(c.request, LINEERR_INVALCALLHANDLE);
  if (!has_hold(*call)) return complete(c.request, LINEERR_OPERATIONUNAVAIL);
  if (!call->valid || !unhold_allowed(call->state)) {
    return complete(c.request, LINEERR_INVALCALLSTATE);
  }
  if (!signalling_->retrieve(call->channel)) return complete(c.request, LINEERR_OPERATIONFAILED);
  add_pending(*call, c.request, PendingOp::kUnhold);
}

void SpanRuntime::swap_hold(const Command& c) {
  Call* active = call_of(c);
  if (active == nullptr) return complete(c.request, LINEERR_INVALCALLHANDLE);
  Call& held = engine_.call(c.arg1);
  if (held.generation.load(std::memory_order_acquire) != c.arg2 ||
      held.line_index != active->line_index || &held == active) {
    return complete(c.request, LINEERR_INVALCALLHANDLE);
  }
  if (!has_hold(*active)) return complete(c.request, LINEERR_OPERATIONUNAVAIL);
  if (!active->valid || !held.valid || !hold_allowed(active->state) ||
      !unhold_allowed(held.state) || active->swap_to != kNoIndex) {
    return complete(c.request, LINEERR_INVALCALLSTATE);
  }
  if (!signalling_->hold(active->channel)) return complete(c.request, LINEERR_OPERATIONFAILED);
  add_pending(held, c.request, PendingOp::kSwapHold);
  active->swap_to = c.arg1;
}

void SpanRuntime::on_hold_result(int channel, bool held, bool ok) {
  Call* call = call_on_channel(channel);
  if (call == nullptr || !call->valid) return;
  if (held && on_transfer_hold(*call, ok)) return;
  if (held) {
    finish_pending(*call, PendingOp::kHold, ok ? 0 : LINEERR_OPERATIONFAILED);
    if (ok) set_state(*call, LINECALLSTATE_ONHOLD, 0);
    if (call->swap_to == kNoIndex) return;
    Call& other = engine_.call(call->swap_to);
    call->swap_to = kNoIndex;
    // The second half of lineSwapHold: retrieve the call that carries the request.
    if (!ok || !other.valid || !unhold_allowed(other.state) ||
        !signalling_->retrieve(other.channel)) {
      finish_pending(other, PendingOp::kSwapHold, LINEERR_OPERATIONFAILED);
    }
    return;
  }
  finish_pending(*call, PendingOp::kUnhold, ok ? 0 : LINEERR_OPERATIONFAILED);
  finish_pending(*call, PendingOp::kSwapHold, ok ? 0 : LINEERR_OPERATIONFAILED);
  if (ok) set_state(*call, LINECALLSTATE_CONNECTED, LINECONNECTEDMODE_ACTIVE);
}

void SpanRuntime::on_remote_hold(int channel, bool held) {
  Call* call = call_on_channel(channel);
  if (call == nullptr || !call->valid || call->state != LINECALLSTATE_CONNECTED) return;
  // LINECONNECTEDMODE_ACTIVEHELD is TAPI 2.0's; an older line hears nothing of it.
  if (engine_.line(call->line_index).version < kRemoteHoldVersion) return;
  const DWORD mode = held ? LINECONNECTEDMODE_ACTIVEHELD : LINECONNECTEDMODE_ACTIVE;
  if (call->state_mode == mode) return;
  call->state_mode = mode;
  publish_snapshot(*call);
  call_event(*call, LINE_CALLSTATE, LINECALLSTATE_CONNECTED, mode, call->media_mode);
}

void SpanRuntime::abandon_swap(Call& call) {
  if (call.swap_to == kNoIndex) return;
  finish_pending(engine_.call(call.swap_to), PendingOp::kSwapHold, LINEERR_OPERATIONFAILED);
  call.swap_to = kNoIndex;
}

}  // namespace spantsp::core
