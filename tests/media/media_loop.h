#pragma once
// A SpanMedia driven frame by frame on a synthetic clock, with patch cords: what channel
// `from` transmits in one frame is what channel `to` receives in the next (a G.711 round trip
// in the span's law, as on a wire). Records every event with its channel.

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "media/span_media.h"

namespace spantsp::media::test {

struct Recorded {
  std::size_t channel;
  MediaEvent event;
};

class MediaLoop : public MediaEvents {
 public:
  static constexpr std::uint32_t kPeriodMs = 20;

  explicit MediaLoop(Law law, std::size_t channels = 2, SpanMediaOptions options = {})
      : media_(channels, law, kPeriodMs, *this, options),
        rx_(channels * media_.frame_samples(), idle_octet(law)),
        tx_(channels * media_.frame_samples(), idle_octet(law)) {
    events_.reserve(4096);
  }
  virtual ~MediaLoop() = default;
  MediaLoop(const MediaLoop&) = delete;
  MediaLoop& operator=(const MediaLoop&) = delete;

  void patch(std::size_t from, std::size_t to) { patches_.emplace_back(from, to); }

  // The time of the next frame's last sample.
  std::uint64_t next_ms() const { return now_ms_ + kPeriodMs; }
  std::uint64_t now_ms() const { return now_ms_; }

  MediaResult command(std::size_t channel, const MediaCommand& c) {
    return media_.command(channel, c, now_ms_);
  }

  void tick() {
    const std::size_t n = media_.frame_samples();
    std::fill(rx_.begin(), rx_.end(), idle_octet(media_.law()));
    for (auto [from, to] : patches_) {
      std::copy_n(tx_.begin() + static_cast<std::ptrdiff_t>(from * n), n,
                  rx_.begin() + static_cast<std::ptrdiff_t>(to * n));
    }
    std::fill(tx_.begin(), tx_.end(), idle_octet(media_.law()));
    now_ms_ += kPeriodMs;
    media_.tick(rx_.data(), tx_.data(), now_ms_);
  }
  void run_ms(std::uint64_t ms) {
    for (std::uint64_t t = 0; t < ms; t += kPeriodMs) tick();
  }

  void on_media_event(std::size_t channel, const MediaEvent& event) override {
    events_.push_back({channel, event});
    if (on_event_) on_event_(channel, event);
  }

  SpanMedia& media() { return media_; }
  std::vector<Recorded>& events() { return events_; }
  std::vector<std::uint8_t>& tx() { return tx_; }
  std::vector<std::uint8_t>& rx() { return rx_; }
  // Called from inside tick() for each event (after it is recorded).
  void (*on_event_)(std::size_t, const MediaEvent&) = nullptr;

 private:
  SpanMedia media_;
  std::vector<std::uint8_t> rx_;
  std::vector<std::uint8_t> tx_;
  std::vector<std::pair<std::size_t, std::size_t>> patches_;
  std::vector<Recorded> events_;
  std::uint64_t now_ms_ = 1000;
};

inline std::string law_name(const ::testing::TestParamInfo<Law>& param) {
  return param.param == Law::kAlaw ? "Alaw" : "Mulaw";
}

inline MediaCommand detect_digits(bool on = true) {
  MediaCommand c;
  c.op = MediaCommand::Op::kDetectDigits;
  c.on = on;
  return c;
}

inline MediaCommand generate_digits(std::string_view digits, std::uint32_t token,
                                    std::uint16_t on_ms = 100, std::uint16_t off_ms = 100) {
  MediaCommand c;
  c.op = MediaCommand::Op::kGenerateDigits;
  c.token = token;
  c.digit_count = static_cast<std::uint8_t>(digits.size());
  std::copy(digits.begin(), digits.end(), c.digits.begin());
  c.digit_on_ms = on_ms;
  c.digit_off_ms = off_ms;
  return c;
}

inline ToneSegment segment(std::initializer_list<std::uint16_t> hz, std::uint16_t ms) {
  ToneSegment s;
  for (std::uint16_t f : hz) s.frequency_hz[s.frequencies++] = f;
  s.ms = ms;
  return s;
}

inline MediaCommand generate_tone(std::initializer_list<ToneSegment> segments, bool repeat,
                                  std::uint32_t duration_ms, std::uint32_t token) {
  MediaCommand c;
  c.op = MediaCommand::Op::kGenerateTone;
  c.token = token;
  for (const ToneSegment& s : segments) c.tone.segments[c.tone.segment_count++] = s;
  c.tone.repeat = repeat;
  c.tone.duration_ms = duration_ms;
  return c;
}

inline MonitoredTone monitored(std::initializer_list<std::uint16_t> hz, std::uint32_t ms) {
  MonitoredTone t;
  for (std::uint16_t f : hz) t.frequency_hz[t.frequencies++] = f;
  t.duration_ms = ms;
  return t;
}

inline MediaCommand monitor_tones(std::initializer_list<MonitoredTone> tones) {
  MediaCommand c;
  c.op = MediaCommand::Op::kMonitorTones;
  for (const MonitoredTone& t : tones) c.tones[c.tone_count++] = t;
  return c;
}

inline MediaCommand generate_signal(Signal signal, std::uint32_t duration_ms, std::uint32_t token,
                                    std::uint32_t seed = 7) {
  MediaCommand c;
  c.op = MediaCommand::Op::kGenerateSignal;
  c.signal = signal;
  c.duration_ms = duration_ms;
  c.token = token;
  c.seed = seed;
  return c;
}

inline MediaCommand detect_media(std::uint32_t mask) {
  MediaCommand c;
  c.op = MediaCommand::Op::kDetectMedia;
  c.media_mask = mask;
  return c;
}

inline MediaCommand cancel_generate() {
  MediaCommand c;
  c.op = MediaCommand::Op::kCancelGenerate;
  return c;
}

// The events of one kind (on one channel), in order.
inline std::vector<MediaEvent> of_kind(const std::vector<Recorded>& all, MediaEvent::Kind kind,
                                       std::size_t channel) {
  std::vector<MediaEvent> out;
  for (const Recorded& r : all) {
    if (r.channel == channel && r.event.kind == kind) out.push_back(r.event);
  }
  return out;
}

}  // namespace spantsp::media::test
