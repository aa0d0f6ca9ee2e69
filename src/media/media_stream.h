#pragma once
// One bearer channel's audio stream to and from an application (DESIGN.md §5, the
// "spantsp/media" device class of lineGetID): the application plays G.711 octets into one
// SPSC ring and hears the caller's octets from another; the span worker's frame tick moves one
// frame each way per period (copying straight between the rings and the span's frame slabs).
// No thread per call, no lock, no allocation after construction.
//
// Threads: the worker side (open_call, close_call, on_frame) runs on the span worker that
// owns the channel; the application side (attach .. detach) on one application thread at a
// time, the one whose attach() succeeded. Everything shared is atomic.
//
// Lifetime: a span's streams are built with its signalling module and live as long as it
// (the provider); an application detaches when its call ends, its line closes, or at the
// latest before providerShutdown.
//
// Calls: every time the channel's bearer opens (a call connects) the stream's call epoch
// moves on. An application attached to one epoch (a call's stream, lineGetID with
// LINECALLSELECT_CALL) sees ended() once that call's bearer closes and plays nothing into a
// later call; one attached to kAnyCall (a line's stream) follows every call of the channel.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <span>

#include "media/media_types.h"
#include "media/octet_ring.h"

namespace spantsp::media {

struct MediaStreamStats {
  std::uint64_t frames = 0;          // frames the stream carried while attached
  std::uint64_t played_octets = 0;   // octets taken from the play ring to the wire
  std::uint64_t play_underruns = 0;  // frames the play ring could fill only in part
  std::uint64_t hear_overruns = 0;   // frames the hear ring could not take whole
};

class MediaStream {
 public:
  static constexpr std::uint32_t kAnyCall = 0xFFFFFFFFu;
  // 4096 octets: half a second of audio each way at 8 kHz.
  static constexpr std::size_t kDefaultRingOctets = 4096;

  enum class Attach : std::uint8_t { kOk, kBusy, kEnded };

  explicit MediaStream(std::size_t ring_octets = kDefaultRingOctets)
      : play_(ring_octets), hear_(ring_octets) {}
  MediaStream(const MediaStream&) = delete;
  MediaStream& operator=(const MediaStream&) = delete;

  // --- application side ---

  // Takes the stream for the call of `epoch` (or kAnyCall). `hear`: the caller's audio is
  // wanted (otherwise the hear ring stays empty). kBusy: another application holds it; kEnded:
  // that call's bearer is already gone.
  Attach attach(std::uint32_t epoch, bool hear) {
    bool expected = false;
    if (!owned_.compare_exchange_strong(expected, true, std::memory_order_acq_rel)) {
      return Attach::kBusy;
    }
    hear_.discard();
    hear_wanted_.store(hear, std::memory_order_relaxed);
    epoch_wanted_.store(epoch, std::memory_order_release);
    if (epoch != kAnyCall && ended_for(epoch)) {
      owned_.store(false, std::memory_order_release);
      return Attach::kEnded;
    }
    return Attach::kOk;
  }
  void detach() { owned_.store(false, std::memory_order_release); }
  // The attached call's bearer has closed (never for kAnyCall).
  bool ended() const {
    const std::uint32_t epoch = epoch_wanted_.load(std::memory_order_acquire);
    return epoch != kAnyCall && ended_for(epoch);
  }
  // A call is connected and the attached application's audio crosses.
  bool connected() const { return open_.load(std::memory_order_acquire) && !ended(); }

  // Queues G.711 octets for the wire (the span's law); returns how many fitted. Refused (0)
  // while no call of the attachment is connected: after a call's end nothing more is taken,
  // and a line's stream takes nothing between calls (so nothing reaches the next one).
  std::size_t play(std::span<const std::uint8_t> octets) {
    return connected() ? play_.write(octets) : 0;
  }
  std::size_t play_space() { return play_.capacity() - play_.size(); }
  std::size_t play_queued() const { return play_.size(); }
  // In-place writing: fill writable() and commit(); empty while play() would refuse.
  OctetRing::Region play_region() { return connected() ? play_.writable() : OctetRing::Region{}; }
  void play_commit(std::size_t octets) { play_.commit(octets); }

  // The caller's audio heard so far (up to out.size() octets); returns how many. After the
  // call's end what was heard before it can still be read, then 0 (reads end).
  std::size_t hear(std::span<std::uint8_t> out) { return hear_.read(out); }
  // In-place reading: read heard_region() and consume().
  OctetRing::Region heard_region() { return hear_.readable(); }
  void heard_consume(std::size_t octets) { hear_.consume(octets); }

