#pragma once
// One worker's timers: a hashed timing wheel of 1 ms ticks on 64-bit monotonic milliseconds
// (CONVENTIONS.md: no polling timer threads, no 32-bit tick arithmetic).
//
// Contract:
// - Single-threaded: owned and driven by one span worker.
// - Timers are intrusive nodes embedded in their owners (channels, calls, the sim far end):
//   arming and cancelling never allocate. A node may be re-armed while armed (it moves).
// - advance(now) fires every timer due at or before `now`, in due order within a tick; a
//   handler may arm or cancel any timer, including its own. Handlers get the timer's due time
//   as "now", so schedules built from relative re-arming stay exact however late the worker
//   advanced (and a simulation runs the same whatever the wheel's step).
// - next_deadline() is exact: the earliest due time of any armed timer.

#include <cstdint>
#include <limits>
#include <vector>

namespace spantsp::pipeline {

class TimerWheel;

class TimerHandler {
 public:
  virtual void on_timer(std::uint64_t cookie, std::uint64_t now_ms) = 0;

 protected:
  ~TimerHandler() = default;
};

struct TimerNode {
  TimerHandler* handler = nullptr;
  std::uint64_t cookie = 0;  // handed back to the handler
  std::uint64_t due_ms = 0;
  TimerNode* prev = nullptr;
  TimerNode* next = nullptr;
  bool armed() const { return prev != nullptr; }
};

class TimerWheel {
 public:
  static constexpr std::uint64_t kNever = std::numeric_limits<std::uint64_t>::max();

  explicit TimerWheel(std::uint64_t now_ms) : slots_(kSlots), now_ms_(now_ms) {
    for (auto& s : slots_) s.prev = s.next = &s;
  }
  TimerWheel(const TimerWheel&) = delete;
  TimerWheel& operator=(const TimerWheel&) = delete;

  void arm(TimerNode& node, std::uint64_t due_ms) {
    cancel(node);
    node.due_ms = due_ms < now_ms_ ? now_ms_ : due_ms;
    TimerNode& head = slots_[node.due_ms & kMask];
    node.next = &head;
    node.prev = head.prev;
    head.prev->next = &node;
    head.prev = &node;
    ++armed_;
  }

  void cancel(TimerNode& node) {
    if (!node.armed()) return;
    node.prev->next = node.next;
    node.next->prev = node.prev;
    node.prev = node.next = nullptr;
    --armed_;
  }

  std::size_t armed_count() const { return armed_; }
  std::uint64_t now_ms() const { return now_ms_; }

  // Fires everything due at or before `now_ms`; returns how many fired.
  std::size_t advance(std::uint64_t now_ms) {
    std::size_t fired = 0;
    if (now_ms < now_ms_) return 0;
    // Past a full turn every slot is visited once; due times decide what fires.
    const std::uint64_t span = now_ms - now_ms_;
    const std::uint64_t first = span >= kSlots ? now_ms - kSlots + 1 : now_ms_;
    for (std::uint64_t t = first; t <= now_ms && armed_ > 0; ++t) {
      TimerNode& head = slots_[t & kMask];
      for (TimerNode* n = head.next; n != &head;) {
        TimerNode* next = n->next;
        if (n->due_ms <= now_ms) {
          cancel(*n);
          now_ms_ = t;
          n->handler->on_timer(n->cookie, n->due_ms);
          ++fired;
          next = head.next;  // the handler may have changed this slot's list
        }
        n = next;
      }
    }
    now_ms_ = now_ms;
    return fired;
  }

  std::uint64_t next_deadline() const {
    if (armed_ == 0) return kNever;
    std::uint64_t best = kNever;
    for (std::uint64_t d = 0; d < kSlots; ++d) {
      const TimerNode& head = slots_[(now_ms_ + d) & kMask];
      for (const TimerNode* n = head.next; n != &head; n = n->next) {
        if (n->due_ms <= now_ms_ + d) return n->due_ms;  // due within this turn: earliest
        if (n->due_ms < best) best = n->due_ms;
      }
    }
    return best;
  }

 private:
  static constexpr std::uint64_t kSlots = 4096;  // 4.096 s per turn
  static constexpr std::uint64_t kMask = kSlots - 1;

  std::vector<TimerNode> slots_;  // list heads
  std::uint64_t now_ms_;
  std::size_t armed_ = 0;
};

}  // namespace spantsp::pipeline
