#pragma once
// A sim board span whose signalling rides the ABCD bits (`cas`, `mfcr2`): our signalling
// engine (Engine: CasSpan, R2Span) and the module's far-end switch (FarEnd: a BitFarEnd of the
// same engine, sim/bit_far_end.h) on the two ends of one sim I/O pair (ABCD cross-connect and
// audio crossover, io/sim/sim_io_pair.h). The sim_control.h controls reach the far end; its
// span alarms reach our side as I/O alarms. A module adds its own controls through
// module_control() and picks its configuration out of the SpanConfig (SimCasSpan, SimR2Span).
//
// Threads: runs on the span worker; every part is driven by the worker's TimerWheel. No locks.
//
// Ownership: built by the sim board factory and owned by the span. The SpanEvents and
// TimerWheel given to start() must outlive it, or stop() must run first.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "board_drivers/board_driver.h"
#include "board_drivers/io/sim/sim_io_pair.h"
#include "board_drivers/sim/bit_far_end.h"
#include "board_drivers/sim/far_end_controls.h"
#include "board_drivers/sim/sim_control_parse.h"
#include "config/config_model.h"

namespace spantsp::sim {

// The sim I/O layout of a span with no D channel; `e1` picks the span kind (A-law).
io::SpanLayout bit_span_layout(const std::vector<int>& channels, bool e1,
                               std::uint32_t frame_period_ms);
// The name a sim span's log lines carry: its number from 1.
std::string sim_span_name(std::uint32_t span_index);
// The far end's span alarms as our side's I/O sees them.
io::SpanAlarms far_alarms(const board::SpanStatus& status);

template <typename Engine, typename FarEnd>
class SimBitSpan : public board::SpanSignalling, private FarAlarmObserver {
 public:
  using Config = typename FarEnd::Config;

  // The far end derives its configuration from `our_config`; `numbers` are our lines' own
  // numbers by index (loopback through the switch).
  SimBitSpan(const std::vector<int>& channels, const Config& our_config, bool e1,
             const config::TrafficProfile& traffic, std::uint32_t span_index,
             std::uint32_t frame_period_ms, const std::vector<std::string>& numbers)
      : ours_(channels, our_config, sim_span_name(span_index)),
        wire_(bit_span_layout(ours_.channels(), e1, frame_period_ms), nullptr),
        far_(traffic, span_index, ours_.channels(), our_config,
             sim_span_name(span_index) + " (far end)") {
    if (ours_.channels().size() == channels.size()) far_.far().set_own_numbers(numbers);
  }
  ~SimBitSpan() override { stop(); }

  void start(board::SpanEvents& events, pipeline::TimerWheel& timers) final {
    if (started_) return;
    started_ = true;
    wire_.start(timers);
    far_.start(wire_.end(io::SimIoPair::kFar), timers, *this);
    ours_.start(events, timers, wire_.end(io::SimIoPair::kNear));
  }
  void stop() final {
    if (!started_) return;
    started_ = false;
    ours_.stop();
    far_.stop();
    wire_.stop();
  }
  bool place_call(int channel, const board::CallSetup& setup) final {
    return ours_.place_call(channel, setup);
  }
  void send_digits(int channel, std::string_view digits, bool complete) final {
    ours_.send_digits(channel, digits, complete);
  }
  void accept(int channel) final { ours_.accept(channel); }
  void answer(int channel) final { ours_.answer(channel); }
  void release(int channel, std::uint8_t q850_cause) final { ours_.release(channel, q850_cause); }
  // Bits and audio all travel on the wheel: nothing to poll.
  std::size_t poll(std::uint64_t /*now_ms*/) final { return 0; }
  board::ControlResult device_specific(int channel, void* params, std::size_t size) final {
    using board::ControlResult;
    ParsedControl control;
    const ControlResult form = parse_control(params, size, control);
    if (form != ControlResult::kOk) return form;
    channel = control_channel(channel, control);
    if (!started_) return ControlResult::kRejected;
    if (const auto own = module_control(channel, control)) return *own;
    const auto result =
        far_end_control(far_.far(), ours_.index_of(channel), ours_.channel_free(channel), control);
    return result ? *result : ControlResult::kUnsupported;
  }
  media::MediaResult media(int channel, const media::MediaCommand& command) final {
    return ours_.media(channel, command);
  }

  Engine& ours() { return ours_; }
  FarEnd& far_end() { return far_; }
  io::SimIoPair& wire() { return wire_; }

 protected:
  // A control of the module's own on a started span (`channel` as control_channel() gives
  // it), or nullopt when `control` is not one of them.
  virtual std::optional<board::ControlResult> module_control(int /*channel*/,
                                                             const ParsedControl& /*control*/) {
    return std::nullopt;
  }

 private:
  void on_far_status(const board::SpanStatus& status) final {
    wire_.set_alarms(far_alarms(status));
  }

  Engine ours_;
  io::SimIoPair wire_;  // after ours_: its layout is our lines' channels
  FarEnd far_;
  bool started_ = false;
};

}  // namespace spantsp::sim
