#pragma once
// The textbook alternative to pipeline::Dispatcher, and the reference of issue 5 §4 for the
// pipeline hop: a mutex-protected deque of Upcall records with a std::condition_variable
// notified per record, drained by one consumer thread in batches of 256 that calls `deliver`
// outside the lock. Used by wakeup_bench.cpp and the load tool's same-run reference.
//
// Threads: push() from any thread; `deliver` runs on the consumer thread, which the
// constructor starts and the destructor joins after draining.

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

#include "pipeline/upcall.h"

namespace spantsp::perf {

class CondvarUpcallQueue {
 public:
  static constexpr std::size_t kBatch = 256;

  explicit CondvarUpcallQueue(std::function<void(const pipeline::Upcall&)> deliver)
      : deliver_(std::move(deliver)), consumer_([this] { run(); }) {}
  ~CondvarUpcallQueue() {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    ready_.notify_one();
    consumer_.join();
  }
  CondvarUpcallQueue(const CondvarUpcallQueue&) = delete;
  CondvarUpcallQueue& operator=(const CondvarUpcallQueue&) = delete;

  void push(const pipeline::Upcall& upcall) {
    {
      std::lock_guard lock(mutex_);
      queue_.push_back(upcall);
    }
    ready_.notify_one();
  }
  // Waits that returned on the consumer; read after the queue is drained.
  std::uint64_t wakeups() const {
    std::lock_guard lock(mutex_);
    return wakeups_;
  }

 private:
  void run() {
    pipeline::Upcall batch[kBatch];
    for (;;) {
      std::size_t n = 0;
      {
        std::unique_lock lock(mutex_);
        while (queue_.empty() && !stop_) {
          ready_.wait(lock);
          ++wakeups_;
        }
        if (queue_.empty()) return;
        while (n < kBatch && !queue_.empty()) {
          batch[n++] = queue_.front();
          queue_.pop_front();
        }
      }
      for (std::size_t i = 0; i < n; ++i) deliver_(batch[i]);
    }
  }

  std::function<void(const pipeline::Upcall&)> deliver_;
  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<pipeline::Upcall> queue_;
  bool stop_ = false;
  std::uint64_t wakeups_ = 0;
  std::thread consumer_;  // last: starts once the members above exist
};

}  // namespace spantsp::perf
