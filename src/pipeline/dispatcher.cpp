#include "pipeline/dispatcher.h"

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <utility>

#include "pipeline/backoff.h"
#include "platform/thread.h"

namespace spantsp::pipeline {
namespace {
constexpr std::size_t kBatch = 256;
}  // namespace

Dispatcher::Dispatcher(std::size_t capacity, std::size_t producers, ASYNC_COMPLETION completion,
                       CallRegistry& calls, std::uint32_t spin_us)
    : completion_(completion), calls_(calls), spin_us_(spin_us) {
  for (std::size_t i = 0; i < std::max<std::size_t>(1, producers); ++i) {
    rings_.push_back(std::make_unique<Ring>(capacity));
  }
}

Dispatcher::~Dispatcher() {
  stop();
}

std::unique_ptr<Dispatcher::ProducerToken> Dispatcher::make_producer() {
  const std::size_t n = producers_made_.fetch_add(1, std::memory_order_relaxed);
  if (n >= rings_.size()) throw std::logic_error("Dispatcher: more producers than configured");
  return std::make_unique<ProducerToken>(ProducerToken{rings_[n].get()});
}

void Dispatcher::publish(ProducerToken& token, const Upcall& upcall) {
  ++token.published;
  if (token.ring->try_push(upcall)) return;
  // The ring is full: the dispatcher is behind. Make sure it is awake, then wait for room
  // without taking its core (DESIGN.md §3: a full queue is backpressure, never growth).
  backpressure_.fetch_add(1, std::memory_order_relaxed);
  Backoff backoff;
  do {
    waker_.notify();
    backoff.pause();
  } while (!token.ring->try_push(upcall));
}

bool Dispatcher::all_empty() const {
  for (const auto& ring : rings_) {
    if (ring->maybe_nonempty()) return false;
  }
  return true;
}

std::size_t Dispatcher::drain(std::size_t budget) {
  std::size_t done = 0;
  Upcall upcall;
  std::uint64_t picked_ns = 0;
  // Round robin from where the last drain stopped: one busy worker cannot starve another.
  for (std::size_t visited = 0; visited < rings_.size() && done < budget; ++visited) {
    Ring& ring = *rings_[next_ring_];
    next_ring_ = next_ring_ + 1 == rings_.size() ? 0 : next_ring_ + 1;
    while (done < budget && ring.try_pop(upcall)) {
      if (picked_ns == 0 && stage_sink_ != nullptr) picked_ns = perf_probe::now_ns();
      deliver(upcall, picked_ns);
      ++done;
    }
  }
  return done;
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
  bool spinning = false;
  bool deferred = false;  // the registry holds work it could not hand to a worker yet
  Backoff backoff;
  auto spin_until = std::chrono::steady_clock::now();
  for (;;) {
    if (deferred) deferred = !calls_.retry_deferred();
    if (drain(kBatch) > 0) {
      batches_.fetch_add(1, std::memory_order_relaxed);
      deferred = deferred || std::exchange(deferred_, false);
      spinning = false;
      backoff = Backoff{};
      continue;
    }
    if (stopping_.load(std::memory_order_acquire)) {
      // Producers are stopped before the dispatcher: one last drain, then done.
      while (drain(kBatch) > 0) {
      }
      return;
    }
    if (deferred) {
      backoff.pause();  // a worker's ring was full: give it the core, then retry
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
    if (!all_empty() || stopping_.load(std::memory_order_acquire)) {
      // A ring that claims an upcall but popped none holds a push in progress: its worker was
      // preempted half-way. Back off rather than spin on the core it needs.
      waker_.cancel_sleep();
      backoff.pause();
      continue;
    }
    waker_.sleep_until(Waker::Clock::now() + std::chrono::seconds(1));
  }
}

void Dispatcher::deliver(const Upcall& u, std::uint64_t picked_ns) {
  if (probe_sink_ != nullptr) probe_sink_(u.stamp_ns);
  if (stage_sink_ != nullptr) {
    const perf_probe::MediaStages none;
    const perf_probe::MediaStages media{u.wire_ns, u.frame_due_ns, u.tick_ns, u.stamp_ns,
                                        picked_ns};
    stage_sink_(u.tick_ns != 0 ? &media : &none);
  }
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
      u.fence->release();
      return;
    case Upcall::Kind::kFreeCall:
      calls_.free_call(u.call_index, u.call_generation, u.p1 != 0);
      return;
    case Upcall::Kind::kSettled:
      calls_.call_settled(u.call_index, u.call_generation, static_cast<std::uint32_t>(u.p1));
      return;
  }
  upcalls_.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace spantsp::pipeline
