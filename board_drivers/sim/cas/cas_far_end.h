#pragma once
// The sim board's far-end switch for a CAS span: the sim FarEnd (traffic profile, "99CC" test
// numbers, sim_control.h controls; the same decisions as for `ideal` and PRI spans) speaking
// CAS through a CasSpan of the opposite role (fxs_ls <-> fxo_ls; E&M is symmetric) on the far
// end of the span's sim I/O.
//
// Translation: the FarEnd's messages become commands of the far engine (far_setup ->
// place_call: seize and dial the number in DTMF; far_alerting -> accept: ringback on the
// bearer; far_connect -> answer: off-hook; far_disconnect -> release: the refusal tone before
// an answer, on-hook after; far_release_complete -> release of a call our side cleared); the
// engine's events become the FarEnd's inputs (on_incoming -> on_setup with the DTMF number,
// on_alerting -> on_alerting (our ringback heard), on_connected -> on_connect,
// on_disconnected / on_released -> on_release).
//
// Sound: the far engine owns the far end's bearers (DTMF, tones), so the FarEnd's own sound
// (fax, modem, speech, dtmf_share, listen) is off on CAS spans.
//
// Alarms: the FarEnd's span alarms reach the observer (the sim span puts them on the wire);
// calls it clears while out of service end locally on the far engine.
//
// Threads: runs on the span worker; no locks. Memory: sized at construction.

#include <cstdint>
#include <string>
#include <vector>

#include "board_drivers/board_driver.h"
#include "board_drivers/io/span_io.h"
#include "board_drivers/signalling/cas/cas_span.h"
#include "board_drivers/sim/far_end.h"
#include "pipeline/timer_wheel.h"

namespace spantsp::cas {

class FarAlarmObserver {
 public:
  virtual void on_far_status(const board::SpanStatus& status) = 0;

 protected:
  ~FarAlarmObserver() = default;
};

// The role the far end plays against `ours`.
config::CasConfig opposite(const config::CasConfig& ours);

class CasFarEnd final : private sim::FarEndLink, private board::SpanEvents {
 public:
  CasFarEnd(const config::TrafficProfile& profile, std::uint32_t span_index,
            const std::vector<int>& channels, const config::CasConfig& ours, std::string name);
  ~CasFarEnd();
  CasFarEnd(const CasFarEnd&) = delete;
  CasFarEnd& operator=(const CasFarEnd&) = delete;

  void start(io::SpanIo& io, pipeline::TimerWheel& timers, FarAlarmObserver& observer);
  void stop();

  sim::FarEnd& far() { return far_; }
  CasSpan& engine() { return engine_; }

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
  CasSpan engine_;
  sim::FarEnd far_;
  std::vector<std::uint8_t> placed_;  // the far end placed the channel's call (towards us)
  FarAlarmObserver* observer_ = nullptr;
};

}  // namespace spantsp::cas
