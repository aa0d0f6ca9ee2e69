#pragma once
// Waiting for another thread to finish a step (a producer preempted half-way through a push,
// a writer inside a seqlock store, a slot on its way back to the pool) without stealing that
// thread's core (DESIGN.md §3: spinning is short when threads outnumber cores).
//
// pause() escalates: a few CPU pause instructions (the other thread is running on another
// core and about to finish), then yields (it is runnable but has no core), then sleeps that
// double from kFirstSleep up to kMaxSleep (it is descheduled for longer). A waiter that is
// never released keeps sleeping at kMaxSleep: it costs a wake-up per millisecond, not a core.
//
// Thread affinity: a Backoff is a local of the waiting thread; not shared.

#include <chrono>
#include <cstdint>
#include <thread>

namespace spantsp::pipeline {

inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

class Backoff {
 public:
  static constexpr std::uint32_t kSpins = 32;
  static constexpr std::uint32_t kYields = 16;
  static constexpr std::chrono::microseconds kFirstSleep{20};
  static constexpr std::chrono::microseconds kMaxSleep{1000};

  void pause() {
    if (round_ < kSpins) {
      cpu_relax();
    } else if (round_ < kSpins + kYields) {
      std::this_thread::yield();
    } else {
      std::this_thread::sleep_for(sleep_);
      if (sleep_ < kMaxSleep) sleep_ = std::min(sleep_ * 2, kMaxSleep);
    }
    ++round_;
  }

  // How many times pause() was called (tests and perf counters).
  std::uint32_t rounds() const { return round_; }
  bool sleeping() const { return round_ >= kSpins + kYields; }

 private:
  std::uint32_t round_ = 0;
  std::chrono::microseconds sleep_ = kFirstSleep;
};

}  // namespace spantsp::pipeline
