#pragma once
// The ready-made signals the sim's callers and switches play (kGenerateSignal): fax CNG, fax
// CED (2100 Hz, no phase reversals) and a modem's ANS with phase reversals from spandsp's
// modem_connect_tones_tx, and speech-like audio: spandsp's Hoth noise (the long-term spectrum
// of speech) under a syllabic on/off envelope drawn from a seed, so the same seed plays the
// same audio. MediaDetector classifies each as what it is. State inside the channel's slab.

#include <cstddef>
#include <cstdint>

#include "media/media_types.h"
#include "media/spandsp_api.h"

namespace spantsp::media {

class SignalPlayer {
 public:
  SignalPlayer();
  // duration_ms 0: until cancelled. After spandsp's own tone ends (CED lasts 2.6 s), silence.
  void start(Signal signal, std::uint32_t duration_ms, std::uint32_t seed);
  // Fills up to n samples; fewer than n: the duration has run.
  std::size_t generate(std::int16_t* pcm, std::size_t n);

 private:
  std::int16_t next_speech_sample();
  std::uint32_t next_random();
  void next_syllable();

  Signal signal_ = Signal::kSpeechLike;
  bool unlimited_ = false;
  std::size_t left_ = 0;
  modem_connect_tones_tx_state_t tones_;
  noise_state_t noise_;
  std::uint32_t random_ = 1;
  bool voiced_ = false;
  std::size_t phase_left_ = 0;  // samples left in the current syllable or gap
  std::int32_t gain_q8_ = 0;    // envelope, 0..256
  std::int32_t target_q8_ = 0;
};

}  // namespace spantsp::media
