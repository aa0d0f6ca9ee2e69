#include "media/tone_player.h"

#include <algorithm>

#include "media/spandsp_api.h"

namespace spantsp::media {
namespace {
std::size_t samples_for_ms(std::uint32_t ms) {
  return std::size_t{ms} * kSampleRate / 1000;
}
}  // namespace

void TonePlayer::start(const ToneSpec& tone) {
  tone_ = tone;
  total_left_ = samples_for_ms(tone.duration_ms);
  done_ = false;
  enter_segment(0);
}

void TonePlayer::enter_segment(std::size_t index) {
  segment_ = index;
  const ToneSegment& s = tone_.segments[index];
  continuous_ = s.ms == 0;
  segment_left_ = samples_for_ms(s.ms);
  for (std::size_t f = 0; f < s.frequencies; ++f) {
    rate_[f] = dds_phase_rate(static_cast<float>(s.frequency_hz[f]));
    phase_[f] = 0;
  }
  scale_ = dds_scaling_dbm0(static_cast<float>(s.level_dbm0));
}

std::size_t TonePlayer::generate(std::int16_t* pcm, std::size_t n) {
  std::size_t done = 0;
  while (done < n && !done_) {
    const ToneSegment& s = tone_.segments[segment_];
    std::size_t k = n - done;
    if (!continuous_) k = std::min(k, segment_left_);
    if (tone_.duration_ms != 0) k = std::min(k, total_left_);
    for (std::size_t i = 0; i < k; ++i) {
      int sum = 0;
      for (std::size_t f = 0; f < s.frequencies; ++f) {
        sum += dds_mod(&phase_[f], rate_[f], scale_, 0);
      }
      pcm[done + i] = static_cast<std::int16_t>(std::clamp(sum, -32768, 32767));
    }
    done += k;
    if (tone_.duration_ms != 0) {
      total_left_ -= k;
      if (total_left_ == 0) {
        done_ = true;
        break;
      }
    }
    if (continuous_) continue;
    segment_left_ -= k;
    if (segment_left_ > 0) continue;
    if (segment_ + 1 < tone_.segment_count) {
      enter_segment(segment_ + 1);
    } else if (tone_.repeat) {
      enter_segment(tone_.repeat_from);
    } else {
      done_ = true;
    }
  }
  return done;
}

}  // namespace spantsp::media
