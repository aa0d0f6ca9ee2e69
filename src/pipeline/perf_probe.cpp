#include "pipeline/perf_probe.h"

#include <atomic>
#include <chrono>

#include "platform/module.h"

namespace spantsp::pipeline::perf_probe {
namespace {
std::atomic<bool> g_enabled{false};
thread_local MediaStages t_frame;
}  // namespace

Sink find_sink() {
  // The host executable's own symbol (it links with ENABLE_EXPORTS), never one of ours.
  const auto sink =
      platform::as_function<Sink>(platform::process_symbol("spantsp_perf_upcall_stamp"));
  g_enabled.store(sink != nullptr, std::memory_order_relaxed);
  return sink;
}

StageSink find_stage_sink() {
  return platform::as_function<StageSink>(platform::process_symbol("spantsp_perf_upcall_stages"));
}

const MediaStages& current_frame() {
  return t_frame;
}

FrameScope::FrameScope(std::uint64_t due_ms) {
  if (!enabled()) return;
  t_frame.frame_due_ns = due_ms * 1'000'000;
  t_frame.tick_ns = now_ns();
  set_ = true;
}

FrameScope::~FrameScope() {
  if (set_) t_frame = MediaStages{};
}

bool enabled() {
  return g_enabled.load(std::memory_order_relaxed);
}

std::uint64_t now_ns() {
  // steady_clock is CLOCK_MONOTONIC on Linux; the host reads the same clock.
  return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                        std::chrono::steady_clock::now().time_since_epoch())
                                        .count());
}

}  // namespace spantsp::pipeline::perf_probe
