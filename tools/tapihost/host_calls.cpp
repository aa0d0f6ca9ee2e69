// Host: request IDs and their LINE_REPLY, and the call-level application API.

#include "tools/tapihost/host_internal.h"
#include "tools/tapihost/tapi_names.h"

namespace spantsp::host {

using namespace detail;
using DownCall = ContractChecker::DownCall;
using Outcome = ContractChecker::Outcome;

// --- calls -----------------------------------------------------------------------------------

DRV_REQUESTID Host::next_request_id_locked() {
  // tspi-contract §2: 1..0x7FFFFFFF, not reused until completed.
  for (;;) {
    const DRV_REQUESTID id = next_request_id_;
    next_request_id_ = next_request_id_ >= kMaxRequestId ? 1 : next_request_id_ + 1;
    if (requests_.count(id) == 0) return id;
  }
}

LONG Host::after_async_return(DRV_REQUESTID request_id, LONG result, HDRVCALL hd_call) {
  std::lock_guard lock(mutex_);
  const auto it = requests_.find(request_id);
  if (it == requests_.end()) return result;  // its line was closed meanwhile
  RequestRec& request = it->second;
  if (result < 0) {
    // Failed synchronously: no completion will come, no LINE_REPLY is sent, and a call it
    // would have created never existed (no TSPI_lineCloseCall, fn:TSPI_lineCloseCall).
    if (creates_call(request.function)) {
      if (const auto call = calls_.find(request.call); call != calls_.end()) {
        call_by_ht_.erase(key(call->second.ht));
        calls_.erase(call);
      }
    }
    requests_.erase(it);
    return result;
  }
  // Any other non-negative value is a violation the checker recorded; the request is treated
  // as pending, as its id is what the application gets.
  request.returned = true;
  if (creates_call(request.function)) {
    if (const auto call = calls_.find(request.call); call != calls_.end())
      call->second.hd = hd_call;
  }
  // tspi-contract §2: the app sees LINE_REPLY only after the request returned.
  if (request.completed) release_reply_locked(request_id);
  return static_cast<LONG>(request_id);
}

void Host::release_reply_locked(DRV_REQUESTID request_id) {
  const auto it = requests_.find(request_id);
  if (it == requests_.end()) return;
  const RequestRec request = std::move(it->second);
  requests_.erase(it);
  if (request.result == 0 && request.params && request.app_params != nullptr) {
    std::memcpy(request.app_params, request.params->data(), request.params->size());
  }
  enqueue_locked(Message{.message = LINE_REPLY,
                         .line = request.line,
                         .call = request.call,
                         .param1 = request_id,
                         .param2 = static_cast<DWORD_PTR>(static_cast<DWORD>(request.result))});
  if (!creates_call(request.function)) return;
  const auto call = calls_.find(request.call);
  if (call == calls_.end() || call->second.phase != CallPhase::kPending) return;
  CallRec& rec = call->second;
  if (request.result == 0) {
    rec.phase = CallPhase::kValid;
    rec.released = true;
    for (Message& held : rec.held) enqueue_locked(std::move(held));
    rec.held.clear();
  } else {
    // TAPI closes the failed call itself (fn:TSPI_lineCloseCall; tspi-contract §2 [C]).
    rec.phase = CallPhase::kFailed;
    rec.held.clear();
    post_locked({WorkItem::Kind::kCloseFailedCall, rec.handle});
  }
}

LONG Host::line_make_call(LineHandle line, std::optional<std::string_view> dest_utf8,
                          const LINECALLPARAMS* call_params, CallHandle& call) {
  call = 0;
  if (!started_) return err(LINEERR_UNINITIALIZED);
  const TspiTable& t = tspi();
  if (t.TSPI_lineMakeCall == nullptr) return err(LINEERR_OPERATIONUNAVAIL);

  // TAPISRV marshals the inputs into its own buffers; they die when the call returns, which
  // catches providers that keep pointers into them (tspi-contract §2, §8.9).
  std::u16string dest;
  if (dest_utf8) dest = utf8_to_utf16(*dest_utf8);
  std::vector<std::uint64_t> params_copy;

  DRV_REQUESTID request_id = 0;
  HDRVLINE hd_line = nullptr;
  HTAPILINE ht_line = nullptr;
  HTAPICALL ht_call = nullptr;
  {
    std::lock_guard lock(mutex_);
    const auto it = lines_.find(line);
    if (it == lines_.end() || it->second.phase != LinePhase::kOpen) {
      return err(LINEERR_INVALLINEHANDLE);
    }
    if (call_params != nullptr) {
      const std::uint32_t fixed = fixed_size(StructKind::kLineCallParams, it->second.version);
      const DWORD total = call_params->dwTotalSize;
      if (total < fixed) return err(LINEERR_STRUCTURETOOSMALL);
      if (total > kMaxStructSize) return err(LINEERR_INVALPOINTER);
      const auto* bytes = reinterpret_cast<const unsigned char*>(call_params);
      for (const VarField& field : struct_layout(StructKind::kLineCallParams).fields) {
        if (!field_exists(field, fixed)) continue;
        DWORD size = 0;
        DWORD offset = 0;
        std::memcpy(&size, bytes + field.size_at, sizeof size);
        std::memcpy(&offset, bytes + field.offset_at, sizeof offset);
        if (size != 0 && (offset < fixed || std::uint64_t{offset} + size > total)) {
          return err(LINEERR_INVALCALLPARAMS);
        }
      }
      params_copy.resize((total + sizeof(std::uint64_t) - 1) / sizeof(std::uint64_t));
      std::memcpy(params_copy.data(), call_params, total);
    }
    hd_line = it->second.hd;
    ht_line = it->second.ht;
    request_id = next_request_id_locked();
    const CallHandle handle = next_call_handle_++;
    ht_call = reinterpret_cast<HTAPICALL>(kCallTag + next_ht_++);
    CallRec& rec = calls_[handle];
    rec.handle = handle;
    rec.line = line;
    rec.ht = ht_call;
    rec.outgoing = true;
    call_by_ht_[key(ht_call)] = handle;
    requests_[request_id] = RequestRec{.function = TspiFunction::TSPI_lineMakeCall,
                                       .line = line,
                                       .call = handle,
                                       .issued_ns = steady_now_ns()};
    call = handle;
  }

  HDRVCALL hd_call = nullptr;
  auto* params =
      params_copy.empty() ? nullptr : reinterpret_cast<LPLINECALLPARAMS>(params_copy.data());
  const LONG result =
      call_down(DownCall{.function = TspiFunction::TSPI_lineMakeCall,
                         .request_id = request_id,
                         .ht_line = ht_line,
                         .ht_call = ht_call},
                [&](Outcome& o) {
                  o.result = t.TSPI_lineMakeCall(request_id, hd_line, ht_call, &hd_call,
                                                 dest_utf8 ? dest.c_str() : nullptr, 0, params);
                  o.driver_handle = as_param(hd_call);
                });
  std::fill(dest.begin(), dest.end(), u'\xDDDD');
  std::fill(params_copy.begin(), params_copy.end(), 0xDDDDDDDDDDDDDDDDull);
  const LONG returned = after_async_return(request_id, result, hd_call);
  if (returned < 0) call = 0;
  return returned;
}

LONG Host::check_call_feature(HTAPICALL ht, HDRVCALL hd, DWORD address_features, DWORD feature,
                              DWORD& state) {
  if ((address_features & feature) == 0) return err(LINEERR_OPERATIONUNAVAIL);
  const TspiTable& t = tspi();
  if (t.TSPI_lineGetCallStatus == nullptr) return 0;  // nothing to ask: the provider decides
  LINECALLSTATUS status{};
  status.dwTotalSize = sizeof status;
  const LONG result =
      call_down(DownCall{.function = TspiFunction::TSPI_lineGetCallStatus, .ht_call = ht},
                [&](Outcome& o) { o.result = t.TSPI_lineGetCallStatus(hd, &status); });
  if (result != 0) return result;
  state = status.dwCallState;
  return (status.dwCallFeatures & feature) == 0 ? err(LINEERR_INVALCALLSTATE) : 0;
}

void Host::check_refused_feature(HTAPICALL ht, HDRVCALL hd, TspiFunction function, DWORD feature,
                                 DWORD state, LONG result) {
  if (!options_.check_contract ||
      (result != err(LINEERR_INVALCALLSTATE) && result != err(LINEERR_OPERATIONUNAVAIL))) {
    return;
  }
  LINECALLSTATUS status{};
  status.dwTotalSize = sizeof status;
  const LONG again =
      call_down(DownCall{.function = TspiFunction::TSPI_lineGetCallStatus, .ht_call = ht},
                [&](Outcome& o) { o.result = tspi().TSPI_lineGetCallStatus(hd, &status); });
  if (again != 0 || status.dwCallState != state || (status.dwCallFeatures & feature) == 0) {
    return;  // the state moved on meanwhile: a race, not a lie
  }
  checker_.add_violation(Rule::kFeatureRefused,
                         std::string(function_name(function)) + " returned " +
                             describe_result(result) + " although LINECALLSTATUS offered " +
                             call_feature_names(feature) + " in state " + call_state_name(state) +
                             " before and after it");
}

LONG Host::line_dial(CallHandle call, std::string_view dest_utf8) {
  const std::u16string dest = utf8_to_utf16(dest_utf8);
  const TspiTable& t = tspi();
  return call_request(
      call, TspiFunction::TSPI_lineDial, LINECALLFEATURE_DIAL, t.TSPI_lineDial != nullptr,
      [&](DRV_REQUESTID id, HDRVCALL hd) { return t.TSPI_lineDial(id, hd, dest.c_str(), 0); });
}

// lineAnswer, lineAccept and lineDrop share one TSPI signature: (request, call, UUI, size).
LONG Host::uui_request(CallHandle call, TspiFunction function, DWORD feature,
                       UuiFunction tspi_function, std::string_view user_user_info) {
  const std::string uui(user_user_info);  // copied: the provider may read it after we return
  return call_request(call, function, feature, tspi_function != nullptr,
                      [&](DRV_REQUESTID id, HDRVCALL hd) {
                        return tspi_function(id, hd, uui.empty() ? nullptr : uui.data(),
                                             static_cast<DWORD>(uui.size()));
                      });
}

LONG Host::line_answer(CallHandle call, std::string_view user_user_info) {
  return uui_request(call, TspiFunction::TSPI_lineAnswer, LINECALLFEATURE_ANSWER,
                     tspi().TSPI_lineAnswer, user_user_info);
}

LONG Host::line_accept(CallHandle call, std::string_view user_user_info) {
  return uui_request(call, TspiFunction::TSPI_lineAccept, LINECALLFEATURE_ACCEPT,
                     tspi().TSPI_lineAccept, user_user_info);
}

LONG Host::line_drop(CallHandle call, std::string_view user_user_info) {
  return uui_request(call, TspiFunction::TSPI_lineDrop, LINECALLFEATURE_DROP, tspi().TSPI_lineDrop,
                     user_user_info);
}

LONG Host::line_deallocate_call(CallHandle call) {
  // lineDeallocateCall: the sole owner may only deallocate a valid call that is IDLE.
  return close_call(call, /*app_deallocation=*/true);
}

LONG Host::line_close_call_now(CallHandle call) {
  return close_call(call, false);
}

LONG Host::close_call(CallHandle call, bool app_deallocation) {
  if (!started_) return err(LINEERR_UNINITIALIZED);
  const TspiTable& t = tspi();
  HDRVCALL hd = nullptr;
  HTAPICALL ht = nullptr;
  {
    std::lock_guard lock(mutex_);
    const auto it = calls_.find(call);
    if (it == calls_.end() || it->second.phase == CallPhase::kClosing ||
        (app_deallocation && it->second.phase != CallPhase::kValid)) {
      return err(LINEERR_INVALCALLHANDLE);
    }
    if (app_deallocation && it->second.state != LINECALLSTATE_IDLE) {
      return err(LINEERR_INVALCALLSTATE);
    }
    it->second.phase = CallPhase::kClosing;  // a late completion no longer changes it
    hd = it->second.hd;
    ht = it->second.ht;
  }
  LONG result = 0;
  if (t.TSPI_lineCloseCall != nullptr) {
    result = call_down(DownCall{.function = TspiFunction::TSPI_lineCloseCall, .ht_call = ht},
                       [&](Outcome& o) {
                         const std::uint64_t begin = steady_now_ns();
                         o.result = t.TSPI_lineCloseCall(hd);
                         latency_.close_call.record(steady_now_ns() - begin);
                       });
  }
  std::lock_guard lock(mutex_);
  call_by_ht_.erase(key(ht));
  calls_.erase(call);
  for (auto it = gathers_.begin(); it != gathers_.end();) {
    it = it->second.call == call ? gathers_.erase(it) : std::next(it);
  }
  return result;
}

HDRVCALL Host::provider_call_handle(CallHandle call) const {
  std::lock_guard lock(mutex_);
  const auto it = calls_.find(call);
  return it == calls_.end() ? nullptr : it->second.hd;
}

HDRVLINE Host::provider_line_handle(LineHandle line) const {
  std::lock_guard lock(mutex_);
  const auto it = lines_.find(line);
  return it == lines_.end() ? nullptr : it->second.hd;
}

bool Host::valid_call(CallHandle call, HDRVCALL& hd, HTAPICALL& ht) const {
  std::lock_guard lock(mutex_);
  const auto it = calls_.find(call);
  // tspi-contract §8: TAPI passes only handles the provider returned and validated.
  if (it == calls_.end() || it->second.phase != CallPhase::kValid) return false;
  hd = it->second.hd;
  ht = it->second.ht;
  return true;
}

LONG Host::line_set_app_specific(CallHandle call, DWORD app_specific) {
  if (!started_) return err(LINEERR_UNINITIALIZED);
  const TspiTable& t = tspi();
  if (t.TSPI_lineSetAppSpecific == nullptr) return err(LINEERR_OPERATIONUNAVAIL);
  HDRVCALL hd = nullptr;
  HTAPICALL ht = nullptr;
  if (!valid_call(call, hd, ht)) return err(LINEERR_INVALCALLHANDLE);
  return call_down(DownCall{.function = TspiFunction::TSPI_lineSetAppSpecific, .ht_call = ht},
                   [&](Outcome& o) { o.result = t.TSPI_lineSetAppSpecific(hd, app_specific); });
}

}  // namespace spantsp::host
