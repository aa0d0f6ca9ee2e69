#pragma once
// A span worker's inbox: a bounded multi-producer, single-consumer ring of commands
// (Vyukov's bounded queue with per-cell sequence numbers).
//
// Why not moodycamel::ConcurrentQueue here: its FIFO holds per producer only, and a span's
// commands come from any TAPISRV thread. TSPI needs causal order across threads (a lineDrop
// issued on one thread after lineMakeCall returned on another must reach the worker second).
// This ring is linearizable: a push that completed before another began is popped first.
//
// Contract:
// - try_push: any thread, lock-free, never allocates; false when full (the caller reports
//   LINEERR_RESOURCEUNAVAIL: a full queue is an error, never unbounded growth).
// - try_pop: the owning worker only. A push in progress is not yet visible; the pusher
//   notifies the worker after completing it, so nothing is lost.
// - Memory: the ring owns `capacity` (a power of two) preallocated cells.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <type_traits>

namespace spantsp::pipeline {

template <class T>
class CommandRing {
  static_assert(std::is_trivially_copyable_v<T>, "commands are copied into cells");

 public:
  explicit CommandRing(std::size_t min_capacity)
      : capacity_(round_up(min_capacity)), mask_(capacity_ - 1), cells_(new Cell[capacity_]) {
    for (std::size_t i = 0; i < capacity_; ++i) {
      cells_[i].sequence.store(i, std::memory_order_relaxed);
    }
  }

  std::size_t capacity() const { return capacity_; }

  bool try_push(const T& value) {
    std::size_t pos = tail_.load(std::memory_order_relaxed);
    for (;;) {
      Cell& cell = cells_[pos & mask_];
      const std::size_t seq = cell.sequence.load(std::memory_order_acquire);
      const auto diff = static_cast<std::ptrdiff_t>(seq) - static_cast<std::ptrdiff_t>(pos);
      if (diff == 0) {
        if (tail_.compare_exchange_weak(pos, pos + 1, std::memory_order_relaxed)) {
          cell.value = value;
          cell.sequence.store(pos + 1, std::memory_order_release);
          return true;
        }
      } else if (diff < 0) {
        return false;  // full
      } else {
        pos = tail_.load(std::memory_order_relaxed);
      }
    }
  }

  bool try_pop(T& out) {
    Cell& cell = cells_[head_ & mask_];
    const std::size_t seq = cell.sequence.load(std::memory_order_acquire);
    if (seq != head_ + 1) return false;  // empty, or the next push is still in progress
    out = cell.value;
    cell.sequence.store(head_ + capacity_, std::memory_order_release);
    ++head_;
    return true;
  }

  // Consumer-side hint used before sleeping: true when a pop would find something (or a push
  // is in progress, which will notify when done).
  bool maybe_nonempty() const { return tail_.load(std::memory_order_seq_cst) != head_; }

 private:
  struct alignas(64) Cell {
    std::atomic<std::size_t> sequence;
    T value;
  };

  static std::size_t round_up(std::size_t n) {
    std::size_t c = 2;
    while (c < n) c <<= 1;
    return c;
  }

  const std::size_t capacity_;
  const std::size_t mask_;
  std::unique_ptr<Cell[]> cells_;
  alignas(64) std::atomic<std::size_t> tail_{0};
  alignas(64) std::size_t head_ = 0;  // consumer only
};

}  // namespace spantsp::pipeline
