#include "board_drivers/signalling/ideal/ideal_span.h"

#include <array>
#include <cstring>
#include <vector>

#include "board_drivers/sim/sim_control.h"
#include "board_drivers/sim/sim_control_parse.h"
#include "config/config_loader.h"
#include "config/span_rules.h"
#include "pipeline/perf_role.h"

namespace spantsp::ideal {
namespace {

constexpr std::size_t kMaxChannelNumber = 4096;  // far above any T1/E1 bearer

// Validation rejects bad or repeated channel numbers; should one get here anyway it gets no
// line (and no far-end traffic) rather than two lines sharing a number.
std::vector<int> usable_channels(const std::vector<int>& channels) {
  std::vector<int> out;
  for (int n : channels) {
    if (n < 0 || static_cast<std::size_t>(n) > kMaxChannelNumber) continue;
    bool repeated = false;
    for (int seen : out) repeated = repeated || seen == n;
    if (!repeated) out.push_back(n);
  }
  return out;
}

}  // namespace

IdealSpan::IdealSpan(const config::SpanConfig& span, const config::TrafficProfile& traffic,
                     std::uint32_t span_index, std::uint32_t frame_period_ms)
    : IdealSpan(config::effective_channels(span), traffic, span_index,
                span.type == config::SpanType::kE1 ? io::SpanKind::kE1 : io::SpanKind::kT1,
                frame_period_ms, config::line_numbers(span),
                span.dsp_channels == 0 ? media::kAllChannels : span.dsp_channels) {}

IdealSpan::IdealSpan(const std::vector<int>& channels, const config::TrafficProfile& traffic,
                     std::uint32_t span_index, io::SpanKind kind, std::uint32_t frame_period_ms,
                     const std::vector<std::string>& numbers, std::size_t dsp_states)
    : numbers_(usable_channels(channels)),
      channels_(numbers_.size()),
      wire_(io::SpanLayout{kind, io::law_of(kind), numbers_, 0, frame_period_ms}, nullptr),
      far_(traffic, span_index, numbers_.size()),
      bearer_(numbers_, dsp_states) {
  // Numbers follow the configured channel order; usable_channels() only drops bad ones, which
  // validation has already refused.
  if (numbers_.size() == channels.size()) far_.set_own_numbers(numbers);
  int highest = 0;
  for (int n : numbers_) highest = n > highest ? n : highest;
  index_.assign(static_cast<std::size_t>(highest) + 1, -1);
  for (std::size_t i = 0; i < numbers_.size(); ++i) {
    index_[static_cast<std::size_t>(numbers_[i])] = static_cast<std::int16_t>(i);
  }
}

IdealSpan::~IdealSpan() {
  stop();
}

void IdealSpan::start(board::SpanEvents& events, pipeline::TimerWheel& timers) {
  if (events_ != nullptr) return;
  events_ = &events;
  timers_ = &timers;
  for (std::size_t i = 0; i < channels_.size(); ++i) {
    channels_[i].hold_timer.handler = this;
    channels_[i].hold_timer.cookie = i;
  }
  wire_.start(timers);
  wire_.end(io::SimIoPair::kNear).start(*this, timers);
  bearer_.start(events, wire_.end(io::SimIoPair::kNear));
  far_.start(*this, timers, &wire_.end(io::SimIoPair::kFar));
}

void IdealSpan::stop() {
  far_.stop();
  bearer_.stop();
  wire_.stop();
  events_ = nullptr;
  for (auto& c : channels_) {
    end_hold(c);
    c.state = signalling::ChannelState::kIdle;  // the far end dropped its calls too
    c.overlap_open = false;
  }
  timers_ = nullptr;
}

void IdealSpan::set_state(std::size_t index, signalling::ChannelState next) {
  channels_[index].state = next;
  bearer_.follow(index, next);
}

media::MediaStream* IdealSpan::media_stream(int channel) {
  const int i = index_of(channel);
  return i < 0 ? nullptr : bearer_.stream(static_cast<std::size_t>(i));
}

media::MediaResult IdealSpan::media(int channel, const media::MediaCommand& command) {
  const int i = index_of(channel);
  if (i < 0 || timers_ == nullptr) return media::MediaResult::kNoBearer;
  return bearer_.command(static_cast<std::size_t>(i), command, timers_->now_ms());
}

void IdealSpan::on_audio_frame(io::SpanAudio& audio, std::uint64_t now_ms) {
  bearer_.on_frame(audio, now_ms);
}

int IdealSpan::index_of(int channel) const {
  if (channel < 0 || static_cast<std::size_t>(channel) >= index_.size()) return -1;
  return index_[static_cast<std::size_t>(channel)];
}

bool IdealSpan::command(int channel, signalling::ChannelInput input, std::size_t& index,
                        signalling::ChannelState& next) {
  const int i = index_of(channel);
  if (events_ == nullptr || i < 0 ||
      !next_channel_state(channels_[static_cast<std::size_t>(i)].state, input, next)) {
    ++invalid_commands_;
    return false;
  }
  index = static_cast<std::size_t>(i);
  return true;
}

bool IdealSpan::message(std::size_t index, signalling::ChannelInput input) {
  signalling::ChannelState next{};
  if (events_ == nullptr || !next_channel_state(channels_[index].state, input, next)) {
    ++unexpected_messages_;
    return false;
  }
  // The state moves before the report, so a handler that calls back sees the new one.
  set_state(index, next);
  return true;
}

// --- Commands from the core ----------------------------------------------------------------

bool IdealSpan::place_call(int channel, const board::CallSetup& setup) {
  std::size_t i = 0;
  signalling::ChannelState next{};
  if (!command(channel, signalling::ChannelInput::kPlaceCall, i, next)) return false;
  // Glare or out of service is an answer, not a misuse: nothing is counted as invalid.
  if (far_.on_setup(i, setup) != sim::FarEnd::Seize::kSeized) return false;
  set_state(i, next);
  channels_[i].overlap_open = !setup.sending_complete;
  return true;
}

void IdealSpan::send_digits(int channel, std::string_view digits, bool complete) {
  std::size_t i = 0;
  signalling::ChannelState next{};
  if (!command(channel, signalling::ChannelInput::kSendDigits, i, next)) return;
  if (!channels_[i].overlap_open) {  // the number was already complete
    ++invalid_commands_;
    return;
  }
  set_state(i, next);
  channels_[i].overlap_open = !complete;
  far_.on_digits(i, digits, complete);
}

void IdealSpan::accept(int channel) {
  std::size_t i = 0;
  signalling::ChannelState next{};
  if (!command(channel, signalling::ChannelInput::kAccept, i, next)) return;
  set_state(i, next);
  far_.on_alerting(i);
}

void IdealSpan::answer(int channel) {
  std::size_t i = 0;
  signalling::ChannelState next{};
  if (!command(channel, signalling::ChannelInput::kAnswer, i, next)) return;
  set_state(i, next);
  far_.on_connect(i);
}

void IdealSpan::release(int channel, std::uint8_t q850_cause) {
  std::size_t i = 0;
  signalling::ChannelState next{};
  if (!command(channel, signalling::ChannelInput::kRelease, i, next)) return;
  set_state(i, next);
  channels_[i].overlap_open = false;
  end_hold(channels_[i]);
  far_.on_release(i, q850_cause);
}

bool IdealSpan::hold(int channel) {
  return request_hold(channel, true);
}

bool IdealSpan::retrieve(int channel) {
  return request_hold(channel, false);
}

bool IdealSpan::set_user_user(int channel, std::string_view uui) {
  const int i = index_of(channel);
  if (i < 0 || events_ == nullptr) return false;
  const signalling::ChannelState state = channels_[static_cast<std::size_t>(i)].state;
  if (state == signalling::ChannelState::kIdle || state == signalling::ChannelState::kReleasing) {
    return false;
  }
  // No wire: the switch has it before the message it rides on (the command that follows).
  far_.on_user_user(static_cast<std::size_t>(i), uui);
  return true;
}

bool IdealSpan::deflect(int channel, const board::Number& to) {
  const int i = index_of(channel);
  if (i < 0 || events_ == nullptr) return false;
  const signalling::ChannelState state = channels_[static_cast<std::size_t>(i)].state;
  if (state != signalling::ChannelState::kOffered && state != signalling::ChannelState::kAccepted) {
    return false;
  }
  return far_.deflect(static_cast<std::size_t>(i), to) == board::ControlResult::kOk;
}

bool IdealSpan::blind_transfer(int channel, const board::Number& to) {
  const int i = index_of(channel);
  if (i < 0 || events_ == nullptr ||
      channels_[static_cast<std::size_t>(i)].state != signalling::ChannelState::kConnected) {
    return false;
  }
  return far_.transfer(static_cast<std::size_t>(i), to) == board::ControlResult::kOk;
}

bool IdealSpan::transfer(int held, int other) {
  const int a = index_of(held);
  const int b = index_of(other);
  if (a < 0 || b < 0 || events_ == nullptr) return false;
  using signalling::ChannelState;
  const ChannelState sa = channels_[static_cast<std::size_t>(a)].state;
  const ChannelState sb = channels_[static_cast<std::size_t>(b)].state;
  if (sa != ChannelState::kConnected ||
      (sb != ChannelState::kConnected && sb != ChannelState::kRingback &&
       sb != ChannelState::kProceeding)) {
    return false;
  }
  return far_.join(static_cast<std::size_t>(a), static_cast<std::size_t>(b)) ==
         board::ControlResult::kOk;
}

bool IdealSpan::send_user_user(int channel, std::string_view uui) {
  const int i = index_of(channel);
  if (i < 0 || events_ == nullptr ||
      channels_[static_cast<std::size_t>(i)].state != signalling::ChannelState::kConnected) {
    return false;
  }
  far_.on_user_user(static_cast<std::size_t>(i), uui);
  return true;
}

bool IdealSpan::request_hold(int channel, bool hold) {
  const int i = index_of(channel);
  if (events_ == nullptr || i < 0) return false;
  Channel& c = channels_[static_cast<std::size_t>(i)];
  if (c.state != signalling::ChannelState::kConnected || c.hold_pending || c.held == hold) {
    return false;
  }
  c.hold_pending = true;
  timers_->arm(c.hold_timer, timers_->now_ms());
  return true;
}

void IdealSpan::on_timer(std::uint64_t cookie, std::uint64_t /*now_ms*/) {
  Channel& c = channels_[static_cast<std::size_t>(cookie)];
  if (!c.hold_pending || events_ == nullptr) return;
  c.hold_pending = false;
  c.held = !c.held;
  events_->on_hold_result(numbers_[static_cast<std::size_t>(cookie)], c.held, true);
}

void IdealSpan::end_hold(Channel& c) {
  if (timers_ != nullptr) timers_->cancel(c.hold_timer);
  c.held = false;
  c.hold_pending = false;
}

// No I/O to poll: every consequence of a command travels on the far end's timers.
std::size_t IdealSpan::poll(std::uint64_t /*now_ms*/) {
  return 0;
}

board::ControlResult IdealSpan::device_specific(int channel, void* params, std::size_t size) {
  using board::ControlResult;
  // Form first (kInvalid / kUnsupported), then whether the span and channel allow it (kRejected).
  sim::ParsedControl control;
  if (const ControlResult form = sim::parse_control(params, size, control);
      form != ControlResult::kOk) {
    return form;
  }
  const int index = index_of(sim::control_channel(channel, control));
  const bool span_wide =
      control.op == sim::kSimSpanAlarm || control.op == sim::kSimInjectIncomingAll;
  if (index < 0 && !span_wide) return ControlResult::kInvalid;
  if (events_ == nullptr) return ControlResult::kRejected;
  const auto i = static_cast<std::size_t>(index);
  switch (control.op) {
    case sim::kSimInjectIncoming:
      if (channels_[i].state != signalling::ChannelState::kIdle) return ControlResult::kRejected;
      return far_.inject_incoming(i, control.setup);
    case sim::kSimInjectIncomingAll: {
      bool offered = false;
      for (std::size_t c = 0; c < channels_.size(); ++c) {
        if (channels_[c].state != signalling::ChannelState::kIdle) continue;
        offered = far_.inject_incoming(c, control.setup) == ControlResult::kOk || offered;
      }
      return offered ? ControlResult::kOk : ControlResult::kRejected;
    }
    case sim::kSimRemoteAnswer:
      return far_.remote_answer(i);
    case sim::kSimRemoteClear:
      return far_.remote_clear(i, control.cause);
    case sim::kSimSpanAlarm:
      far_.set_alarms(control.status);
      return ControlResult::kOk;
    case sim::kSimRemoteDigits:
      return far_.remote_digits(i, control.setup.called.view(), control.setup.sending_complete);
    case sim::kSimRemoteUserUser:
      return far_.remote_user_user(i, control.uui.view());
    case sim::kSimQueryHeard:
      sim::answer_heard(params, far_.record(i).digits_heard.view(), far_.record(i).tones_heard);
      return ControlResult::kOk;
    case sim::kSimQueryTransfer:
      sim::answer_transfer(params, far_.record(i).transfer, far_.record(i).transfer_party.view(),
                           far_.record(i).transfer_own_party.view(), far_.channel_idle(i));
      return ControlResult::kOk;
    default:
      return ControlResult::kUnsupported;
  }
}

sim::SimSpanStats IdealSpan::stats() const {
  sim::SimSpanStats s = far_.counters();
  s.invalid_commands = invalid_commands_;
  s.unexpected_messages += unexpected_messages_;
  return s;
}

signalling::ChannelState IdealSpan::channel_state(int channel) const {
  const int i = index_of(channel);
  return i < 0 ? signalling::ChannelState::kIdle : channels_[static_cast<std::size_t>(i)].state;
}

// --- Messages from the far end -------------------------------------------------------------

void IdealSpan::far_setup(std::size_t index, const board::CallSetup& setup) {
  const pipeline::perf_role::Scope role(pipeline::perf_role::Role::kProvider);
  if (message(index, signalling::ChannelInput::kFarSetup))
    events_->on_incoming(numbers_[index], setup);
}

void IdealSpan::far_digits(std::size_t index, std::string_view digits, bool complete) {
  const pipeline::perf_role::Scope role(pipeline::perf_role::Role::kProvider);
  if (message(index, signalling::ChannelInput::kFarDigits)) {
    events_->on_more_digits(numbers_[index], digits, complete);
  }
}

void IdealSpan::far_proceeding(std::size_t index) {
  const pipeline::perf_role::Scope role(pipeline::perf_role::Role::kProvider);
  if (message(index, signalling::ChannelInput::kFarProceeding)) {
    channels_[index].overlap_open = false;
    events_->on_proceeding(numbers_[index]);
  }
}

void IdealSpan::far_alerting(std::size_t index) {
  const pipeline::perf_role::Scope role(pipeline::perf_role::Role::kProvider);
  if (message(index, signalling::ChannelInput::kFarAlerting)) events_->on_alerting(numbers_[index]);
}

void IdealSpan::far_connect(std::size_t index) {
  const pipeline::perf_role::Scope role(pipeline::perf_role::Role::kProvider);
  if (message(index, signalling::ChannelInput::kFarConnect)) events_->on_connected(numbers_[index]);
}

void IdealSpan::far_disconnect(std::size_t index, std::uint8_t q850_cause) {
  const pipeline::perf_role::Scope role(pipeline::perf_role::Role::kProvider);
  if (message(index, signalling::ChannelInput::kFarDisconnect)) {
    channels_[index].overlap_open = false;
    end_hold(channels_[index]);
    events_->on_disconnected(numbers_[index], q850_cause);
  }
}

void IdealSpan::far_release_complete(std::size_t index) {
  const pipeline::perf_role::Scope role(pipeline::perf_role::Role::kProvider);
  if (message(index, signalling::ChannelInput::kFarReleaseComplete))
    events_->on_released(numbers_[index]);
}

void IdealSpan::far_span_status(const board::SpanStatus& status) {
  const pipeline::perf_role::Scope role(pipeline::perf_role::Role::kProvider);
  if (events_ != nullptr) events_->on_span_status(status);
}

void IdealSpan::far_user_user(std::size_t index, std::string_view uui) {
  if (events_ != nullptr && channels_[index].state != signalling::ChannelState::kIdle) {
    events_->on_user_user(numbers_[index], uui);
  }
}

}  // namespace spantsp::ideal
