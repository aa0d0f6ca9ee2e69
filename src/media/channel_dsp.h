#pragma once
// All the DSP of one bearer channel: which functions run, their spandsp and own state, and the
// events of the frame being processed. One cache-aligned object per channel inside the span's
// slab (span_media.cpp), constructed once and never moved (spandsp callbacks hold its
// address); commands and reset() re-initialise its parts in place.
//
// Threads: command() and reset() on the span worker between ticks; process() on whichever
// thread tick() gives the channel to (the worker, or a thread of the span's TBB arena), never
// two at once; events() is read by the worker after process() has joined.

#include <cstddef>
#include <cstdint>

#include "media/channel_events.h"
#include "media/digit_detector.h"
#include "media/digit_generator.h"
#include "media/media_detector.h"
#include "media/media_types.h"
#include "media/signal_player.h"
#include "media/tone_monitor.h"
#include "media/tone_player.h"

namespace spantsp::media {

// The longest frame a channel processes (frame periods up to 100 ms).
inline constexpr std::size_t kMaxFrameSamples = kMaxFramePeriodMs * kSampleRate / 1000;

class alignas(64) ChannelDsp {
 public:
  ChannelDsp() = default;
  ChannelDsp(const ChannelDsp&) = delete;
  ChannelDsp& operator=(const ChannelDsp&) = delete;

  // `command` was validated; kReset is SpanMedia's business.
  void command(const MediaCommand& command);
  void reset();
  bool active() const {
    return detect_digits_ || monitor_tones_ || media_detector_.listening() != 0 ||
           generator_ != Generator::kNone;
  }
  bool listening() const {
    return detect_digits_ || monitor_tones_ || media_detector_.listening() != 0;
  }
  // One frame of `n` <= kMaxFrameSamples octets: rx is read when something listens, tx is
  // overwritten while something plays.
  void process(Law law, const std::uint8_t* rx, std::uint8_t* tx, std::size_t n,
               const FrameClock& clock);

  ChannelEvents& events() { return events_; }

 private:
  enum class Generator : std::uint8_t { kNone, kDigits, kTone, kSignal };
  void play(Law law, std::uint8_t* tx, std::size_t n, const FrameClock& clock);

  bool detect_digits_ = false;
  bool monitor_tones_ = false;
  Generator generator_ = Generator::kNone;
  std::uint32_t token_ = 0;
  DigitDetector digit_detector_;
  ToneMonitor tone_monitor_;
  MediaDetector media_detector_;
  DigitGenerator digit_generator_;
  TonePlayer tone_player_;
  SignalPlayer signal_player_;
  ChannelEvents events_;
};

}  // namespace spantsp::media
