#pragma once
// Media-mode detection on one channel (lineMonitorMedia, calls offered as UNKNOWN): fax CNG
// (spandsp's 1100 Hz detector), fax CED and a modem's answer tone (one spandsp ANS detector
// that tells plain 2100 Hz from ANS with phase reversals and ANSam), and speech
// (speech_detector.h). Each kind in the mask is reported once, at the time of the sample that
// decided it. No allocation; state in the channel's slab.

#include <cstddef>
#include <cstdint>

#include "media/channel_events.h"
#include "media/spandsp_api.h"
#include "media/speech_detector.h"

namespace spantsp::media {

class MediaDetector {
 public:
  MediaDetector();
  // `mask` holds MediaKind bits (validated); kinds already reported are not reported again
  // until restart().
  void start(std::uint32_t mask);
  void restart();
  std::uint32_t listening() const { return mask_ & ~reported_; }
  void process(const std::int16_t* pcm, std::size_t n, const FrameClock& clock, ChannelEvents& out);

 private:
  static void on_tone(void* user, int code, int level, int delay);
  void report(std::uint32_t kind, std::uint64_t at_ms);

  modem_connect_tones_rx_state_t cng_;
  modem_connect_tones_rx_state_t ans_;
  SpeechDetector speech_;
  std::uint32_t mask_ = 0;
  std::uint32_t reported_ = 0;
  // Set around each spandsp call so the callback knows where it is.
  ChannelEvents* out_ = nullptr;
  std::uint64_t chunk_end_ms_ = 0;
};

}  // namespace spantsp::media
