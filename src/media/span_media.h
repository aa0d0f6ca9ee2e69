#pragma once
// The DSP of one span's bearer channels (DESIGN.md §5): DTMF detection and generation, tone
// generation and monitoring, fax/modem/speech detection, on G.711 frames, one frame period at
// a time for every channel of the span at once (as dahdi_receive/dahdi_transmit tick a span).
//
// Threads: owned by one span and used on that span's worker only (command(), reset() and
// tick() alike); events are reported synchronously from inside tick(), never from command()
// (board_driver.h: no re-entry). No locks.
//
// Memory: DSP states (spandsp's detectors and generators, ChannelDsp: about 7 KiB each) come
// from a pool the span owns, not one per channel: a channel takes a state when a command first
// asks it for DSP and gives it back when nothing of it runs any more (reset() at the end of a
// call, or its last function stopped or finished). The pool holds at most
// SpanMediaOptions::dsp_states states; `dsp_prebuilt` of them are built at construction and the
// rest in blocks of kDspBlock when the span's concurrent DSP users first need them, from oneTBB's
// scalable allocator, kept until the SpanMedia is destroyed. So memory follows the peak number
// of channels with DSP running, and once that peak has been seen command(), reset() and tick()
// never allocate. A command that needs a state when all dsp_states are in use is refused with
// MediaResult::kNoResource and leaves the channel as it was. A channel without DSP costs a
// byte test per frame.
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
  std::uint64_t dsp_built = 0;       // DSP states built (the pool's size now)
  std::uint64_t dsp_in_use = 0;      // ... held by a channel now
  std::uint64_t dsp_peak = 0;        // the most held at once
  std::uint64_t dsp_refused = 0;     // commands refused with kNoResource (the pool was empty)
};

// DSP states built at once when the pool grows past dsp_prebuilt.
inline constexpr std::size_t kDspBlock = 8;
inline constexpr std::size_t kAllChannels = static_cast<std::size_t>(-1);

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
  // The pool's bound (clamped to 1..channels; kAllChannels: one per channel, never refused) and
  // how many are built at construction (clamped to the bound).
  std::size_t dsp_states = kAllChannels;
  std::size_t dsp_prebuilt = kAllChannels;
};

class SpanMedia {
 public:
  // frame_period_ms: 1..100 (std::invalid_argument otherwise). Builds options.dsp_prebuilt DSP
  // states here.
  SpanMedia(std::size_t channels, Law law, std::uint32_t frame_period_ms, MediaEvents& events,
            const SpanMediaOptions& options = {});
  ~SpanMedia();
  SpanMedia(const SpanMedia&) = delete;
  SpanMedia& operator=(const SpanMedia&) = delete;

  std::size_t channels() const;
  std::size_t frame_samples() const;  // octets per channel per frame (8 per ms)
  Law law() const;

  // Applies a command to channel `index` now; kInvalid and kNoResource (no DSP state free for a
  // channel that had none) leave the channel as it was.
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
