#pragma once
// The sim board's I/O module (DESIGN.md §4): one simulated span as a near/far pair of SpanIo
// ends joined by a wire. The near end is ours (the signalling module under test runs over it);
// the far end is the simulated switch's. The wire carries:
// - the D-channel: an in-process DChannel at 64 kb/s (d_channel.h), on spans that have one;
// - an ABCD cross-connect: bits one end transmits on channel n are the other end's received
//   bits of channel n, reported (on_abcd) on the next turn of the worker's wheel;
// - an audio crossover: what one end writes to its tx of channel n during a frame arrives in
//   the other end's rx of channel n on the next frame (one frame period of latency, as a
//   real span's elastic store), in the span's law.
//
// Clock: the worker's TimerWheel (the tests' virtual clock). The frame timer runs only while
// at least one bearer is open at either end; each frame costs one copy per open channel, and a
// span with no open bearer costs nothing.
//
// Threads: runs on the span worker only; both ends' events are reported on it from this
// object's timers (and set_alarms()), never from inside a SpanIo call. No locks.
//
// Memory: slabs, bit tables and the D-channel's rings are sized at construction; nothing is
// allocated while the span runs. The TimerWheel given to start() must outlive the pair, or
// stop() must run first.
//
// Ownership: owned by the sim span that pairs our signalling with the far end (IdealSpan,
// SimPriSpan); each side's SpanIoEvents must outlive its end's start() .. stop().

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "board_drivers/io/sim/d_channel.h"
#include "board_drivers/io/span_io.h"
#include "pipeline/timer_wheel.h"

namespace spantsp::io {

struct SimIoStats {
  std::uint64_t frames = 0;          // frame periods ticked
  std::uint64_t channel_frames = 0;  // channel-frames carried across the wire
  std::uint64_t abcd_changes = 0;    // received-bit changes reported (both ends)
};

class SimIoPair final : private pipeline::TimerHandler {
 public:
  enum Side : std::uint8_t { kNear = 0, kFar = 1 };

  // `d_channel` null: the span has no D-channel (ideal, CAS, R2). The layout's frame period
  // must be one of kFramePeriodsMs (validation guarantees it; others fall back to 20 ms).
  SimIoPair(SpanLayout layout, const DChannelOptions* d_channel);
  ~SimIoPair();
  SimIoPair(const SimIoPair&) = delete;
  SimIoPair& operator=(const SimIoPair&) = delete;

  // Starts the wire (the D-channel first: frames sent from the ends' start() need it).
  void start(pipeline::TimerWheel& timers);
  // Stops both ends and the wire: frames in flight are lost, bearers closed.
  void stop();

  SpanIo& end(Side side);
  DChannel* line() { return line_.get(); }
  const SpanLayout& layout() const { return layout_; }

  // The sim's span alarms: the near end hears them now (raw, as a framer reports them). Runs
  // from a far-end timer, never from inside a command of our side.
  void set_alarms(const SpanAlarms& alarms);

  const SimIoStats& stats() const { return stats_; }
  // Bearers open at either end now.
  std::size_t live_channels() const { return live_; }

 private:
  class End;
  void on_timer(std::uint64_t cookie, std::uint64_t now_ms) override;
  void bearer_changed(std::size_t index, bool was_live);
  void on_frame(std::uint64_t now_ms);
  void deliver_abcd(Side at, std::uint64_t now_ms);
  bool live(std::size_t index) const;

  SpanLayout layout_;
  std::uint8_t idle_;
  std::unique_ptr<DChannel> line_;
  std::array<std::unique_ptr<End>, 2> ends_;
  pipeline::TimerWheel* timers_ = nullptr;
  pipeline::TimerNode frame_timer_;
  std::size_t live_ = 0;
  SimIoStats stats_;
};

}  // namespace spantsp::io
