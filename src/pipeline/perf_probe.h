#pragma once
// The perf suite's latency probe (issue 5): board event -> LINEEVENT, end to end.
//
// The provider exports nothing for it (tests/tspi/exports_test.cpp: only tspi.h functions).
// Instead a host that wants the figure exports a sink, `extern "C" void
// spantsp_perf_upcall_stamp(std::uint64_t ns)` (the load tool's host library does, see
// tools/tapihost/event_latency.h). The dispatcher looks it up once when it is built; when it
// is there, span workers stamp each board event with steady_clock nanoseconds, the stamp
// rides in the Upcall records the event produced, and the dispatcher hands it to the sink
// right before making each upcall, on the dispatcher thread. Without the sink (TAPISRV, the
// tests) nothing is stamped: one relaxed load per board event is the whole cost.
//
// Threads: enabled() and now_ns() from any thread; find_sink() from the thread building the
// dispatcher, before any span worker runs. No allocation anywhere.

#include <cstdint>

namespace spantsp::pipeline::perf_probe {

using Sink = void (*)(std::uint64_t stamp_ns);

// The host's sink, or null. Sets enabled() to whether one was found.
Sink find_sink();
bool enabled();
std::uint64_t now_ns();  // steady_clock (CLOCK_MONOTONIC), the clock the host reads too
// What a board event handler stamps its upcalls with: now, or 0 when nobody listens.
inline std::uint64_t stamp() {
  return enabled() ? now_ns() : 0;
}

}  // namespace spantsp::pipeline::perf_probe
