#pragma once
// What one channel's DSP found during one frame, held until SpanMedia hands it to
// MediaEvents. Fixed capacity, no allocation. A command that stops a function withdraws that
// function's events not yet handed out (a replaced generation reports nothing; after a reset
// nothing follows), which matters when the handler of one event commands the same channel.
//
// Threads: written by whichever thread processes the channel in tick(), read by the span worker
// after the frame's processing; never both at once (tick() hands events out after its
// parallel part has joined).

#include <array>
#include <cstddef>
#include <cstdint>

#include "media/media_types.h"

namespace spantsp::media {

// The time of sample `i` of a frame of `samples` samples whose last sample is at `last_ms`.
struct FrameClock {
  std::uint64_t last_ms = 0;
  std::size_t samples = 0;
  std::uint64_t at(std::size_t i) const {
    const std::uint64_t back = (samples - 1 - i) * 1000 / kSampleRate;
    return back > last_ms ? 0 : last_ms - back;
  }
};

class ChannelEvents {
 public:
  // A frame yields at most a few events per function (two DTMF edges, one per monitored tone,
  // one per media kind, one generation done); beyond this they are counted as dropped.
  static constexpr std::size_t kCapacity = 24;

  void push(const MediaEvent& event) {
    if (count_ == kCapacity) {
      ++dropped_;
      return;
    }
    events_[count_] = event;
    live_[count_] = true;
    ++count_;
  }
  // Withdraws the pending events of one kind (or all with withdraw_all()).
  void withdraw(MediaEvent::Kind kind) {
    for (std::size_t i = 0; i < count_; ++i) {
      if (events_[i].kind == kind) live_[i] = false;
    }
  }
  void withdraw_all() { count_ = 0; }

  std::size_t size() const { return count_; }
  bool live(std::size_t i) const { return i < count_ && live_[i]; }
  const MediaEvent& at(std::size_t i) const { return events_[i]; }
  void clear() { count_ = 0; }
  // Events lost since the last call (the channel's share of MediaStats::dropped_events).
  std::uint64_t take_dropped() {
    const std::uint64_t n = dropped_;
    dropped_ = 0;
    return n;
  }

 private:
  std::array<MediaEvent, kCapacity> events_{};
  std::array<bool, kCapacity> live_{};
  std::size_t count_ = 0;
  std::uint64_t dropped_ = 0;
};

}  // namespace spantsp::media
