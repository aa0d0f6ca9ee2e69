#pragma once
// Puts one consumer thread to sleep and wakes it, paying for a wake-up only when the consumer
// is actually asleep (DESIGN.md §3 "wake-ups are the cost to fight").
//
// Contract:
// - One consumer (the thread that owns this Waker) calls prepare_sleep / sleep_until /
//   cancel_sleep; any number of producers call notify() after they published work.
// - Lost wake-ups are impossible: the consumer announces it is going to sleep, re-checks its
//   queues, then sleeps; a producer publishes, then looks at the announcement (both sides
//   with sequentially consistent ordering, the Dekker pattern). The sleep itself is a futex
//   wait on the announcement word, so a wake that lands before the consumer blocks is not
//   lost either (the kernel sees the word already changed).
// - notify() costs one fence and one atomic load when the consumer is awake.
// - wakeups() counts the wake-ups actually delivered, for the perf suite.

#include <atomic>
#include <chrono>
#include <cstdint>

#include "platform/futex.h"

namespace spantsp::pipeline {

class Waker {
 public:
  using Clock = std::chrono::steady_clock;

  // Consumer: announce the intention to sleep. After this, re-check every source of work;
  // if there is some, call cancel_sleep(), else sleep_until().
  void prepare_sleep() {
    state_.store(kSleeping, std::memory_order_seq_cst);
    std::atomic_thread_fence(std::memory_order_seq_cst);  // the re-check below must see work
  }

  void cancel_sleep() { state_.store(kAwake, std::memory_order_seq_cst); }

  // Consumer: sleep until notified or until `deadline`.
  void sleep_until(Clock::time_point deadline) {
    while (state_.load(std::memory_order_acquire) == kSleeping) {
      const auto left = deadline - Clock::now();
      if (left <= Clock::duration::zero()) break;
      platform::futex_wait(state_, kSleeping, left);
    }
    state_.store(kAwake, std::memory_order_seq_cst);
  }

  // Producer: call after publishing work.
  void notify() {
    std::atomic_thread_fence(std::memory_order_seq_cst);  // publication before the look
    if (state_.load(std::memory_order_seq_cst) == kSleeping &&
        state_.exchange(kAwake, std::memory_order_seq_cst) == kSleeping) {
      wakeups_.fetch_add(1, std::memory_order_relaxed);
      platform::futex_wake_one(state_);
    }
  }

  std::uint64_t wakeups() const { return wakeups_.load(std::memory_order_relaxed); }
  // The consumer has announced its sleep (tests: a notify now is a wake-up).
  bool sleeping() const { return state_.load(std::memory_order_seq_cst) == kSleeping; }

 private:
  static constexpr std::uint32_t kAwake = 0;
  static constexpr std::uint32_t kSleeping = 1;

  std::atomic<std::uint32_t> state_{kAwake};
  std::atomic<std::uint64_t> wakeups_{0};
};

}  // namespace spantsp::pipeline
