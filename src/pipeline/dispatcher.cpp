#include "pipeline/dispatcher.h"

#include <chrono>
#include <utility>

#include "platform/thread.h"

namespace spantsp::pipeline {
namespace {
constexpr std::size_t kBatch = 256;
}  // namespace

Dispatcher::Dispatcher(std::size_t capacity, std::size_t producers, ASYNC_COMPLETION completion,
                       CallRegistry& calls, std::uint32_t spin_us)
    : queue_(capacity, producers, 0), completion_(completion), calls_(calls), spin_us_(spin_us) {}

Dispatcher::~Dispatcher() {
  stop();
}

void Dispatcher::publish(ProducerToken& token, const Upcall& upcall) {
  if (queue_.try_enqueue(token, upcall)) return;
  // This producer's preallocated blocks are full. try_enqueue alone can starve forever here
  // (blocks stay with the producer that took them, so the queue may be empty and still refuse:
  // found by perf/event_queue_bench.cpp), so take one more block. The growth is bounded by the
  // upcalls a worker can have in flight, and the block is reused afterwards; counted as
  // backpressure so the perf suite sees it.
  backpressure_.fetch_add(1, std::memory_order_relaxed);
  while (!queue_.enqueue(token, upcall)) std::this_thread::yield();  // out of memory: wait
}

void Dispatcher::start() {
  stopping_.store(false, std::memory_order_relaxed);
  thread_ = std::thread([this] { run(); });
  thread_id_ = thread_.get_id();
}

void Dispatcher::stop() {
  if (!thread_.joinable()) return;
  stopping_.store(true, std::memory_order_release);
  waker_.notify();
  thread_.join();
  thread_id_ = {};
}

DispatcherStats Dispatcher::stats() const {
  return DispatcherStats{upcalls_.load(std::memory_order_relaxed),
                         batches_.load(std::memory_order_relaxed),
                         dropped_stale_.load(std::memory_order_relaxed), waker_.wakeups(),
                         backpressure_.load(std::memory_order_relaxed)};
}

void Dispatcher::run() {
  platform::set_current_thread_name("spantsp-upcalls");
  moodycamel::ConsumerToken consumer(queue_);
  Upcall batch[kBatch];
  bool spinning = false;
  bool deferred = false;  // the registry holds work it could not hand to a worker yet
  auto spin_until = std::chrono::steady_clock::now();
  for (;;) {
    if (deferred) deferred = !calls_.retry_deferred();
    const std::size_t n = queue_.try_dequeue_bulk(consumer, batch, kBatch);
    if (n > 0) {
      batches_.fetch_add(1, std::memory_order_relaxed);
      for (std::size_t i = 0; i < n; ++i) deliver(batch[i]);
      deferred = deferred || std::exchange(deferred_, false);
      spinning = false;
      continue;
    }
    if (stopping_.load(std::memory_order_acquire)) {
      // Producers are stopped before the dispatcher: one last drain, then done.
      while (const std::size_t m = queue_.try_dequeue_bulk(consumer, batch, kBatch)) {
        for (std::size_t i = 0; i < m; ++i) deliver(batch[i]);
      }
      return;
    }
    if (deferred) {
      std::this_thread::yield();  // a worker's ring was full: give it the core, then retry
      continue;
    }
    if (spin_us_ > 0) {
      const auto now = std::chrono::steady_clock::now();
      if (!spinning) {
        spinning = true;
        spin_until = now + std::chrono::microseconds(spin_us_);
      }
      if (now < spin_until) continue;
      spinning = false;
    }
    waker_.prepare_sleep();
    if (const std::size_t m = queue_.try_dequeue_bulk(consumer, batch, kBatch); m > 0) {
      waker_.cancel_sleep();
      for (std::size_t i = 0; i < m; ++i) deliver(batch[i]);
      continue;
    }
    if (stopping_.load(std::memory_order_acquire)) {
      waker_.cancel_sleep();
      continue;
    }
    waker_.sleep_until(Waker::Clock::now() + std::chrono::seconds(1));
  }
}

void Dispatcher::deliver(const Upcall& u) {
  if (probe_sink_ != nullptr) probe_sink_(u.stamp_ns);
  switch (u.kind) {
    case Upcall::Kind::kCompletion:
      completion_(u.request, u.result);
      break;
    case Upcall::Kind::kLineEvent:
      u.event_proc(u.ht_line, nullptr, u.msg, u.p1, u.p2, u.p3);
      break;
    case Upcall::Kind::kCallEvent: {
      HTAPICALL* slot = calls_.ht_call_slot(u.call_index, u.call_generation);
      if (slot == nullptr || *slot == nullptr) {
        dropped_stale_.fetch_add(1, std::memory_order_relaxed);
        return;
      }
      u.event_proc(u.ht_line, *slot, u.msg, u.p1, u.p2, u.p3);
      break;
    }
    case Upcall::Kind::kNewCall: {
      HTAPICALL* slot = calls_.ht_call_slot(u.call_index, u.call_generation);
      if (slot == nullptr) {
        dropped_stale_.fetch_add(1, std::memory_order_relaxed);
        return;
      }
      *slot = nullptr;
      u.event_proc(u.ht_line, nullptr, LINE_NEWCALL, u.p1, reinterpret_cast<DWORD_PTR>(slot), 0);
      if (*slot == nullptr) {
        calls_.new_call_refused(u.call_index, u.call_generation);
        deferred_ = true;
      }
      break;
    }
    case Upcall::Kind::kFence:
      u.fence->passed.release();
      return;
    case Upcall::Kind::kFreeCall:
      calls_.free_call(u.call_index, u.p1 != 0);
      return;
    case Upcall::Kind::kSettled:
      calls_.call_settled(u.call_index, u.call_generation, static_cast<std::uint32_t>(u.p1));
      return;
  }
  upcalls_.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace spantsp::pipeline
