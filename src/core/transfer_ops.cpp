// Engine: TSPI_lineBlindTransfer, TSPI_lineSetupTransfer and TSPI_lineCompleteTransfer (any
// TAPISRV thread). The service, the handles, the states and the destination are checked on
// the snapshots (LINEERR_INVALADDRESS: nothing is sent), then posted; the strand decides again
// in the state it really has (core/span_transfer.cpp).

#include "board_drivers/call_services.h"
#include "core/call_params.h"
#include "core/call_services.h"
#include "core/dial_string.h"
#include "core/engine.h"
#include "core/line_caps.h"

namespace spantsp::core {

LONG Engine::blind_transfer(DRV_REQUESTID request, HDRVCALL hd_call, const WCHAR* destination,
                            DWORD) {
  return number_request(request, hd_call, destination, board::kServiceBlindTransfer,
                        blind_transfer_allowed, Command::Op::kBlindTransfer);
}

LONG Engine::setup_transfer(DRV_REQUESTID request, HDRVCALL hd_call, HTAPICALL ht_consult,
                            HDRVCALL* hd_consult, const LINECALLPARAMS* params) {
  std::uint32_t index = 0, generation = 0;
  CallSnapshot snapshot;
  pipeline::GateEntry call_entry, line_entry;
  Call* call = enter_call(hd_call, &index, &generation, &snapshot, call_entry, line_entry);
  if (call == nullptr) return LINEERR_INVALCALLHANDLE;
  const std::uint32_t line_index = snapshot.line_index;
  const LineDescriptor& descriptor = directory_.lines()[line_index];
  if (!consultation_transfer(descriptor.services, descriptor.max_calls)) {
    return LINEERR_OPERATIONUNAVAIL;
  }
  if (hd_consult == nullptr) return LINEERR_INVALPOINTER;
  bool block_caller_id = false;
  DWORD media_mode = 0;
  if (const LONG error = check_call_params(params, supported_media_modes(descriptor),
                                           block_caller_id, media_mode)) {
    return error;
  }
  if (!setup_transfer_allowed(snapshot.state)) return LINEERR_INVALCALLSTATE;
  // The consultation call needs a channel of its own; the worker has the last word.
  const LineSnapshot line_state = lines_[line_index].snapshot.load();
  if (line_state.active_calls + line_state.on_hold_calls + line_state.on_hold_pend_calls >=
      line_state.max_calls) {
    return LINEERR_CALLUNAVAIL;
  }
  // The consultation call starts as lineMakeCall without a number (DIALTONE, then lineDial).
  HDRVCALL consult_handle = nullptr;
  const auto consult = claim_outgoing_call(line_index, ht_consult, DialString{}, block_caller_id,
                                           media_mode, board::UserUser{}, &consult_handle);
  if (!consult) return LINEERR_RESOURCEUNAVAIL;
  const std::uint32_t consult_generation =
      calls_[*consult].generation.load(std::memory_order_acquire);
  *hd_consult = consult_handle;  // set before returning (contract §2)
  Command command;
  command.op = Command::Op::kSetupTransfer;
  command.line_index = line_index;
  command.call_index = *consult;
  command.call_generation = consult_generation;
  command.request = request;
  command.arg1 = index;
  command.arg2 = generation;
  if (const LONG error = post(line_index, command); error != 0) {
    free_call(*consult, consult_generation, false);
    return error;
  }
  return static_cast<LONG>(request);
}

LONG Engine::complete_transfer(DRV_REQUESTID request, HDRVCALL hd_call, HDRVCALL hd_consult,
                               HTAPICALL, HDRVCALL*, DWORD transfer_mode) {
  std::uint32_t index = 0, generation = 0, consult_index = 0, consult_generation = 0;
  CallSnapshot snapshot;
  pipeline::GateEntry call_entry, line_entry;
  Call* call = enter_call(hd_call, &index, &generation, &snapshot, call_entry, line_entry);
  if (call == nullptr) return LINEERR_INVALCALLHANDLE;
  const LineDescriptor& descriptor = directory_.lines()[snapshot.line_index];
  if (!consultation_transfer(descriptor.services, descriptor.max_calls)) {
    return LINEERR_OPERATIONUNAVAIL;
  }
  // dwTransferModes offers LINETRANSFERMODE_TRANSFER only: no signalling we run joins three.
  if (transfer_mode == LINETRANSFERMODE_CONFERENCE) return LINEERR_OPERATIONUNAVAIL;
  if (transfer_mode != LINETRANSFERMODE_TRANSFER) return LINEERR_INVALTRANSFERMODE;
  Call* consult = resolve_call(hd_consult, &consult_index, &consult_generation);
  if (consult == nullptr) return LINEERR_INVALCALLHANDLE;
  const CallSnapshot consult_snapshot = consult->snapshot.load();
  // Both on the one address of the same line, and two different calls.
  if (consult_snapshot.generation != consult_generation ||
      consult_snapshot.line_index != snapshot.line_index || consult_index == index) {
    return LINEERR_INVALCALLHANDLE;
  }
  if (!transfer_held_allowed(snapshot.state) || !transfer_consult_allowed(consult_snapshot.state)) {
    return LINEERR_INVALCALLSTATE;
  }
  Command command;
  command.op = Command::Op::kCompleteTransfer;
  command.line_index = snapshot.line_index;
  command.call_index = index;
  command.call_generation = generation;
  command.request = request;
  command.arg1 = consult_index;
  command.arg2 = consult_generation;
  if (const LONG error = post_for_call(*call, snapshot.line_index, command); error != 0) {
    return error;
  }
  return static_cast<LONG>(request);
}

}  // namespace spantsp::core
