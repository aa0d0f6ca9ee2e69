// SpanRuntime: user-user information on the span worker (DESIGN.md §5a, board::kServiceUserUser).
// Sent: lineMakeCall's rides in the SETUP (CallSetup::uui); lineAccept's, lineAnswer's and
// lineDrop's are attached to the message the request causes (SpanSignalling::set_user_user);
// lineSendUserUserInfo's goes as USER INFORMATION and completes once handed to the board.
// Received: the first is shown in LINECALLINFO with LINE_CALLINFO(USERUSERINFO); later ones
// wait until lineReleaseUserUserInfo frees the one shown (TSPI_lineReleaseUserUserInfo: never
// overwritten before then), which then shows the next with another LINE_CALLINFO.

#include <string_view>

#include "board_drivers/call_services.h"
#include "core/call_services.h"
#include "core/engine.h"
#include "core/span_runtime.h"

namespace spantsp::core {
namespace {

std::string_view blob_view(const Command& c) {
  return {reinterpret_cast<const char*>(c.blob.data()), c.blob_size};
}

}  // namespace

bool SpanRuntime::attach_user_user(Call& call, const Command& c) {
  return c.blob_size == 0 || signalling_->set_user_user(call.channel, blob_view(c));
}

void SpanRuntime::send_user_user(const Command& c) {
  Call* call = call_of(c);
  if (call == nullptr) return complete(c.request, LINEERR_INVALCALLHANDLE);
  if (!call->valid || !send_user_user_allowed(call->state)) {
    return complete(c.request, LINEERR_INVALCALLSTATE);
  }
  if (!signalling_->send_user_user(call->channel, blob_view(c))) {
    return complete(c.request, LINEERR_OPERATIONFAILED);
  }
  complete(c.request, 0);
}

void SpanRuntime::release_user_user(const Command& c) {
  Call* call = call_of(c);
  if (call == nullptr) return complete(c.request, LINEERR_INVALCALLHANDLE);
  complete(c.request, 0);  // success also when nothing is shown (the contract)
  if (call->uui_count == 0) return;
  call->uui[call->uui_head] = board::UserUser{};
  call->uui_head = static_cast<std::uint8_t>((call->uui_head + 1) % kUserUserQueue);
  --call->uui_count;
  publish_user_user(*call);
  if (call->uui_count > 0 && call->valid && call->state != LINECALLSTATE_IDLE) {
    call_event(*call, LINE_CALLINFO, LINECALLINFOSTATE_USERUSERINFO, 0, 0);
  }
}

void SpanRuntime::on_user_user(int channel, std::string_view uui) {
  Call* call = call_on_channel(channel);
  if (call == nullptr || !call->valid || call->state == LINECALLSTATE_IDLE || uui.empty()) return;
  if (receive_user_user(*call, uui)) {
    call_event(*call, LINE_CALLINFO, LINECALLINFOSTATE_USERUSERINFO, 0, 0);
  }
}

bool SpanRuntime::receive_user_user(Call& call, std::string_view uui) {
  if (call.uui_count == kUserUserQueue) {
    ++counters_.user_user_dropped;  // bounded per call: the newest is lost, and counted
    return false;
  }
  call.uui[(call.uui_head + call.uui_count) % kUserUserQueue].assign(uui);  // longer: cut
  ++call.uui_count;
  if (call.uui_count > 1) return false;  // shown once the earlier ones are released
  publish_user_user(call);
  return true;
}

void SpanRuntime::publish_user_user(Call& call) {
  UserUserSnapshot s;
  s.generation = call.generation.load(std::memory_order_relaxed);
  if (call.uui_count > 0) s.uui = call.uui[call.uui_head];
  call.uui_snapshot.store(s);
}

}  // namespace spantsp::core
