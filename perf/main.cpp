// The micro suite's entry point: Google Benchmark's own main (flags such as
// --benchmark_filter, --benchmark_format, --benchmark_repetitions).
#include <benchmark/benchmark.h>

BENCHMARK_MAIN();
