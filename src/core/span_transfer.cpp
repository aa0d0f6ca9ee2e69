// SpanRuntime: the transfer service on the span worker (DESIGN.md §5a).
//
// lineBlindTransfer asks the network to take the connected call's far party on to a number
// (single-step transfer); the network answers by clearing our call (16, normal clearing):
// then the request completes with success and the call goes IDLE without a DISCONNECTED
// first (the call "is cleared from the line"), as lineRedirect's does.
//
// lineSetupTransfer holds the call (HOLD / the board's hold), and once the network granted it
// seizes a channel for the consultation call: the request completes, the call goes
// ONHOLDPENDTRANSFER and the consultation call DIALTONE (lineDial dials it, as after
// lineMakeCall without a number). A refused hold fails the request with the call still
// CONNECTED; a held call whose consultation call found no channel fails it with the call
// announced ONHOLD (lineUnhold takes it back).
//
// lineCompleteTransfer (LINETRANSFERMODE_TRANSFER) asks the network to join the far parties
// of the two calls (two-B-channel transfer / ECT); the network clears both here: the request
// completes with success when the transferred call's clearing arrives, and both calls go IDLE
// without DISCONNECTED, their channels free. Any other clearing fails the request and the
// calls end as any other.

#include "board_drivers/call_services.h"
#include "core/call_services.h"
#include "core/engine.h"
#include "core/span_runtime.h"

