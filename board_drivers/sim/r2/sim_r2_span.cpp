#include "board_drivers/sim/r2/sim_r2_span.h"

#include "board_drivers/sim/far_end_controls.h"
#include "config/config_loader.h"
#include "config/span_rules.h"

namespace spantsp::r2 {
namespace {

io::SpanLayout layout(const std::vector<int>& channels, bool e1, std::uint32_t frame_period_ms) {
  const io::SpanKind kind = e1 ? io::SpanKind::kE1 : io::SpanKind::kT1;
  return io::SpanLayout{kind, io::law_of(kind), channels, 0, frame_period_ms};
}

std::string span_name(std::uint32_t span_index) {
  return std::to_string(span_index + 1);
}

}  // namespace

SimR2Span::SimR2Span(const config::SpanConfig& span, const config::TrafficProfile& traffic,
                     std::uint32_t span_index, std::uint32_t frame_period_ms)
    : SimR2Span(config::effective_channels(span), span.r2, span.type == config::SpanType::kE1,
                traffic, span_index, frame_period_ms, config::line_numbers(span)) {}

SimR2Span::SimR2Span(const std::vector<int>& channels, const config::R2Config& r2, bool e1,
                     const config::TrafficProfile& traffic, std::uint32_t span_index,
                     std::uint32_t frame_period_ms, const std::vector<std::string>& numbers)
    : ours_(channels, r2, span_name(span_index)),
      wire_(layout(ours_.channels(), e1, frame_period_ms), nullptr),
      far_(traffic, span_index, ours_.channels(), r2, span_name(span_index) + " (far end)") {
  if (ours_.channels().size() == channels.size()) far_.far().set_own_numbers(numbers);
}

SimR2Span::~SimR2Span() {
  stop();
}

void SimR2Span::start(board::SpanEvents& events, pipeline::TimerWheel& timers) {
  if (started_) return;
  started_ = true;
  wire_.start(timers);
  far_.start(wire_.end(io::SimIoPair::kFar), timers, *this);
  ours_.start(events, timers, wire_.end(io::SimIoPair::kNear));
}

void SimR2Span::stop() {
  if (!started_) return;
  started_ = false;
  ours_.stop();
  far_.stop();
  wire_.stop();
}

media::MediaResult SimR2Span::media(int channel, const media::MediaCommand& command) {
  return ours_.media(channel, command);
}
bool SimR2Span::place_call(int channel, const board::CallSetup& setup) {
  return ours_.place_call(channel, setup);
}
void SimR2Span::send_digits(int channel, std::string_view digits, bool complete) {
  ours_.send_digits(channel, digits, complete);
}
void SimR2Span::accept(int channel) {
  ours_.accept(channel);
}
void SimR2Span::answer(int channel) {
  ours_.answer(channel);
}
void SimR2Span::release(int channel, std::uint8_t q850_cause) {
  ours_.release(channel, q850_cause);
}

// Bits and audio all travel on the wheel: nothing to poll.
std::size_t SimR2Span::poll(std::uint64_t /*now_ms*/) {
  return 0;
}

void SimR2Span::on_far_status(const board::SpanStatus& status) {
  io::SpanAlarms alarms;
  alarms.red = status.red;
  alarms.yellow = status.yellow;
  alarms.blue = status.blue;
  wire_.set_alarms(alarms);
}

board::ControlResult SimR2Span::device_specific(int channel, void* params, std::size_t size) {
  using board::ControlResult;
  sim::ParsedControl control;
  const ControlResult form = sim::parse_control(params, size, control);
  if (form != ControlResult::kOk) return form;
  channel = sim::control_channel(channel, control);
  if (!started_) return ControlResult::kRejected;
  if (control.op == sim::kSimR2Fault) {
    const int index = ours_.index_of(channel);
    if (index < 0) return ControlResult::kInvalid;
    return far_.fault(static_cast<std::size_t>(index), control.cause) ? ControlResult::kOk
                                                                      : ControlResult::kRejected;
  }
  const auto result = sim::far_end_control(far_.far(), ours_.index_of(channel),
                                           ours_.channel_free(channel), control);
  return result ? *result : ControlResult::kUnsupported;
}

}  // namespace spantsp::r2
