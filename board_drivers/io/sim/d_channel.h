#pragma once
// The sim board's D-channel: two directions of HDLC frames between the two ends of one
// simulated span (our signalling module and the far-end switch), kept in process (DESIGN.md
// §4: a socketpair costs 10x the protocol stack, t1e1-notes §1.10).
//
// Timing: each direction is a 64 kb/s line. A frame occupies it for its bits on the wire
// (the frame with real CRC-16/X.25 FCS, zero-bit stuffing counted exactly, plus one flag) and
// is readable at the far end when its last bit has arrived; frames queue behind each other.
// Time is the worker's TimerWheel (1 ms ticks); line occupancy is kept in microseconds so
// rounding never accumulates. `unlimited` makes every frame readable on the next timer turn
// (the perf suite's setting) and leaves libpri's placeholder FCS octets (no line time to count).
//
// Faults: cut (every frame in flight and sent while cut is lost, as with a red alarm), drop
// the next N frames of a direction, corrupt the next N (one bit flipped: the receiving HDLC
// controller finds the FCS wrong and discards the frame, as hardware does). A drop or
// corruption is a burst of line errors: it hits the frames sent within its window (default
// kFaultWindowMs from the request) and is over when the window ends, however few it met. Kept
// until frames came, requests on a quiet link (a D-channel re-establishing sends one SABME a
// T200) would pile up faster than frames are sent and lose every frame from then on: a line
// hit would become a permanent cut (issue 12: PRI spans stopped under the fault soak).
//
// Threads: runs on the span worker only; no locks. send_frame() only queues and arms a timer,
// so libpri's write callback may call it; receivers are nudged from this object's timers.
//
// Trace: set_trace() hands every frame either side sends, lost ones included, to a pcap
// writer (pcap_trace.h) as it is sent; without one the cost is a null check per frame.
//
// Memory: both rings are sized at construction (`queue_frames` slots of kMaxFrame octets per
// direction); sending and receiving never allocate. The TimerWheel given to start() must
// outlive the channel or stop() must run first.

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "board_drivers/io/hdlc_port.h"
#include "board_drivers/io/pcap_trace.h"
#include "pipeline/timer_wheel.h"

namespace spantsp::io {

struct DChannelOptions {
  bool unlimited = false;                  // no serialisation delay (perf)
  std::uint32_t bits_per_second = 64'000;  // a T1/E1 D channel
  std::size_t queue_frames = 128;          // per direction; more are lost (counted)
};

struct DChannelStats {
  std::uint64_t frames = 0;        // queued for transmission
  std::uint64_t octets = 0;        // their octets, FCS included
  std::uint64_t line_bits = 0;     // bits on the wire: stuffing and one flag per frame included
  std::uint64_t delivered = 0;     // read by the receiver
  std::uint64_t lost = 0;          // cut, dropped by injection, queue full or oversized
  std::uint64_t fcs_errors = 0;    // corrupted: discarded by the receiver
  std::uint64_t faults_unmet = 0;  // frames a drop or corruption asked for when its window ended
};

// CRC-16/X.25 (HDLC FCS) of `size` octets, as transmitted (low octet first).
std::uint16_t hdlc_fcs(const std::uint8_t* data, std::size_t size);
// Bits one frame puts on the line: octets LSB first with a 0 stuffed after five 1s, plus one
// 8-bit flag (consecutive frames share their flags).
std::uint32_t hdlc_line_bits(const std::uint8_t* frame, std::size_t size);

class DChannel final : private pipeline::TimerHandler {
 public:
  enum Side : std::uint8_t { kA = 0, kB = 1 };
  // A Q.921 frame: 4 octets of header, N201 = 260 of information, 2 of FCS.
  static constexpr std::size_t kMaxFrame = 272;

  explicit DChannel(const DChannelOptions& options = {});
  ~DChannel();
  DChannel(const DChannel&) = delete;
  DChannel& operator=(const DChannel&) = delete;

