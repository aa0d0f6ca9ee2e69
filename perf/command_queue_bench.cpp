// Span command queue: TSPI threads post core::Command (about 240 bytes, copied by value) to a
// span's inbox; the span worker drains up to WorkerOptions::batch (64) per round.
//
// Compared: our CommandRing (linearizable, needed for cross-thread causal order) against what a
// reader would reach for instead: moodycamel with implicit producers and with tokens (FIFO per
// producer only), oneTBB's concurrent_queue, and a mutex around a deque (the baseline every
// ratio is taken against); 1..4 producers on 2 cores, as TAPISRV's thread pool would post.
//
// Capacity: every queue can hold a whole iteration (16,384 commands), so none of them ever
// makes a producer wait and the comparison is of the queues, not of back-pressure (moodycamel
// and oneTBB grow to that size anyway). Two more runs use the provider's real bound for one T1
// span (engine.cpp ring_capacity: 24 lines * 2 + 16 = 64), where producers and the consumer
// take turns on a full/empty queue: that is what a burst costs on the real inbox.

#include <benchmark/benchmark.h>

#include "core/command.h"
#include "perf/mpsc_harness.h"
#include "perf/queue_adapters.h"

namespace spantsp::perf {
namespace {

constexpr std::size_t kSpanInboxCapacity = 24 * 2 + 16;
constexpr std::size_t kRoomy = kItemsPerIteration;
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

Stamp read_command(const core::Command& c) {
  return {c.line_index, c.call_index};
}

template <class Queue>
void run(benchmark::State& state, Queue& queue, bool is_baseline, const char* key = "") {
  run_mpsc<Queue, core::Command>(state, queue, static_cast<int>(state.range(0)), kWorkerBatch,
                                 stamp_command, read_command, command_baseline(), is_baseline, key);
  state.counters["item_bytes"] = static_cast<double>(sizeof(core::Command));
}

// Registered first: the others' "vs_mutex_deque" divides by its rate in this same run.
void BM_CommandQueue_MutexDeque(benchmark::State& state) {
  MutexDeque<core::Command> queue(kRoomy);
  run(state, queue, true);
}

void BM_CommandQueue_CommandRing(benchmark::State& state) {
  Ring<core::Command> queue(kRoomy);
  run(state, queue, false);
}

// The real span bound (64 commands), for ours and for the baseline; the ring's ratio here is
// to the mutex deque with the same bound.
void BM_CommandQueue_MutexDeque_Span64(benchmark::State& state) {
  MutexDeque<core::Command> queue(kSpanInboxCapacity);
  run(state, queue, true, "span64/");
}

void BM_CommandQueue_CommandRing_Span64(benchmark::State& state) {
  Ring<core::Command> queue(kSpanInboxCapacity);
  run(state, queue, false, "span64/");
}

void BM_CommandQueue_MoodycamelImplicit(benchmark::State& state) {
  MoodyImplicit<core::Command> queue(kRoomy, static_cast<std::size_t>(state.range(0)));
  run(state, queue, false);
  state.counters["enqueue_fallbacks"] = static_cast<double>(queue.fallbacks());
}

void BM_CommandQueue_MoodycamelTokens(benchmark::State& state) {
  MoodyTokens<core::Command> queue(kRoomy, static_cast<std::size_t>(state.range(0)));
  run(state, queue, false);
  state.counters["enqueue_fallbacks"] = static_cast<double>(queue.fallbacks());
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
BENCHMARK(BM_CommandQueue_MutexDeque_Span64) SPANTSP_QUEUE_ARGS;
BENCHMARK(BM_CommandQueue_CommandRing_Span64) SPANTSP_QUEUE_ARGS;
#undef SPANTSP_QUEUE_ARGS

}  // namespace
}  // namespace spantsp::perf
