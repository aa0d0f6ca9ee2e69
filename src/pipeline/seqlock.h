#pragma once
// Publishes a small trivially copyable value from one writer to any number of readers without
// a lock the writer could hold (DESIGN.md §3: synchronous getters read a snapshot the worker
// publishes). Readers retry while a write is in progress; the writer never waits.
//
// Contract:
// - store(): the owning worker only (single writer).
// - load(): any thread; returns a consistent copy. While a store is in progress it backs off
//   (pipeline/backoff.h): spins briefly, then yields and sleeps, so a reader never keeps a
//   preempted writer off its core.
// - The value is kept as relaxed atomic words so readers racing the writer are well defined
//   (and clean under ThreadSanitizer); the sequence counter orders them.

#include <atomic>
#include <cstdint>
#include <cstring>
#include <type_traits>

#include "pipeline/backoff.h"

namespace spantsp::pipeline {

template <class T>
class Seqlock {
  static_assert(std::is_trivially_copyable_v<T>);
  static constexpr std::size_t kWords = (sizeof(T) + 7) / 8;

 public:
  Seqlock() { store(T{}); }

  void store(const T& value) {
    std::uint64_t words[kWords] = {};
    std::memcpy(words, &value, sizeof(T));
    const std::uint64_t seq = sequence_.load(std::memory_order_relaxed);
    sequence_.store(seq + 1, std::memory_order_relaxed);
    std::atomic_thread_fence(std::memory_order_release);
    for (std::size_t i = 0; i < kWords; ++i) data_[i].store(words[i], std::memory_order_relaxed);
    sequence_.store(seq + 2, std::memory_order_release);
  }

  T load() const {
    std::uint64_t words[kWords];
    Backoff backoff;  // the writer may have been preempted inside store()
    for (;;) {
      const std::uint64_t before = sequence_.load(std::memory_order_acquire);
      if ((before & 1) == 0) {
        for (std::size_t i = 0; i < kWords; ++i) {
          words[i] = data_[i].load(std::memory_order_relaxed);
        }
        std::atomic_thread_fence(std::memory_order_acquire);
        if (sequence_.load(std::memory_order_relaxed) == before) break;
      }
      backoff.pause();
    }
    T value;
    std::memcpy(&value, words, sizeof(T));
    return value;
  }

 private:
  std::atomic<std::uint64_t> sequence_{0};
  std::atomic<std::uint64_t> data_[kWords] = {};
};

}  // namespace spantsp::pipeline
