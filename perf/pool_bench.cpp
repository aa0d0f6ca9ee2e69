// Pools: a call slot is taken when a call starts (lineMakeCall, or an incoming SETUP) and given
// back when TAPI closes it. The engine's call table is an IndexPool over preallocated
// core::Call slots (DESIGN.md §3 "Pools").
//
// Compared, per acquire+release pair of a core::Call-sized (and -aligned) block:
// - IndexPool::acquire/release (ours: lock-free stack of indices, the Call objects never move),
// - ::operator new/delete with Call's alignment (the baseline: what TSP++ did per call),
// - tbb::scalable_aligned_malloc/free (oneTBB's thread-caching allocator).
// The pattern holds a window of kLive calls (acquire all, release all), as a busy span does,
// on 1 thread and on 2 threads sharing one pool (two TSPI threads placing calls at once).

#include <benchmark/benchmark.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <new>
#include <string>

#if defined(SPANTSP_PERF_TBBMALLOC)
#include <tbb/scalable_allocator.h>
#endif

#include "core/call.h"
#include "perf/alloc_count.h"
#include "perf/mpsc_harness.h"
#include "pipeline/index_pool.h"

namespace spantsp::perf {
namespace {

constexpr std::size_t kLive = 32;
constexpr std::uint32_t kPoolCapacity = 4096;  // a few hundred lines' worth of call slots
constexpr std::size_t kCallSize = sizeof(core::Call);
constexpr std::size_t kCallAlign = alignof(core::Call);

Baseline& pool_baseline() {
  static Baseline baseline;
  return baseline;
}

// Runs `body` (kLive acquire+release pairs) and reports pairs/s, allocations per pair and, on
// thread 0, the ratio to the new/delete run with the same thread count.
template <class Body>
void run(benchmark::State& state, bool is_baseline, Body body) {
  std::uint64_t allocs = 0;  // counted around the body only, not Google Benchmark's own
  const auto start = std::chrono::steady_clock::now();
  for (auto _ : state) {
    const std::uint64_t before = thread_allocations();
    body();
    allocs += thread_allocations() - before;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double pairs = static_cast<double>(state.iterations()) * kLive;
  state.SetItemsProcessed(static_cast<std::int64_t>(pairs));
  state.counters["allocs_per_pair"] =
      benchmark::Counter(static_cast<double>(allocs) / pairs, benchmark::Counter::kAvgThreads);
  if (state.thread_index() == 0) {
    const double rate = seconds > 0 ? pairs * state.threads() / seconds : 0.0;
    const std::string key = std::to_string(state.threads());
    if (is_baseline) pool_baseline().set(key, rate, state.iterations());
    // Counters are summed over threads unless averaged; only thread 0 contributes.
    state.counters["vs_new_delete"] = is_baseline ? 1.0 : pool_baseline().ratio(key, rate);
  }
}

// Registered first: the ratio baseline.
void BM_Pool_NewDelete(benchmark::State& state) {
  std::array<void*, kLive> held{};
  run(state, true, [&] {
    for (auto& p : held) {
      p = ::operator new (kCallSize, std::align_val_t{kCallAlign});
      benchmark::DoNotOptimize(p);
    }
    for (auto* p : held) ::operator delete (p, kCallSize, std::align_val_t{kCallAlign});
  });
}

void BM_Pool_IndexPool(benchmark::State& state) {
  static pipeline::IndexPool pool(kPoolCapacity);  // shared by the benchmark's threads
  std::array<std::uint32_t, kLive> held{};
  run(state, false, [&] {
    for (auto& index : held) {
      const auto got = pool.acquire();
      index = got ? *got : 0;
      benchmark::DoNotOptimize(index);
    }
    for (const auto index : held) pool.release(index);
  });
}

#if defined(SPANTSP_PERF_TBBMALLOC)
void BM_Pool_TbbScalableMalloc(benchmark::State& state) {
  std::array<void*, kLive> held{};
  run(state, false, [&] {
    for (auto& p : held) {
      p = scalable_aligned_malloc(kCallSize, kCallAlign);
      benchmark::DoNotOptimize(p);
    }
    for (auto* p : held) scalable_aligned_free(p);
  });
}
#endif

BENCHMARK(BM_Pool_NewDelete)->Threads(1)->Threads(2)->UseRealTime();
BENCHMARK(BM_Pool_IndexPool)->Threads(1)->Threads(2)->UseRealTime();
#if defined(SPANTSP_PERF_TBBMALLOC)
BENCHMARK(BM_Pool_TbbScalableMalloc)->Threads(1)->Threads(2)->UseRealTime();
#endif

}  // namespace
}  // namespace spantsp::perf
