#include "board_drivers/sim/pri/sim_pri_span.h"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <string_view>

#include "board_drivers/sim/far_end_controls.h"
#include "board_drivers/sim/sim_control.h"
#include "board_drivers/sim/sim_control_parse.h"
#include "config/config_loader.h"
#include "config/span_rules.h"

namespace spantsp::pri {
namespace {

io::SpanLayout layout(const std::vector<int>& channels, bool alaw, std::uint32_t frame_period_ms) {
  const io::SpanKind kind = alaw ? io::SpanKind::kE1 : io::SpanKind::kT1;
  return io::SpanLayout{kind, io::law_of(kind), channels, alaw ? 16 : 24, frame_period_ms};
}

}  // namespace

SimPriSpan::SimPriSpan(const config::SpanConfig& span, const config::TrafficProfile& traffic,
                       std::uint32_t span_index, const SimPriOptions& options)
    : SimPriSpan(config::effective_channels(span),
                 span.node == config::NodeSide::kCpe ? PRI_CPE : PRI_NETWORK,
                 pri_switch_type(span.switch_type, span.type), span.type == config::SpanType::kE1,
                 traffic, span_index, options, config::line_numbers(span)) {
  ours_.set_backlog_limit(span.dchannel_backlog);
}

SimPriSpan::SimPriSpan(const std::vector<int>& channels, int our_node_type, int switch_type,
                       bool alaw, const config::TrafficProfile& traffic, std::uint32_t span_index,
                       const SimPriOptions& options, const std::vector<std::string>& numbers)
    : ours_(channels, our_node_type, switch_type, alaw),
      wire_(layout(ours_.channels(), alaw, options.frame_period_ms), &options.d_channel),
      far_(traffic, span_index, ours_.channels(), our_node_type == PRI_CPE ? PRI_NETWORK : PRI_CPE,
           switch_type, alaw) {
  // Numbers follow the configured channel order; a list PriSpan had to clean gets none.
  if (ours_.channels().size() == channels.size()) far_.far().set_own_numbers(numbers);
  if (options.trace_path.empty()) return;
  if (trace_.open(options.trace_path, our_node_type == PRI_NETWORK)) {
    wire_.line()->set_trace(&trace_);
  } else {
    // A trace is a diagnostic: losing it must not cost the span (config/README.md, `trace`).
    // The path names the span: trace paths are unique in a configuration.
    std::fprintf(stderr, "spantsp: PRI span runs without its trace: %s\n", trace_.error().c_str());
  }
}

SimPriSpan::~SimPriSpan() {
  stop();
}

void SimPriSpan::start(board::SpanEvents& events, pipeline::TimerWheel& timers) {
  if (started_) return;
  started_ = true;
  wire_.start(timers);  // the D-channel first: both controllers send SABME as they are created
  if (trace_.is_open()) {
    // The capture's dates are wall-clock; its gaps stay the wheel's (pcap_trace.h).
    const auto unix_us = std::chrono::duration_cast<std::chrono::microseconds>(
        std::chrono::system_clock::now().time_since_epoch());
    trace_.set_clock_origin(timers.now_ms() * 1000, static_cast<std::uint64_t>(unix_us.count()));
  }
  far_.start(*wire_.line(), wire_.end(io::SimIoPair::kFar), timers, *this);
  ours_.start(events, timers, wire_.end(io::SimIoPair::kNear));
}

void SimPriSpan::stop() {
  if (!started_) return;
  started_ = false;
  ours_.stop();
  far_.stop();
  wire_.stop();  // frames in flight are lost, the cut is mended
}

media::MediaResult SimPriSpan::media(int channel, const media::MediaCommand& command) {
  return ours_.media(channel, command);
}

media::MediaStream* SimPriSpan::media_stream(int channel) {
  return ours_.media_stream(channel);
}

bool SimPriSpan::place_call(int channel, const board::CallSetup& setup) {
  return ours_.place_call(channel, setup);
}
void SimPriSpan::send_digits(int channel, std::string_view digits, bool complete) {
  ours_.send_digits(channel, digits, complete);
}
void SimPriSpan::accept(int channel) {
  ours_.accept(channel);
}
void SimPriSpan::answer(int channel) {
  ours_.answer(channel);
}
bool SimPriSpan::hold(int channel) {
  return ours_.hold(channel);
}
bool SimPriSpan::retrieve(int channel) {
  return ours_.retrieve(channel);
}
bool SimPriSpan::set_user_user(int channel, std::string_view uui) {
  return ours_.set_user_user(channel, uui);
}
bool SimPriSpan::deflect(int channel, const board::Number& to) {
  return ours_.deflect(channel, to);
}
bool SimPriSpan::blind_transfer(int channel, const board::Number& to) {
  return ours_.blind_transfer(channel, to);
}
bool SimPriSpan::transfer(int held, int other) {
  return ours_.transfer(held, other);
}
void SimPriSpan::release(int channel, std::uint8_t q850_cause) {
  ours_.release(channel, q850_cause);
}

// Frames and libpri timers all travel on the wheel: nothing to poll.
std::size_t SimPriSpan::poll(std::uint64_t /*now_ms*/) {
  return 0;
}

void SimPriSpan::on_far_status(const board::SpanStatus& status) {
  // The alarms are the I/O's (raw, to our side's on_alarms); the D-channel state our side
  // learns from its own libpri.
  io::SpanAlarms alarms;
  alarms.red = status.red;
  alarms.yellow = status.yellow;
  alarms.blue = status.blue;
  wire_.set_alarms(alarms);
}

board::ControlResult SimPriSpan::device_specific(int channel, void* params, std::size_t size) {
  using board::ControlResult;
  sim::ParsedControl control;
  const ControlResult form = sim::parse_control(params, size, control);
  if (form != ControlResult::kOk) return form;
  channel = sim::control_channel(channel, control);
  const int index = ours_.index_of(channel);
  const auto i = static_cast<std::size_t>(index);
  if (!started_) return ControlResult::kRejected;
  if (const auto result = sim::far_end_control(
          far_.far(), index,
          index >= 0 && ours_.channel_state(channel) == signalling::ChannelState::kIdle, control)) {
    return *result;
  }
  switch (control.op) {
    case sim::kSimRemoteUserUser:
      if (index < 0) return ControlResult::kInvalid;
      return far_.far().remote_user_user(i, control.uui.view());
    case sim::kSimDropFrames:
      wire_.line()->drop_next(control.from_us ? io::DChannel::kA : io::DChannel::kB,
                              control.frames);
      return ControlResult::kOk;
    case sim::kSimCorruptFrames:
      wire_.line()->corrupt_next(control.from_us ? io::DChannel::kA : io::DChannel::kB,
                                 control.frames);
      return ControlResult::kOk;
    case sim::kSimRestartChannel:
      if (index < 0) return ControlResult::kInvalid;
      return far_.restart_channel(i);
    case sim::kSimRestartSpan:
      return far_.restart_span();
    case sim::kSimServiceChannel:
      if (index < 0) return ControlResult::kInvalid;
      return far_.service_channel(i, control.service);
    case sim::kSimQueryHeard: {
      if (index < 0) return ControlResult::kInvalid;
      const sim::FarRecord& record = far_.far().record(i);
      sim::answer_heard(params, record.digits_heard.view(), record.tones_heard);
      return ControlResult::kOk;
    }
    case sim::kSimRemoteHold:
      if (index < 0) return ControlResult::kInvalid;
      return far_.remote_hold(i, control.hold);
    case sim::kSimQueryTransfer: {
      if (index < 0) return ControlResult::kInvalid;
      const sim::FarRecord& record = far_.far().record(i);
      sim::answer_transfer(params, record.transfer, record.transfer_party.view(),
                           record.transfer_own_party.view(), far_.far().channel_idle(i));
      return ControlResult::kOk;
    }
    default:
      return ControlResult::kUnsupported;
  }
}

}  // namespace spantsp::pri