  void start(pipeline::TimerWheel& timers);
  // Frames in flight are lost; receivers stay attached.
  void stop();

  HdlcPort& end(Side side) { return ends_[side]; }
  // Side kA's frames are traced as ours, kB's as the far end's. `trace` (nullable) must
  // outlive the channel or be replaced first.
  void set_trace(PcapTrace* trace) { trace_ = trace; }

  // --- Faults ---
  void set_cut(bool cut);
  bool cut() const { return cut_; }
  // The next `frames` frames `from` sends within `window_ms` are lost / arrive corrupted. A
  // request within the window of an earlier one adds its frames and extends the window.
  // Ignored while the channel is not started.
  static constexpr std::uint64_t kFaultWindowMs = 100;
  void drop_next(Side from, std::uint32_t frames, std::uint64_t window_ms = kFaultWindowMs) {
    add_fault(directions_[from], directions_[from].drop, frames, window_ms);
  }
  void corrupt_next(Side from, std::uint32_t frames, std::uint64_t window_ms = kFaultWindowMs) {
    add_fault(directions_[from], directions_[from].corrupt, frames, window_ms);
  }

  const DChannelStats& stats(Side from) const { return directions_[from].stats; }
  // When the line from `from` is free again, in microseconds of the wheel's clock.
  std::uint64_t line_free_us(Side from) const { return directions_[from].line_free_us; }
  std::size_t in_flight(Side from) const { return directions_[from].count; }

 private:
  struct Frame {
    std::uint64_t ready_us = 0;
    std::uint16_t size = 0;
    bool fcs_ok = true;  // false: corrupted on the line, the receiver discards it
    std::array<std::uint8_t, kMaxFrame> data{};
  };
  // Frames still to hit, until the window's end (wheel ms).
  struct Fault {
    std::uint32_t frames = 0;
    std::uint64_t until_ms = 0;
  };
  struct Direction {
    std::vector<Frame> ring;
    std::size_t head = 0;
    std::size_t count = 0;
    std::uint64_t line_free_us = 0;
    Fault drop;
    Fault corrupt;
    pipeline::TimerNode timer;  // head frame's arrival
    DChannelStats stats;
  };
  class End final : public HdlcPort {
   public:
    bool send_frame(const std::uint8_t* frame, std::size_t size) override {
      return owner->send(side, frame, size);
    }
    std::size_t receive_frame(std::uint8_t* buffer, std::size_t capacity) override {
      return owner->receive(side, buffer, capacity);
    }
    bool frame_ready() override { return owner->ready(side); }
    void set_receiver(FrameReceiver* r) override { receiver = r; }

    DChannel* owner = nullptr;
    Side side = kA;
    FrameReceiver* receiver = nullptr;
  };

  static Side other(Side s) { return s == kA ? kB : kA; }
  std::uint64_t now_us() const { return timers_->now_ms() * 1000; }
  bool send(Side from, const std::uint8_t* frame, std::size_t size);
  std::size_t receive(Side at, std::uint8_t* buffer, std::size_t capacity);
  bool ready(Side at);
  void add_fault(Direction& d, Fault& fault, std::uint32_t frames, std::uint64_t window_ms);
  // Ends `fault` when its window is over, counting the frames it did not meet.
  void expire(Direction& d, Fault& fault);
  // Whether the frame `d` sends now is hit by `fault` (one frame less to hit).
  bool hits(Direction& d, Fault& fault);
  void discard_bad_heads(Direction& d);
  void arm(Side from);
  void flush(Direction& d);
  void on_timer(std::uint64_t cookie, std::uint64_t now_ms) override;

  DChannelOptions options_;
  std::array<Direction, 2> directions_;  // by sending side
  std::array<End, 2> ends_;
  pipeline::TimerWheel* timers_ = nullptr;
  PcapTrace* trace_ = nullptr;
  bool cut_ = false;
};

}  // namespace spantsp::io
