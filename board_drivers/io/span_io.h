#pragma once
// The I/O half of a host-signalled board (DESIGN.md §4, FreeTDM's ftdm_io_interface): what the
// hardware gives a span, and nothing of any protocol. A signalling module (board_drivers/
// signalling/pri, later cas and r2) runs over this interface only, so the same module runs over
// the sim's I/O (io/sim/sim_io_pair.h) and, later, over DAHDI's.
//
// A span's I/O offers:
// - its layout: T1 or E1, the G.711 law of its bearers (µ-law on T1, A-law on E1), the bearer
//   channel numbers by dense index, the D-channel timeslot (0 when the span has none), and the
//   audio frame period;
// - raw alarms (red, yellow, blue, loss of signal, loss of frame alignment): facts, not
//   policy; the signalling module folds them into the SpanStatus the core sees;
// - the D-channel as whole HDLC frames (HdlcPort), on spans that have one;
// - per-channel ABCD bits: set the transmitted bits; received bit changes are reported with
//   their time (CAS and R2 debounce them themselves);
// - per-channel audio both ways: one rx and one tx slab per span (channels x frame octets,
//   channel after channel), allocated when the I/O is built; every frame period the I/O hands
//   both slabs to on_audio_frame(), where the owner reads what arrived and fills what leaves.
//
// Only open bearers cost anything (DAHDI's span tick without its per-channel syscalls): the
// owner opens a channel's bearer when its call has audio and closes it when the call ends. A
// span with no open bearer has no frame timer at all.
//
// Threads: control plane and audio alike run on the span worker (SpanIoEvents are reported on
// it, from the worker's TimerWheel or from poll(), never from inside a SpanIo call). No locks.
// Slab views are valid only inside on_audio_frame().

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "board_drivers/io/hdlc_port.h"
#include "config/config_model.h"
#include "media/media_types.h"
#include "pipeline/timer_wheel.h"

namespace spantsp::io {

// Frame periods an I/O accepts: the configuration's list (config validation refuses others).
using config::kFramePeriodsMs;
using config::valid_frame_period;

enum class SpanKind : std::uint8_t { kT1, kE1 };

struct SpanLayout {
  SpanKind kind = SpanKind::kE1;
  media::Law law = media::Law::kAlaw;
  std::vector<int> bearers;  // bearer channel number by dense index
  int d_channel_slot = 0;    // timeslot of the D-channel (T1 24, E1 16); 0: none
  std::uint32_t frame_period_ms = media::kDefaultFramePeriodMs;

  std::size_t channels() const { return bearers.size(); }
  std::size_t frame_octets() const { return frame_period_ms * (media::kSampleRate / 1000); }
};

// The law a span type carries (G.711: µ-law on T1, A-law on E1).
constexpr media::Law law_of(SpanKind kind) {
  return kind == SpanKind::kE1 ? media::Law::kAlaw : media::Law::kMulaw;
}

// Raw framer facts (DAHDI's SPANSTAT alarms).
struct SpanAlarms {
  bool red = false, yellow = false, blue = false;
  bool los = false;  // loss of signal
  bool lfa = false;  // loss of frame alignment
};

// One frame period of a span's audio, valid only inside SpanIoEvents::on_audio_frame().
class SpanAudio {
 public:
  // What arrived on channel `index` during the frame (idle code when its bearer is closed).
  virtual std::span<const std::uint8_t> rx(std::size_t index) const = 0;
  // What leaves on channel `index`; holds idle code when the frame starts.
  virtual std::span<std::uint8_t> tx(std::size_t index) = 0;
  // The whole slabs, channel after channel (media::SpanMedia::tick takes them as they are).
  virtual const std::uint8_t* rx_slab() const = 0;
  virtual std::uint8_t* tx_slab() = 0;

 protected:
  ~SpanAudio() = default;
};

// Reported by a span's I/O to its owner (the signalling module), on the span worker.
class SpanIoEvents {
 public:
  virtual void on_alarms(const SpanAlarms& alarms) = 0;
  // Channel `index`'s received ABCD bits changed (low nibble) at `at_ms`.
  virtual void on_abcd(std::size_t index, std::uint8_t rx_bits, std::uint64_t at_ms) = 0;
  // One frame period ended at `now_ms` (the time of its last sample), while any bearer is open.
  virtual void on_audio_frame(SpanAudio& audio, std::uint64_t now_ms) = 0;

 protected:
  ~SpanIoEvents() = default;
};

class SpanIo {
 public:
  virtual const SpanLayout& layout() const = 0;
  // Events go to `events` from now on; timers run on `timers`. Both must outlive the I/O or
  // stop() must run first.
  virtual void start(SpanIoEvents& events, pipeline::TimerWheel& timers) = 0;
  // No more events; every bearer closed.
  virtual void stop() = 0;
  // nullptr on spans without a D-channel (CAS, R2, ideal).
  virtual HdlcPort* d_channel() = 0;
  virtual void set_tx_abcd(std::size_t index, std::uint8_t bits) = 0;
  virtual std::uint8_t rx_abcd(std::size_t index) const = 0;
  virtual SpanAlarms alarms() const = 0;
  // Opens (true) or closes the bearer of channel `index`: audio crosses only while it is open.
  virtual void set_bearer(std::size_t index, bool open) = 0;
  virtual bool bearer_open(std::size_t index) const = 0;
  // I/O that is not timer-driven (a real board's descriptors); returns work done.
  virtual std::size_t poll(std::uint64_t now_ms) = 0;

 protected:
  ~SpanIo() = default;
};

}  // namespace spantsp::io
