#pragma once
// Puts one consumer thread to sleep and wakes it, paying for a wake-up only when the consumer
// is actually asleep (DESIGN.md §3 "wake-ups are the cost to fight").
//
// Contract:
// - One consumer (the thread that owns this Waker) calls prepare_sleep / sleep_until /
//   cancel_sleep; any number of producers call notify() after they published work.
// - Lost wake-ups are impossible: the consumer announces it is going to sleep, re-checks its
//   queues, then sleeps; a producer publishes, then looks at the announcement (both sides
//   with sequentially consistent ordering, the Dekker pattern).
// - notify() costs one atomic load when the consumer is awake.
// - wakeups() counts the wake-ups actually delivered, for the perf suite.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <semaphore>

namespace spantsp::pipeline {

class Waker {
 public:
  using Clock = std::chrono::steady_clock;

  // Consumer: announce the intention to sleep. After this, re-check every source of work;
  // if there is some, call cancel_sleep(), else sleep_until().
  void prepare_sleep() {
    sleeping_.store(true, std::memory_order_seq_cst);
    std::atomic_thread_fence(std::memory_order_seq_cst);  // the re-check below must see work
  }

  void cancel_sleep() {
    if (!sleeping_.exchange(false, std::memory_order_seq_cst)) {
      semaphore_.acquire();  // a producer claimed the wake-up: consume its release
    }
  }

  // Consumer: sleep until notified or until `deadline`.
  void sleep_until(Clock::time_point deadline) {
    if (semaphore_.try_acquire_until(deadline)) return;  // woken by a producer
    cancel_sleep();                                      // timed out (or raced a producer)
  }

  // Producer: call after publishing work.
  void notify() {
    std::atomic_thread_fence(std::memory_order_seq_cst);  // publication before the look
    if (sleeping_.load(std::memory_order_seq_cst) &&
        sleeping_.exchange(false, std::memory_order_seq_cst)) {
      wakeups_.fetch_add(1, std::memory_order_relaxed);
      semaphore_.release();
    }
  }

  std::uint64_t wakeups() const { return wakeups_.load(std::memory_order_relaxed); }

 private:
  std::atomic<bool> sleeping_{false};
  std::counting_semaphore<1> semaphore_{0};
  std::atomic<std::uint64_t> wakeups_{0};
};

}  // namespace spantsp::pipeline
