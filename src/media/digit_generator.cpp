#include "media/digit_generator.h"

#include <algorithm>

namespace spantsp::media {

DigitGenerator::DigitGenerator() {
  dtmf_tx_init(&tx_);
}

void DigitGenerator::start(const MediaCommand& command) {
  dtmf_tx_init(&tx_);
  dtmf_tx_set_level(&tx_, command.digit_level_dbm0, 0);
  dtmf_tx_set_timing(&tx_, command.digit_on_ms, command.digit_off_ms);
  count_ = command.digit_count;
  std::copy_n(command.digits.begin(), count_, digits_.begin());
  next_ = 0;
  pause_left_ = 0;
  in_run_ = false;
}

bool DigitGenerator::load_next() {
  if (next_ >= count_) return false;
  if (digits_[next_] == ',') {
    ++next_;
    pause_left_ = std::size_t{kPauseMs} * kSampleRate / 1000;
    return true;
  }
  const std::size_t begin = next_;
  while (next_ < count_ && digits_[next_] != ',') ++next_;
  dtmf_tx_put(&tx_, digits_.data() + begin, static_cast<int>(next_ - begin));
  in_run_ = true;
  return true;
}

std::size_t DigitGenerator::generate(std::int16_t* pcm, std::size_t n) {
  std::size_t done = 0;
  while (done < n) {
    if (pause_left_ > 0) {
      const std::size_t k = std::min(pause_left_, n - done);
      std::fill_n(pcm + done, k, std::int16_t{0});
      pause_left_ -= k;
      done += k;
      continue;
    }
    if (in_run_) {
      const int want = static_cast<int>(n - done);
      const int got = dtmf_tx(&tx_, pcm + done, want);
      done += static_cast<std::size_t>(got);
      if (got == want) continue;
      in_run_ = false;  // the run (with its last off-time) has played
    }
    if (!load_next()) break;
  }
  return done;
}

}  // namespace spantsp::media
