#pragma once
// The `cas` signalling module (DESIGN.md §4, t1e1-notes §4-§5): channel-associated signalling
// on a span's per-channel ABCD bits (io::SpanIo) with the number carried in-band as DTMF on the
// bearer (the span's SpanMedia, through BearerMedia's claim). One engine for both ends: the sim
// far end runs another CasSpan of the opposite role over the far end of the same wire.
//
// Bits (DAHDI's robbed-bit vocabulary, A=8 B=4 C=2 D=1; C=0, D=1 always):
// - E&M (em_w, em, em_dd) and the station side of a loop (fxs_ls): A = off-hook (M lead /
//   loop closed), B = 1. Idle 0101, off-hook 1101.
// - The office side of a loop (fxo_ls): A = loop current (0: open loop, the office's
//   disconnect), B = 0 while ringing. Idle 1101, ringing 1001, open loop 0101.
// - Ground start, the station side (fxs_gs): A = loop closed, B = 0 for ring ground. Idle 0101,
//   ring ground (the station's seizure) 0001, off-hook 1101.
// - Ground start, the office side (fxo_gs): A = tip ground (the office holds the line and feeds
//   loop current), B = 0 while ringing. Idle 0101, tip ground 1101, ringing 1001.
// Every received change counts once it has been stable for `debounce` ms.
//
// Start types (config::CasStart):
// - em_w: the caller seizes (off-hook) and waits up to `start` ms for the callee's wink (an
//   off-hook pulse of at most `rxwink` ms; the callee sends it `prewink` ms after seeing the
//   seizure, for `wink` ms), then dials. An off-hook from the callee longer than `rxwink` while
//   the caller waits for the wink is glare (both seized): the call fails with cause 44.
// - em: immediate start: the caller dials `predial` ms after seizing; an off-hook from the far
//   end meanwhile is glare.
// - em_dd: delay dial: the callee answers the seizure with off-hook (for `wink` ms) and goes
//   on-hook when ready for digits; the caller dials on that on-hook (or fails after `start`).
// - fxs_ls: outgoing: loop closed, digits after `predial`; loop start has no answer
//   supervision, so the call counts as connected once dialled (chan_dahdi's behaviour) and
//   ends when the office opens the loop. Incoming: ringing (B=0) is offered at once with no
//   number; the caller gave up when no ring has come for kRingGapMs (8 s).
// - fxo_ls: outgoing: rings the station (2 s on, 4 s off) until it goes off-hook (connected);
//   incoming: the station's off-hook is a seizure, its DTMF digits the number. We clear with an
//   open loop and wait for the station to hang up.
// - fxs_gs: outgoing: ring ground; the office answers it with tip ground within `start` (else
//   102); we then wait ground_guard_ms() for ringing: ringing means the office seized the line
//   for a call of its own at the same time (glare: the office wins, our call fails with 44
//   and the office's call is offered on its first ring after ours is released). Otherwise we close
//   the loop (ring ground off) and dial after `predial`; no answer supervision, as loop start. A
//   tip ground with no ring ground of ours is the office's seizure: the line takes no call of ours
//   (ground start's glare avoidance) and its ringing is offered. The office's removal of tip
//   ground (loop-current disconnect) is the clear, heard at once (no ring-gap wait).
// - fxo_gs: outgoing: tip ground, then ringing ground_lead_ms() later (2 s on, 4 s off) until
//   the station closes the loop (connected). A ring ground from the station while we have
//   tip ground on for our call is glare: the office wins (counted, ignored; the station
//   yields when it hears our ringing). Incoming: the station's ring ground is a seizure: we
//   apply tip ground and collect its DTMF digits. We clear by removing tip ground and wait
//   for the station to open its loop.
//
// Addressing: DTMF (digit_on / digit_off); a complete number ends with '#', which the callee
// takes as the end of the number (not part of it); without '#' the number ends when no digit
// has come for `digit_timeout` ms.
//
// Supervision and call progress (E&M and the caller side of fxo_ls's station): the callee's
// off-hook after the digits is the answer; its on-hook the clear. CAS carries no causes: until
// the answer the caller listens on the bearer (call-progress tones, US frequencies) and ringback
// (440+480 Hz) reports on_alerting, busy (480+620 Hz, 500 ms bursts) on_disconnected(17),
// reorder (the same, 250 ms bursts) 42, an SIT (914/985 Hz) 1. The callee that refuses a call
// plays the matching tone (busy for 17, SIT for 1/3/22/28, reorder otherwise) until the caller
// hangs up; its accept plays ringback.
//
// Protocol violations from the far end end the call with a defined cause and a line on stderr
// (counted in stats().protocol_errors): no wink within `start` (102), a wink longer than
// `rxwink` (glare, 44), a seizure with no digit within `digit_timeout` (the seizure is ignored
// until the far end hangs up), a far end that does not hang up within kReleaseGuardMs of our
// clearing (the release completes; the channel takes no call until the far end is on-hook).
// No channel is ever left waiting on the far end without a timer.
//
// Alarms: red or blue take the span out of service (on_span_status); every call ends locally
// with cause 38; bits received meanwhile are taken as the new idle state when it returns.
//
// Channel state: the table every signalling module shares (signalling/channel_state.h).
//
// Threads: runs on the span worker; SpanEvents are reported from bit changes, media events and
// timers, never from inside a command (board_driver.h: no re-entry). No locks.
//
// Memory: channel records, the SpanMedia and its event list are sized at construction / start();
// nothing is allocated per call.
//
// Ownership: the io::SpanIo and TimerWheel given to start() must outlive the span or stop()
// must run first. stop() drops every call without reports.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "board_drivers/board_driver.h"
#include "board_drivers/io/span_io.h"
#include "board_drivers/signalling/bearer_media.h"
#include "board_drivers/signalling/channel_state.h"
#include "config/config_model.h"
#include "pipeline/timer_wheel.h"

