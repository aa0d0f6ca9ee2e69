// The protocol floor as a micro benchmark: the bare libpri pair (perf/libpri_pair.h), with
// nothing of ours in between. The end-to-end PRI figure is reported as a ratio to this one,
// measured in the same run: the provider can only be slower than the protocol stack it drives.
// in_flight = N keeps N calls on N different B channels at once.
//
// Timing is items_per_second over CPU time, as the notes' table reports call cycles per
// CPU-second; the wall rate is in the Time column.

#include <benchmark/benchmark.h>

#include <cstdint>

#include "perf/libpri_pair.h"

namespace spantsp::perf {
namespace {

void BM_LibpriPair_CallCycle(benchmark::State& state) {
  const int in_flight = static_cast<int>(state.range(0));
  // libpri 1.6 has no way to free a controller, so one pair serves every run of this
  // benchmark (Google Benchmark calls it several times while sizing the iteration count).
  LibpriPair* const pair = &shared_libpri_pair();
  const int errors_before = pair->errors();
  if (!pair->up()) {
    state.SkipWithError("D channel did not come up");
    return;
  }
  const std::uint64_t cycles_before = pair->cycles();
  const std::uint64_t frames_before = pair->frames();
  for (auto _ : state) {
    const std::uint64_t target = pair->cycles() + static_cast<std::uint64_t>(in_flight);
    for (int ch = 1; ch <= in_flight; ++ch) pair->place_call(ch);
    pair->pump();
    if (pair->cycles() != target) {
      state.SkipWithError("a call cycle did not complete");
      return;
    }
  }
  const auto cycles = static_cast<double>(pair->cycles() - cycles_before);
  state.SetItemsProcessed(static_cast<std::int64_t>(cycles));
  state.counters["frames_per_cycle"] =
      cycles > 0 ? static_cast<double>(pair->frames() - frames_before) / cycles : 0.0;
  state.counters["libpri_errors"] = pair->errors() - errors_before;
}

BENCHMARK(BM_LibpriPair_CallCycle)->ArgName("in_flight")->Arg(1)->Arg(23);

}  // namespace
}  // namespace spantsp::perf
