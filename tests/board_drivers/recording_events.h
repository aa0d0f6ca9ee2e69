#pragma once
// A SpanEvents fake that records every report as text ("alerting 1", "disconnected 1 17"), and
// a virtual clock that steps a TimerWheel 1 ms at a time: the PRI tests read as the exact
// sequence of reports, and time never decides them.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "board_drivers/board_driver.h"
#include "pipeline/timer_wheel.h"

namespace spantsp::pri::test {

class RecordingEvents final : public board::SpanEvents {
 public:
  void on_incoming(int channel, const board::CallSetup& setup) override {
    add("incoming " + std::to_string(channel) + " " + std::string(setup.calling.view()) + "->" +
        std::string(setup.called.view()) + (setup.sending_complete ? "" : "+"));
    last_setup = setup;
  }
  void on_more_digits(int channel, std::string_view digits, bool complete) override {
    add("digits " + std::to_string(channel) + " " + std::string(digits) + (complete ? "" : "+"));
  }
  void on_proceeding(int channel) override { add("proceeding " + std::to_string(channel)); }
  void on_alerting(int channel) override { add("alerting " + std::to_string(channel)); }
  void on_progress(int channel, bool inband) override {
    add("progress " + std::to_string(channel) + (inband ? " inband" : ""));
  }
  void on_connected(int channel) override { add("connected " + std::to_string(channel)); }
  void on_disconnected(int channel, std::uint8_t cause) override {
    add("disconnected " + std::to_string(channel) + " " + std::to_string(cause));
  }
  void on_released(int channel) override { add("released " + std::to_string(channel)); }
  void on_span_status(const board::SpanStatus& s) override {
    add(std::string("status") + (s.red ? " red" : "") + (s.yellow ? " yellow" : "") +
        (s.blue ? " blue" : "") + (s.signalling_up ? " up" : " down"));
  }
  void on_channel_service(int channel, bool in_service) override {
    add("service " + std::to_string(channel) + (in_service ? " in" : " out"));
  }
  // Kept apart from `log` (audio runs for the whole call): "2 down 5", "2 up 5", "1 done 7",
  // "1 tone 0", "1 media 1".
  void on_media(int channel, const media::MediaEvent& e) override {
    const std::string ch = std::to_string(channel) + " ";
    switch (e.kind) {
      case media::MediaEvent::Kind::kDigitDown:
        return media.push_back(ch + "down " + e.digit);
      case media::MediaEvent::Kind::kDigitUp:
        return media.push_back(ch + "up " + e.digit);
      case media::MediaEvent::Kind::kGenerateDone:
        return media.push_back(ch + "done " + std::to_string(e.token));
      case media::MediaEvent::Kind::kToneDetected:
        return media.push_back(ch + "tone " + std::to_string(e.tone_index));
      case media::MediaEvent::Kind::kMediaDetected:
        return media.push_back(ch + "media " + std::to_string(e.media));
    }
  }

  // Reports since the last take().
  std::vector<std::string> take() {
    std::vector<std::string> out;
    out.swap(log);
    return out;
  }

  std::vector<std::string> log;
  std::vector<std::string> media;
  board::CallSetup last_setup;

 private:
  void add(std::string s) { log.push_back(std::move(s)); }
};

// Advances `wheel` 1 ms at a time for `ms` milliseconds of virtual time.
inline void run_for(pipeline::TimerWheel& wheel, std::uint64_t ms) {
  const std::uint64_t end = wheel.now_ms() + ms;
  while (wheel.now_ms() < end) wheel.advance(wheel.now_ms() + 1);
}

}  // namespace spantsp::pri::test
