#pragma once
// The queues the command- and event-queue benchmarks compare, behind the adapter interface of
// mpsc_harness.h. Each is used the way its own documentation recommends for a single consumer
// draining in batches; none is tuned beyond that.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>

// moodycamel's header trips GCC's -Wnull-dereference at -O2 inside its own code (as in
// pipeline/dispatcher.h).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
#include <concurrentqueue/concurrentqueue.h>
#pragma GCC diagnostic pop

#include <oneapi/tbb/concurrent_queue.h>

#include "pipeline/command_ring.h"

namespace spantsp::perf {

// The reference every reader knows: one lock around a std::deque; the consumer takes a whole
// batch under one lock acquisition. Bounded like the provider's queues (0 = unbounded).
template <class Item>
class MutexDeque {
 public:
  struct Handle {};
  explicit MutexDeque(std::size_t capacity) : capacity_(capacity) {}
  Handle producer() { return {}; }
  bool try_push(Handle&, const Item& item) {
    std::lock_guard lock(mutex_);
    if (capacity_ != 0 && items_.size() >= capacity_) return false;
    items_.push_back(item);
    return true;
  }
  std::size_t pop_some(Item* out, std::size_t max) {
    std::lock_guard lock(mutex_);
    std::size_t n = 0;
    while (n < max && !items_.empty()) {
      out[n++] = items_.front();
      items_.pop_front();
    }
    return n;
  }

 private:
  std::size_t capacity_;
  std::mutex mutex_;
  std::deque<Item> items_;
};

// Ours: the span inbox (linearizable bounded MPSC ring).
template <class Item>
class Ring {
 public:
  struct Handle {};
  explicit Ring(std::size_t capacity) : ring_(capacity) {}
  Handle producer() { return {}; }
  bool try_push(Handle&, const Item& item) { return ring_.try_push(item); }
  std::size_t pop_some(Item* out, std::size_t max) {
    std::size_t n = 0;
    while (n < max && ring_.try_pop(out[n])) ++n;
    return n;
  }

 private:
  pipeline::CommandRing<Item> ring_;
};

// moodycamel pushes try the non-allocating try_enqueue first (what pipeline::Dispatcher does)
// and fall back to the allocating enqueue, counting the fallbacks. try_enqueue alone is not
// live with several producers: a producer that ran ahead keeps the preallocated blocks it took
// (explicit producers never hand blocks back), and a second producer that finds the pool empty
// then fails forever while the queue is empty (seen here with 2 tokens and capacity 64).
class MoodyFallbacks {
 public:
  std::uint64_t fallbacks() const { return fallbacks_.load(std::memory_order_relaxed); }

 protected:
  template <class Queue, class... Args>
  bool push(Queue& queue, Args&&... args) {
    if (queue.try_enqueue(args...)) return true;
    fallbacks_.fetch_add(1, std::memory_order_relaxed);
    return queue.enqueue(args...);
  }

 private:
  std::atomic<std::uint64_t> fallbacks_{0};
};

// moodycamel without tokens: every push goes through the implicit producer of its thread
// (a hash lookup per push). Preallocated for `capacity` items per producer.
template <class Item>
class MoodyImplicit : public MoodyFallbacks {
 public:
  struct Handle {};
  MoodyImplicit(std::size_t capacity, std::size_t producers)
      : queue_(capacity, 0, producers), consumer_(queue_) {}
  Handle producer() { return {}; }
  bool try_push(Handle&, const Item& item) { return push(queue_, item); }
  std::size_t pop_some(Item* out, std::size_t max) {
    return queue_.try_dequeue_bulk(consumer_, out, max);
  }

 private:
  moodycamel::ConcurrentQueue<Item> queue_;
  moodycamel::ConsumerToken consumer_;
};

// moodycamel as the dispatcher uses it: an explicit producer (token) per thread, bulk dequeue
// with a consumer token.
template <class Item>
class MoodyTokens : public MoodyFallbacks {
 public:
  using Handle = moodycamel::ProducerToken;
  MoodyTokens(std::size_t capacity, std::size_t producers)
      : queue_(capacity, producers, 0), consumer_(queue_) {}
  Handle producer() { return Handle(queue_); }
  bool try_push(Handle& token, const Item& item) { return push(queue_, token, item); }
  std::size_t pop_some(Item* out, std::size_t max) {
    return queue_.try_dequeue_bulk(consumer_, out, max);
  }

 private:
  moodycamel::ConcurrentQueue<Item> queue_;
  moodycamel::ConsumerToken consumer_;
};

// oneTBB's unbounded concurrent_queue (it has no bulk pop: the consumer loops try_pop).
template <class Item>
class TbbQueue {
 public:
  struct Handle {};
  TbbQueue() = default;
  Handle producer() { return {}; }
  bool try_push(Handle&, const Item& item) {
    queue_.push(item);
    return true;
  }
  std::size_t pop_some(Item* out, std::size_t max) {
    std::size_t n = 0;
    while (n < max && queue_.try_pop(out[n])) ++n;
    return n;
  }

 private:
  tbb::concurrent_queue<Item> queue_;
};

}  // namespace spantsp::perf
