#pragma once
// The DSP of one span's bearer channels (DESIGN.md §5): DTMF detection and generation, tone
// generation and monitoring, fax/modem/speech detection, on G.711 frames, one frame period at
// a time for every channel of the span at once (as dahdi_receive/dahdi_transmit tick a span).
//
// Threads: owned by one span and used on that span's worker only (command(), reset() and
// tick() alike); events are reported synchronously from inside tick(), never from command()
// (board_driver.h: no re-entry). No locks.
//
// Memory: every channel's DSP state (spandsp's detectors and generators) is allocated once at
// construction from oneTBB's scalable allocator and re-initialised in place; command(), reset()
// and tick() never allocate. A channel runs DSP only while a command asked for it: an idle
// channel costs a flag test per frame.
//
// Audio: tick() reads each channel's received frame (wire -> us) and, when a generator of that
// channel is playing, overwrites its transmit frame (us -> wire); a channel with nothing
// playing leaves its transmit frame as the caller filled it (idle code, or an application's
// stream).

#include <cstddef>
#include <cstdint>
#include <memory>

#include "media/media_types.h"

namespace spantsp::media {

// Reported from inside SpanMedia::tick(), on the span worker. `channel` is the dense index
// (0 .. channels-1) the SpanMedia was built with.
class MediaEvents {
 public:
  virtual void on_media_event(std::size_t channel, const MediaEvent& event) = 0;

 protected:
  ~MediaEvents() = default;
};

struct MediaStats {
  std::uint64_t ticks = 0;
  std::uint64_t frames_processed = 0;  // channel-frames that ran any DSP
  std::uint64_t events = 0;
  std::uint64_t late_ticks = 0;      // tick() called later than one period after the last
  std::uint64_t dropped_events = 0;  // more events in one channel-frame than it can hold
};

// How tick() spreads the span's channels over threads. kSerial (the default) runs them all on
// the calling span worker; kParallel hands blocks of `grain` channels to a oneTBB task_arena of
// `arena_threads` threads (0: one per core) that the SpanMedia owns. perf/media_dsp_bench.cpp
// measures both; the comment on SpanMedia::Impl in span_media.cpp says why serial is the
// default.
struct SpanMediaOptions {
  enum class Tick : std::uint8_t { kSerial, kParallel };
  Tick tick = Tick::kSerial;
  int arena_threads = 0;
  std::size_t grain = 32;
};

class SpanMedia {
 public:
  // frame_period_ms: 1..100 (std::invalid_argument otherwise). Allocates every channel's DSP
  // state here, once.
  SpanMedia(std::size_t channels, Law law, std::uint32_t frame_period_ms, MediaEvents& events,
            const SpanMediaOptions& options = {});
  ~SpanMedia();
  SpanMedia(const SpanMedia&) = delete;
  SpanMedia& operator=(const SpanMedia&) = delete;

  std::size_t channels() const;
  std::size_t frame_samples() const;  // octets per channel per frame (8 per ms)
  Law law() const;

  // Applies a command to channel `index` now; kInvalid leaves the channel as it was.
  MediaResult command(std::size_t index, const MediaCommand& command, std::uint64_t now_ms);
  // Stops everything on channel `index` (the call ended); no event follows for it.
  void reset(std::size_t index);
  // True while any detector or generator of channel `index` runs.
  bool active(std::size_t index) const;

  // One frame period: `rx` and `tx` hold channels() frames of frame_samples() octets each,
  // channel after channel. `now_ms` is the time of the frame's last sample.
  void tick(const std::uint8_t* rx, std::uint8_t* tx, std::uint64_t now_ms);

  MediaStats stats() const;
  // Bytes of DSP state per channel (the memory a line with media costs).
  static std::size_t state_bytes_per_channel();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The octet a silent channel carries (µ-law 0xFF, A-law 0xD5).
constexpr std::uint8_t idle_octet(Law law) {
  return law == Law::kAlaw ? 0xD5 : 0xFF;
}

}  // namespace spantsp::media
