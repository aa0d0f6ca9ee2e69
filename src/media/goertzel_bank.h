#pragma once
// Energy at a few frequencies and in total over fixed blocks of audio: what the tone monitor
// and the speech classifier decide on. Goertzel filters (one per distinct frequency), fed
// across frame boundaries; a block's results are ready when feed() returns true. The power
// at a frequency is given as its share of the block's energy: 1.0 for a pure sine there, 0.5
// each for two equal sines. Fixed capacity, no allocation.

#include <array>
#include <cstddef>
#include <cstdint>

namespace spantsp::media {

class GoertzelBank {
 public:
  static constexpr std::size_t kMaxFrequencies = 24;
  // 20 ms: 50 Hz bins, finer than the closest pairs of call-progress tones (350+440).
  static constexpr std::size_t kBlockSamples = 160;

  // Replaces the frequencies (each 1..3999 Hz); count <= kMaxFrequencies.
  void set_frequencies(const std::uint16_t* hz, std::size_t count);
  void restart();

  // Consumes samples until a block completes or `n` run out; returns how many it consumed and
  // sets `block_done` when a block's results are ready (valid until the next feed()).
  std::size_t feed(const std::int16_t* pcm, std::size_t n, bool& block_done);

  std::size_t frequencies() const { return count_; }
  std::uint16_t frequency(std::size_t i) const { return hz_[i]; }
  // Index of `hz` among the frequencies, or kMaxFrequencies.
  std::size_t index_of(std::uint16_t hz) const;
  // Results of the last completed block.
  float share(std::size_t i) const { return share_[i]; }
  float mean_power() const { return mean_power_; }  // mean square sample

 private:
  std::array<std::uint16_t, kMaxFrequencies> hz_{};
  std::array<float, kMaxFrequencies> coeff_{};
  std::array<float, kMaxFrequencies> s1_{};
  std::array<float, kMaxFrequencies> s2_{};
  std::array<float, kMaxFrequencies> share_{};
  std::size_t count_ = 0;
  std::size_t in_block_ = 0;
  float energy_ = 0.0f;
  float mean_power_ = 0.0f;
};

// Mean square of a sine at `dbm0` (spandsp's scale: a full-scale sine is +3.14 dBm0).
float sine_power_dbm0(float dbm0);

}  // namespace spantsp::media
