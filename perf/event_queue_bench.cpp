// Event queue: span workers (one producer token each) publish pipeline::Upcall records; the
// dispatcher drains them with try_dequeue_bulk, up to 256 per batch (dispatcher.cpp kBatch).
//
// Compared: moodycamel with producer tokens and bulk dequeue (what the dispatcher does),
// moodycamel with implicit producers (what a reader might write without tokens), oneTBB's
// concurrent_queue (no bulk pop), and a mutex around a deque (the ratio baseline). 1..4
// producers stand for 1..4 span workers. Every queue can hold a whole iteration (16,384
// records), as in the command-queue benchmark, so none makes a producer wait.

#include <benchmark/benchmark.h>

#include "perf/mpsc_harness.h"
#include "perf/queue_adapters.h"
#include "pipeline/upcall.h"

namespace spantsp::perf {
namespace {

constexpr std::size_t kDispatcherBatch = 256;

Baseline& event_baseline() {
  static Baseline baseline;
  return baseline;
}

void stamp_upcall(pipeline::Upcall& u, Stamp s) {
  u.kind = pipeline::Upcall::Kind::kCallEvent;
  u.call_index = s.producer;
  u.call_generation = s.seq;
}

Stamp read_upcall(const pipeline::Upcall& u) {
  return {u.call_index, u.call_generation};
}

template <class Queue>
void run(benchmark::State& state, Queue& queue, bool is_baseline) {
  run_mpsc<Queue, pipeline::Upcall>(state, queue, static_cast<int>(state.range(0)),
                                    kDispatcherBatch, stamp_upcall, read_upcall, event_baseline(),
                                    is_baseline);
  state.counters["item_bytes"] = static_cast<double>(sizeof(pipeline::Upcall));
}

std::size_t producers_of(const benchmark::State& state) {
  return static_cast<std::size_t>(state.range(0));
}

// Registered first: the others' "vs_mutex_deque" divides by its rate in this same run.
void BM_EventQueue_MutexDeque(benchmark::State& state) {
  MutexDeque<pipeline::Upcall> queue(kItemsPerIteration);
  run(state, queue, true);
}

void BM_EventQueue_MoodycamelTokensBulk(benchmark::State& state) {
  MoodyTokens<pipeline::Upcall> queue(kItemsPerIteration, producers_of(state));
  run(state, queue, false);
  state.counters["enqueue_fallbacks"] = static_cast<double>(queue.fallbacks());
}

void BM_EventQueue_MoodycamelImplicitBulk(benchmark::State& state) {
  MoodyImplicit<pipeline::Upcall> queue(kItemsPerIteration, producers_of(state));
  run(state, queue, false);
  state.counters["enqueue_fallbacks"] = static_cast<double>(queue.fallbacks());
}

void BM_EventQueue_TbbConcurrentQueue(benchmark::State& state) {
  TbbQueue<pipeline::Upcall> queue;
  run(state, queue, false);
}

#define SPANTSP_QUEUE_ARGS ->ArgName("producers")->DenseRange(1, 4)->UseRealTime()
BENCHMARK(BM_EventQueue_MutexDeque) SPANTSP_QUEUE_ARGS;
BENCHMARK(BM_EventQueue_MoodycamelTokensBulk) SPANTSP_QUEUE_ARGS;
BENCHMARK(BM_EventQueue_MoodycamelImplicitBulk) SPANTSP_QUEUE_ARGS;
BENCHMARK(BM_EventQueue_TbbConcurrentQueue) SPANTSP_QUEUE_ARGS;
#undef SPANTSP_QUEUE_ARGS

}  // namespace
}  // namespace spantsp::perf
