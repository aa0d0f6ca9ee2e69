#include "perf/digit_stages.h"

#include <cstdio>

namespace spantsp::perf {

const std::array<const char*, DigitStages::kStages> DigitStages::kNames = {
    "wire_to_frame",     "frame_to_tick",    "tick_to_event",
    "event_to_dispatch", "dispatch_to_host", "host_to_app"};

void DigitStages::record(const host::Message& m, std::uint64_t end_ns, std::uint64_t now_ns) {
  const pipeline::perf_probe::MediaStages& s = m.stages;
  if (s.tick_ns == 0 || s.event_ns == 0 || s.picked_ns == 0 || m.upcall_ns == 0) return;
  const std::array<std::uint64_t, kStages + 1> at = {
      end_ns, s.frame_due_ns, s.tick_ns, s.event_ns, s.picked_ns, m.upcall_ns, now_ns};
  // The clocks are one (steady_clock), but frame_due is whole milliseconds: a stage that would
  // be negative counts as 0.
  for (std::size_t i = 0; i < kStages; ++i) {
    histograms_[i].record(at[i + 1] > at[i] ? at[i + 1] - at[i] : 0);
  }
}

void DigitStages::reset() {
  for (auto& h : histograms_) h.reset();
}

nlohmann::json DigitStages::to_json() const {
  nlohmann::json out = nlohmann::json::object();
  for (std::size_t i = 0; i < kStages; ++i) {
    const host::LatencySummary s = histograms_[i].summary();
    out[kNames[i]] = {{"count", s.count}, {"p50", s.p50},   {"p90", s.p90},
                      {"p99", s.p99},     {"p999", s.p999}, {"max", s.max}};
  }
  return out;
}

void DigitStages::print(const nlohmann::json& stages) {
  if (!stages.is_object() || stages.empty()) return;
  if (stages[kNames[0]]["count"].get<unsigned long long>() == 0) return;
  std::printf("  digit end stages (ms, p50 / p99 / max):\n");
  for (const char* name : kNames) {
    const nlohmann::json& l = stages[name];
    std::printf("    %-18s %7.3f / %7.3f / %7.3f\n", name, l["p50"].get<double>() / 1e6,
                l["p99"].get<double>() / 1e6, l["max"].get<double>() / 1e6);
  }
}

}  // namespace spantsp::perf
