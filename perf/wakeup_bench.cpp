// Wake-ups: the hop from a span worker to the dispatcher (DESIGN.md §3 "wake-ups are the cost
// to fight"). One producer thread (a span worker) publishes upcall records through the real
// pipeline::Dispatcher (moodycamel queue with a producer token, Waker, bulk delivery), in
// rounds of 16; between rounds it does `pause_ns` of other work, as a worker does between
// polling rounds (0 = flood).
//
// Compared:
// - Batch16: Dispatcher::notify() once per round of 16 (what SpanWorker::run does per round);
// - PerItem: notify() after every record;
// - CondvarPerItem: the textbook alternative and the reference of issue 5 §4, a mutex-protected
//   deque with a std::condition_variable notified per record, drained in batches of 256.
// Both Dispatcher variants run with spin_us = 0, as the engine configures it when threads
// outnumber the cores (2 cores here). Reported: records/s (wall), wakeups_per_item (Waker's
// delivered wake-ups, or the condition variable waits that returned), and the ratio of
// records/s to CondvarPerItem with the same pause in this run.

#include <benchmark/benchmark.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <thread>

#include "perf/condvar_upcall_queue.h"
#include "perf/mpsc_harness.h"
#include "perf/no_calls.h"
#include "pipeline/dispatcher.h"

namespace spantsp::perf {
namespace {

constexpr std::size_t kUpcallsPerIteration = 4096;
constexpr std::size_t kRound = 16;

std::atomic<std::uint64_t> g_delivered{0};

void CALLBACK on_completion(DRV_REQUESTID, LONG) {
  g_delivered.fetch_add(1, std::memory_order_release);
}

Baseline& wakeup_baseline() {
  static Baseline baseline;
  return baseline;
}

void pause_for(std::chrono::nanoseconds pause) {
  if (pause.count() == 0) return;
  const auto until = std::chrono::steady_clock::now() + pause;
  while (std::chrono::steady_clock::now() < until) {
  }
}

void wait_delivered(std::uint64_t target) {
  while (g_delivered.load(std::memory_order_acquire) < target) std::this_thread::yield();
}

void report(benchmark::State& state, double seconds, std::uint64_t wakeups, bool is_baseline) {
  const double items = static_cast<double>(state.iterations()) * kUpcallsPerIteration;
  state.SetItemsProcessed(static_cast<std::int64_t>(items));
  state.counters["wakeups_per_item"] = static_cast<double>(wakeups) / items;
  const double rate = seconds > 0 ? items / seconds : 0.0;
  const std::string key = std::to_string(state.range(0));
  if (is_baseline) wakeup_baseline().set(key, rate, state.iterations());
  state.counters["vs_condvar"] = is_baseline ? 1.0 : wakeup_baseline().ratio(key, rate);
}

// Registered first: the ratio baseline.
void BM_Wakeups_CondvarPerItem(benchmark::State& state) {
  const std::chrono::nanoseconds pause(state.range(0));
  g_delivered.store(0);
  double seconds = 0;
  std::uint64_t wakeups = 0;
  {
    CondvarUpcallQueue queue([](const pipeline::Upcall& u) { on_completion(u.request, u.result); });
    pipeline::Upcall upcall;
    upcall.kind = pipeline::Upcall::Kind::kCompletion;
    std::uint64_t target = 0;
    const auto start = std::chrono::steady_clock::now();
    for (auto _ : state) {
      for (std::size_t i = 0; i < kUpcallsPerIteration; ++i) {
        upcall.request = static_cast<DRV_REQUESTID>(i + 1);
        queue.push(upcall);
        if ((i + 1) % kRound == 0) pause_for(pause);
      }
      target += kUpcallsPerIteration;
      wait_delivered(target);
    }
    seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    wakeups = queue.wakeups();
  }
  report(state, seconds, wakeups, true);
}

void run_dispatcher(benchmark::State& state, std::size_t notify_every) {
  const std::chrono::nanoseconds pause(state.range(0));
  NoCalls calls;
  g_delivered.store(0);
  pipeline::Dispatcher dispatcher(2 * kUpcallsPerIteration, 1, on_completion, calls, 0);
  dispatcher.start();
  auto token = dispatcher.make_producer();
  pipeline::Upcall upcall;
  upcall.kind = pipeline::Upcall::Kind::kCompletion;
  std::uint64_t target = 0;
  const std::uint64_t wakeups_before = dispatcher.stats().wakeups;
  const auto start = std::chrono::steady_clock::now();
  for (auto _ : state) {
    for (std::size_t i = 0; i < kUpcallsPerIteration; ++i) {
      upcall.request = static_cast<DRV_REQUESTID>(i + 1);
      dispatcher.publish(*token, upcall);
      if ((i + 1) % notify_every == 0) dispatcher.notify();
      if ((i + 1) % kRound == 0) pause_for(pause);
    }
    dispatcher.notify();
    target += kUpcallsPerIteration;
    wait_delivered(target);
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const auto stats = dispatcher.stats();
  dispatcher.stop();
  report(state, seconds, stats.wakeups - wakeups_before, false);
  state.counters["backpressure"] = static_cast<double>(stats.backpressure);
}

void BM_Wakeups_Dispatcher_Batch16(benchmark::State& state) {
  run_dispatcher(state, kRound);
}
void BM_Wakeups_Dispatcher_PerItem(benchmark::State& state) {
  run_dispatcher(state, 1);
}

#define SPANTSP_WAKEUP_ARGS ->ArgName("pause_ns")->Arg(0)->Arg(2000)->Arg(20000)->UseRealTime()
BENCHMARK(BM_Wakeups_CondvarPerItem) SPANTSP_WAKEUP_ARGS;
BENCHMARK(BM_Wakeups_Dispatcher_Batch16) SPANTSP_WAKEUP_ARGS;
BENCHMARK(BM_Wakeups_Dispatcher_PerItem) SPANTSP_WAKEUP_ARGS;
#undef SPANTSP_WAKEUP_ARGS

}  // namespace
}  // namespace spantsp::perf
