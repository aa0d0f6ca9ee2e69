#include "perf/upcall_hop.h"

#include <atomic>
#include <chrono>
#include <thread>

#include "perf/condvar_upcall_queue.h"
#include "perf/no_calls.h"
#include "pipeline/dispatcher.h"

namespace spantsp::perf {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t kChunk = 4096;  // records published before waiting for their delivery
constexpr std::size_t kRound = 16;    // records per notify (a worker's round)

std::atomic<std::uint64_t> g_delivered{0};

void CALLBACK on_completion(DRV_REQUESTID, LONG) {
  g_delivered.fetch_add(1, std::memory_order_release);
}

void wait_delivered(std::uint64_t target) {
  while (g_delivered.load(std::memory_order_acquire) < target) std::this_thread::yield();
}

// Publishes chunks through `push` (and `notify` every kRound) until `seconds` have passed.
template <class Push, class Notify>
HopRate flood(double seconds, Push&& push, Notify&& notify) {
  g_delivered.store(0);
  pipeline::Upcall upcall;
  upcall.kind = pipeline::Upcall::Kind::kCompletion;
  HopRate rate;
  const auto start = Clock::now();
  const auto end =
      start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  do {
    for (std::size_t i = 0; i < kChunk; ++i) {
      upcall.request = static_cast<DRV_REQUESTID>(i + 1);
      push(upcall);
      if ((i + 1) % kRound == 0) notify();
    }
    notify();
    rate.items += kChunk;
    wait_delivered(rate.items);
  } while (Clock::now() < end);
  rate.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return rate;
}

}  // namespace

HopRate measure_dispatcher_hop(double seconds) {
  NoCalls calls;
  pipeline::Dispatcher dispatcher(2 * kChunk, 1, on_completion, calls, 0);
  dispatcher.start();
  auto token = dispatcher.make_producer();
  const std::uint64_t wakeups_before = dispatcher.stats().wakeups;
  HopRate rate = flood(
      seconds, [&](const pipeline::Upcall& u) { dispatcher.publish(*token, u); },
      [&] { dispatcher.notify(); });
  rate.wakeups = dispatcher.stats().wakeups - wakeups_before;
  dispatcher.stop();
  return rate;
}

HopRate measure_condvar_hop(double seconds) {
  CondvarUpcallQueue queue([](const pipeline::Upcall& u) { on_completion(u.request, u.result); });
  HopRate rate = flood(
      seconds, [&](const pipeline::Upcall& u) { queue.push(u); }, [] {});
  rate.wakeups = queue.wakeups();
  return rate;
}

}  // namespace spantsp::perf