  // Latency probe (perf/spantsp_ivr_bench): the worker notes the steady-clock time at which
  // the first octet the next play() writes leaves for the wire; probe_wire_ns() is 0 until
  // then. One probe at a time; costs the worker one load per frame.
  void probe_next_play() {
    probe_ns_.store(0, std::memory_order_relaxed);
    probe_at_.store(play_.written() + 1, std::memory_order_release);
  }
  std::uint64_t probe_wire_ns() const { return probe_ns_.load(std::memory_order_acquire); }

  Law law() const { return law_.load(std::memory_order_acquire); }
  std::size_t frame_octets() const { return frame_octets_.load(std::memory_order_acquire); }
  // The current call's epoch (what lineGetID's call stream names).
  std::uint32_t call_epoch() const { return call_epoch_.load(std::memory_order_acquire); }

  MediaStreamStats stats() const {
    return MediaStreamStats{
        frames_.load(std::memory_order_relaxed), played_.load(std::memory_order_relaxed),
        underruns_.load(std::memory_order_relaxed), overruns_.load(std::memory_order_relaxed)};
  }

  // --- span worker side ---

  // The span's law and frame size (its I/O layout), set when the span starts.
  void configure(Law law, std::size_t frame_octets) {
    law_.store(law, std::memory_order_release);
    frame_octets_.store(frame_octets, std::memory_order_release);
  }
  // The channel's bearer opened for a new call. What an earlier call's application left in
  // the play ring is dropped here (the worker is its consumer): it never reaches this call.
  void open_call() {
    play_.discard();
    call_epoch_.fetch_add(1, std::memory_order_acq_rel);
    open_.store(true, std::memory_order_release);
  }
  void close_call() { open_.store(false, std::memory_order_release); }

  // One frame of the open bearer: the caller's `rx` into the hear ring, the play ring into
  // `tx` (which holds idle code; what the ring cannot fill stays idle). Without an attached
  // application for this call, what was played is dropped.
  void on_frame(std::span<const std::uint8_t> rx, std::span<std::uint8_t> tx) {
    const std::uint32_t wanted = epoch_wanted_.load(std::memory_order_acquire);
    if (!owned_.load(std::memory_order_acquire) ||
        (wanted != kAnyCall && wanted != call_epoch_.load(std::memory_order_relaxed))) {
      play_.discard();
      return;
    }
    bump(frames_);
    if (hear_wanted_.load(std::memory_order_relaxed) && hear_.write(rx) < rx.size()) {
      bump(overruns_);
    }
    const std::uint64_t before = play_.consumed();
    const std::size_t got = play_.read(tx);
    const std::uint64_t probe = probe_at_.load(std::memory_order_acquire);
    if (probe != 0 && probe - 1 >= before && probe - 1 < before + got) {
      probe_at_.store(0, std::memory_order_relaxed);
      probe_ns_.store(
          static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()),
          std::memory_order_release);
    }
    if (got != 0) {
      played_.store(played_.load(std::memory_order_relaxed) + got, std::memory_order_relaxed);
      if (got < tx.size()) bump(underruns_);
    }
  }

 private:
  bool ended_for(std::uint32_t epoch) const {
    return call_epoch_.load(std::memory_order_acquire) != epoch ||
           !open_.load(std::memory_order_acquire);
  }
  // Written by the worker only: a plain load and store, no read-modify-write.
  static void bump(std::atomic<std::uint64_t>& counter) {
    counter.store(counter.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
  }

  OctetRing play_;  // application -> wire
  OctetRing hear_;  // wire -> application
  std::atomic<bool> owned_{false};
  std::atomic<bool> hear_wanted_{false};
  std::atomic<std::uint32_t> epoch_wanted_{kAnyCall};
  std::atomic<std::uint32_t> call_epoch_{0};
  std::atomic<bool> open_{false};
  std::atomic<Law> law_{Law::kMulaw};
  std::atomic<std::size_t> frame_octets_{0};
  std::atomic<std::uint64_t> frames_{0}, played_{0}, underruns_{0}, overruns_{0};
  std::atomic<std::uint64_t> probe_at_{0};  // ring position + 1 of the probed octet, 0: none
  std::atomic<std::uint64_t> probe_ns_{0};
};

}  // namespace spantsp::media
