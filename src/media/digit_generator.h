#pragma once
// DTMF generation on one channel (lineGenerateDigits, in-band lineDial): spandsp's dtmf_tx
// plays each run of digits with the command's on/off timing and level; ',' is a pause of
// kPauseMs of silence, played by us (dtmf_tx knows no pause). State lives inside the channel's
// DSP slab; start() re-initialises it in place.

#include <array>
#include <cstddef>
#include <cstdint>

#include "media/media_types.h"
#include "media/spandsp_api.h"

namespace spantsp::media {

class DigitGenerator {
 public:
  DigitGenerator();
  // `command` was validated (media_command_check.h).
  void start(const MediaCommand& command);
  // Fills up to n samples; returns how many it produced. Fewer than n: the last digit's
  // off-time has been played and the generation is over.
  std::size_t generate(std::int16_t* pcm, std::size_t n);

 private:
  bool load_next();  // queues the next run of digits or pause; false when none is left

  dtmf_tx_state_t tx_;
  std::array<char, kMaxGenerateDigits> digits_{};
  std::size_t count_ = 0;
  std::size_t next_ = 0;
  std::size_t pause_left_ = 0;  // samples of ',' silence still to play
  bool in_run_ = false;
};

}  // namespace spantsp::media
