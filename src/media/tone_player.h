#pragma once
// Plays a ToneSpec on one channel (lineGenerateTone, country call-progress tones): each
// segment sums up to three frequencies at the segment's level (spandsp's DDS oscillators),
// or is silence; segments play in turn, the cadence repeats while `repeat`, and the whole
// ends after duration_ms when that is not 0. A segment of 0 ms plays until the duration ends
// (a continuous tone). No allocation; state inside the channel's DSP slab.

#include <array>
#include <cstddef>
#include <cstdint>

#include "media/media_types.h"

namespace spantsp::media {

class TonePlayer {
 public:
  // `tone` was validated (media_command_check.h).
  void start(const ToneSpec& tone);
  // Fills up to n samples; fewer than n: the tone has ended.
  std::size_t generate(std::int16_t* pcm, std::size_t n);

 private:
  void enter_segment(std::size_t index);

  ToneSpec tone_{};
  std::size_t segment_ = 0;
  std::size_t segment_left_ = 0;  // samples; 0 with a 0 ms segment: continuous
  bool continuous_ = false;
  std::size_t total_left_ = 0;  // samples; only when tone_.duration_ms != 0
  std::array<std::uint32_t, kMaxToneFrequencies> phase_{};
  std::array<std::int32_t, kMaxToneFrequencies> rate_{};
  std::int16_t scale_ = 0;
  bool done_ = true;
};

}  // namespace spantsp::media