namespace spantsp::core {

namespace {

bool has_pending(const Call& call, PendingOp op) {
  for (const PendingRequest& p : call.pending) {
    if (p.op == op) return true;
  }
  return false;
}

}  // namespace

void SpanRuntime::blind_transfer(const Command& c) {
  Call* call = call_of(c);
  if (call == nullptr) return complete(c.request, LINEERR_INVALCALLHANDLE);
  const LineDescriptor& line = engine_.directory().lines()[call->line_index];
  if ((line.services & board::kServiceBlindTransfer) == 0) {
    return complete(c.request, LINEERR_OPERATIONUNAVAIL);
  }
  if (!call->valid || !blind_transfer_allowed(call->state) || call->releasing ||
      has_pending(*call, PendingOp::kBlindTransfer) || call->transfer_peer != kNoIndex) {
    return complete(c.request, LINEERR_INVALCALLSTATE);
  }
  if (!signalling_->blind_transfer(call->channel, c.digits)) {
    return complete(c.request, LINEERR_OPERATIONFAILED);
  }
  add_pending(*call, c.request, PendingOp::kBlindTransfer);
}

void SpanRuntime::setup_transfer(const Command& c) {
  Call* consult = call_of(c);
  if (consult == nullptr) {
    complete(c.request, LINEERR_OPERATIONFAILED);  // closed before it started (contract §2)
    return;
  }
  Line& line = engine_.line(consult->line_index);
  // Linked first, as lineMakeCall's: whatever happens, TAPI closes it (or lineClose frees it).
  link_to_line(*consult, c.call_index);
  Call& original = engine_.call(c.arg1);
  LONG error = 0;
  if (original.generation.load(std::memory_order_acquire) != c.arg2 ||
      original.line_index != consult->line_index) {
    error = LINEERR_INVALCALLHANDLE;
  } else if (!line.worker_open) {
    error = LINEERR_INVALLINEHANDLE;
  } else if (!status_.in_service()) {
    error = LINEERR_INVALLINESTATE;
  } else if (!original.valid || !setup_transfer_allowed(original.state) || original.releasing ||
             original.swap_to != kNoIndex || original.transfer_consult != kNoIndex ||
             original.transfer_peer != kNoIndex) {
    error = LINEERR_INVALCALLSTATE;
  } else if (!signalling_->hold(original.channel)) {
    error = LINEERR_OPERATIONFAILED;
  }
  if (error != 0) {
    ++counters_.outgoing_failed;
    complete(c.request, error);
    return;
  }
  original.transfer_consult = c.call_index;
  original.transfer_consult_generation = c.call_generation;
  add_pending(original, c.request, PendingOp::kSetupTransfer);
}

bool SpanRuntime::on_transfer_hold(Call& original, bool ok) {
  if (original.transfer_consult == kNoIndex) return false;
  const std::uint32_t consult_index = original.transfer_consult;
  original.transfer_consult = kNoIndex;
  if (!has_pending(original, PendingOp::kSetupTransfer)) return false;  // failed meanwhile
  if (!ok) {
    ++counters_.outgoing_failed;
    finish_pending(original, PendingOp::kSetupTransfer, LINEERR_OPERATIONFAILED);
    return true;  // still CONNECTED
  }
  Call& consult = engine_.call(consult_index);
  Line& line = engine_.line(original.line_index);
  LONG error = 0;
  if (consult.generation.load(std::memory_order_acquire) != original.transfer_consult_generation ||
      consult.line_index != original.line_index) {
    error = LINEERR_OPERATIONFAILED;  // TAPI closed the consultation call meanwhile
  } else if (!signalling_->admit_call()) {
    error = LINEERR_RESOURCEUNAVAIL;  // the span's signalling link is congested: retry later
  } else if (consult.channel = pick_channel(line, consult.line_index, consult);
             consult.channel == 0) {
    error = LINEERR_CALLUNAVAIL;  // an incoming call took the last channel first
  } else if (!signalling_->place_call(consult.channel, consult.setup)) {
    error = LINEERR_CALLUNAVAIL;  // glare on the trunk
  }
  if (error != 0) {
    ++counters_.outgoing_failed;
    finish_pending(original, PendingOp::kSetupTransfer, error);
    set_state(original, LINECALLSTATE_ONHOLD, 0);
    publish_snapshot(line);
    return true;
  }
  ++counters_.outgoing_placed;
  consult.trunk_busy = true;
  consult.valid = true;
  channels_[static_cast<std::size_t>(consult.channel)].call = consult_index;
  // Each names the other (dwRelatedCallID): the consultation call from its first state on,
  // the held call with a LINE_CALLINFO once it is ONHOLDPENDTRANSFER.
  consult.related_call_id = original.call_id;
  original.related_call_id = consult.call_id;
  // The completion first, then the states (the consultation call's first one after it).
  finish_pending(original, PendingOp::kSetupTransfer, 0);
  set_state(original, LINECALLSTATE_ONHOLDPENDTRANSFER, 0);
  call_event(original, LINE_CALLINFO, LINECALLINFOSTATE_RELATEDCALLID, 0, 0);
  set_state(consult, LINECALLSTATE_DIALTONE, LINEDIALTONEMODE_UNAVAIL);
  publish_snapshot(line);
  return true;
}

void SpanRuntime::complete_transfer(const Command& c) {
  Call* original = call_of(c);
  if (original == nullptr) return complete(c.request, LINEERR_INVALCALLHANDLE);
  Call& consult = engine_.call(c.arg1);
  if (consult.generation.load(std::memory_order_acquire) != c.arg2 ||
      consult.line_index != original->line_index || &consult == original) {
    return complete(c.request, LINEERR_INVALCALLHANDLE);
  }
  const LineDescriptor& line = engine_.directory().lines()[original->line_index];
  if (!consultation_transfer(line.services, line.max_calls)) {
    return complete(c.request, LINEERR_OPERATIONUNAVAIL);
  }
  if (!original->valid || !consult.valid || !transfer_held_allowed(original->state) ||
      !transfer_consult_allowed(consult.state) || original->releasing || consult.releasing ||
      original->transfer_peer != kNoIndex || consult.transfer_peer != kNoIndex) {
    return complete(c.request, LINEERR_INVALCALLSTATE);
  }
  if (!signalling_->transfer(original->channel, consult.channel)) {
    return complete(c.request, LINEERR_OPERATIONFAILED);
  }
  original->transfer_peer = c.arg1;
  consult.transfer_peer = c.call_index;
  add_pending(*original, c.request, PendingOp::kCompleteTransfer);
}

bool SpanRuntime::transferred(Call& call, std::uint8_t q850_cause) {
  const bool blind = has_pending(call, PendingOp::kBlindTransfer);
  if (!blind && call.transfer_peer == kNoIndex) return false;
  const std::uint32_t peer = call.transfer_peer;
  call.transfer_peer = kNoIndex;
  if (q850_cause != board::cause::kNormalClearing) {
    // Not the network taking the call away: the transfer failed (on_disconnected fails this
    // call's request); the other call of a pair is no longer part of one.
    if (peer != kNoIndex) {
      Call& other = engine_.call(peer);
      const auto self = static_cast<std::uint32_t>(&call - &engine_.call(0));
      if (other.transfer_peer == self) {
        other.transfer_peer = kNoIndex;
        finish_pending(other, PendingOp::kCompleteTransfer, LINEERR_OPERATIONFAILED);
      }
    }
    return false;
  }
  finish_pending(call, PendingOp::kBlindTransfer, 0);
  finish_pending(call, PendingOp::kCompleteTransfer, 0);
  release_trunk(call, board::cause::kNormalClearing);  // on_released brings IDLE
  return true;
}

}  // namespace spantsp::core
