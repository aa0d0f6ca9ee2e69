#pragma once
// A gate in front of an object that TSPI threads post requests about (a line, a call, the
// provider's session), so that closing it invalidates first and then waits only for the
// requests already inside (tspi-contract §2, §8 rule 5: nothing for a line or call after its
// close returned; every request completed exactly once).
//
// Protocol:
// - A request enters (GateEntry), then validates its handle, posts, and leaves. Entering
//   fails once a close has begun: the caller fails as for a stale handle, synchronously.
// - The closer wins close() (one closer only), waits until every request that entered
//   before has left (their commands are then queued ahead of the close), and does its work.
// - reopen() lets requests in again (they still validate their handle, which the close made
//   stale).
// One atomic word (closing bit + count of requests inside): its modification order decides
// for each request whether the closer waits for it or it sees the close. No lock; entering
// costs one read-modify-write.
//
// Threads: any. wait_idle() blocks the closer with pipeline::Backoff.

#include <atomic>
#include <cstdint>

#include "pipeline/backoff.h"

namespace spantsp::pipeline {

class RequestGate {
 public:
  // A request: false when a close has begun (nothing was entered then).
  bool enter() {
    if ((word_.fetch_add(1, std::memory_order_acq_rel) & kClosing) == 0) return true;
    leave();
    return false;
  }
  void leave() { word_.fetch_sub(1, std::memory_order_release); }

  // The closer: true for the one caller that began the close.
  bool close() { return (word_.fetch_or(kClosing, std::memory_order_acq_rel) & kClosing) == 0; }
  // The closer, after close(): returns once no request is inside.
  void wait_idle() const {
    Backoff backoff;
    while ((word_.load(std::memory_order_acquire) & ~kClosing) != 0) backoff.pause();
  }
  void reopen() { word_.fetch_and(~kClosing, std::memory_order_release); }

  bool closing() const { return (word_.load(std::memory_order_acquire) & kClosing) != 0; }

 private:
  static constexpr std::uint32_t kClosing = 1u << 31;
  std::atomic<std::uint32_t> word_{0};
};

// A request inside a gate for its scope.
class GateEntry {
 public:
  GateEntry() = default;
  ~GateEntry() {
    if (gate_ != nullptr) gate_->leave();
  }
  GateEntry(const GateEntry&) = delete;
  GateEntry& operator=(const GateEntry&) = delete;

  bool enter(RequestGate& gate) {
    if (!gate.enter()) return false;
    gate_ = &gate;
    return true;
  }

 private:
  RequestGate* gate_ = nullptr;
};

}  // namespace spantsp::pipeline
