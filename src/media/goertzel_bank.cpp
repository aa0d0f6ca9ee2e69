#include "media/goertzel_bank.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "media/media_types.h"
#include "media/spandsp_api.h"

namespace spantsp::media {

float sine_power_dbm0(float dbm0) {
  const float amplitude = 32767.0f * std::pow(10.0f, (dbm0 - DBM0_MAX_SINE_POWER) / 20.0f);
  return amplitude * amplitude / 2.0f;
}

void GoertzelBank::set_frequencies(const std::uint16_t* hz, std::size_t count) {
  count_ = std::min(count, kMaxFrequencies);
  for (std::size_t i = 0; i < count_; ++i) {
    hz_[i] = hz[i];
    coeff_[i] = 2.0f * std::cos(2.0f * std::numbers::pi_v<float> * static_cast<float>(hz[i]) /
                                static_cast<float>(kSampleRate));
  }
  restart();
}

void GoertzelBank::restart() {
  std::fill(s1_.begin(), s1_.end(), 0.0f);
  std::fill(s2_.begin(), s2_.end(), 0.0f);
  std::fill(share_.begin(), share_.end(), 0.0f);
  in_block_ = 0;
  energy_ = 0.0f;
  mean_power_ = 0.0f;
}

std::size_t GoertzelBank::index_of(std::uint16_t hz) const {
  for (std::size_t i = 0; i < count_; ++i) {
    if (hz_[i] == hz) return i;
  }
  return kMaxFrequencies;
}

std::size_t GoertzelBank::feed(const std::int16_t* pcm, std::size_t n, bool& block_done) {
  const std::size_t k = std::min(n, kBlockSamples - in_block_);
  for (std::size_t i = 0; i < k; ++i) {
    const float x = pcm[i];
    energy_ += x * x;
  }
  for (std::size_t f = 0; f < count_; ++f) {
    float s1 = s1_[f];
    float s2 = s2_[f];
    const float c = coeff_[f];
    for (std::size_t i = 0; i < k; ++i) {
      const float s0 = static_cast<float>(pcm[i]) + c * s1 - s2;
      s2 = s1;
      s1 = s0;
    }
    s1_[f] = s1;
    s2_[f] = s2;
  }
  in_block_ += k;
  block_done = in_block_ == kBlockSamples;
  if (!block_done) return k;

  // A sine of amplitude A gives a Goertzel power of (A N / 2)^2 and a block energy of
  // N A^2 / 2: their ratio, scaled by 2 / N, is its share of the energy.
  constexpr auto kN = static_cast<float>(kBlockSamples);
  for (std::size_t f = 0; f < count_; ++f) {
    const float power = s1_[f] * s1_[f] + s2_[f] * s2_[f] - coeff_[f] * s1_[f] * s2_[f];
    share_[f] = energy_ > 0.0f ? 2.0f * power / (kN * energy_) : 0.0f;
    s1_[f] = 0.0f;
    s2_[f] = 0.0f;
  }
  mean_power_ = energy_ / kN;
  energy_ = 0.0f;
  in_block_ = 0;
  return k;
}

}  // namespace spantsp::media
