#pragma once
// A CAS span of the sim board (sim/sim_bit_span.h): our `cas` signalling (CasSpan) and the
// far-end switch (CasFarEnd, the opposite role) on the two ends of one sim I/O pair.
//
// Threads: runs on the span worker; every part is driven by the worker's TimerWheel. No locks.
//
// Ownership: built by the sim board factory and owned by the span. The SpanEvents and
// TimerWheel given to start() must outlive it, or stop() must run first.

#include <cstdint>
#include <string>
#include <vector>

#include "board_drivers/signalling/cas/cas_span.h"
#include "board_drivers/sim/cas/cas_far_end.h"
#include "board_drivers/sim/sim_bit_span.h"
#include "config/config_model.h"

namespace spantsp::cas {

class SimCasSpan final : public sim::SimBitSpan<CasSpan, CasFarEnd> {
 public:
  SimCasSpan(const config::SpanConfig& span, const config::TrafficProfile& traffic,
             std::uint32_t span_index, std::uint32_t frame_period_ms);
  // Explicit channels (tests): `e1` picks the span kind (A-law) and `numbers` are our lines'
  // own numbers by index (loopback through the switch), none by default.
  SimCasSpan(const std::vector<int>& channels, const config::CasConfig& cas, bool e1,
             const config::TrafficProfile& traffic, std::uint32_t span_index,
             std::uint32_t frame_period_ms = media::kDefaultFramePeriodMs,
             const std::vector<std::string>& numbers = {})
      : SimBitSpan(channels, cas, e1, traffic, span_index, frame_period_ms, numbers) {}
};

}  // namespace spantsp::cas
