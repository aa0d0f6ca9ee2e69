#include "board_drivers/sim/r2/sim_r2_span.h"

#include "board_drivers/sim/sim_control.h"
#include "config/config_loader.h"
#include "config/span_rules.h"

namespace spantsp::r2 {

SimR2Span::SimR2Span(const config::SpanConfig& span, const config::TrafficProfile& traffic,
                     std::uint32_t span_index, std::uint32_t frame_period_ms)
    : SimR2Span(config::effective_channels(span), span.r2, span.type == config::SpanType::kE1,
                traffic, span_index, frame_period_ms, config::line_numbers(span)) {}

std::optional<board::ControlResult> SimR2Span::module_control(int channel,
                                                              const sim::ParsedControl& control) {
  using board::ControlResult;
  if (control.op != sim::kSimR2Fault) return std::nullopt;
  const int index = ours().index_of(channel);
  if (index < 0) return ControlResult::kInvalid;
  return far_end().fault(static_cast<std::size_t>(index), control.cause) ? ControlResult::kOk
                                                                         : ControlResult::kRejected;
}

}  // namespace spantsp::r2
