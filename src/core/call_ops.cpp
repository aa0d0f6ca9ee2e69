// Engine: the TSPI call functions (any TAPISRV thread). Async ones validate, copy their input
// into a Command and return the request id; the span strand completes them.

#include "board_drivers/call_services.h"
#include "core/call_info.h"
#include "core/call_params.h"
#include "core/call_services.h"
#include "core/call_state.h"
#include "core/dial_string.h"
#include "core/engine.h"
#include "core/line_caps.h"
#include "core/user_user.h"

namespace spantsp::core {

LONG Engine::make_call(DRV_REQUESTID request, HDRVLINE hd_line, HTAPICALL ht_call,
                       HDRVCALL* hd_call, const WCHAR* destination, DWORD,
                       const LINECALLPARAMS* params) {
  if (hd_call == nullptr) return LINEERR_INVALPOINTER;
  std::uint32_t line_index = 0;
  pipeline::GateEntry entry;  // kMakeCall is queued before any lineClose of the line
  Line* line = enter_line(hd_line, &line_index, entry);
  if (line == nullptr) return LINEERR_INVALLINEHANDLE;
  bool block_caller_id = false;
  DWORD media_mode = 0;
  const LineDescriptor& descriptor = directory_.lines()[line_index];
  if (const LONG error = check_call_params(params, supported_media_modes(descriptor),
                                           block_caller_id, media_mode)) {
    return error;
  }
  // Every dial character is checked before anything is seized (tspi-contract §4 step 2).
  DialString dial;
  if (const LONG error = read_dial_string(destination, dial)) return error;
  board::UserUser uui;
  if (params != nullptr && params->dwUserUserInfoSize != 0) {
    const LineDescriptor& line_caps = directory_.lines()[line_index];
    if (params->dwUserUserInfoOffset > params->dwTotalSize ||
        params->dwTotalSize - params->dwUserUserInfoOffset < params->dwUserUserInfoSize) {
      return LINEERR_INVALCALLPARAMS;  // outside the structure
    }
    const LONG error = copy_user_user(
        reinterpret_cast<const char*>(params) + params->dwUserUserInfoOffset,
        params->dwUserUserInfoSize, line_caps.uui.make_call, line_caps.uui.text_only, uui);
    if (error != 0) return error == LINEERR_INVALPARAM ? LINEERR_INVALCALLPARAMS : error;
  }

  const LineSnapshot state = line_snapshot(line_index);
  if (!state.in_service) return LINEERR_INVALLINESTATE;
  // One call per channel; the worker has the last word (pending calls do not count here).
  if (state.active_calls + state.on_hold_calls + state.on_hold_pend_calls >= state.max_calls) {
    return LINEERR_CALLUNAVAIL;
  }
  // A cross-span group's call goes to the part whose free channel it claimed.
  std::uint32_t part = line_index;
  if (descriptor.cross_span) {
    const auto claimed = claim_part(line_index);
    if (!claimed) return LINEERR_CALLUNAVAIL;
    part = *claimed;
  }

  HDRVCALL handle = nullptr;
  const auto index =
      claim_outgoing_call(part, ht_call, dial, block_caller_id, media_mode, uui, &handle);
  if (!index) {
    if (descriptor.cross_span) give_back_claim(part);
    return LINEERR_RESOURCEUNAVAIL;  // a full pool is an error, never a crash
  }
  const std::uint32_t generation = calls_[*index].generation.load(std::memory_order_acquire);
  *hd_call = handle;  // set before returning (contract §2)
  Command command;
  command.op = Command::Op::kMakeCall;
  command.line_index = part;
  command.call_index = *index;
  command.call_generation = generation;
  command.request = request;
  command.claimed = descriptor.cross_span;
  if (const LONG error = post(part, command); error != 0) {
    free_call(*index, generation, false);
    if (descriptor.cross_span) give_back_claim(part);
    return error;
  }
  return static_cast<LONG>(request);
}

std::optional<std::uint32_t> Engine::claim_outgoing_call(std::uint32_t line_index,
                                                         HTAPICALL ht_call, const DialString& dial,
                                                         bool block_caller_id, DWORD media_mode,
                                                         const board::UserUser& uui,
                                                         HDRVCALL* hd_call) {
  const LineDescriptor& descriptor = directory_.lines()[line_index];
  const auto index = allocate_call_waiting_for_closed();
  if (!index) return std::nullopt;
  Call& call = calls_[*index];
  const std::uint32_t generation = call.generation.load(std::memory_order_acquire);
  // The slot is ours until the command publishes it to the strand.
  call.ht_call = ht_call;
  call.app_specific.store(0, std::memory_order_relaxed);
  call.line_index = line_index;
  call.channel = static_cast<int>(descriptor.dev_specific.dwChannel);
  call.state = kCallStateNone;
  call.state_mode = 0;
  call.media_mode = media_mode;
  call.outgoing = true;
  call.valid = false;
  call.trunk_busy = false;
  call.releasing = false;
  call.swap_to = kNoIndex;
  call.transfer_consult = call.transfer_peer = kNoIndex;
  call.call_id = next_call_id();
  call.related_call_id = 0;
  call.pending = {};
  call.bearer_media = line_has_bearer_media(descriptor);
  call.media.reset();
  call.worker_generation = generation;
  call.handled = 0;
  call.settled_local = false;
  call.posted.store(1, std::memory_order_relaxed);  // the command that publishes it
  call.prev_on_line = call.next_on_line = kNoIndex;
  call.setup = board::CallSetup{};
  call.setup.called = dial.digits;
  call.setup.sending_complete = !dial.partial && !dial.digits.empty();
  call.setup.calling.assign(descriptor.number_utf8);  // no conversion, no allocation per call
  call.setup.calling_presentation =
      block_caller_id ? board::Presentation::kRestricted : board::Presentation::kAllowed;
  call.setup.uui = uui;
  call.redirection = board::Number{};
  call.uui_head = 0;
  call.uui_count = 0;
  UserUserSnapshot no_uui;
  no_uui.generation = generation;
  call.uui_snapshot.store(no_uui);
  CallSnapshot snapshot;
  snapshot.generation = generation;
  snapshot.line_index = line_index;
  snapshot.origin = LINECALLORIGIN_OUTBOUND;
  snapshot.call_id = call.call_id;
  snapshot.channel = call.channel;
  call.snapshot.store(snapshot);

  *hd_call = call_handle(*index, generation);
  return index;
}

LONG Engine::dial(DRV_REQUESTID request, HDRVCALL hd_call, const WCHAR* destination, DWORD) {
  std::uint32_t index = 0, generation = 0;
  CallSnapshot snapshot;
  pipeline::GateEntry call_entry, line_entry;
  Call* call = enter_call(hd_call, &index, &generation, &snapshot, call_entry, line_entry);
  if (call == nullptr) return LINEERR_INVALCALLHANDLE;
  if (destination == nullptr) return LINEERR_INVALPOINTER;
  DialString dial;
  if (const LONG error = read_dial_string(destination, dial)) return error;
  if (dial.digits.empty()) return LINEERR_INVALADDRESS;
  // A first check on what the strand published (the features of the call's state); the
  // strand decides again in the state it really has.
  if ((snapshot.features & LINECALLFEATURE_DIAL) == 0) return LINEERR_INVALCALLSTATE;
  Command command;
  command.op = Command::Op::kDial;
  command.line_index = snapshot.line_index;
  command.call_index = index;
  command.call_generation = generation;
  command.request = request;
  command.digits = dial.digits;
  command.partial = dial.partial;
  if (const LONG error = post_for_call(*call, snapshot.line_index, command); error != 0) {
    return error;
  }
  return static_cast<LONG>(request);
}

LONG Engine::call_request(DRV_REQUESTID request, HDRVCALL hd_call, Command::Op op, const char* uui,
                          DWORD uui_size) {
  std::uint32_t index = 0, generation = 0;
  CallSnapshot snapshot;
  pipeline::GateEntry call_entry, line_entry;
  Call* call = enter_call(hd_call, &index, &generation, &snapshot, call_entry, line_entry);
  if (call == nullptr) return LINEERR_INVALCALLHANDLE;
  // A first check on the snapshot; the strand decides again in the state it really has.
  if (op == Command::Op::kHold || op == Command::Op::kUnhold) {
    // A service the span lacks is unavailable in every state (and not in the caps).
    if ((directory_.lines()[snapshot.line_index].services & board::kServiceHold) == 0) {
      return LINEERR_OPERATIONUNAVAIL;
    }
    const bool allowed =
        op == Command::Op::kHold ? hold_allowed(snapshot.state) : unhold_allowed(snapshot.state);
    if (!allowed) return LINEERR_INVALCALLSTATE;
  } else if (op == Command::Op::kReleaseUserUser) {
    // Any call state (TSPI_lineReleaseUserUserInfo); only the service decides.
    if ((directory_.lines()[snapshot.line_index].services & board::kServiceUserUser) == 0) {
      return LINEERR_OPERATIONUNAVAIL;
    }
  } else {
    const CallOp call_op = op == Command::Op::kAccept   ? CallOp::kAccept
                           : op == Command::Op::kAnswer ? CallOp::kAnswer
                                                        : CallOp::kDrop;
    if ((snapshot.features & call_feature_bit(call_op)) == 0) return LINEERR_INVALCALLSTATE;
  }
  board::UserUser user_user;
  if (uui_size != 0) {
    const board::UserUserSizes& sizes = directory_.lines()[snapshot.line_index].uui;
    const DWORD limit = op == Command::Op::kAccept   ? sizes.accept
                        : op == Command::Op::kAnswer ? sizes.answer
                                                     : sizes.drop;
    if (const LONG error = copy_user_user(uui, uui_size, limit, sizes.text_only, user_user)) {
      return error;
    }
  }
  Command command;
  command.op = op;
  put_user_user(command, user_user);
  command.line_index = snapshot.line_index;
  command.call_index = index;
  command.call_generation = generation;
  command.request = request;
  if (const LONG error = post_for_call(*call, snapshot.line_index, command); error != 0) {
    return error;
  }
  return static_cast<LONG>(request);
}

LONG Engine::accept(DRV_REQUESTID request, HDRVCALL hd_call, const char* uui, DWORD uui_size) {
  return call_request(request, hd_call, Command::Op::kAccept, uui, uui_size);
}

LONG Engine::answer(DRV_REQUESTID request, HDRVCALL hd_call, const char* uui, DWORD uui_size) {
  return call_request(request, hd_call, Command::Op::kAnswer, uui, uui_size);
}

LONG Engine::drop(DRV_REQUESTID request, HDRVCALL hd_call, const char* uui, DWORD uui_size) {
  return call_request(request, hd_call, Command::Op::kDrop, uui, uui_size);
}

LONG Engine::close_call(HDRVCALL hd_call) {
  std::uint32_t index = 0, generation = 0;
  Call* call = resolve_call(hd_call, &index, &generation);
  if (call == nullptr) return LINEERR_INVALCALLHANDLE;
  // Close the gate first: requests that resolved the handle before are queued ahead of what
  // we post (wait_idle), later ones fail as stale; only one closer wins.
  if (!call->gate.close()) return LINEERR_INVALCALLHANDLE;
  if (call->generation.load(std::memory_order_acquire) != generation) {
    call->gate.reopen();  // freed meanwhile by a lineClose: not ours to close
    return LINEERR_INVALCALLHANDLE;
  }
  call->gate.wait_idle();
  const std::uint32_t line_index = call->snapshot.load().line_index;
  if (line_index != kNoIndex &&
      call->settled.load(std::memory_order_acquire) ==
          settled_word(generation, call->posted.load(std::memory_order_acquire))) {
    // Fast path: IDLE, every request done and every upcall for the call made (Call::settled):
    // nothing is left to wait for. The handle dies now; the worker, which still lists the
    // slot on its line, unlinks it and returns it to the pool behind what it has queued (the
    // gate reopens then).
    if (call->generation.compare_exchange_strong(generation, generation + 1,
                                                 std::memory_order_acq_rel)) {
      closed_not_freed_.fetch_add(1, std::memory_order_acq_rel);
      Command command;
      command.op = Command::Op::kForgetCall;
      command.line_index = line_index;
      command.call_index = index;
      command.call_generation = generation + 1;
      post_waiting(line_index, command);
    }
    return 0;
  }
  if (line_index != kNoIndex) {
    // Pending requests complete (OPERATIONFAILED) and every upcall queued for the call is
    // delivered before we return; the strand sends nothing for it afterwards (contract §2).
    Command command;
    command.op = Command::Op::kCloseCall;
    command.line_index = line_index;
    command.call_index = index;
    command.call_generation = generation;
    close_calls_waited_.fetch_add(1, std::memory_order_relaxed);
    post_and_wait(line_index, command);
  }
  // A lineClose that detached the call first frees it on the dispatcher instead.
  free_call(index, generation, false);
  return 0;
}

LONG Engine::get_call_info(HDRVCALL hd_call, LINECALLINFO* info) {
  std::uint32_t index = 0, generation = 0;
  Call* call = resolve_call(hd_call, &index, &generation);
  if (call == nullptr) return LINEERR_INVALCALLHANDLE;
  if (info == nullptr) return LINEERR_INVALPOINTER;
  const CallSnapshot snapshot = call->snapshot.load();
  if (snapshot.generation != generation || snapshot.line_index == kNoIndex) {
    return LINEERR_INVALCALLHANDLE;
  }
  UserUserSnapshot uui = call->uui_snapshot.load();
  if (uui.generation != generation) uui = UserUserSnapshot{};  // none published for this call
  return fill_call_info(snapshot, uui.uui, call->app_specific.load(std::memory_order_relaxed),
                        directory_.lines()[snapshot.line_index],
                        lines_[snapshot.line_index].version, info);
}

LONG Engine::get_call_status(HDRVCALL hd_call, LINECALLSTATUS* status) {
  std::uint32_t index = 0, generation = 0;
  Call* call = resolve_call(hd_call, &index, &generation);
  if (call == nullptr) return LINEERR_INVALCALLHANDLE;
  if (status == nullptr) return LINEERR_INVALPOINTER;
  const CallSnapshot snapshot = call->snapshot.load();
  if (snapshot.generation != generation || snapshot.line_index == kNoIndex) {
    return LINEERR_INVALCALLHANDLE;
  }
  return fill_call_status(snapshot, lines_[snapshot.line_index].version, status);
}

LONG Engine::set_app_specific(HDRVCALL hd_call, DWORD app_specific) {
  std::uint32_t index = 0, generation = 0;
  CallSnapshot snapshot;
  pipeline::GateEntry call_entry, line_entry;
  Call* call = enter_call(hd_call, &index, &generation, &snapshot, call_entry, line_entry);
  if (call == nullptr) return LINEERR_INVALCALLHANDLE;
  const std::uint32_t line_index = snapshot.line_index;
  call->app_specific.store(app_specific, std::memory_order_relaxed);
  Command command;
  command.op = Command::Op::kAppSpecificChanged;  // -> LINE_CALLINFO(APPSPECIFIC)
  command.line_index = line_index;
  command.call_index = index;
  command.call_generation = generation;
  call->posted.fetch_add(1, std::memory_order_acq_rel);
  post_waiting(line_index, command);
  return 0;
}

LONG Engine::get_call_address_id(HDRVCALL hd_call, DWORD* address_id) {
  std::uint32_t index = 0, generation = 0;
  if (resolve_call(hd_call, &index, &generation) == nullptr) return LINEERR_INVALCALLHANDLE;
  if (address_id == nullptr) return LINEERR_INVALPOINTER;
  *address_id = 0;  // one address per line
  return 0;
}

LONG Engine::get_call_ids(HDRVCALL hd_call, DWORD* address_id, DWORD* call_id, DWORD* related_id) {
  std::uint32_t index = 0, generation = 0;
  Call* call = resolve_call(hd_call, &index, &generation);
  if (call == nullptr) return LINEERR_INVALCALLHANDLE;
  if (address_id == nullptr || call_id == nullptr || related_id == nullptr) {
    return LINEERR_INVALPOINTER;
  }
  *address_id = 0;
  const CallSnapshot snapshot = call->snapshot.load();
  *call_id = snapshot.call_id;
  *related_id = snapshot.related_call_id;
  return 0;
}

}  // namespace spantsp::core
