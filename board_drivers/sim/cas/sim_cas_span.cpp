#include "board_drivers/sim/cas/sim_cas_span.h"

#include "config/config_loader.h"
#include "config/span_rules.h"

namespace spantsp::cas {

SimCasSpan::SimCasSpan(const config::SpanConfig& span, const config::TrafficProfile& traffic,
                       std::uint32_t span_index, std::uint32_t frame_period_ms)
    : SimCasSpan(config::effective_channels(span), span.cas, span.type == config::SpanType::kE1,
                 traffic, span_index, frame_period_ms, config::line_numbers(span)) {}

}  // namespace spantsp::cas
