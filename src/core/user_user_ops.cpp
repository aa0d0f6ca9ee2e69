// Engine: TSPI_lineSendUserUserInfo and TSPI_lineReleaseUserUserInfo (any TAPISRV thread). They
// check the service, the size and the state on the snapshot, copy the information and post;
// the strand decides again in the state it really has (core/span_user_user.cpp).

#include "board_drivers/call_services.h"
#include "core/call_services.h"
#include "core/engine.h"
#include "core/user_user.h"

namespace spantsp::core {

LONG Engine::send_user_user(DRV_REQUESTID request, HDRVCALL hd_call, const char* uui,
                            DWORD uui_size) {
  std::uint32_t index = 0, generation = 0;
  CallSnapshot snapshot;
  pipeline::GateEntry call_entry, line_entry;
  Call* call = enter_call(hd_call, &index, &generation, &snapshot, call_entry, line_entry);
  if (call == nullptr) return LINEERR_INVALCALLHANDLE;
  const LineDescriptor& line = directory_.lines()[snapshot.line_index];
  // No USER INFORMATION on this span: unavailable in every state (and not in the caps).
  if ((line.services & board::kServiceUserUserSend) == 0) return LINEERR_OPERATIONUNAVAIL;
  board::UserUser user_user;
  if (const LONG error =
          copy_user_user(uui, uui_size, line.uui.send, line.uui.text_only, user_user)) {
    return error;
  }
  if (user_user.empty()) return LINEERR_INVALPARAM;  // a USER INFORMATION needs content
  if (!send_user_user_allowed(snapshot.state)) return LINEERR_INVALCALLSTATE;
  Command command;
  command.op = Command::Op::kSendUserUser;
  command.line_index = snapshot.line_index;
  command.call_index = index;
  command.call_generation = generation;
  command.request = request;
  put_user_user(command, user_user);
  if (const LONG error = post_for_call(*call, snapshot.line_index, command); error != 0) {
    return error;
  }
  return static_cast<LONG>(request);
}

LONG Engine::release_user_user(DRV_REQUESTID request, HDRVCALL hd_call) {
  return call_request(request, hd_call, Command::Op::kReleaseUserUser);
}

}  // namespace spantsp::core
