// Host: what the provider's callbacks do (always short, never a call into the provider),
// and the message queue the application reads.

#include "tools/tapihost/host_internal.h"

namespace spantsp::host {

using namespace detail;
using DownCall = ContractChecker::DownCall;
using Outcome = ContractChecker::Outcome;

// --- upcalls ---------------------------------------------------------------------------------

void Host::on_completion(DRV_REQUESTID request_id, LONG result) {
  const std::uint64_t now = steady_now_ns();
  const bool check = options_.check_contract;
  if (check) checker_.begin_completion(request_id, result);
  {
    std::lock_guard lock(mutex_);
    const auto it = requests_.find(request_id);
    if (it != requests_.end() && !it->second.completed) {
      if (it->second.issued_ns != 0 && now >= it->second.issued_ns) {
        latency_.request_completion.record(now - it->second.issued_ns);
      }
      it->second.completed = true;
      it->second.result = result;
      if (it->second.returned) release_reply_locked(request_id);
    }
  }
  if (check) checker_.end_upcall();
}

void Host::on_line_event(HTAPILINE ht_line, HTAPICALL ht_call, DWORD message, DWORD_PTR param1,
                         DWORD_PTR param2, DWORD_PTR param3) {
  if (options_.line_event_hook) options_.line_event_hook(message);
  if (const std::uint64_t stamp = delivering_event_stamp(); stamp != 0) {
    const std::uint64_t now = steady_now_ns();
    if (now >= stamp) latency_.event_delivery.record(now - stamp);
  }
  const bool check = options_.check_contract;
  if (check) checker_.begin_line_event(ht_line, ht_call, message, param1, param2, param3);
  switch (message) {
    case LINE_NEWCALL:
      on_new_call(ht_line, param1, param2);
      break;
    case LINE_CREATE: {
      std::lock_guard lock(mutex_);
      if (started_) post_locked({WorkItem::Kind::kCreateDevice, param2});
      break;
    }
    case LINE_REMOVE: {
      std::lock_guard lock(mutex_);
      if (started_) post_locked({WorkItem::Kind::kRemoveDevice, param1});
      break;
    }
    case LINE_CLOSE: {
      // tspi-contract §1.3: TAPI answers with TSPI_lineClose (from its own thread, never
      // from inside the callback), then tells the application.
      std::lock_guard lock(mutex_);
      const auto it = line_by_ht_.find(key(ht_line));
      if (it != line_by_ht_.end()) post_locked({WorkItem::Kind::kProviderClosedLine, it->second});
      break;
    }
    case LINE_CREATEDIALOGINSTANCE:
    case LINE_SENDDIALOGINSTANCEDATA:
      break;  // UI dialogs are not hosted here
    default:
      deliver_event(ht_line, ht_call, message, param1, param2, param3);
      break;
  }
  if (check) checker_.end_upcall();
}

bool Host::refuse_new_call_locked() {
  const RefuseNewCalls& refuse = options_.refuse_new_calls;
  if (refused_new_calls_ < refuse.count) {
    ++refused_new_calls_;
    return true;
  }
  if (refuse.probability > 0.0) {
    std::bernoulli_distribution coin(std::min(refuse.probability, 1.0));
    if (coin(refuse_rng_)) {
      ++refused_new_calls_;
      return true;
    }
  }
  return false;
}

void Host::on_new_call(HTAPILINE ht_line, DWORD_PTR hd_call, DWORD_PTR ht_call_slot) {
  HTAPICALL answer = nullptr;
  {
    std::lock_guard lock(mutex_);
    const auto line = line_by_ht_.find(key(ht_line));
    const bool line_usable =
        line != line_by_ht_.end() && lines_.at(line->second).phase != LinePhase::kClosing;
    if (line_usable && hd_call != 0 && !refuse_new_call_locked()) {
      const CallHandle handle = next_call_handle_++;
      answer = reinterpret_cast<HTAPICALL>(kCallTag + next_ht_++);
      CallRec& rec = calls_[handle];
      rec.handle = handle;
      rec.line = line->second;
      rec.ht = answer;
      rec.hd = reinterpret_cast<HDRVCALL>(hd_call);
      rec.phase = CallPhase::kValid;
      rec.released = true;
      call_by_ht_[key(answer)] = handle;
      enqueue_locked(Message{.message = LINE_APPNEWCALL,
                             .line = line->second,
                             .call = handle,
                             .param1 = 0,
                             .param2 = handle,
                             .param3 = LINECALLPRIVILEGE_OWNER});
    }
    // tspi-contract §3.2: TAPI writes its htCall through dwParam2 during the callback.
    if (ht_call_slot != 0) *reinterpret_cast<HTAPICALL*>(ht_call_slot) = answer;
  }
  if (options_.check_contract) checker_.new_call_answered(ht_line, hd_call, answer);
}

void Host::deliver_event(HTAPILINE ht_line, HTAPICALL ht_call, DWORD message, DWORD_PTR param1,
                         DWORD_PTR param2, DWORD_PTR param3) {
  const pipeline::perf_probe::MediaStages& stages = delivering_event_stages();
  const std::uint64_t upcall_ns = stages.tick_ns != 0 ? steady_now_ns() : 0;
  std::lock_guard lock(mutex_);
  const auto line = line_by_ht_.find(key(ht_line));
  if (line == line_by_ht_.end()) return;  // the checker has recorded why
  Message out{.message = message,
              .line = line->second,
              .param1 = param1,
              .param2 = param2,
              .param3 = param3,
              .stages = stages,
              .upcall_ns = upcall_ns};
  if (ht_call == nullptr) {
    if (message == LINE_CALLSTATE || message == LINE_CALLINFO) return;
    enqueue_locked(std::move(out));
    return;
  }
  const auto handle = call_by_ht_.find(key(ht_call));
  if (handle == call_by_ht_.end()) return;
  CallRec& call = calls_.at(handle->second);
  if (call.phase == CallPhase::kClosing || call.phase == CallPhase::kFailed) return;
  out.call = call.handle;
  out.line = call.line;
  if (message == LINE_CALLSTATE) call.state = static_cast<DWORD>(param1) & 0x00FFFFFF;
  if (message == LINE_GATHERDIGITS) {
    if (const auto gather = gathers_.find(static_cast<DWORD>(param2)); gather != gathers_.end()) {
      const char16_t* digits = gather->second.digits.get();
      std::size_t length = 0;
      while (length < gather->second.size && digits[length] != u'\0') ++length;
      out.text = utf16_to_utf8(std::u16string_view(digits, length));
      gathers_.erase(gather);
    }
  }
  // tspi-contract §2: the app hears of a new outgoing call only after its LINE_REPLY.
  if (!call.released) {
    call.held.push_back(std::move(out));
    return;
  }
  enqueue_locked(std::move(out));
}

void Host::enqueue_locked(Message message) {
  queue_.push_back(std::move(message));
  queue_cv_.notify_one();
}

bool Host::get_message(Message& message, std::chrono::nanoseconds timeout) {
  std::unique_lock lock(mutex_);
  if (!queue_cv_.wait_for(lock, timeout, [this] { return !queue_.empty(); })) return false;
  message = std::move(queue_.front());
  queue_.pop_front();
  return true;
}

}  // namespace spantsp::host
