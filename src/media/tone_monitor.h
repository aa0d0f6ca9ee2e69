#pragma once
// Listens on one channel for up to kMaxMonitoredTones tones (lineMonitorTones). An entry is
// heard in a 20 ms block when the block is louder than kMinToneDbm0 and its frequencies hold
// nearly all of the energy, each of them a fair share of it: so a dual tone does not satisfy
// an entry naming one of its frequencies (half the energy is elsewhere), nor a single tone an
// entry naming two (the second is missing). An entry with no frequencies is silence: a block
// quieter than kMinToneDbm0. Heard for its duration_ms without a break: kToneDetected once;
// reported again only after a break (once per onset). No allocation; state in the channel's
// slab.

#include <array>
#include <cstddef>
#include <cstdint>

#include "media/channel_events.h"
#include "media/goertzel_bank.h"
#include "media/media_types.h"

namespace spantsp::media {

inline constexpr float kMinToneDbm0 = -40.0f;

class ToneMonitor {
 public:
  // `tones` (count <= kMaxMonitoredTones) was validated (media_command_check.h).
  void start(const MonitoredTone* tones, std::size_t count);
  void process(const std::int16_t* pcm, std::size_t n, const FrameClock& clock, ChannelEvents& out);

 private:
  bool heard(std::size_t entry) const;

  struct Entry {
    MonitoredTone tone;
    std::array<std::uint8_t, kMaxToneFrequencies> bin{};
    std::uint32_t heard_ms = 0;
    bool reported = false;
  };
  std::array<Entry, kMaxMonitoredTones> entries_{};
  std::size_t count_ = 0;
  GoertzelBank bank_;
  float min_power_ = sine_power_dbm0(kMinToneDbm0);
};

}  // namespace spantsp::media
