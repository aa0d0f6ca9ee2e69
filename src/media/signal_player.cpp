#include "media/signal_player.h"

#include <algorithm>

namespace spantsp::media {
namespace {
// Syllables of 120-320 ms separated by 40-200 ms gaps, at -16 dBm0 of noise: about the
// rhythm and level of conversational speech.
constexpr std::uint32_t kSyllableMinMs = 120;
constexpr std::uint32_t kSyllableSpanMs = 200;
constexpr std::uint32_t kGapMinMs = 40;
constexpr std::uint32_t kGapSpanMs = 160;
constexpr float kSpeechLevelDbm0 = -16.0f;
constexpr std::int32_t kRampStepQ8 = 4;  // 64 samples (8 ms) from silence to full level

int connect_tone(Signal signal) {
  switch (signal) {
    case Signal::kFaxCng:
      return MODEM_CONNECT_TONES_FAX_CNG;
    case Signal::kFaxCed:
      return MODEM_CONNECT_TONES_ANS;
    case Signal::kModemAnswer:
      return MODEM_CONNECT_TONES_ANS_PR;
    case Signal::kSpeechLike:
      break;
  }
  return MODEM_CONNECT_TONES_NONE;
}
}  // namespace

SignalPlayer::SignalPlayer() {
  modem_connect_tones_tx_init(&tones_, MODEM_CONNECT_TONES_FAX_CNG);
  noise_init_dbm0(&noise_, 1, kSpeechLevelDbm0, NOISE_CLASS_HOTH, 7);
}

void SignalPlayer::start(Signal signal, std::uint32_t duration_ms, std::uint32_t seed) {
  signal_ = signal;
  unlimited_ = duration_ms == 0;
  left_ = std::size_t{duration_ms} * kSampleRate / 1000;
  if (signal == Signal::kSpeechLike) {
    random_ = seed == 0 ? 0x9E3779B9u : seed;
    noise_init_dbm0(&noise_, static_cast<int>(next_random() & 0x7FFFFFFF), kSpeechLevelDbm0,
                    NOISE_CLASS_HOTH, 7);
    voiced_ = false;
    phase_left_ = 0;
    gain_q8_ = 0;
    target_q8_ = 0;
  } else {
    modem_connect_tones_tx_init(&tones_, connect_tone(signal));
  }
}

std::uint32_t SignalPlayer::next_random() {
  // xorshift32: deterministic from the seed, no state beyond one word.
  random_ ^= random_ << 13;
  random_ ^= random_ >> 17;
  random_ ^= random_ << 5;
  return random_;
}

void SignalPlayer::next_syllable() {
  voiced_ = !voiced_;
  const std::uint32_t ms = voiced_ ? kSyllableMinMs + next_random() % kSyllableSpanMs
                                   : kGapMinMs + next_random() % kGapSpanMs;
  phase_left_ = std::size_t{ms} * kSampleRate / 1000;
  target_q8_ = voiced_ ? 256 : 0;
}

std::int16_t SignalPlayer::next_speech_sample() {
  if (phase_left_ == 0) next_syllable();
  --phase_left_;
  if (gain_q8_ < target_q8_) gain_q8_ = std::min(target_q8_, gain_q8_ + kRampStepQ8);
  if (gain_q8_ > target_q8_) gain_q8_ = std::max(target_q8_, gain_q8_ - kRampStepQ8);
  return static_cast<std::int16_t>((noise(&noise_) * gain_q8_) / 256);
}

std::size_t SignalPlayer::generate(std::int16_t* pcm, std::size_t n) {
  const std::size_t k = unlimited_ ? n : std::min(n, left_);
  if (signal_ == Signal::kSpeechLike) {
    for (std::size_t i = 0; i < k; ++i) pcm[i] = next_speech_sample();
  } else {
    const int got = modem_connect_tones_tx(&tones_, pcm, static_cast<int>(k));
    std::fill(pcm + std::max(got, 0), pcm + k, std::int16_t{0});
  }
  if (!unlimited_) left_ -= k;
  return k;
}

}  // namespace spantsp::media
