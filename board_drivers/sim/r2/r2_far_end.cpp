#include "board_drivers/sim/r2/r2_far_end.h"

#include "board_drivers/sim/sim_control.h"

namespace spantsp::r2 {
namespace {

using signalling::ChannelState;
namespace cause = board::cause;

}  // namespace

R2FarEnd::R2FarEnd(const config::TrafficProfile& profile, std::uint32_t span_index,
                   const std::vector<int>& channels, const config::R2Config& ours, std::string name)
    : numbers_(channels),
      engine_(channels, ours, std::move(name)),
      far_(profile, span_index, engine_.channels().size()),
      placed_(engine_.channels().size(), 0) {}

R2FarEnd::~R2FarEnd() {
  stop();
}

void R2FarEnd::start(io::SpanIo& io, pipeline::TimerWheel& timers, FarAlarmObserver& observer) {
  if (observer_ != nullptr) return;
  observer_ = &observer;
  engine_.start(*this, timers, io);
  far_.start(*this, timers, nullptr);  // the engine owns the far end's bearers
}

void R2FarEnd::stop() {
  if (observer_ == nullptr) return;
  far_.stop();
  engine_.stop();
  observer_ = nullptr;
}

// --- The FarEnd's messages, as R2 ----------------------------------------------------------

void R2FarEnd::far_setup(std::size_t index, const board::CallSetup& setup) {
  const int channel = engine_.channels()[index];
  if (!engine_.place_call(channel, setup)) {
    far_.on_release(index, cause::kChannelUnavailable);  // our side holds the channel
    return;
  }
  placed_[index] = 1;
}

void R2FarEnd::far_digits(std::size_t index, std::string_view digits, bool complete) {
  engine_.send_digits(engine_.channels()[index], digits, complete);
}

void R2FarEnd::far_alerting(std::size_t index) {
  const int channel = engine_.channels()[index];
  if (engine_.channel_state(channel) == ChannelState::kOffered) engine_.accept(channel);
}

void R2FarEnd::far_connect(std::size_t index) {
  const int channel = engine_.channels()[index];
  const ChannelState s = engine_.channel_state(channel);
  // On a call the far end placed this acknowledges our answer: nothing goes on the wire.
  if (s == ChannelState::kOffered || s == ChannelState::kAccepted) engine_.answer(channel);
}

void R2FarEnd::far_disconnect(std::size_t index, std::uint8_t q850_cause) {
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

void R2FarEnd::far_release_complete(std::size_t index) {
  const int channel = engine_.channels()[index];
  if (engine_.channel_state(channel) == ChannelState::kFarCleared) {
    engine_.release(channel, cause::kNormalClearing);
  }
}

void R2FarEnd::far_span_status(const board::SpanStatus& status) {
  if (observer_ != nullptr) observer_->on_far_status(status);
}

// --- The far engine's events, as the FarEnd's inputs ---------------------------------------

void R2FarEnd::on_incoming(int channel, const board::CallSetup& setup) {
  const std::size_t i = index(channel);
  placed_[i] = 0;
  board::CallSetup routed = setup;
  if (far_.on_setup(i, routed) != sim::FarEnd::Seize::kSeized) {
    engine_.release(channel, cause::kSwitchCongestion);  // group B congestion
  }
}

void R2FarEnd::on_alerting(int channel) {
  const std::size_t i = index(channel);
  if (placed_[i] != 0) far_.on_alerting(i);  // our side's ringback: we accepted
}

void R2FarEnd::on_connected(int channel) {
  const std::size_t i = index(channel);
  if (placed_[i] != 0) far_.on_connect(i);  // we answered the far end's call
}

void R2FarEnd::on_disconnected(int channel, std::uint8_t q850_cause) {
  // Our side cleared (or refused, or broke the protocol): the switch lets go too.
  const std::size_t i = index(channel);
  engine_.release(channel, q850_cause);
  far_.on_release(i, q850_cause);
}

void R2FarEnd::on_released(int channel) {
  const std::size_t i = index(channel);
  placed_[i] = 0;
  far_.on_release(i, cause::kNormalClearing);  // nothing when the FarEnd is already done
}

bool R2FarEnd::fault(std::size_t index, std::uint32_t what) {
  if (index >= numbers_.size()) return false;
  const int channel = engine_.channels()[index];
  switch (what) {
    case sim::kSimR2Block:
      return engine_.block(channel, true);
    case sim::kSimR2Unblock:
      return engine_.block(channel, false);
    case sim::kSimR2MissingTone:
      engine_.set_fault(channel, R2Fault::kMissingTone);
      return true;
    case sim::kSimR2ClearInRegister:
      engine_.set_fault(channel, R2Fault::kClearInRegister);
      return true;
    default:
      return false;
  }
}

}  // namespace spantsp::r2
