#include "media/digit_detector.h"

#include <algorithm>

namespace spantsp::media {
namespace {
// spandsp 0.0.6 runs its Goertzels over blocks of 102 samples and confirms a change when two
// blocks agree: a change reported at the end of a block started one to two blocks earlier.
constexpr int kDtmfBlock = 102;
constexpr std::uint64_t kConfirmDelayMs = 2 * kDtmfBlock * 1000 / kSampleRate;
}  // namespace

DigitDetector::DigitDetector() {
  restart();
}

void DigitDetector::restart() {
  dtmf_rx_init(&rx_, nullptr, nullptr);
  dtmf_rx_set_realtime_callback(&rx_, &DigitDetector::on_change, this);
  in_digit_ = 0;
}

void DigitDetector::on_change(void* user, int code, int /*level*/, int /*delay*/) {
  auto& self = *static_cast<DigitDetector*>(user);
  const std::uint64_t at =
      self.chunk_end_ms_ > kConfirmDelayMs ? self.chunk_end_ms_ - kConfirmDelayMs : 0;
  if (self.in_digit_ != 0) {
    MediaEvent up;
    up.kind = MediaEvent::Kind::kDigitUp;
    up.digit = self.in_digit_;
    up.at_ms = at;
    self.out_->push(up);
  }
  self.in_digit_ = static_cast<char>(code);
  if (code != 0) {
    MediaEvent down;
    down.kind = MediaEvent::Kind::kDigitDown;
    down.digit = static_cast<char>(code);
    down.at_ms = at;
    self.out_->push(down);
  }
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
    chunk_end_ms_ = clock.at(done + chunk - 1);
    dtmf_rx(&rx_, pcm + done, static_cast<int>(chunk));
    done += chunk;
  }
  out_ = nullptr;
}

}  // namespace spantsp::media
