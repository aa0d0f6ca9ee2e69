// Span command queue: TSPI threads post core::Command (about 240 bytes, copied by value) to a
// span's inbox; the span worker drains up to WorkerOptions::batch (64) per round.
//
// Compared: our CommandRing (linearizable, needed for cross-thread causal order) against what a
// reader would reach for instead: moodycamel with implicit producers and with tokens (FIFO per
// producer only), oneTBB's concurrent_queue, and a mutex around a deque (the baseline every
// ratio is taken against). Capacity is the provider's for one T1 span (engine.cpp
// ring_capacity: 24 lines * 2 + 16 = 64); 1..4 producers on 2 cores, as TAPISRV's thread pool
// would post.

#include <benchmark/benchmark.h>

#include "core/command.h"
#include "perf/mpsc_harness.h"
#include "perf/queue_adapters.h"

namespace spantsp::perf {
namespace {

constexpr std::size_t kSpanInboxCapacity = 24 * 2 + 16;
constexpr std::size_t kWorkerBatch = 64;

Baseline& command_baseline() {
  static Baseline baseline;
  return baseline;
}

void stamp_command(core::Command& c, Stamp s) {
  c.op = core::Command::Op::kDrop;
  c.line_index = s.producer;
  c.call_index = s.seq;
}

Stamp read_command(const core::Command& c) { return {c.line_index, c.call_index}; }

template <class Queue>
void run(benchmark::State& state, Queue& queue, bool is_baseline) {
  run_mpsc<Queue, core::Command>(state, queue, static_cast<int>(state.range(0)), kWorkerBatch,
                                 stamp_command, read_command, command_baseline(), is_baseline);
  state.counters["item_bytes"] = static_cast<double>(sizeof(core::Command));
}

// Registered first: the others' "vs_mutex_deque" divides by its rate in this same run.
void BM_CommandQueue_MutexDeque(benchmark::State& state) {
  MutexDeque<core::Command> queue(kSpanInboxCapacity);
  run(state, queue, true);
}

void BM_CommandQueue_CommandRing(benchmark::State& state) {
  Ring<core::Command> queue(kSpanInboxCapacity);
  run(state, queue, false);
}

void BM_CommandQueue_MoodycamelImplicit(benchmark::State& state) {
  MoodyImplicit<core::Command> queue(kSpanInboxCapacity, static_cast<std::size_t>(state.range(0)));
  run(state, queue, false);
}

void BM_CommandQueue_MoodycamelTokens(benchmark::State& state) {
  MoodyTokens<core::Command> queue(kSpanInboxCapacity, static_cast<std::size_t>(state.range(0)));
  run(state, queue, false);
}

void BM_CommandQueue_TbbConcurrentQueue(benchmark::State& state) {
  TbbQueue<core::Command> queue;
  run(state, queue, false);
}

#define SPANTSP_QUEUE_ARGS ->ArgName("producers")->DenseRange(1, 4)->UseRealTime()
BENCHMARK(BM_CommandQueue_MutexDeque) SPANTSP_QUEUE_ARGS;
BENCHMARK(BM_CommandQueue_CommandRing) SPANTSP_QUEUE_ARGS;
BENCHMARK(BM_CommandQueue_MoodycamelImplicit) SPANTSP_QUEUE_ARGS;
BENCHMARK(BM_CommandQueue_MoodycamelTokens) SPANTSP_QUEUE_ARGS;
BENCHMARK(BM_CommandQueue_TbbConcurrentQueue) SPANTSP_QUEUE_ARGS;
#undef SPANTSP_QUEUE_ARGS

}  // namespace
}  // namespace spantsp::perf
