// What the set-up benchmarks of the bit-signalling spans share (perf/cas_setup_bench.cpp,
// perf/r2_setup_bench.cpp, issue 16): a driver that keeps every channel of one sim span calling
// on a virtual clock and records each call's set-up time, the process CPU clock, percentiles.
// Single-threaded: the span, its far end and the driver all run on the caller's thread.
#pragma once

#include <time.h>

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include "board_drivers/board_driver.h"
#include "pipeline/timer_wheel.h"

namespace spantsp::perf {

inline double process_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

inline std::uint64_t percentile(std::vector<std::uint64_t> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
}

// Which event ends a set-up: ringback (R2's group B accept) or the answer.
enum class SetupEnd { kAlerting, kConnected };

// Places `setup` on a channel, records place -> `end` in virtual ms, releases at once and places
// again once the channel is released; a channel the span refuses (the far end still holds it) is
// tried again on the next millisecond.
template <class Span>
class SetupDriver final : public board::SpanEvents {
 public:
  SetupDriver(Span& span, pipeline::TimerWheel& wheel, board::CallSetup setup, SetupEnd end)
      : span_(span), wheel_(wheel), setup_(std::move(setup)), end_(end) {}

  void place(int channel) {
    if (span_.place_call(channel, setup_)) {
      if (static_cast<std::size_t>(channel) >= placed_at_.size()) placed_at_.resize(channel + 1);
      placed_at_[static_cast<std::size_t>(channel)] = wheel_.now_ms();
    } else {
      free_.push_back(channel);
    }
  }

  // Advances the clock 1 ms at a time, placing calls on the channels freed, until `calls` have
  // completed or `give_up_ms` of virtual time has passed (a stuck engine ends the run).
  void run_until(std::uint64_t calls, std::uint64_t give_up_ms) {
    while (completed < calls && wheel_.now_ms() < give_up_ms) {
      wheel_.advance(wheel_.now_ms() + 1);
      std::vector<int> channels;
      channels.swap(free_);
      for (int c : channels) place(c);
    }
  }

  void on_incoming(int, const board::CallSetup&) override {}
  void on_more_digits(int, std::string_view, bool) override {}
  void on_proceeding(int) override {}
  void on_alerting(int channel) override {
    if (end_ == SetupEnd::kAlerting) set_up(channel);
  }
  void on_progress(int, bool) override {}
  void on_connected(int channel) override {
    if (end_ == SetupEnd::kConnected) {
      set_up(channel);
    } else {
      span_.release(channel, board::cause::kNormalClearing);
    }
  }
  void on_disconnected(int channel, std::uint8_t) override {
    ++failures;
    span_.release(channel, board::cause::kNormalClearing);
  }
  void on_released(int channel) override {
    ++completed;
    free_.push_back(channel);
  }
  void on_span_status(const board::SpanStatus&) override {}
  void on_channel_service(int, bool) override {}
  void on_media(int, const media::MediaEvent&) override {}

  std::vector<std::uint64_t> setup_ms;
  std::uint64_t completed = 0;
  std::uint64_t failures = 0;

 private:
  void set_up(int channel) {
    setup_ms.push_back(wheel_.now_ms() - placed_at_[static_cast<std::size_t>(channel)]);
    span_.release(channel, board::cause::kNormalClearing);
  }

  Span& span_;
  pipeline::TimerWheel& wheel_;
  const board::CallSetup setup_;
  const SetupEnd end_;
  std::vector<std::uint64_t> placed_at_;
  std::vector<int> free_;
};

}  // namespace spantsp::perf
