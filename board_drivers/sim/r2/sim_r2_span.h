#pragma once
// An MFC/R2 span of the sim board (sim/sim_bit_span.h): our `mfcr2` signalling (R2Span) and
// the far-end switch (R2FarEnd, the same engine) on the two ends of one sim I/O pair. Adds
// the R2 far end's faults (sim_control.h kSimR2Fault).
//
// Threads: runs on the span worker; every part is driven by the worker's TimerWheel. No locks.
//
// Ownership: built by the sim board factory and owned by the span. The SpanEvents and
// TimerWheel given to start() must outlive it, or stop() must run first.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "board_drivers/signalling/r2/r2_span.h"
#include "board_drivers/sim/r2/r2_far_end.h"
#include "board_drivers/sim/sim_bit_span.h"
#include "config/config_model.h"

namespace spantsp::r2 {

class SimR2Span final : public sim::SimBitSpan<R2Span, R2FarEnd> {
 public:
  SimR2Span(const config::SpanConfig& span, const config::TrafficProfile& traffic,
            std::uint32_t span_index, std::uint32_t frame_period_ms);
  // Explicit channels (tests): `e1` picks the span kind (A-law) and `numbers` are our lines'
  // own numbers by index (loopback through the switch), none by default.
  SimR2Span(const std::vector<int>& channels, const config::R2Config& r2, bool e1,
            const config::TrafficProfile& traffic, std::uint32_t span_index,
            std::uint32_t frame_period_ms = media::kDefaultFramePeriodMs,
            const std::vector<std::string>& numbers = {})
      : SimBitSpan(channels, r2, e1, traffic, span_index, frame_period_ms, numbers) {}

 private:
  std::optional<board::ControlResult> module_control(int channel,
                                                     const sim::ParsedControl& control) override;
};

}  // namespace spantsp::r2
