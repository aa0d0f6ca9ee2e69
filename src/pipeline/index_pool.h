#pragma once
// A fixed set of slot indices [0, capacity) handed out and taken back from any thread:
// a lock-free stack over a preallocated `next` array, with a tag against ABA.
//
// Contract:
// - acquire()/release(): any thread, lock-free, never allocate. acquire() returns nothing when
//   every index is out (the caller reports a full pool as an error, DESIGN.md §3 "Pools").
// - Releasing an index that is not out is a bug (asserted in debug builds through `in_use`).
// - in_use() is exact when no acquire/release runs concurrently (tests, end of run).

#include <atomic>
#include <cassert>
#include <cstdint>
#include <memory>
#include <optional>

namespace spantsp::pipeline {

class IndexPool {
 public:
  explicit IndexPool(std::uint32_t capacity)
      : capacity_(capacity), next_(new std::atomic<std::uint32_t>[capacity]) {
    for (std::uint32_t i = 0; i < capacity; ++i) {
      next_[i].store(i + 1 < capacity ? i + 1 : kEnd, std::memory_order_relaxed);
    }
    head_.store(pack(capacity > 0 ? 0 : kEnd, 0), std::memory_order_relaxed);
  }

  std::uint32_t capacity() const { return capacity_; }

  std::optional<std::uint32_t> acquire() {
    std::uint64_t head = head_.load(std::memory_order_acquire);
    for (;;) {
      const std::uint32_t index = index_of(head);
      if (index == kEnd) return std::nullopt;
      const std::uint32_t next = next_[index].load(std::memory_order_relaxed);
      if (head_.compare_exchange_weak(head, pack(next, tag_of(head) + 1), std::memory_order_acq_rel,
                                      std::memory_order_acquire)) {
        in_use_.fetch_add(1, std::memory_order_relaxed);
        return index;
      }
    }
  }

  void release(std::uint32_t index) {
    assert(index < capacity_);
    std::uint64_t head = head_.load(std::memory_order_relaxed);
    for (;;) {
      next_[index].store(index_of(head), std::memory_order_relaxed);
      if (head_.compare_exchange_weak(head, pack(index, tag_of(head) + 1),
                                      std::memory_order_release, std::memory_order_relaxed)) {
        in_use_.fetch_sub(1, std::memory_order_relaxed);
        return;
      }
    }
  }

  std::uint32_t in_use() const { return in_use_.load(std::memory_order_relaxed); }

 private:
  static constexpr std::uint32_t kEnd = 0xFFFFFFFFu;
  static std::uint64_t pack(std::uint32_t index, std::uint32_t tag) {
    return static_cast<std::uint64_t>(tag) << 32 | index;
  }
  static std::uint32_t index_of(std::uint64_t v) { return static_cast<std::uint32_t>(v); }
  static std::uint32_t tag_of(std::uint64_t v) { return static_cast<std::uint32_t>(v >> 32); }

  const std::uint32_t capacity_;
  std::unique_ptr<std::atomic<std::uint32_t>[]> next_;
  alignas(64) std::atomic<std::uint64_t> head_;
  alignas(64) std::atomic<std::uint32_t> in_use_{0};
};

}  // namespace spantsp::pipeline
