#pragma once
// Tells speech from tones and silence on one channel (kMediaSpeech). Per 20 ms block: loud
// enough (above kMinSpeechDbm0) and not predictable. A sum of up to three sines is almost
// perfectly predicted by an 8th-order linear predictor (prediction gain above 17 dB even
// through G.711), voice-band noise and speech are not. Speech is declared after kSpeechMs of
// such blocks, pauses up to kMaxPauseMs between them allowed (syllables), any tonal block
// starting over. No allocation.

#include <array>
#include <cstddef>
#include <cstdint>

namespace spantsp::media {

class SpeechDetector {
 public:
  static constexpr std::size_t kBlockSamples = 160;
  static constexpr std::uint32_t kSpeechMs = 400;
  static constexpr std::uint32_t kMaxPauseMs = 600;

  void restart();
  // Consumes samples until a block completes or `n` run out; returns how many it consumed
  // and sets `speech` once the criterion is met at the end of a block (then stays quiet until
  // restart()).
  std::size_t feed(const std::int16_t* pcm, std::size_t n, bool& speech);

 private:
  enum class Block { kSilent, kTonal, kVoiced };
  Block classify() const;

  std::array<std::int16_t, kBlockSamples> block_{};
  std::size_t in_block_ = 0;
  std::uint32_t voiced_ms_ = 0;
  std::uint32_t pause_ms_ = 0;
  bool reported_ = false;
};

}  // namespace spantsp::media
