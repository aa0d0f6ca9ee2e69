#include "tools/tapihost/event_latency.h"

#include <chrono>

namespace {
thread_local std::uint64_t t_stamp = 0;
thread_local spantsp::pipeline::perf_probe::MediaStages t_stages;
}  // namespace

extern "C" __attribute__((visibility("default"))) void spantsp_perf_upcall_stamp(
    std::uint64_t stamp_ns) {
  t_stamp = stamp_ns;
}

extern "C" __attribute__((visibility("default"))) void spantsp_perf_upcall_stages(
    const spantsp::pipeline::perf_probe::MediaStages* stages) {
  t_stages = *stages;
}

namespace spantsp::host {

const pipeline::perf_probe::MediaStages& delivering_event_stages() {
  return t_stages;
}

std::uint64_t delivering_event_stamp() {
  return t_stamp;
}

std::uint64_t steady_now_ns() {
  return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                        std::chrono::steady_clock::now().time_since_epoch())
                                        .count());
}

}  // namespace spantsp::host
