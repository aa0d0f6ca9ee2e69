#pragma once
// DTMF detection on one channel (LINEDIGITMODE_DTMF / DTMFEND): spandsp's dtmf_rx with its
// real-time callback, turned into kDigitDown / kDigitUp edges stamped with the time of the
// sample where the detector saw the change. State lives inside the channel's DSP slab.

#include <cstddef>
#include <cstdint>

#include "media/channel_events.h"
#include "media/spandsp_api.h"

namespace spantsp::media {

class DigitDetector {
 public:
  DigitDetector();
  // Back to a fresh detector (in place, no allocation); a digit in progress is forgotten.
  void restart();
  void process(const std::int16_t* pcm, std::size_t n, const FrameClock& clock, ChannelEvents& out);

 private:
  static void on_change(void* user, int code, int level, int delay);

  dtmf_rx_state_t rx_;
  char in_digit_ = 0;
  // Set around each dtmf_rx call so the callback knows where it is.
  ChannelEvents* out_ = nullptr;
  std::uint64_t chunk_end_ms_ = 0;
};

}  // namespace spantsp::media
