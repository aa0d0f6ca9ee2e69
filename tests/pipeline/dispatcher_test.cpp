// The dispatcher's event queue is bounded and preallocated (DESIGN.md §3): a worker that
// outruns the dispatcher waits for room (backpressure), never grows the queue and never loses
// an upcall; per producer the upcalls leave in the order published.

#include "pipeline/dispatcher.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <semaphore>
#include <thread>
#include <vector>

#include "perf/no_calls.h"

namespace spantsp::pipeline {
namespace {

using namespace std::chrono_literals;

using perf::NoCalls;  // a registry for completions only

// ASYNC_COMPLETION has no context pointer: the test's state is global.
std::mutex delivered_mutex;
std::vector<DRV_REQUESTID> delivered;
std::binary_semaphore first_held{0};
std::binary_semaphore release_first{0};
std::atomic<bool> hold_first{false};

void TSPIAPI on_completion(DRV_REQUESTID request, LONG) {
  if (hold_first.exchange(false)) {
    first_held.release();
    release_first.acquire();
  }
  std::lock_guard lock(delivered_mutex);
  delivered.push_back(request);
}

Upcall completion(DRV_REQUESTID request) {
  Upcall u;
  u.kind = Upcall::Kind::kCompletion;
  u.request = request;
  return u;
}

TEST(Dispatcher, AFullRingMakesTheWorkerWaitAndLosesNothing) {
  delivered.clear();
  NoCalls calls;
  constexpr std::size_t kCapacity = 4;  // upcalls the producer's ring holds
  constexpr DRV_REQUESTID kUpcalls = 200;
  Dispatcher dispatcher(kCapacity, 1, on_completion, calls, 0);
  auto producer = dispatcher.make_producer();
  hold_first = true;
  dispatcher.start();

  std::atomic<DRV_REQUESTID> published{0};
  std::thread worker([&] {
    for (DRV_REQUESTID id = 1; id <= kUpcalls; ++id) {
      dispatcher.publish(*producer, completion(id));
      published = id;
      dispatcher.notify();
    }
  });
  first_held.acquire();  // the dispatcher is inside the first upcall: the ring fills
  std::this_thread::sleep_for(50ms);
  // Bounded: the held upcall, a full ring and the one the worker is waiting to publish.
  EXPECT_LE(published.load(), 1 + kCapacity);
  EXPECT_GE(dispatcher.stats().backpressure, 1u);
  release_first.release();
  worker.join();
  dispatcher.stop();

  std::vector<DRV_REQUESTID> expected;
  for (DRV_REQUESTID id = 1; id <= kUpcalls; ++id) expected.push_back(id);
  EXPECT_EQ(delivered, expected);  // every upcall, in order
  EXPECT_EQ(dispatcher.stats().upcalls, kUpcalls);
}

TEST(Dispatcher, MoreProducersThanConfiguredIsRefused) {
  NoCalls calls;
  Dispatcher dispatcher(16, 2, on_completion, calls, 0);
  auto a = dispatcher.make_producer();
  auto b = dispatcher.make_producer();
  EXPECT_THROW(dispatcher.make_producer(), std::logic_error);
}

}  // namespace
}  // namespace spantsp::pipeline
