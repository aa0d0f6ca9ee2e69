#include "board_drivers/sim/cas/cas_far_end.h"

namespace spantsp::cas {
namespace {

using signalling::ChannelState;
namespace cause = board::cause;

}  // namespace

config::CasConfig opposite(const config::CasConfig& ours) {
  config::CasConfig far = ours;
  if (ours.start == config::CasStart::kFxsLoop) far.start = config::CasStart::kFxoLoop;
  if (ours.start == config::CasStart::kFxoLoop) far.start = config::CasStart::kFxsLoop;
  return far;
}

CasFarEnd::CasFarEnd(const config::TrafficProfile& profile, std::uint32_t span_index,
                     const std::vector<int>& channels, const config::CasConfig& ours,
                     std::string name)
    : numbers_(channels),
      engine_(channels, opposite(ours), std::move(name)),
      far_(profile, span_index, engine_.channels().size()),
      placed_(engine_.channels().size(), 0) {}

CasFarEnd::~CasFarEnd() {
  stop();
}

void CasFarEnd::start(io::SpanIo& io, pipeline::TimerWheel& timers, FarAlarmObserver& observer) {
  if (observer_ != nullptr) return;
  observer_ = &observer;
  engine_.start(*this, timers, io);
  far_.start(*this, timers, nullptr);  // the engine owns the far end's bearers
}

void CasFarEnd::stop() {
  if (observer_ == nullptr) return;
  far_.stop();
  engine_.stop();
  observer_ = nullptr;
}

// --- The FarEnd's messages, as CAS ---------------------------------------------------------

void CasFarEnd::far_setup(std::size_t index, const board::CallSetup& setup) {
  const int channel = engine_.channels()[index];
  if (!engine_.place_call(channel, setup)) {
    far_.on_release(index, cause::kChannelUnavailable);  // our side holds the channel
    return;
  }
  placed_[index] = 1;
}

void CasFarEnd::far_digits(std::size_t index, std::string_view digits, bool complete) {
  engine_.send_digits(engine_.channels()[index], digits, complete);
}

void CasFarEnd::far_alerting(std::size_t index) {
  const int channel = engine_.channels()[index];
  if (engine_.channel_state(channel) == ChannelState::kOffered) engine_.accept(channel);
}

void CasFarEnd::far_connect(std::size_t index) {
  const int channel = engine_.channels()[index];
  const ChannelState s = engine_.channel_state(channel);
  // On a call the far end placed this acknowledges our answer: nothing goes on the wire.
  if (s == ChannelState::kOffered || s == ChannelState::kAccepted) engine_.answer(channel);
}

void CasFarEnd::far_disconnect(std::size_t index, std::uint8_t q850_cause) {
  const int channel = engine_.channels()[index];
  if (!far_.in_service()) {
    // Out of service: nothing crosses the span; the call ends on each side by itself.
    engine_.drop(channel);
    placed_[index] = 0;
    far_.on_release(index, q850_cause);
    return;
  }
  engine_.release(channel, q850_cause);
}

void CasFarEnd::far_release_complete(std::size_t index) {
  const int channel = engine_.channels()[index];
  if (engine_.channel_state(channel) == ChannelState::kFarCleared) {
    engine_.release(channel, cause::kNormalClearing);
  }
}

void CasFarEnd::far_span_status(const board::SpanStatus& status) {
  if (observer_ != nullptr) observer_->on_far_status(status);
}

// --- The far engine's events, as the FarEnd's inputs ---------------------------------------

void CasFarEnd::on_incoming(int channel, const board::CallSetup& setup) {
  const std::size_t i = index(channel);
  placed_[i] = 0;
  board::CallSetup routed = setup;
  // A station rung on a loop-start line hears no number: the switch routes it as "s" (the
  // station itself, chan_dahdi's start extension), which the traffic profile decides.
  if (routed.called.empty()) routed.called.assign("s");
  if (far_.on_setup(i, routed) != sim::FarEnd::Seize::kSeized) {
    engine_.release(channel, cause::kSwitchCongestion);  // reorder
  }
}

void CasFarEnd::on_alerting(int channel) {
  const std::size_t i = index(channel);
  if (placed_[i] != 0) far_.on_alerting(i);  // our side's ringback: we accepted
}

void CasFarEnd::on_connected(int channel) {
  const std::size_t i = index(channel);
  if (placed_[i] != 0) far_.on_connect(i);  // we answered the far end's call
}

void CasFarEnd::on_disconnected(int channel, std::uint8_t q850_cause) {
  // Our side cleared (or refused, or broke the protocol): the switch lets go too.
  const std::size_t i = index(channel);
  engine_.release(channel, q850_cause);
  far_.on_release(i, q850_cause);
}

void CasFarEnd::on_released(int channel) {
  const std::size_t i = index(channel);
  placed_[i] = 0;
  far_.on_release(i, cause::kNormalClearing);  // nothing when the FarEnd is already done
}

}  // namespace spantsp::cas
