#pragma once
// DTMF detection on one channel (LINEDIGITMODE_DTMF / DTMFEND): spandsp's dtmf_rx with its
// real-time callback, turned into kDigitDown / kDigitUp edges stamped with the time of the
// sample where the detector saw the change. State lives inside the channel's DSP slab.
//
// The digit's end is decided inside the frame that carries it: once dtmf_rx has confirmed a
// digit, a sliding window of kEndWindow samples follows the signal's power, and when it falls
// kEndDropDb below the power of the block that confirmed the digit the end is reported there
// and then (spandsp would confirm it one to two 102-sample blocks later, ~25 ms). When the
// level does not drop (speech or noise follows the tone at its level) spandsp's own end stays
// the report. Either way exactly one kDigitUp per kDigitDown: spandsp's later end of a digit
// already ended early is swallowed, and a new digit (also the same one pressed again) is
// still spandsp's to confirm. The cost: a dropout of the tone lasting kEndWindow samples or
// more inside a digit ends it early (a level dip shallower than kEndDropDb does not).

#include <array>
#include <cstddef>
#include <cstdint>

#include "media/channel_events.h"
#include "media/spandsp_api.h"

namespace spantsp::media {

class DigitDetector {
 public:
  // 2 ms: long enough to average the beat of a digit's two tones (the closest pair, 941 +
  // 1209 Hz, beats every 3.7 ms, and a 16-sample window of it never falls 4 dB below its
  // mean), short enough that the end is seen 2 ms after it happens.
  static constexpr std::size_t kEndWindow = 16;
  static constexpr float kEndDropDb = 12.0f;

  DigitDetector();
  // Back to a fresh detector (in place, no allocation); a digit in progress is forgotten.
  void restart();
  void process(const std::int16_t* pcm, std::size_t n, const FrameClock& clock, ChannelEvents& out);

 private:
  static void on_change(void* user, int code, int level, int delay);
  // Follows a confirmed digit's level over `pcm`; true (and the kDigitUp pushed) when it ended.
  bool track_end(const std::int16_t* pcm, std::size_t n, std::size_t first,
                 const FrameClock& clock);
  // `at_us`: the worker's clock in microseconds.
  void push(MediaEvent::Kind kind, char digit, std::uint64_t at_us);

  dtmf_rx_state_t rx_;
  // The digit reported down and not yet up: 0 once track_end() reported its end, while
  // spandsp may still hold it (its later end is then swallowed).
  char in_digit_ = 0;
  std::int64_t block_energy_ = 0;  // sum of squares over dtmf_rx's current block
  // The end tracker, while a confirmed digit lasts: the last kEndWindow squared samples.
  bool tracking_ = false;
  // Integers: the running sum stays exact however long the digit.
  std::array<std::int32_t, kEndWindow> window_{};
  std::size_t window_pos_ = 0;
  std::int64_t window_sum_ = 0;
  std::int64_t end_below_ = 0;    // the window's sum under which the digit has ended
  std::uint64_t last_at_us_ = 0;  // events never go back in time
  // Set around each dtmf_rx call so the callback knows where it is.
  ChannelEvents* out_ = nullptr;
  std::uint64_t chunk_end_ms_ = 0;
};

}  // namespace spantsp::media