namespace spantsp::cas {

// A loop-start caller gave up when no ring has come for this long: a whole ring cycle (2 s on,
// 4 s off) and some.
inline constexpr std::uint64_t kRingGapMs = 8'000;
inline constexpr std::uint64_t kRingOnMs = 2'000;
inline constexpr std::uint64_t kRingOffMs = 4'000;
// The far end must hang up this long after our clearing (or our refusal tone) at most.
inline constexpr std::uint64_t kReleaseGuardMs = 10'000;
// Our own changes stand at least debounce x 2 + kSignalMarginMs, so the far end (which
// debounces as we do) sees every one of them: an answer at once dropped is still an answer.
inline constexpr std::uint64_t kSignalMarginMs = 20;
// The office's open-loop disconnect lasts this long before the line is idle again.
inline constexpr std::uint64_t kOpenLoopMs = 600;
// Ground start: the office's tip ground stands (at least) this long before its ringing starts
// (ground_lead_ms()); a station that ring-grounded watches the lead and a debounce margin more
// after the tip ground for ringing (glare) before it closes the loop (ground_guard_ms()).
inline constexpr std::uint64_t kGroundLeadMs = 100;

// ABCD codes (low nibble).
inline constexpr std::uint8_t kBitA = 8, kBitB = 4, kBitD = 1;
inline constexpr std::uint8_t kOnHookBits = kBitB | kBitD;           // 0101
inline constexpr std::uint8_t kOffHookBits = kBitA | kBitB | kBitD;  // 1101
inline constexpr std::uint8_t kRingGroundBits = kBitD;               // 0001 (fxs_gs seizure)

struct CasSpanStats {
  std::uint64_t calls_placed = 0;
  std::uint64_t calls_offered = 0;
  std::uint64_t glare = 0;               // our seizure met the far end's
  std::uint64_t invalid_commands = 0;    // commands the channel state did not allow
  std::uint64_t unexpected_events = 0;   // bit changes no phase expected (ignored)
  std::uint64_t protocol_errors = 0;     // far-end violations that ended a call (logged)
  std::uint64_t abandoned_seizures = 0;  // the caller hung up before its number was complete
  std::uint64_t tones_heard = 0;         // call-progress tones that decided a call
  std::uint64_t digits_received = 0;
};

class CasSpan final : private io::SpanIoEvents,
                      private pipeline::TimerHandler,
                      private signalling::BearerOwner {
 public:
  // `channels`: the bearer channel numbers that are lines; `name` labels log lines.
  CasSpan(const std::vector<int>& channels, const config::CasConfig& cas, std::string name);
  ~CasSpan();
  CasSpan(const CasSpan&) = delete;
  CasSpan& operator=(const CasSpan&) = delete;

  void start(board::SpanEvents& events, pipeline::TimerWheel& timers, io::SpanIo& io);
  void stop();

  media::MediaResult media(int channel, const media::MediaCommand& command);
  bool place_call(int channel, const board::CallSetup& setup);
  void send_digits(int channel, std::string_view digits, bool complete);
  void accept(int channel);
  void answer(int channel);
  void release(int channel, std::uint8_t q850_cause);
  // Ends the channel's call here with no report and no tone (the sim far end when its span is
  // out of service): the line goes idle at once.
  void drop(int channel);

  const board::SpanStatus& status() const { return status_; }
  signalling::ChannelState channel_state(int channel) const;
  // True when the channel has neither a call nor a seizure in progress.
  bool channel_free(int channel) const;
  const CasSpanStats& stats() const { return stats_; }
  const std::vector<int>& channels() const { return numbers_; }
  int index_of(int channel) const;
  const config::CasConfig& config() const { return cas_; }
  // Ground start's timing (see kGroundLeadMs); both ends use the same debounce.
  std::uint64_t ground_lead_ms() const;
  std::uint64_t ground_guard_ms() const;
  signalling::BearerMedia& bearer() { return bearer_; }

 private:
  enum class Role : std::uint8_t { kEm, kFxs, kFxo };
  enum class Phase : std::uint8_t {
    kNone,            // no wire activity pending for the call (or idle)
    kAwaitStart,      // outgoing: seized; waiting for the wink / delay-dial / predial
    kWinkSeen,        // outgoing: the far end is off-hook (wink or delay-dial signal)
    kSendingDigits,   // outgoing: DTMF playing (or waiting for more overlap digits)
    kAwaitAnswer,     // outgoing: number sent; tones monitored until the answer
    kRingingStation,  // fxo outgoing: ringing the station
    kPrewink,         // incoming: seizure seen, our wink follows
    kWinking,         // incoming: our wink / delay-dial signal on the wire
    kCollecting,      // incoming: DTMF detection, digit timer running
    kRinging,         // fxs incoming: the office rings us (offered)
    kToneRefusal,     // we refused: our tone plays until the far end hangs up
    kAwaitFarIdle,    // we cleared; waiting for the far end's on-hook
    kOpenLoop,        // fxo: our open-loop disconnect on the wire
    kIgnored,         // a seizure we do not take: waiting for the far end to let go
    kHoldSignal,      // our last change (an answer) must stand until the far end has seen it
    kAwaitGround,     // fxs_gs outgoing: ring ground on; waiting for the office's tip ground
    kGroundGuard,     // fxs_gs outgoing: tip ground heard; watching for ringing (glare)
    kOfferPending,    // fxs_gs: glare lost; the office's call is offered on its next ring
  };
  enum Owed : std::uint8_t {
    kOweProceeding = 1,
    kOweAlerting = 2,
    kOweConnected = 4,
    kOweReleased = 8,
  };
  enum TimerKind : std::uint64_t { kPhaseTimer, kDebounceTimer, kOwedTimer, kToneTimer, kKinds };

  struct Channel {
    signalling::ChannelState state = signalling::ChannelState::kIdle;
    Phase phase = Phase::kNone;
    bool incoming = false;
    bool tx_off = false;     // E&M / fxs: our off-hook; fxo: unused
    bool tx_ring = false;    // fxo: ringing now
    bool tx_open = false;    // fxo: open loop now
    bool tx_ground = false;  // fxs_gs: ring ground; fxo_gs: tip ground
    std::uint8_t rx = 0;     // debounced received bits
    bool ringing_heard = false;
    bool local_only = false;  // ended by an alarm: release completes without the far end
    std::uint8_t owed = 0;
    std::uint64_t far_off_at = 0;
    std::uint64_t tx_changed_at = 0;
    board::CallSetup setup;
    board::Number pending;  // outgoing digits not yet handed to the generator
    bool complete = false;  // outgoing: the number is complete ('#' queued)
    bool generating = false;
    pipeline::TimerNode timers[kKinds];
  };

  // io::SpanIoEvents
  void on_alarms(const io::SpanAlarms& alarms) override;
  void on_abcd(std::size_t index, std::uint8_t bits, std::uint64_t at_ms) override;
  void on_audio_frame(io::SpanAudio& audio, std::uint64_t now_ms) override;
  // BearerOwner: digits and tones of claimed channels.
  void on_owned_media(std::size_t index, const media::MediaEvent& event) override;
  void on_timer(std::uint64_t cookie, std::uint64_t now_ms) override;

  bool command(int channel, signalling::ChannelInput input, std::size_t& index,
               signalling::ChannelState& next);
  bool message(std::size_t index, signalling::ChannelInput input);
  void set_state(std::size_t index, signalling::ChannelState next);

  // Received bits, debounced.
  void on_bits(std::size_t index, std::uint8_t old_bits, std::uint8_t bits);
  void far_off_hook(std::size_t index);
  void far_on_hook(std::size_t index);
  void ring_heard(std::size_t index);
  void ring_gap(std::size_t index);
  // Ground start (bits already debounced).
  void on_station_ground_bits(std::size_t index, std::uint8_t old_bits, std::uint8_t bits);
  void on_office_ground_bits(std::size_t index, std::uint8_t old_bits, std::uint8_t bits);
  void tip_grounded(std::size_t index);
  void offer_ringing(std::size_t index);
  bool far_off(std::uint8_t bits) const;  // E&M: far off-hook; fxo: station loop closed
  void on_phase_timer(std::size_t index);

  void set_tx(std::size_t index);
  void hook(std::size_t index, bool off);
  void arm(std::size_t index, TimerKind kind, std::uint64_t after_ms);
  void cancel(std::size_t index, TimerKind kind);
  void owe(std::size_t index, std::uint8_t what);
  void pay(std::size_t index);

  // Outgoing.
  void start_dialing(std::size_t index);
  void send_pending(std::size_t index);
  void dialed(std::size_t index);
  void heard_tone(std::size_t index, std::uint8_t tone);
  // The outgoing call fails with `cause` (a heard tone, a violation): the line drops at once.
  void fail(std::size_t index, std::uint8_t q850_cause);
  // The far end cleared (or the call ended for good): on_disconnected(cause), the line drops.
  void far_cleared(std::size_t index, std::uint8_t q850_cause);
  // Incoming.
  void seized(std::size_t index);
  void start_collecting(std::size_t index);
  void digit(std::size_t index, char d);
  void number_complete(std::size_t index);
  // The call ends locally; with `to_idle` the channel is idle now, without reports.
  void reset(std::size_t index);
  void finish_release(std::size_t index);
  void wait_far_idle(std::size_t index);
  // Goes on-hook (and waits for the far end's) once our last change has stood long enough.
  void clear_line(std::size_t index);
  void play(std::size_t index, const media::ToneSpec& tone);
  void monitor_progress(std::size_t index);
  void violation(std::size_t index, const char* what);
  void report_status();

  std::vector<int> numbers_;
  std::vector<std::int16_t> index_;
  std::vector<Channel> channels_;
  config::CasConfig cas_;
  Role role_;
  bool ground_;  // ground start (fxs_gs, fxo_gs)
  std::string name_;
  signalling::BearerMedia bearer_;
  media::ToneSpec busy_tone_, reorder_tone_, sit_tone_, ringback_tone_;
  board::SpanEvents* events_ = nullptr;
  pipeline::TimerWheel* timers_ = nullptr;
  io::SpanIo* io_ = nullptr;
  board::SpanStatus status_;
  board::SpanStatus reported_;
  CasSpanStats stats_;
};

}  // namespace spantsp::cas
