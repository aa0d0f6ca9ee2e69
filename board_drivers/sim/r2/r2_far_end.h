#pragma once
// The sim board's far-end switch for an MFC/R2 span: the sim FarEnd (traffic profile, "99CC"
// test numbers, sim_control.h controls; the same decisions as for the other spans) speaking
// R2 through a second R2Span of the same variant on the far end of the span's sim I/O: whoever
// seizes a channel is the forward side of that call, so inbound and outbound calls both run
// the same engine on both ends.
//
// Translation: far_setup -> place_call (seize, DNIS/ANI/category in the register);
// far_alerting -> accept (change to group B, accept); far_connect -> answer; far_disconnect
// -> release (a group B refusal before the accept); far_release_complete -> release of a call
// our side cleared. The engine's events become the FarEnd's inputs.
//
// Faults (sim_control.h kSimR2Fault): block / unblock a channel, the next call's register
// goes silent (our register timeout), the next call towards us clears forward in the middle
// of the register.
//
// Threads: runs on the span worker; no locks. Memory: sized at construction.

#include <cstdint>
#include <string>
#include <vector>

#include "board_drivers/board_driver.h"
#include "board_drivers/io/span_io.h"
#include "board_drivers/signalling/r2/r2_span.h"
#include "board_drivers/sim/cas/cas_far_end.h"
#include "board_drivers/sim/far_end.h"
#include "pipeline/timer_wheel.h"

namespace spantsp::r2 {

using cas::FarAlarmObserver;

class R2FarEnd final : private sim::FarEndLink, private board::SpanEvents {
 public:
  R2FarEnd(const config::TrafficProfile& profile, std::uint32_t span_index,
           const std::vector<int>& channels, const config::R2Config& ours, std::string name);
  ~R2FarEnd();
  R2FarEnd(const R2FarEnd&) = delete;
  R2FarEnd& operator=(const R2FarEnd&) = delete;

  void start(io::SpanIo& io, pipeline::TimerWheel& timers, FarAlarmObserver& observer);
  void stop();

  sim::FarEnd& far() { return far_; }
  R2Span& engine() { return engine_; }
  // sim_control.h kSimR2Fault on channel `index` (dense); false when it cannot apply now.
  bool fault(std::size_t index, std::uint32_t what);

 private:
  // sim::FarEndLink
  void far_setup(std::size_t index, const board::CallSetup& setup) override;
  void far_digits(std::size_t index, std::string_view digits, bool complete) override;
  void far_proceeding(std::size_t /*index*/) override {}
  void far_alerting(std::size_t index) override;
  void far_connect(std::size_t index) override;
  void far_disconnect(std::size_t index, std::uint8_t q850_cause) override;
  void far_release_complete(std::size_t index) override;
  void far_span_status(const board::SpanStatus& status) override;

  // board::SpanEvents of the far engine
  void on_incoming(int channel, const board::CallSetup& setup) override;
  void on_more_digits(int /*channel*/, std::string_view /*digits*/, bool /*complete*/) override {}
  void on_proceeding(int /*channel*/) override {}
  void on_alerting(int channel) override;
  void on_progress(int /*channel*/, bool /*inband*/) override {}
  void on_connected(int channel) override;
  void on_disconnected(int channel, std::uint8_t q850_cause) override;
  void on_released(int channel) override;
  void on_span_status(const board::SpanStatus& /*status*/) override {}
  void on_channel_service(int /*channel*/, bool /*in_service*/) override {}
  // The far engine's bearer serves its signalling only: no core media runs on it.
  void on_media(int /*channel*/, const media::MediaEvent& /*event*/) override {}

  std::size_t index(int channel) const {
    return static_cast<std::size_t>(engine_.index_of(channel));
  }

  std::vector<int> numbers_;
  R2Span engine_;
  sim::FarEnd far_;
  std::vector<std::uint8_t> placed_;  // the far end placed the channel's call (towards us)
  FarAlarmObserver* observer_ = nullptr;
};

}  // namespace spantsp::r2
