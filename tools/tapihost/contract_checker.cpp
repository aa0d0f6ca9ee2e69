#include "tools/tapihost/contract_checker.h"

#include <algorithm>
#include <bit>
#include <cstdio>
#include <sstream>
#include <utility>

#include "tools/tapihost/lineerr_name.h"
#include "tools/tapihost/tapi_names.h"

namespace spantsp::host {

namespace {

// Retired requests and calls are remembered this long, to name late or duplicate upcalls.
constexpr std::size_t kRetiredMemory = 1u << 16;

constexpr DWORD kVersion1_4 = 0x00010004;
constexpr DWORD kVersion2_0 = 0x00020000;

// The low 24 bits of a LINE_CALLSTATE dwParam1 are the standard state; the top 8 bits may
// carry a device-specific substate (tspi-contract §4.1).
constexpr DWORD kStandardStateMask = 0x00FFFFFF;

std::string hex(std::uintptr_t value) {
  char text[32];
  std::snprintf(text, sizeof text, "0x%llX", static_cast<unsigned long long>(value));
  return text;
}

template <class Handle>
std::uintptr_t key(Handle handle) {
  return reinterpret_cast<std::uintptr_t>(handle);
}

// Removes one (key, value) entry of an index; the key's other entries stay.
template <class Index>
void erase_entry(Index& index, const typename Index::key_type& key_value,
                 const typename Index::mapped_type& value) {
  const auto [first, last] = index.equal_range(key_value);
  for (auto it = first; it != last; ++it) {
    if (it->second == value) {
      index.erase(it);
      return;
    }
  }
}

std::string line_text(std::uintptr_t ht_line) {
  return "htLine " + hex(ht_line);
}
std::string call_text(std::uintptr_t ht_call) {
  return "htCall " + hex(ht_call);
}

std::string request_text(DRV_REQUESTID id, TspiFunction function) {
  return "request " + std::to_string(id) + " (" + function_name(function) + ")";
}

bool is_call_message(DWORD message) {
  switch (message) {
    case LINE_CALLSTATE:
    case LINE_CALLINFO:
    case LINE_MONITORDIGITS:
    case LINE_MONITORMEDIA:
    case LINE_MONITORTONE:
    case LINE_GENERATE:
    case LINE_GATHERDIGITS:
    case LINE_CALLDEVSPECIFIC:
    case LINE_CALLDEVSPECIFICFEATURE:
    case LINE_QOSINFO:
      return true;
    default:
      return false;
  }
}

// Messages about the provider rather than an open line (htLine is 0 or hProvider).
bool is_provider_message(DWORD message) {
  return message == LINE_CREATE || message == LINE_REMOVE || message == LINE_CREATEDIALOGINSTANCE ||
         message == LINE_SENDDIALOGINSTANCEDATA;
}

// The LINEDISCONNECTMODE_ values of each version (tspi-contract §9).
DWORD disconnect_modes(DWORD version) {
  if (version != 0 && version < kVersion1_4) return 0x00000FFF;  // NORMAL..UNAVAIL
  if (version != 0 && version < kVersion2_0) return 0x00001FFF;  // + NODIALTONE
  return 0x000FFFFF;                                             // + NUMBERCHANGED..CANCELLED
}

// tspi-contract §4.1 [I] guard: CONNECTED only from these (and from CONNECTED when only the
// connected mode changes).
bool may_connect_from(DWORD state) {
  return (state & (LINECALLSTATE_OFFERING | LINECALLSTATE_ACCEPTED | LINECALLSTATE_DIALING |
                   LINECALLSTATE_PROCEEDING | LINECALLSTATE_RINGBACK | LINECALLSTATE_ONHOLD |
                   LINECALLSTATE_ONHOLDPENDCONF | LINECALLSTATE_ONHOLDPENDTRANSFER)) != 0;
}

}  // namespace

ContractChecker::DownCallId ContractChecker::begin_down_call(const DownCall& call) {
  std::lock_guard lock(mutex_);
  const DownCallId id = next_id_++;
  active_.emplace(id, Active{std::this_thread::get_id(), call});
  const std::uintptr_t ht_call = key(call.ht_call);
  std::uintptr_t ht_line = key(call.ht_line);
  if (ht_line == 0 && ht_call != 0) {
    if (auto it = calls_.find(ht_call); it != calls_.end()) ht_line = it->second.line;
  }
  media_.begin(call.function, ht_call, call.media);
  switch (call.function) {
    case TspiFunction::TSPI_providerInit:
      shutdown_returned_ = false;
      break;
    case TspiFunction::TSPI_lineOpen: {
      // Events may arrive before lineOpen returns: the provider has the htLine already.
      Line& line = lines_[ht_line] = Line{};
      line.version = call.tspi_version;
      if (call.caps != nullptr) {
        line.has_caps = true;
        line.caps = *call.caps;
      }
      break;
    }
    case TspiFunction::TSPI_lineSetStatusMessages:
      // Enabled from the moment the call is made: the provider may report before returning.
      if (auto it = lines_.find(ht_line); it != lines_.end()) {
        it->second.enabled_line_states |= call.line_states;
        it->second.enabled_address_states |= call.address_states;
      }
      break;
    case TspiFunction::TSPI_lineMakeCall:
    case TspiFunction::TSPI_lineSetupTransfer: {
      Call& made = calls_[ht_call];
      made = Call{};
      made.line = ht_line;
      open_calls_by_line_.emplace(ht_line, ht_call);
      made.outgoing = true;
      made.creating_request = call.request_id;
      break;
    }
    default:
      break;
  }
  if (is_async(call.function)) {
    Request& request = requests_[call.request_id] = Request{call.function, ht_line, ht_call};
    if (call.offered_feature != 0) {
      request.offered_feature = call.offered_feature;
      if (auto it = calls_.find(ht_call); it != calls_.end()) {
        request.state_events = it->second.state_events;
      }
    }
    add_pending_locked(call.request_id, request);
  }
  return id;
}

void ContractChecker::end_down_call(DownCallId id, const Outcome& outcome) {
  std::lock_guard lock(mutex_);
  const auto active = active_.find(id);
  if (active == active_.end()) return;
  const DownCall call = active->second.call;
  active_.erase(active);
  const char* name = function_name(call.function);
  const std::uintptr_t ht_line = key(call.ht_line);
  const std::uintptr_t ht_call = key(call.ht_call);

  if (is_async(call.function)) {
    Request& request = requests_[call.request_id];
    const auto request_id = static_cast<LONG>(call.request_id);
    if (outcome.result == request_id) {
      request.returned = true;
      if (creates_call(call.function)) {
        if (outcome.driver_handle == 0) {
          add_locked(Rule::kNullDriverHandle,
                     std::string(name) + " for " + call_text(ht_call) + " returned hdCall 0");
        }
        Call& made = calls_[ht_call];
        made.hd = outcome.driver_handle;
        if (made.validity != Validity::kFailed && !made.closed) {
          live_hd_calls_[outcome.driver_handle] = ht_call;
        }
      }
    } else if (outcome.result < 0) {
      if (request.completed) {
        add_locked(Rule::kCompletionOfFailedRequest,
                   request_text(call.request_id, call.function) +
                       " was completed, then the function returned " +
                       describe_result(outcome.result));
      }
      request.failed_sync = true;
      remove_pending_locked(call.request_id, request);
      if (creates_call(call.function)) {
        // The call never existed: no TSPI_lineCloseCall will come, so it leaves the open calls
        // now (a line refusing calls fast must not grow the checker until its lineClose); the
        // entry lingers among the retired ones to catch messages about it.
        if (auto it = calls_.find(ht_call); it != calls_.end()) {
          it->second.validity = Validity::kFailed;
          erase_entry(open_calls_by_line_, it->second.line, ht_call);
          retire_call_locked(ht_call);
        }
      }
    } else {
      add_locked(Rule::kAsyncReturnValue,
                 std::string(name) + " returned " + std::to_string(outcome.result) +
                     " instead of its dwRequestID " + std::to_string(call.request_id) +
                     " or a negative LINEERR_");
      request.returned = true;
    }
    if ((request.returned && request.completed) || request.failed_sync) {
      retire_request_locked(call.request_id);
    }
  } else if (outcome.result > 0) {
    add_locked(Rule::kSyncReturnValue, std::string(name) + " returned " +
                                           std::to_string(outcome.result) +
                                           " (a synchronous function returns 0 or a LINEERR_)");
  }

  if (const char* owed = media_.end(call.function, ht_call, call.media, outcome.result)) {
    add_locked(Rule::kMediaResultOwed, std::string(name) + " for " + call_text(ht_call) +
                                           " returned 0 while the call reached IDLE, and its " +
                                           owed + " for dwEndToEndID " +
                                           std::to_string(call.media.end_to_end_id) +
                                           " was never sent");
  }
  switch (call.function) {
    case TspiFunction::TSPI_lineNegotiateTSPIVersion:
      if (outcome.result == 0 &&
          (outcome.version < call.low_version || outcome.version > call.high_version)) {
        add_locked(Rule::kNegotiatedVersion, std::string(name) + " returned version " +
                                                 hex(outcome.version) + " outside the range [" +
                                                 hex(call.low_version) + ", " +
                                                 hex(call.high_version) + "] asked for");
      }
      break;
    case TspiFunction::TSPI_lineOpen:
      if (outcome.result == 0) {
        if (outcome.driver_handle == 0) {
          add_locked(Rule::kNullDriverHandle,
                     std::string(name) + " for " + line_text(ht_line) + " returned hdLine 0");
        }
      } else {
        lines_.erase(ht_line);
      }
      break;
    case TspiFunction::TSPI_lineCloseCall: {
      const std::string still =
          pending_list_locked(pending_of_locked(pending_by_call_, ht_call), true);
      if (!still.empty()) {
        add_locked(Rule::kCloseCallPendingRequest,
                   std::string(name) + " for " + call_text(ht_call) +
                       " returned with requests still outstanding: " + still);
      }
      if (auto it = calls_.find(ht_call); it != calls_.end()) {
        it->second.closed = true;
        live_hd_calls_.erase(it->second.hd);
        erase_entry(open_calls_by_line_, it->second.line, ht_call);
        retire_call_locked(ht_call);
      }
      if (media_.tracks(ht_call)) {
        media_.closed(ht_call, std::string(name) + " for " + call_text(ht_call) + " returned",
                      media_add());
      }
      break;
    }
    case TspiFunction::TSPI_lineClose: {
      const std::string still =
          pending_list_locked(pending_of_locked(pending_by_line_, ht_line), true);
      if (!still.empty()) {
        add_locked(Rule::kLineClosePendingRequest,
                   std::string(name) + " for " + line_text(ht_line) +
                       " returned with requests still outstanding: " + still);
      }
      if (auto it = lines_.find(ht_line); it != lines_.end()) it->second.closed = true;
      // Only this line's open calls: a scan of every call remembered made closing 3,840 lines
      // take seconds.
      std::vector<std::uintptr_t> closed;
      const auto [first, last] = open_calls_by_line_.equal_range(ht_line);
      for (auto open = first; open != last; ++open) {
        const auto it = calls_.find(open->second);
        if (it == calls_.end() || it->second.closed) continue;
        it->second.closed = true;
        live_hd_calls_.erase(it->second.hd);
        closed.push_back(open->second);
      }
      open_calls_by_line_.erase(first, last);
      for (std::uintptr_t ht : closed) {
        media_.forget(ht);
        retire_call_locked(ht);
      }
      break;
    }
    case TspiFunction::TSPI_providerShutdown: {
      const std::string still = pending_list_locked(
          std::vector<DRV_REQUESTID>(pending_ids_.begin(), pending_ids_.end()), false);
      if (!still.empty()) {
        add_locked(Rule::kRequestNeverCompleted,
                   std::string(name) + " returned with requests never completed: " + still);
      }
      shutdown_returned_ = true;
      break;
    }
    default:
      break;
  }
}

void ContractChecker::upcall_enter(const Text& what) {
  // tspi-contract §8: "While a Completion_Proc call is running, don't call Completion_Proc,
  // Line_Event or Phone_Event again" - re-entry and concurrency both show up here.
  const bool overlap = in_upcall_.fetch_add(1) != 0;
  std::lock_guard lock(mutex_);
  if (overlap) {
    add_locked(Rule::kUpcallOverlap, what() + " began while another callback was still running");
  }
  const auto self = std::this_thread::get_id();
  for (const auto& [id, active] : active_) {
    if (active.thread == self) {
      add_locked(Rule::kUpcallOnDownCallThread,
                 what() + " was made on the thread inside " + function_name(active.call.function));
      break;
    }
  }
  if (shutdown_returned_) {
    add_locked(Rule::kUpcallAfterShutdown, what() + " after TSPI_providerShutdown returned");
  }
}

void ContractChecker::end_upcall() {
  in_upcall_.fetch_sub(1);
}

void ContractChecker::begin_completion(DRV_REQUESTID request_id, LONG result) {
  const auto what_text = [&] {
    return "ASYNC_COMPLETION(" + std::to_string(request_id) + ", " + describe_result(result) + ")";
  };
  const Text what(what_text);
  upcall_enter(what);
  std::lock_guard lock(mutex_);
  if (result > 0 || (result < 0 && !is_lineerr(result))) {
    add_locked(Rule::kCompletionResult, what() + ": lResult must be 0 or a negative LINEERR_");
  }
  const auto it = requests_.find(request_id);
  if (it == requests_.end()) {
    add_locked(Rule::kCompletionUnknownRequest,
               what() +
                   ": no async request with this id was issued (synchronous functions are "
                   "never completed)");
    return;
  }
  Request& request = it->second;
  if (request.failed_sync) {
    add_locked(
        Rule::kCompletionOfFailedRequest,
        what() + ": " + request_text(request_id, request.function) + " had failed synchronously");
    return;
  }
  if (request.completed) {
    add_locked(Rule::kCompletionTwice,
               what() + ": " + request_text(request_id, request.function) + " completed again");
    return;
  }
  request.completed = true;
  remove_pending_locked(request_id, request);
  const auto call = calls_.find(request.call);
  const auto line = lines_.find(request.line);
  if ((call != calls_.end() && call->second.closed && request.call != 0) ||
      (line != lines_.end() && line->second.closed)) {
    add_locked(Rule::kCompletionAfterClose,
               what() + ": " + request_text(request_id, request.function) + " of " +
                   (request.call != 0 ? call_text(request.call) : line_text(request.line)) +
                   " completed after its TSPI_lineCloseCall/TSPI_lineClose returned");
  }
  if (request.offered_feature != 0 &&
      (result == static_cast<LONG>(LINEERR_INVALCALLSTATE) ||
       result == static_cast<LONG>(LINEERR_OPERATIONUNAVAIL)) &&
      call != calls_.end() && !call->second.closed &&
      call->second.state_events == request.state_events) {
    // Events of a call leave in order: a state change that made the request illegal would
    // have been reported before this completion.
    add_locked(Rule::kFeatureRefused, what() + ": " + request_text(request_id, request.function) +
                                          " of " + call_text(request.call) +
                                          " was let through because LINECALLSTATUS offered " +
                                          call_feature_names(request.offered_feature) +
                                          ", and no LINE_CALLSTATE changed the state since");
  }
  if (creates_call(request.function) && call != calls_.end() &&
      call->second.creating_request == request_id) {
    call->second.validity = result == 0 ? Validity::kValid : Validity::kFailed;
    if (result != 0) live_hd_calls_.erase(call->second.hd);
  }
  if (request.returned) retire_request_locked(request_id);
}

void ContractChecker::begin_line_event(HTAPILINE ht_line_handle, HTAPICALL ht_call_handle,
                                       DWORD message, DWORD_PTR param1, DWORD_PTR param2,
                                       DWORD_PTR param3) {
  const std::uintptr_t ht_line = key(ht_line_handle);
  const std::uintptr_t ht_call = key(ht_call_handle);
  const auto what_text = [&] {
    return "LINEEVENT(" + line_text(ht_line) + ", " + call_text(ht_call) + ", " +
           message_name(message) + ", " + hex(param1) + ", " + hex(param2) + ", " + hex(param3) +
           ")";
  };
  const Text what(what_text);
  upcall_enter(what);
  std::lock_guard lock(mutex_);
  if (is_provider_message(message)) return;

  const auto line_it = lines_.find(ht_line);
  if (line_it == lines_.end()) {
    add_locked(Rule::kUnknownLine, what() + ": no line was opened with this htLine");
    return;
  }
  Line& line = line_it->second;
  if (line.closed) {
    add_locked(Rule::kEventAfterLineClose, what() + ": TSPI_lineClose of this line had returned");
    return;
  }

  switch (message) {
    case LINE_NEWCALL: {
      if (ht_call != 0 || param2 == 0) {
        add_locked(Rule::kNewCallBadParams,
                   what() + ": LINE_NEWCALL is (htLine, 0, hdCall, &htCall, 0)");
      }
      if (param1 == 0) {
        add_locked(Rule::kNullDriverHandle, what() + ": LINE_NEWCALL announced hdCall 0");
      } else if (auto live = live_hd_calls_.find(param1); live != live_hd_calls_.end()) {
        add_locked(Rule::kNewCallDuplicate, what() + ": hdCall " + hex(param1) +
                                                " is already live as " + call_text(live->second));
      }
      return;
    }
    case LINE_LINEDEVSTATE: {
      constexpr DWORD kOpenClose = LINEDEVSTATE_OPEN | LINEDEVSTATE_CLOSE;
      if ((param1 & kOpenClose) != 0) {
        add_locked(Rule::kLineDevStateOpenClose,
                   what() + ": line open/close is never reported (TAPI does it)");
      }
      if (line.has_caps) {
        check_status_bits_locked(what, static_cast<DWORD>(param1) & ~kOpenClose,
                                 line.caps.line_states, line.enabled_line_states,
                                 Rule::kLineDevStateNotAdvertised, Rule::kLineDevStateNotEnabled);
      }
      return;
    }
    case LINE_ADDRESSSTATE:
      if (line.has_caps) {
        check_status_bits_locked(what, static_cast<DWORD>(param2), line.caps.address_states,
                                 line.enabled_address_states, Rule::kAddressStateNotAdvertised,
                                 Rule::kAddressStateNotEnabled);
      }
      return;
    case LINE_CLOSE: {
      const std::string still =
          pending_list_locked(pending_of_locked(pending_by_line_, ht_line), true);
      if (!still.empty()) {
        add_locked(Rule::kLineCloseWithPendingRequests,
                   what() + ": requests of the line still outstanding: " + still);
      }
      return;
    }
    default:
      break;
  }
  if (is_call_message(message) || ht_call != 0) {
    check_call_event_locked(ht_line, line, ht_call, message, param1, param2);
  }
}

void ContractChecker::check_call_event_locked(std::uintptr_t ht_line, Line& line,
                                              std::uintptr_t ht_call, DWORD message,
                                              DWORD_PTR param1, DWORD_PTR param2) {
  const auto who_text = [&] {
    return message_name(message) + " for " + call_text(ht_call) + " on " + line_text(ht_line);
  };
  const Text who(who_text);
  if (ht_call == 0) {
    if (!line.refused.empty()) {
      add_locked(Rule::kEventAfterNewCallNull,
                 who() + ": LINE_NEWCALL on this line was answered NULL; nothing may follow it");
    } else {
      add_locked(Rule::kCallEventWithoutCall,
                 who() + ": a call message needs the htCall TAPI gave (LINE_NEWCALL comes first)");
    }
    return;
  }
  const auto it = calls_.find(ht_call);
  if (it == calls_.end()) {
    add_locked(Rule::kUnknownCall, who() + ": TAPI never gave this htCall");
    return;
  }
  Call& call = it->second;
  if (call.line != ht_line) {
    add_locked(Rule::kCallLineMismatch, who() + ": the call belongs to " + line_text(call.line));
  }
  if (call.closed) {
    add_locked(Rule::kEventAfterCloseCall, who() + ": TSPI_lineCloseCall had returned");
    return;
  }
  if (call.outgoing && call.validity == Validity::kPending) {
    add_locked(Rule::kEventBeforeMakeCallCompletion,
               who() + ": request " + std::to_string(call.creating_request) +
                   " (the call's TSPI_lineMakeCall / TSPI_lineSetupTransfer) has not completed "
                   "successfully yet");
  } else if (call.outgoing && call.validity == Validity::kFailed) {
    add_locked(Rule::kEventAfterFailedMakeCall,
               who() + ": request " + std::to_string(call.creating_request) +
                   " (the call's TSPI_lineMakeCall / TSPI_lineSetupTransfer) failed; the call does "
                   "not exist");
  }
  const bool first = !call.any_message;
  call.any_message = true;
  if (!call.outgoing && first &&
      (message != LINE_CALLSTATE || (param1 & kStandardStateMask) == LINECALLSTATE_IDLE)) {
    add_locked(Rule::kIncomingFirstCallState,
               who() +
                   ": the first message after LINE_NEWCALL must be LINE_CALLSTATE "
                   "(OFFERING, or the call's real state)");
  }
  if (MediaContract::judges(message)) {
    media_.event(ht_call, message, param1, param2, who(), media_add());
  }
  if (message == LINE_CALLSTATE) {
    check_call_state_locked(call, who, static_cast<DWORD>(param1), static_cast<DWORD>(param2),
                            line);
    if ((param1 & kStandardStateMask) == LINECALLSTATE_IDLE && media_.tracks(ht_call)) {
      media_.idle(ht_call, who(), media_add());
    }
  } else if (message == LINE_CALLINFO) {
    if (call.any_state && call.state == LINECALLSTATE_IDLE) {
      add_locked(Rule::kCallInfoAfterIdle, who() + ": the call is IDLE");
    }
    const DWORD extra = static_cast<DWORD>(param1) & ~line.caps.call_info_states;
    if (line.has_caps && extra != 0) {
      add_locked(Rule::kCallInfoNotAdvertised, who() + ": " + hex(extra) +
                                                   " is not in LINEADDRESSCAPS.dwCallInfoStates " +
                                                   hex(line.caps.call_info_states));
    }
  }
}

void ContractChecker::check_status_bits_locked(const Text& what, DWORD bits, DWORD advertised,
                                               DWORD enabled, Rule not_advertised,
                                               Rule not_enabled) {
  if (const DWORD extra = bits & ~advertised; extra != 0) {
    add_locked(not_advertised,
               what() + ": " + hex(extra) + " is not in the caps' " + hex(advertised));
  } else if (const DWORD off = bits & ~enabled; off != 0) {
    add_locked(not_enabled, what() + ": " + hex(off) +
                                " was never enabled by TSPI_lineSetStatusMessages (enabled: " +
                                hex(enabled) + ")");
  }
}

void ContractChecker::check_call_state_caps_locked(const Text& text, DWORD state, DWORD mode,
                                                   const Line& line) {
  if (!line.has_caps) return;
  const LineCaps& caps = line.caps;
  if ((state & caps.call_states) == 0) {
    add_locked(Rule::kCallStateNotAdvertised,
               text() + ": not in LINEADDRESSCAPS.dwCallStates " + hex(caps.call_states));
    return;
  }
  const char* field = nullptr;
  DWORD modes = 0;
  switch (state) {
    case LINECALLSTATE_BUSY:
      field = "dwBusyModes";
      modes = caps.busy_modes;
      break;
    case LINECALLSTATE_DIALTONE:
      field = "dwDialToneModes";
      modes = caps.dial_tone_modes;
      break;
    case LINECALLSTATE_SPECIALINFO:
      field = "dwSpecialInfo";
      modes = caps.special_info;
      break;
    case LINECALLSTATE_CONNECTED:
      field = "dwConnectedModes";
      modes = caps.connected_modes;
      break;
    case LINECALLSTATE_OFFERING:
      field = "dwOfferingModes";
      modes = caps.offering_modes;
      break;
    case LINECALLSTATE_DISCONNECTED:
      field = "dwDisconnectModes";
      modes = caps.disconnect_modes;
      break;
    default:
      return;  // no mode for this state
  }
  // A mode of 0 says "not given" (many states carry none); any other value is one bit the
  // caps list.
  if (mode != 0 && (std::popcount(mode) != 1 || (mode & ~modes) != 0)) {
    add_locked(Rule::kCallStateModeNotAdvertised, text() + ": mode " + hex(mode) +
                                                      " is not one value of LINEADDRESSCAPS." +
                                                      field + " " + hex(modes));
  }
}

void ContractChecker::check_call_state_locked(Call& call, const Text& who, DWORD param1, DWORD mode,
                                              const Line& line) {
  const DWORD version = line.version;
  const DWORD state = param1 & kStandardStateMask;
  const auto text_text = [&] { return who() + " " + call_state_name(state); };
  const Text text(text_text);
  if (std::popcount(state) != 1 || state > LINECALLSTATE_UNKNOWN) {
    add_locked(Rule::kCallStateBits,
               text() + ": dwParam1 " + hex(param1) + " must hold one and only one state bit");
    return;
  }
  if (call.any_state) {
    const auto from = [&] { return " after " + call_state_name(call.state); };
    if (call.state == LINECALLSTATE_IDLE) {
      add_locked(Rule::kStateAfterIdle, text() + from() + ": IDLE is final");
      return;
    }
    if (call.state == LINECALLSTATE_DISCONNECTED && state != LINECALLSTATE_IDLE) {
      add_locked(Rule::kCallStateTransition, text() + from() + ": after DISCONNECTED only IDLE");
    } else if (state == LINECALLSTATE_OFFERING || state == LINECALLSTATE_DIALTONE) {
      add_locked(Rule::kCallStateTransition,
                 text() + from() + ": OFFERING/DIALTONE are never re-entered");
    } else if (state == LINECALLSTATE_CONNECTED && !may_connect_from(call.state) &&
               !(call.state == LINECALLSTATE_CONNECTED && mode != call.mode)) {
      add_locked(Rule::kCallStateTransition,
                 text() + from() +
                     ": CONNECTED only from OFFERING/ACCEPTED/DIALING/PROCEEDING/"
                     "RINGBACK/ONHOLD*");
    }
  }
  bool mode_in_version = true;
  if (state == LINECALLSTATE_DISCONNECTED) {
    const DWORD allowed = disconnect_modes(version);
    if (std::popcount(mode) != 1 || (mode & ~allowed) != 0) {
      mode_in_version = false;
      add_locked(Rule::kDisconnectModeVersion, text() + ": LINEDISCONNECTMODE " + hex(mode) +
                                                   " is not one value of TSPI " +
                                                   hex(version == 0 ? kVersion2_0 : version));
    }
  }
  if (mode_in_version) check_call_state_caps_locked(text, state, mode, line);
  ++call.state_events;
  call.any_state = true;
  call.state = state;
  call.mode = mode;
}

void ContractChecker::begin_phone_event(DWORD message) {
  const auto what_text = [&] { return "PHONEEVENT(" + std::to_string(message) + ")"; };
  upcall_enter(Text(what_text));
}

void ContractChecker::new_call_answered(HTAPILINE ht_line_handle, DWORD_PTR hd_call,
                                        HTAPICALL answered) {
  std::lock_guard lock(mutex_);
  const std::uintptr_t ht_line = key(ht_line_handle);
  const std::uintptr_t ht_call = key(answered);
  auto line = lines_.find(ht_line);
  if (ht_call == 0) {
    if (line != lines_.end()) line->second.refused.insert(hd_call);
    return;
  }
  if (line != lines_.end()) line->second.refused.erase(hd_call);
  Call& call = calls_[ht_call];
  call = Call{};
  call.line = ht_line;
  open_calls_by_line_.emplace(ht_line, ht_call);
  call.validity = Validity::kValid;  // LINE_NEWCALL handles are valid at once
  call.hd = hd_call;
  live_hd_calls_[hd_call] = ht_call;
}

void ContractChecker::add_violation(Rule rule, std::string description) {
  std::lock_guard lock(mutex_);
  add_locked(rule, std::move(description));
}

MediaContract::Add ContractChecker::media_add() {
  return [this](Rule rule, std::string description) { add_locked(rule, std::move(description)); };
}

void ContractChecker::add_locked(Rule rule, std::string description) {
  violations_.push_back(Violation{rule, std::move(description)});
}

std::string ContractChecker::pending_list_locked(std::vector<DRV_REQUESTID> candidates,
                                                 bool returned_only) {
  std::sort(candidates.begin(), candidates.end());  // findings name them in issue order
  std::string out;
  for (const DRV_REQUESTID request_id : candidates) {
    Request& request = requests_.at(request_id);
    if (!pending(request) || request.reported_stuck) continue;
    if (returned_only && !request.returned) continue;
    request.reported_stuck = true;
    if (!out.empty()) out += ", ";
    out += request_text(request_id, request.function);
  }
  return out;
}

std::vector<DRV_REQUESTID> ContractChecker::pending_of_locked(const PendingIndex& index,
                                                              std::uintptr_t key_value) const {
  std::vector<DRV_REQUESTID> ids;
  const auto [first, last] = index.equal_range(key_value);
  for (auto it = first; it != last; ++it) ids.push_back(it->second);
  return ids;
}

void ContractChecker::add_pending_locked(DRV_REQUESTID id, const Request& request) {
  pending_ids_.insert(id);
  if (request.call != 0) pending_by_call_.emplace(request.call, id);
  if (request.line != 0) pending_by_line_.emplace(request.line, id);
}

void ContractChecker::remove_pending_locked(DRV_REQUESTID id, const Request& request) {
  pending_ids_.erase(id);
  erase_entry(pending_by_call_, request.call, id);
  erase_entry(pending_by_line_, request.line, id);
}

void ContractChecker::retire_request_locked(DRV_REQUESTID id) {
  retired_requests_.push_back(id);
  while (retired_requests_.size() > kRetiredMemory) {
    const auto old = requests_.find(retired_requests_.front());
    if (old != requests_.end() && !pending(old->second)) requests_.erase(old);
    retired_requests_.pop_front();
  }
}

void ContractChecker::retire_call_locked(std::uintptr_t ht_call) {
  retired_calls_.push_back(ht_call);
  while (retired_calls_.size() > kRetiredMemory) {
    calls_.erase(retired_calls_.front());
    retired_calls_.pop_front();
  }
}

std::size_t ContractChecker::open_call_records() const {
  std::lock_guard lock(mutex_);
  return open_calls_by_line_.size() + media_.tracked_calls();
}

std::vector<Violation> ContractChecker::violations() const {
  std::lock_guard lock(mutex_);
  return violations_;
}

std::size_t ContractChecker::violation_count() const {
  std::lock_guard lock(mutex_);
  return violations_.size();
}

std::size_t ContractChecker::count(Rule rule) const {
  std::lock_guard lock(mutex_);
  std::size_t n = 0;
  for (const Violation& violation : violations_) n += violation.rule == rule ? 1 : 0;
  return n;
}

std::size_t ContractChecker::outstanding_requests() const {
  std::lock_guard lock(mutex_);
  std::size_t n = 0;
  for (const auto& [id, request] : requests_) n += pending(request) ? 1 : 0;
  return n;
}

void ContractChecker::clear_violations() {
  std::lock_guard lock(mutex_);
  violations_.clear();
}

}  // namespace spantsp::host
