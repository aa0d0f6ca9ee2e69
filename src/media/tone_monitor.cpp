#include "media/tone_monitor.h"

namespace spantsp::media {
namespace {
// The named frequencies must hold this share of the block's energy together ...
constexpr float kMinTotalShare = 0.75f;
// ... and each at least this share: about 7 dB of twist between two tones.
constexpr float kMinEachShare = 0.08f;
constexpr std::uint32_t kBlockMs = GoertzelBank::kBlockSamples * 1000 / kSampleRate;
}  // namespace

void ToneMonitor::start(const MonitoredTone* tones, std::size_t count) {
  std::array<std::uint16_t, GoertzelBank::kMaxFrequencies> hz{};
  std::size_t distinct = 0;
  count_ = count;
  for (std::size_t e = 0; e < count; ++e) {
    Entry& entry = entries_[e];
    entry.tone = tones[e];
    entry.heard_ms = 0;
    entry.reported = false;
    for (std::size_t f = 0; f < entry.tone.frequencies; ++f) {
      const std::uint16_t want = entry.tone.frequency_hz[f];
      std::size_t i = 0;
      while (i < distinct && hz[i] != want) ++i;
      if (i == distinct) hz[distinct++] = want;
      entry.bin[f] = static_cast<std::uint8_t>(i);
    }
  }
  bank_.set_frequencies(hz.data(), distinct);
}

bool ToneMonitor::heard(std::size_t e) const {
  const Entry& entry = entries_[e];
  const bool loud = bank_.mean_power() >= min_power_;
  if (entry.tone.frequencies == 0) return !loud;
  if (!loud) return false;
  float total = 0.0f;
  for (std::size_t f = 0; f < entry.tone.frequencies; ++f) {
    const float share = bank_.share(entry.bin[f]);
    if (share < kMinEachShare) return false;
    total += share;
  }
  return total >= kMinTotalShare;
}

void ToneMonitor::process(const std::int16_t* pcm, std::size_t n, const FrameClock& clock,
                          ChannelEvents& out) {
  std::size_t done = 0;
  while (done < n) {
    bool block_done = false;
    done += bank_.feed(pcm + done, n - done, block_done);
    if (!block_done) continue;
    for (std::size_t e = 0; e < count_; ++e) {
      Entry& entry = entries_[e];
      if (!heard(e)) {
        entry.heard_ms = 0;
        entry.reported = false;
        continue;
      }
      entry.heard_ms += kBlockMs;
      if (entry.reported || entry.heard_ms < entry.tone.duration_ms) continue;
      entry.reported = true;
      MediaEvent event;
      event.kind = MediaEvent::Kind::kToneDetected;
      event.tone_index = static_cast<std::uint8_t>(e);
      event.at_ms = clock.at(done - 1);
      out.push(event);
    }
  }
}

}  // namespace spantsp::media
