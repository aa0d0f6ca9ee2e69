#pragma once
// The host's end of the provider's latency probe (src/pipeline/perf_probe.h): the executable
// exports `spantsp_perf_upcall_stamp`, which the provider's dispatcher finds with dlsym and
// calls right before each upcall with the time (steady_clock ns) the board event behind it
// reached the span worker, or 0. The host's LINEEVENT callback then reads it back on the same
// thread. Only executables linked with ENABLE_EXPORTS export the sink (tapihost, the load
// tool); elsewhere the provider does not stamp at all.
//
// The stage sink `spantsp_perf_upcall_stages` likewise hands over a media event's stages
// (pipeline/perf_probe.h), which the host copies into the event's Message.
//
// Threads: the stamp and stages are thread-local; set and read on the provider's upcall thread.

#include <cstdint>

#include "pipeline/perf_probe.h"

extern "C" void spantsp_perf_upcall_stamp(std::uint64_t stamp_ns);
extern "C" void spantsp_perf_upcall_stages(
    const spantsp::pipeline::perf_probe::MediaStages* stages);

namespace spantsp::host {

// The stamp of the upcall this thread is making, 0 when none.
std::uint64_t delivering_event_stamp();
// The stages of the upcall this thread is making (all zero unless it is a media event's).
const pipeline::perf_probe::MediaStages& delivering_event_stages();
// The clock both sides read, in nanoseconds.
std::uint64_t steady_now_ns();

}  // namespace spantsp::host
