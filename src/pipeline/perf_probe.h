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
// Media events (issue 11) carry more: where their time went, stage by stage, from the frame
// that carried them to the upcall. A host that also exports `extern "C" void
// spantsp_perf_upcall_stages(const spantsp::pipeline::perf_probe::MediaStages*)` gets them,
// again right before each upcall (all zero for an upcall that is not a media event's). The
// span's frame tick opens a FrameScope; upcalls published inside it carry its two stamps.
//
// Threads: enabled() and now_ns() from any thread; find_sink() and find_stage_sink() from the
// thread building the dispatcher, before any span worker runs; FrameScope and current_frame()
// on the span worker (thread-local). No allocation anywhere.

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

// Where a media event's time went, steady_clock ns; 0 where not known.
struct MediaStages {
  std::uint64_t wire_ns = 0;       // the sample the event refers to (a digit's end) was on the wire
  std::uint64_t frame_due_ns = 0;  // the frame that carried the event was complete on the wire
  std::uint64_t tick_ns = 0;       // the span worker began that frame's tick
  std::uint64_t event_ns = 0;      // the DSP's event reached the call's strand (the stamp)
  std::uint64_t picked_ns = 0;     // the dispatcher took the upcall from the worker's ring
};
using StageSink = void (*)(const MediaStages* stages);
// The host's stage sink, or null.
StageSink find_stage_sink();

// The frame tick the calling thread is in: frame_due_ns and tick_ns, zero outside a tick.
const MediaStages& current_frame();
// Marks one frame tick on this thread (the span worker): its frame was due at `due_ms` (the
// worker's clock, ms); the tick began now. Does nothing unless enabled().
class FrameScope {
 public:
  explicit FrameScope(std::uint64_t due_ms);
  ~FrameScope();
  FrameScope(const FrameScope&) = delete;
  FrameScope& operator=(const FrameScope&) = delete;

 private:
  bool set_ = false;
};

}  // namespace spantsp::pipeline::perf_probe
