#pragma once
// An MFC/R2 span of the sim board: our `mfcr2` signalling (R2Span) and the far-end switch
// (R2FarEnd, the same engine) on the two ends of one sim I/O pair (ABCD cross-connect and
// audio crossover, io/sim/sim_io_pair.h). The sim_control.h controls reach the far end; its
// span alarms reach our side as I/O alarms.
//
// Threads: runs on the span worker; every part is driven by the worker's TimerWheel. No locks.
//
// Ownership: built by the sim board factory and owned by the span. The SpanEvents and
// TimerWheel given to start() must outlive it, or stop() must run first.

#include <cstdint>
#include <string>
#include <vector>

#include "board_drivers/board_driver.h"
#include "board_drivers/io/sim/sim_io_pair.h"
#include "board_drivers/signalling/r2/r2_span.h"
#include "board_drivers/sim/r2/r2_far_end.h"
#include "config/config_model.h"

namespace spantsp::r2 {

class SimR2Span final : public board::SpanSignalling, private FarAlarmObserver {
 public:
  SimR2Span(const config::SpanConfig& span, const config::TrafficProfile& traffic,
            std::uint32_t span_index, std::uint32_t frame_period_ms);
  // Explicit channels (tests): `e1` picks the span kind (A-law) and `numbers` are our lines'
  // own numbers by index (loopback through the switch), none by default.
  SimR2Span(const std::vector<int>& channels, const config::R2Config& r2, bool e1,
            const config::TrafficProfile& traffic, std::uint32_t span_index,
            std::uint32_t frame_period_ms = media::kDefaultFramePeriodMs,
            const std::vector<std::string>& numbers = {});
  ~SimR2Span() override;

  void start(board::SpanEvents& events, pipeline::TimerWheel& timers) override;
  void stop() override;
  bool place_call(int channel, const board::CallSetup& setup) override;
  void send_digits(int channel, std::string_view digits, bool complete) override;
  void accept(int channel) override;
  void answer(int channel) override;
  void release(int channel, std::uint8_t q850_cause) override;
  std::size_t poll(std::uint64_t now_ms) override;
  board::ControlResult device_specific(int channel, void* params, std::size_t size) override;
  media::MediaResult media(int channel, const media::MediaCommand& command) override;

  R2Span& ours() { return ours_; }
  R2FarEnd& far_end() { return far_; }
  io::SimIoPair& wire() { return wire_; }

 private:
  void on_far_status(const board::SpanStatus& status) override;

  R2Span ours_;
  io::SimIoPair wire_;  // after ours_: its layout is our lines' channels
  R2FarEnd far_;
  bool started_ = false;
};

}  // namespace spantsp::r2
