#pragma once
// The sim board's far-end switch for a span whose signalling rides the ABCD bits (`cas`,
// `mfcr2`): the sim FarEnd (traffic profile, "99CC" test numbers, sim_control.h controls; the
// same decisions as for `ideal` and PRI spans) speaking the module's signalling through a
// second engine of that module (Engine: CasSpan, R2Span) on the far end of the span's sim I/O.
// The module's far end (CasFarEnd, R2FarEnd) derives from BitFarEnd<Engine>, gives the engine
// its far-end configuration and adds its own faults.
//
// Translation: the FarEnd's messages become commands of the far engine (far_setup ->
// place_call; far_alerting -> accept; far_connect -> answer; far_disconnect -> release, or a
// local drop while out of service; far_release_complete -> release of a call our side
// cleared); the engine's events become the FarEnd's inputs (on_incoming -> on_setup, a
// refused seizure cleared with 42; on_alerting / on_connected of a call the far end placed ->
// on_alerting / on_connect; on_disconnected / on_released -> on_release).
//
// Alarms: the FarEnd's span alarms reach the FarAlarmObserver (the sim span puts them on the
// wire).
//
// Engine: start(SpanEvents&, TimerWheel&, SpanIo&), stop(), the SpanSignalling commands,
// drop(), channel_state(), channels(), index_of(), config().
//
// Threads: runs on the span worker; no locks. Memory: sized at construction.

#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "board_drivers/board_driver.h"
#include "board_drivers/io/span_io.h"
#include "board_drivers/signalling/channel_state.h"
#include "board_drivers/sim/far_end.h"
#include "config/config_model.h"
#include "pipeline/timer_wheel.h"

namespace spantsp::sim {

// Takes the far end's span alarms (the sim span: onto the wire towards our side).
class FarAlarmObserver {
 public:
  virtual void on_far_status(const board::SpanStatus& status) = 0;

 protected:
  ~FarAlarmObserver() = default;
};

template <typename Engine>
class BitFarEnd : private FarEndLink, private board::SpanEvents {
 public:
  using Config = std::remove_cvref_t<decltype(std::declval<const Engine&>().config())>;

  // `far_config`: the far engine's own configuration (the role it plays against ours).
  BitFarEnd(const config::TrafficProfile& profile, std::uint32_t span_index,
            const std::vector<int>& channels, const Config& far_config, std::string name)
      : engine_(channels, far_config, std::move(name)),
        far_(profile, span_index, engine_.channels().size()),
        placed_(engine_.channels().size(), 0) {}
  virtual ~BitFarEnd() { stop(); }
  BitFarEnd(const BitFarEnd&) = delete;
  BitFarEnd& operator=(const BitFarEnd&) = delete;

  void start(io::SpanIo& io, pipeline::TimerWheel& timers, FarAlarmObserver& observer) {
    if (observer_ != nullptr) return;
    observer_ = &observer;
    engine_.start(*this, timers, io);
    far_.start(*this, timers, nullptr);  // the engine owns the far end's bearers
  }
  void stop() {
    if (observer_ == nullptr) return;
    far_.stop();
    engine_.stop();
    observer_ = nullptr;
  }

  FarEnd& far() { return far_; }
  Engine& engine() { return engine_; }

 protected:
  // The switch routes an incoming call by `setup.called`; a module fills in what its wire
  // does not carry.
  virtual void route(board::CallSetup& /*setup*/) const {}

 private:
  using ChannelState = signalling::ChannelState;

  // --- The FarEnd's messages, as the module's signalling --------------------------------------

  void far_setup(std::size_t index, const board::CallSetup& setup) override {
    const int channel = engine_.channels()[index];
    if (!engine_.place_call(channel, setup)) {
      far_.on_release(index, board::cause::kChannelUnavailable);  // our side holds the channel
      return;
    }
    placed_[index] = 1;
  }
  void far_digits(std::size_t index, std::string_view digits, bool complete) override {
    engine_.send_digits(engine_.channels()[index], digits, complete);
  }
  void far_proceeding(std::size_t /*index*/) override {}
  void far_alerting(std::size_t index) override {
    const int channel = engine_.channels()[index];
    if (engine_.channel_state(channel) == ChannelState::kOffered) engine_.accept(channel);
  }
  void far_connect(std::size_t index) override {
    const int channel = engine_.channels()[index];
    const ChannelState s = engine_.channel_state(channel);
    // On a call the far end placed this acknowledges our answer: nothing goes on the wire.
    if (s == ChannelState::kOffered || s == ChannelState::kAccepted) engine_.answer(channel);
  }
  void far_disconnect(std::size_t index, std::uint8_t q850_cause) override {
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
  void far_release_complete(std::size_t index) override {
    const int channel = engine_.channels()[index];
    if (engine_.channel_state(channel) == ChannelState::kFarCleared) {
      engine_.release(channel, board::cause::kNormalClearing);
    }
  }
  void far_span_status(const board::SpanStatus& status) override {
    if (observer_ != nullptr) observer_->on_far_status(status);
  }

  // --- The far engine's events, as the FarEnd's inputs -----------------------------------------

  void on_incoming(int channel, const board::CallSetup& setup) override {
    const std::size_t i = index(channel);
    placed_[i] = 0;
    board::CallSetup routed = setup;
    route(routed);
    if (far_.on_setup(i, routed) != FarEnd::Seize::kSeized) {
      engine_.release(channel, board::cause::kSwitchCongestion);  // reorder / group B congestion
    }
  }
  void on_more_digits(int /*channel*/, std::string_view /*digits*/, bool /*complete*/) override {}
  void on_proceeding(int /*channel*/) override {}
  void on_alerting(int channel) override {
    const std::size_t i = index(channel);
    if (placed_[i] != 0) far_.on_alerting(i);  // our side's ringback: we accepted
  }
  void on_progress(int /*channel*/, bool /*inband*/) override {}
  void on_connected(int channel) override {
    const std::size_t i = index(channel);
    if (placed_[i] != 0) far_.on_connect(i);  // we answered the far end's call
  }
  void on_disconnected(int channel, std::uint8_t q850_cause) override {
    // Our side cleared (or refused, or broke the protocol): the switch lets go too.
    const std::size_t i = index(channel);
    engine_.release(channel, q850_cause);
    far_.on_release(i, q850_cause);
  }
  void on_released(int channel) override {
    const std::size_t i = index(channel);
    placed_[i] = 0;
    far_.on_release(i, board::cause::kNormalClearing);  // nothing when the FarEnd is already done
  }
  void on_span_status(const board::SpanStatus& /*status*/) override {}
  void on_channel_service(int /*channel*/, bool /*in_service*/) override {}
  // The far engine's bearer serves its signalling only: no core media runs on it.
  void on_media(int /*channel*/, const media::MediaEvent& /*event*/) override {}

  std::size_t index(int channel) const {
    return static_cast<std::size_t>(engine_.index_of(channel));
  }

  Engine engine_;
  FarEnd far_;
  std::vector<std::uint8_t> placed_;  // the far end placed the channel's call (towards us)
  FarAlarmObserver* observer_ = nullptr;
};

}  // namespace spantsp::sim
