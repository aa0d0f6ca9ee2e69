#include "board_drivers/sim/sim_bit_span.h"

namespace spantsp::sim {

io::SpanLayout bit_span_layout(const std::vector<int>& channels, bool e1,
                               std::uint32_t frame_period_ms) {
  const io::SpanKind kind = e1 ? io::SpanKind::kE1 : io::SpanKind::kT1;
  return io::SpanLayout{kind, io::law_of(kind), channels, 0, frame_period_ms};
}

std::string sim_span_name(std::uint32_t span_index) {
  return std::to_string(span_index + 1);
}

io::SpanAlarms far_alarms(const board::SpanStatus& status) {
  io::SpanAlarms alarms;
  alarms.red = status.red;
  alarms.yellow = status.yellow;
  alarms.blue = status.blue;
  return alarms;
}

}  // namespace spantsp::sim
