#pragma once
// Where the time of digit end -> LINE_MONITORDIGITS(DTMFEND) goes (issue 11), stage by stage,
// for the load tool: one log-linear histogram per stage, nothing stored per digit. The stages
// come from the provider's media probe (pipeline/perf_probe.h MediaStages), copied by the host
// into the event's Message, and the application's own arrival time:
//   wire_to_frame      the digit's end on the wire -> the frame that showed it was complete
//                      (the frame period and the end detector's window: the wire's share)
//   frame_to_tick      that frame due -> the span worker began its tick (worker lateness)
//   tick_to_event      tick began -> the DSP's event reached the call's strand (the span's DSP)
//   event_to_dispatch  -> the dispatcher took the upcall from the worker's ring
//   dispatch_to_host   -> the host's LINEEVENT queued it (upcalls ahead, the host's checks)
//   host_to_app        -> the application thread handled it (the job's own queue)
// The six add up to the digit-end figure the tool reports beside them.
//
// Threads: record() on the application thread; the rest after the run.

#include <array>
#include <cstdint>

#include <nlohmann/json.hpp>

#include "tools/tapihost/host.h"
#include "tools/tapihost/latency_histogram.h"

namespace spantsp::perf {

class DigitStages {
 public:
  static constexpr std::size_t kStages = 6;
  static const std::array<const char*, kStages> kNames;

  // `m`: a LINE_MONITORDIGITS(DTMFEND); `end_ns`: the digit's end (dwParam3, ns); `now_ns`: the
  // application has it. Messages without stages (a host that does not probe) are skipped.
  void record(const host::Message& m, std::uint64_t end_ns, std::uint64_t now_ns);
  void reset();
  // {"<stage>": {count, p50, p90, p99, p999, max}, ...}, ns.
  nlohmann::json to_json() const;
  // One line per stage, p50 and p99 in ms, from to_json()'s output (absent or empty: nothing).
  static void print(const nlohmann::json& stages);

 private:
  std::array<host::LatencyHistogram, kStages> histograms_;
};

}  // namespace spantsp::perf
