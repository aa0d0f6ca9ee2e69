#pragma once
// The load tool's same-run reference for the pipeline (issue 5 §4): the span worker ->
// dispatcher -> TAPISRV callback hop, flooded from the calling thread for a given time,
// through the real pipeline::Dispatcher (notify once per 16 records, as a worker does per
// round, spin 0 as on 2 cores) and through the mutex + condition-variable variant
// (perf/condvar_upcall_queue.h). The micro benchmark wakeup_bench.cpp measures the same
// pair with pauses; this is its short form for an end-to-end report.
//
// Threads: the calling thread produces; each measurement starts and stops its consumer.

#include <cstdint>

namespace spantsp::perf {

struct HopRate {
  std::uint64_t items = 0;
  double seconds = 0;
  std::uint64_t wakeups = 0;  // consumer wake-ups (Waker deliveries, condvar waits returned)
  double per_second() const { return seconds > 0 ? static_cast<double>(items) / seconds : 0; }
};

HopRate measure_dispatcher_hop(double seconds);
HopRate measure_condvar_hop(double seconds);

}  // namespace spantsp::perf
