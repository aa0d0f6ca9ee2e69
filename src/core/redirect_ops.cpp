// Engine: TSPI_lineRedirect (any TAPISRV thread), and the request shape it shares with
// lineBlindTransfer: the service, the destination and the state are checked here
// (LINEERR_INVALADDRESS: nothing is sent), then posted; the strand decides again in the state
// it really has (core/span_redirect.cpp, core/span_transfer.cpp).

#include "board_drivers/call_services.h"
#include "core/call_services.h"
#include "core/dial_string.h"
#include "core/engine.h"

namespace spantsp::core {

LONG Engine::redirect(DRV_REQUESTID request, HDRVCALL hd_call, const WCHAR* destination, DWORD) {
  return number_request(request, hd_call, destination, board::kServiceDeflect, redirect_allowed,
                        Command::Op::kRedirect);
}

LONG Engine::number_request(DRV_REQUESTID request, HDRVCALL hd_call, const WCHAR* destination,
                            std::uint32_t service, bool (*state_allowed)(DWORD), Command::Op op) {
  std::uint32_t index = 0, generation = 0;
  CallSnapshot snapshot;
  pipeline::GateEntry call_entry, line_entry;
  Call* call = enter_call(hd_call, &index, &generation, &snapshot, call_entry, line_entry);
  if (call == nullptr) return LINEERR_INVALCALLHANDLE;
  // No such service on this span: unavailable in every state (and not in the caps).
  if ((directory_.lines()[snapshot.line_index].services & service) == 0) {
    return LINEERR_OPERATIONUNAVAIL;
  }
  if (destination == nullptr) return LINEERR_INVALADDRESS;
  DialString dial;
  // The network is given one complete number: no partial dialling, nothing empty.
  if (read_dial_string(destination, dial) != 0 || dial.digits.empty() || dial.partial) {
    return LINEERR_INVALADDRESS;
  }
  if (!state_allowed(snapshot.state)) return LINEERR_INVALCALLSTATE;
  Command command;
  command.op = op;
  command.line_index = snapshot.line_index;
  command.call_index = index;
  command.call_generation = generation;
  command.request = request;
  command.digits = dial.digits;
  if (const LONG error = post_for_call(*call, snapshot.line_index, command); error != 0) {
    return error;
  }
  return static_cast<LONG>(request);
}

}  // namespace spantsp::core
