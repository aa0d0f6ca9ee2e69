#include "board_drivers/sim/cas/sim_cas_span.h"

#include "board_drivers/sim/far_end_controls.h"
#include "config/config_loader.h"
#include "config/span_rules.h"

namespace spantsp::cas {
namespace {

io::SpanLayout layout(const std::vector<int>& channels, bool e1, std::uint32_t frame_period_ms) {
  const io::SpanKind kind = e1 ? io::SpanKind::kE1 : io::SpanKind::kT1;
  return io::SpanLayout{kind, io::law_of(kind), channels, 0, frame_period_ms};
}

std::string span_name(std::uint32_t span_index) {
  return std::to_string(span_index + 1);
}

}  // namespace

SimCasSpan::SimCasSpan(const config::SpanConfig& span, const config::TrafficProfile& traffic,
                       std::uint32_t span_index, std::uint32_t frame_period_ms)
    : SimCasSpan(config::effective_channels(span), span.cas, span.type == config::SpanType::kE1,
                 traffic, span_index, frame_period_ms, config::line_numbers(span)) {}

SimCasSpan::SimCasSpan(const std::vector<int>& channels, const config::CasConfig& cas, bool e1,
                       const config::TrafficProfile& traffic, std::uint32_t span_index,
                       std::uint32_t frame_period_ms, const std::vector<std::string>& numbers)
    : ours_(channels, cas, span_name(span_index)),
      wire_(layout(ours_.channels(), e1, frame_period_ms), nullptr),
      far_(traffic, span_index, ours_.channels(), cas, span_name(span_index) + " (far end)") {
  if (ours_.channels().size() == channels.size()) far_.far().set_own_numbers(numbers);
}

SimCasSpan::~SimCasSpan() {
  stop();
}

void SimCasSpan::start(board::SpanEvents& events, pipeline::TimerWheel& timers) {
  if (started_) return;
  started_ = true;
  wire_.start(timers);
  far_.start(wire_.end(io::SimIoPair::kFar), timers, *this);
  ours_.start(events, timers, wire_.end(io::SimIoPair::kNear));
}

void SimCasSpan::stop() {
  if (!started_) return;
  started_ = false;
  ours_.stop();
  far_.stop();
  wire_.stop();
}

media::MediaResult SimCasSpan::media(int channel, const media::MediaCommand& command) {
  return ours_.media(channel, command);
}
bool SimCasSpan::place_call(int channel, const board::CallSetup& setup) {
  return ours_.place_call(channel, setup);
}
void SimCasSpan::send_digits(int channel, std::string_view digits, bool complete) {
  ours_.send_digits(channel, digits, complete);
}
void SimCasSpan::accept(int channel) {
  ours_.accept(channel);
}
void SimCasSpan::answer(int channel) {
  ours_.answer(channel);
}
void SimCasSpan::release(int channel, std::uint8_t q850_cause) {
  ours_.release(channel, q850_cause);
}

// Bits and audio all travel on the wheel: nothing to poll.
std::size_t SimCasSpan::poll(std::uint64_t /*now_ms*/) {
  return 0;
}

void SimCasSpan::on_far_status(const board::SpanStatus& status) {
  io::SpanAlarms alarms;
  alarms.red = status.red;
  alarms.yellow = status.yellow;
  alarms.blue = status.blue;
  wire_.set_alarms(alarms);
}

board::ControlResult SimCasSpan::device_specific(int channel, void* params, std::size_t size) {
  using board::ControlResult;
  sim::ParsedControl control;
  const ControlResult form = sim::parse_control(params, size, control);
  if (form != ControlResult::kOk) return form;
  channel = sim::control_channel(channel, control);
  if (!started_) return ControlResult::kRejected;
  const auto result = sim::far_end_control(far_.far(), ours_.index_of(channel),
                                           ours_.channel_free(channel), control);
  return result ? *result : ControlResult::kUnsupported;
}

}  // namespace spantsp::cas
