#pragma once
// A latch and a counting signal for the tests' own threads, on std::mutex and
// std::condition_variable. Not std::latch / std::binary_semaphore: outside Linux (the mingw-w64
// build) libstdc++ 12 waits for those through its atomic-wait pool, which compares the value
// before it takes the pool's mutex while notify() does not take it, so a notify landing in
// between is lost and the waiter sleeps for good. Under Wine a binary_semaphore hand-off between
// two threads hung on its second round (contract_concurrent_callers_test stalled so). Any thread.

#include <condition_variable>
#include <cstddef>
#include <mutex>

namespace spantsp::contract {

// Releases every waiter once `count` threads have arrived.
class Latch {
 public:
  explicit Latch(std::ptrdiff_t count) : left_(count) {}

  void arrive_and_wait() {
    std::unique_lock lock(mutex_);
    if (--left_ <= 0) {
      all_arrived_.notify_all();
      return;
    }
    all_arrived_.wait(lock, [this] { return left_ <= 0; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable all_arrived_;
  std::ptrdiff_t left_;
};

// A counting semaphore: release() adds one, acquire() waits for one and takes it.
class Signal {
 public:
  void release() {
    {
      std::lock_guard lock(mutex_);
      ++count_;
    }
    posted_.notify_one();
  }

  void acquire() {
    std::unique_lock lock(mutex_);
    posted_.wait(lock, [this] { return count_ > 0; });
    --count_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable posted_;
  int count_ = 0;
};

}  // namespace spantsp::contract
