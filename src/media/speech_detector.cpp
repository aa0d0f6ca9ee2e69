#include "media/speech_detector.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "media/goertzel_bank.h"
#include "media/media_types.h"

namespace spantsp::media {
namespace {
constexpr float kMinSpeechDbm0 = -45.0f;
constexpr std::size_t kOrder = 8;
constexpr double kTonalPredictionGain = 50.0;  // 17 dB
constexpr std::uint32_t kBlockMs = SpeechDetector::kBlockSamples * 1000 / kSampleRate;

// A Hamming window before the autocorrelation: with a plain (rectangular) block the leakage
// of a sine's spectrum (-13 dB sidelobes) caps its prediction gain near 16 dB; Hamming's
// -43 dB sidelobes leave tones well above the threshold and noise where it was.
using Window = std::array<double, SpeechDetector::kBlockSamples>;
const Window kWindow = [] {
  Window w{};
  for (std::size_t i = 0; i < w.size(); ++i) {
    w[i] = 0.54 - 0.46 * std::cos(2.0 * std::numbers::pi * static_cast<double>(i) /
                                  static_cast<double>(w.size() - 1));
  }
  return w;
}();
}  // namespace

void SpeechDetector::restart() {
  in_block_ = 0;
  voiced_ms_ = 0;
  pause_ms_ = 0;
  reported_ = false;
}

SpeechDetector::Block SpeechDetector::classify() const {
  double energy = 0.0;
  Window x{};
  for (std::size_t i = 0; i < kBlockSamples; ++i) {
    energy += static_cast<double>(block_[i]) * block_[i];
    x[i] = block_[i] * kWindow[i];
  }
  static const double kMinEnergy = sine_power_dbm0(kMinSpeechDbm0) * kBlockSamples;
  if (energy < kMinEnergy) return Block::kSilent;
  std::array<double, kOrder + 1> r{};
  for (std::size_t lag = 0; lag <= kOrder; ++lag) {
    double sum = 0.0;
    for (std::size_t i = lag; i < kBlockSamples; ++i) sum += x[i] * x[i - lag];
    r[lag] = sum;
  }
  // Levinson-Durbin: the residual energy of the best linear predictor of order kOrder.
  std::array<double, kOrder + 1> a{};
  std::array<double, kOrder + 1> previous{};
  double error = r[0] * (1.0 + 1e-9);  // a touch of white-noise correction keeps it stable
  for (std::size_t m = 1; m <= kOrder; ++m) {
    double acc = r[m];
    for (std::size_t j = 1; j < m; ++j) acc -= a[j] * r[m - j];
    const double k = acc / error;
    previous = a;
    a[m] = k;
    for (std::size_t j = 1; j < m; ++j) a[j] = previous[j] - k * previous[m - j];
    error *= (1.0 - k * k);
    if (error <= 0.0) return Block::kTonal;
  }
  return r[0] / error > kTonalPredictionGain ? Block::kTonal : Block::kVoiced;
}

std::size_t SpeechDetector::feed(const std::int16_t* pcm, std::size_t n, bool& speech) {
  speech = false;
  const std::size_t k = std::min(n, kBlockSamples - in_block_);
  std::copy_n(pcm, k, block_.begin() + static_cast<std::ptrdiff_t>(in_block_));
  in_block_ += k;
  if (in_block_ < kBlockSamples) return k;
  in_block_ = 0;
  switch (classify()) {
    case Block::kTonal:
      voiced_ms_ = 0;
      pause_ms_ = 0;
      break;
    case Block::kSilent:
      pause_ms_ += kBlockMs;
      if (pause_ms_ > kMaxPauseMs) voiced_ms_ = 0;
      break;
    case Block::kVoiced:
      pause_ms_ = 0;
      voiced_ms_ += kBlockMs;
      if (!reported_ && voiced_ms_ >= kSpeechMs) {
        reported_ = true;
        speech = true;
      }
      break;
  }
  return k;
}

}  // namespace spantsp::media
