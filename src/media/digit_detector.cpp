#include "media/digit_detector.h"

#include <algorithm>
#include <cmath>

namespace spantsp::media {
namespace {
// spandsp 0.0.6 runs its Goertzels over blocks of 102 samples and confirms a change when two
// blocks agree: a change reported at the end of a block started one to two blocks earlier.
constexpr int kDtmfBlock = 102;
constexpr std::uint64_t kConfirmDelayMs = 2 * kDtmfBlock * 1000 / kSampleRate;
// The window's power relative to the confirming block's at which the digit has ended.
const double kEndRatio = std::pow(10.0, -DigitDetector::kEndDropDb / 10.0);
}  // namespace

DigitDetector::DigitDetector() {
  restart();
}

void DigitDetector::restart() {
  dtmf_rx_init(&rx_, nullptr, nullptr);
  dtmf_rx_set_realtime_callback(&rx_, &DigitDetector::on_change, this);
  in_digit_ = 0;
  block_energy_ = 0;
  tracking_ = false;
  last_at_us_ = 0;
}

void DigitDetector::push(MediaEvent::Kind kind, char digit, std::uint64_t at_us) {
  MediaEvent e;
  e.kind = kind;
  e.digit = digit;
  last_at_us_ = std::max(at_us, last_at_us_);
  e.at_ms = last_at_us_ / 1000;
  e.at_us = static_cast<std::uint16_t>(last_at_us_ % 1000);
  out_->push(e);
}

void DigitDetector::on_change(void* user, int code, int /*level*/, int /*delay*/) {
  auto& self = *static_cast<DigitDetector*>(user);
  const std::uint64_t at =
      self.chunk_end_ms_ > kConfirmDelayMs ? self.chunk_end_ms_ - kConfirmDelayMs : 0;
  // A digit track_end() already ended has in_digit_ 0: spandsp's end of it says nothing.
  if (self.in_digit_ != 0) self.push(MediaEvent::Kind::kDigitUp, self.in_digit_, at * 1000);
  self.tracking_ = false;
  self.in_digit_ = static_cast<char>(code);
  if (code == 0) return;
  self.push(MediaEvent::Kind::kDigitDown, static_cast<char>(code), at * 1000);
  // Follow the digit from here, as if the window had held the confirming block's mean power.
  const std::int64_t mean = self.block_energy_ / kDtmfBlock;
  self.window_.fill(static_cast<std::int32_t>(std::min<std::int64_t>(mean, INT32_MAX)));
  self.window_pos_ = 0;
  self.window_sum_ = mean * static_cast<std::int64_t>(kEndWindow);
  self.end_below_ = static_cast<std::int64_t>(static_cast<double>(self.window_sum_) * kEndRatio);
  self.tracking_ = self.end_below_ > 0;
}

bool DigitDetector::track_end(const std::int16_t* pcm, std::size_t n, std::size_t first,
                              const FrameClock& clock) {
  for (std::size_t i = 0; i < n; ++i) {
    const std::int32_t sq = std::int32_t{pcm[i]} * pcm[i];
    window_sum_ += sq - window_[window_pos_];
    window_[window_pos_] = sq;
    window_pos_ = (window_pos_ + 1) % kEndWindow;
    if (window_sum_ >= end_below_) continue;
    // The end is the first sample of the quiet window, which may lie in the previous frame:
    // to the microsecond in at_us, its millisecond rounded down in at_ms (a latency measured
    // from either is never too short).
    const std::size_t back = clock.samples - 1 - (first + i) + (kEndWindow - 1);
    const std::uint64_t back_us = back * 1'000'000 / kSampleRate;
    const std::uint64_t last_us = clock.last_ms * 1000;
    push(MediaEvent::Kind::kDigitUp, in_digit_, last_us > back_us ? last_us - back_us : 0);
    in_digit_ = 0;
    tracking_ = false;
    return true;
  }
  return false;
}

void DigitDetector::process(const std::int16_t* pcm, std::size_t n, const FrameClock& clock,
                            ChannelEvents& out) {
  out_ = &out;
  // Feed the detector up to its block boundaries, so a change it reports is known to fall at
  // the end of the chunk just fed.
  std::size_t done = 0;
  while (done < n) {
    const int left_in_block = std::max(1, kDtmfBlock - rx_.current_sample);
    const std::size_t chunk = std::min(n - done, static_cast<std::size_t>(left_in_block));
    if (tracking_) track_end(pcm + done, chunk, done, clock);
    std::int64_t energy = 0;
    for (std::size_t i = 0; i < chunk; ++i) energy += std::int32_t{pcm[done + i]} * pcm[done + i];
    block_energy_ += energy;
    chunk_end_ms_ = clock.at(done + chunk - 1);
    dtmf_rx(&rx_, pcm + done, static_cast<int>(chunk));
    if (rx_.current_sample == 0) block_energy_ = 0;  // the block ended inside dtmf_rx
    done += chunk;
  }
  out_ = nullptr;
}

}  // namespace spantsp::media
