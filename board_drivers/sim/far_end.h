#pragma once
// The simulated switch on the far side of one sim span with `ideal` signalling (DESIGN.md §4):
// it offers incoming calls as a Poisson process from the board's TrafficProfile, answers,
// refuses and clears our outgoing calls by the profile's shares and the "99CC" test numbers of
// sim_control.h, holds answered calls for exponential hold times, and obeys the far-end
// controls of sim_control.h.
//
// Threads: runs on the span worker only, like the IdealSpan that owns it. No locks.
//
// Delivery: the far end decides at once (its state changes inside the command or control that
// caused it) but its messages towards our side travel through a small per-channel outbox that
// a timer drains at the current millisecond. So a report never re-enters the core from inside
// a command the core is making (tspi-contract: the completion of lineMakeCall precedes the
// call's first LINE_CALLSTATE), and messages of one channel arrive in the order decided.
//
// Memory: everything is sized at construction (one Channel per bearer); timers are intrusive
// nodes inside this object, so arming them never allocates. The TimerWheel given to start()
// must outlive the far end, or stop() must run before the wheel goes away.
//
// Ownership: owned by IdealSpan (one per span); talks back only through FarEndLink.

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "board_drivers/board_driver.h"
#include "board_drivers/io/span_io.h"
#include "board_drivers/sim/sim_random.h"
#include "config/config_model.h"
#include "media/span_media.h"
#include "pipeline/timer_wheel.h"

namespace spantsp::sim {

// The caller gives up on an incoming call nobody answers (cause 16, counted as abandoned).
inline constexpr std::uint64_t kRingTimeoutMs = 30'000;
// The far end stops ringing an outgoing call that was drawn "no answer" (cause 19).
inline constexpr std::uint64_t kNoAnswerTimeoutMs = 60'000;
// Overlap sending: the far end waits this long for the next digits (cause 28 when it expires).
inline constexpr std::uint64_t kDigitTimeoutMs = 10'000;

// Per-span counters, plain integers touched only on the span worker; stats() copies them into
// a snapshot for whoever publishes them.
struct SimSpanStats {
  std::uint64_t incoming_offered = 0;    // SETUPs the far end delivered to us
  std::uint64_t incoming_blocked = 0;    // arrivals with no idle channel or the span out of service
  std::uint64_t incoming_answered = 0;   // incoming calls we answered
  std::uint64_t incoming_abandoned = 0;  // callers who gave up after kRingTimeoutMs
  std::uint64_t outgoing_placed = 0;     // our SETUPs the far end took
  std::uint64_t outgoing_answered = 0;   // ... answered by the far end
  std::uint64_t outgoing_busy = 0;       // ... cleared with cause 17
  std::uint64_t outgoing_no_answer = 0;  // ... rang out (cause 18 or 19)
  std::uint64_t outgoing_rejected = 0;   // ... refused otherwise (21, test numbers, bad number)
  std::uint64_t digit_timeouts = 0;      // overlap calls cleared with cause 28 on the timer
  std::uint64_t remote_clears = 0;       // calls the far end cleared by choice (hold, control)
  std::uint64_t alarm_clears = 0;        // calls cleared because the span went out of service
  std::uint64_t glare = 0;               // place_call refused: the far end seized the channel
  std::uint64_t invalid_commands = 0;    // core commands the channel state did not allow
  std::uint64_t unexpected_messages = 0;    // far-end messages our state did not allow (a sim bug)
  std::uint64_t loopback_calls = 0;         // our calls to one of our own lines, offered to it
  std::uint64_t bridged_frames = 0;         // channel-frames the switch carried between two lines
  std::uint64_t user_user_received = 0;     // user-user information our side sent (any message)
  std::uint64_t user_user_sent = 0;         // ... the far end delivered towards our side
  std::uint64_t deflections = 0;            // offered calls our side deflected (lineRedirect)
  std::uint64_t deflected_to_own_line = 0;  // ... to one of our own lines (loopback)
  std::uint64_t transfers_joined = 0;       // pairs of our calls whose far parties it joined
  std::uint64_t transfers_single_step = 0;  // connected calls of ours it sent on to a number
  // Sound ([board.traffic] dtmf_*, fax_share, ..., listen).
  std::uint64_t dtmf_strings_sent = 0;      // dtmf_digits strings the far party started to send
  std::uint64_t fax_calls = 0;              // connected calls with a fax machine at the far end
  std::uint64_t modem_calls = 0;            // ... a modem
  std::uint64_t speech_calls = 0;           // ... a talking party
  std::uint64_t progress_tones_played = 0;  // every call-progress tone the switch started
  std::uint64_t busy_tones_played = 0;      // ... busy tone before refusing a call (cause 17)
  std::uint64_t sit_tones_played = 0;       // ... SIT before refusing one (causes 1, 3, 22, 28)
  std::uint64_t reorder_tones_played = 0;   // ... congestion (reorder) tone: other refusals
  std::uint64_t digits_heard = 0;           // DTMF digits of our side the far party detected
  std::uint64_t tones_heard = 0;            // monitored tones of our side it detected
  std::uint64_t tone_zone_fallbacks = 0;    // tone_zone unknown to libtonezone: "us" played
  std::uint64_t scripted_calls = 0;         // connected calls whose far party followed a script
  std::uint64_t scripted_hang_ups = 0;      // ... that hung up by its script
};

// What the far end played and heard on one channel, for the channel's latest call (kept after
// the call ends, until the next one starts there). Tests and the stats read it.
enum FarSound : std::uint32_t {
  kPlayedDtmf = 1u << 0,
  kPlayedFaxCng = 1u << 1,
  kPlayedFaxCed = 1u << 2,
  kPlayedModemAnswer = 1u << 3,
  kPlayedSpeech = 1u << 4,
  kPlayedDialTone = 1u << 5,
  kPlayedRingback = 1u << 6,
  kPlayedBusyTone = 1u << 7,
  kPlayedSit = 1u << 8,
  kPlayedCongestion = 1u << 9,
};
// The tone the switch plays before refusing a call with `q850_cause` (refusal_tone_ms): busy
// tone for user busy (17), SIT for a number that cannot be reached as dialled (1, 3, 22, 28),
// congestion tone for every other cause (34, 38, 41, 42, 44, 21, ...).
FarSound refusal_sound(std::uint8_t q850_cause);
// ITU-T E.180 special information tone (913.8, 1370.6, 1776.7 Hz for 274, 274, 380 ms, then
// 1 s of silence, repeated): what the switch plays when its zone has no SIT of its own.
media::ToneSpec e180_sit_tone(std::int8_t level_dbm0 = -13);

// Tones the far party listens for (bit i of FarRecord::tones_heard is entry i).
enum FarTone : std::uint8_t {
  kHeardBeep1000 = 0,  // 1000 Hz, >= 100 ms (TAPI's beep, test tones)
  kHeardRingback,      // 440 + 480 Hz (North American ringback)
  kHeardBusy,          // 480 + 620 Hz
  kHeardDialTone,      // 350 + 440 Hz
  kHeardFaxCng,        // 1100 Hz
  kHeardAnswerTone,    // 2100 Hz (fax CED, modem ANS)
  kFarTones,
};
enum FarTransfer : std::uint8_t {
  kNotTransferred = 0,
  kTransferJoined = 1,      // joined with the far party of another call of ours
  kTransferSingleStep = 2,  // sent on to a number
};

struct FarRecord {
  board::FixedString<64> digits_heard;  // our side's DTMF digits, in order (one per digit)
  board::FixedString<32> digits_sent;   // the far party's dtmf_digits, once started
  std::uint32_t tones_heard = 0;        // FarTone bits
  std::uint32_t played = 0;             // FarSound bits
  board::UserUser user_user;            // the last user-user information our side sent
  std::uint32_t user_user_count = 0;    // ... and how many the call brought
  board::Number deflected_to;           // where our side deflected the call (empty: not)
  // What a transfer of ours did with this call's far party (sim_control.h kSimQueryTransfer):
  // FarTransfer, and the party it talks to since (the other call's far party, or the number).
  std::uint8_t transfer = 0;
  board::Number transfer_party;
  board::Number transfer_own_party;  // this call's own far party, as it was then
  int caller = -1;  // the TrafficProfile::callers script the far party followed, -1: none
};

// What the far end sends towards our side, by dense channel index (0 .. channels-1). Called
// on the span worker from the far end's timer handlers only.
class FarEndLink {
 public:
  virtual void far_setup(std::size_t index, const board::CallSetup& setup) = 0;
  virtual void far_digits(std::size_t index, std::string_view digits, bool complete) = 0;
  virtual void far_proceeding(std::size_t index) = 0;
  virtual void far_alerting(std::size_t index) = 0;
  // The switch refuses our call with `q850_cause` and plays a tone about it in-band first
  // (PRI: PROGRESS, progress indicator 8, with the cause); DISCONNECT follows after the tone.
  virtual void far_progress(std::size_t /*index*/, std::uint8_t /*q850_cause*/) {}
  // The far party answered our call, or the network acknowledged our answer.
  virtual void far_connect(std::size_t index) = 0;
  virtual void far_disconnect(std::size_t index, std::uint8_t q850_cause) = 0;
  virtual void far_release_complete(std::size_t index) = 0;
  virtual void far_span_status(const board::SpanStatus& status) = 0;
  // User-user information for our side: with the link's next message of the channel's call
  // (PRI: pri_call_set_useruser), or at once where the signalling has USER INFORMATION.
  virtual void far_user_user(std::size_t /*index*/, std::string_view /*uui*/) {}

 protected:
  ~FarEndLink() = default;
};

// How the far end treats one of our outgoing calls once its number is complete.
enum class DialOutcome : std::uint8_t {
  kAnswer,     // PROCEEDING, ALERTING, CONNECT after answer_delay_ms
  kAnswerNow,  // PROCEEDING, CONNECT (test number 9900)
  kNoAnswer,   // PROCEEDING, ALERTING, DISCONNECT(cause) after kNoAnswerTimeoutMs
  kClear,      // PROCEEDING, DISCONNECT(cause)
};

struct DialDecision {
  DialOutcome outcome = DialOutcome::kAnswer;
  std::uint8_t cause = 0;  // for kNoAnswer and kClear
};

// sim_control.h's test numbers: "99CC..." -> the decision for cause CC; nullopt for any other
// number (the traffic profile decides).
std::optional<DialDecision> test_number_decision(std::string_view called);

class FarEnd final : public pipeline::TimerHandler,
                     private io::SpanIoEvents,
                     private media::MediaEvents {
 public:
  // Seeded from profile.seed XOR span_index: spans differ, runs repeat.
  FarEnd(const config::TrafficProfile& profile, std::uint32_t span_index, std::size_t channels);
  ~FarEnd();
  FarEnd(const FarEnd&) = delete;
  FarEnd& operator=(const FarEnd&) = delete;

  // The numbers our own lines answer to, by channel index (config line numbers; empty: none).
  // Loopback through the switch: an outgoing call of ours to one of them is offered to that
  // line (same span only: both legs live on this worker), with the caller's number, and once
  // answered the switch bridges the two calls' audio (A's tx reaches B's rx and back, one frame
  // more of latency). The legs clear together: when one ends the switch clears the other (16
  // when it was connected, else the cause the first leg ended with; 17 when the line is busy).
  void set_own_numbers(const std::vector<std::string>& numbers);

  // `io`: the far end of the span's sim I/O (its audio), or null for a span without audio.
  // Sound: the far end's own SpanMedia (built here, once, for io's layout, when the profile
  // has any sound: a share, progress_tones or listen) plays what the
  // far party sends and listens to our side, on the far end of the audio crossover. At
  // connect the far party is drawn: a fax (fax_share; CNG when it calls, CED when it
  // answers), a modem (modem_share; our calls only: answer tone), else talking (speech_share)
  // or silent; independently it keys dtmf_digits dtmf_delay_ms after connect (dtmf_share).
  // With listen it detects our DTMF and the FarTone list (record()). With progress_tones the
  // switch plays dial tone while collecting overlap digits and ringback while our call rings,
  // and with refusal_tone_ms > 0 it plays, for that long, busy tone, SIT or congestion tone
  // (refusal_sound()) before it clears a call it refuses (PROGRESS first: far_progress).
  // Nothing is drawn for a share of 0, so profiles without sound run as before.
  void start(FarEndLink& link, pipeline::TimerWheel& timers, io::SpanIo* io = nullptr);
  // Cancels every timer; calls in progress are dropped without reports and every channel is
  // free again for a later start().
  void stop();

  // --- Our side's messages (IdealSpan has already checked them against its own state). ---
  enum class Seize : std::uint8_t {
    kSeized,   // the far end took our SETUP
    kGlare,    // the far end seized the channel towards us first; its SETUP follows
    kRefused,  // out of service, or not started
  };
  Seize on_setup(std::size_t index, const board::CallSetup& setup);
  void on_digits(std::size_t index, std::string_view digits, bool complete);
  void on_alerting(std::size_t index);  // we accepted an incoming call
  void on_connect(std::size_t index);   // we answered an incoming call
  void on_release(std::size_t index, std::uint8_t q850_cause);
  // User-user information from our side, whichever message carried it: recorded (record()),
  // and on a loopback call passed on to the other leg, as a network does (UUS1).
  void on_user_user(std::size_t index, std::string_view uui);

  // --- sim_control.h controls, already validated for form; kRejected when the state does not
  // allow them. ---
  board::ControlResult inject_incoming(std::size_t index, const board::CallSetup& setup);
  board::ControlResult remote_answer(std::size_t index);
  board::ControlResult remote_clear(std::size_t index, std::uint8_t q850_cause);
  board::ControlResult remote_digits(std::size_t index, std::string_view digits, bool complete);
  // sim_control.h kSimRemoteUserUser: sent with the far end's next message for the channel,
  // or kept for the SETUP of the next call injected there.
  board::ControlResult remote_user_user(std::size_t index, std::string_view uui);

  // Our side deflects the call the switch offered on `index` to `to` (call deflection /
  // CallRerouting, "clear call on invocation"): recorded (record().deflected_to), the call is
  // offered to `to` with our line's number as the redirecting number (to our own line when it
  // is one: loopback; the caller's leg stays up and follows it), and our leg is cleared with
  // cause 16. kRejected when the channel has no offered incoming call, kInvalid for an empty
  // number.
  board::ControlResult deflect(std::size_t index, const board::Number& to);
  // Single-step transfer of our connected call on `index` (lineBlindTransfer: the ideal
  // board's switch service, CallRerouting of an active call on PRI): the far party is sent on
  // to `to` (offered to our own line when it is one, as a call from that party) and our leg
  // is cleared with cause 16. A loopback call's other leg stays up, now talking to `to`.
  // Recorded (record().transfer). kRejected unless the call is connected, kInvalid for an
  // empty number.
  board::ControlResult transfer(std::size_t index, const board::Number& to);
  // Joins the far parties of our calls on `a` (connected) and `b` (connected or still
  // ringing at its far party): two-B-channel transfer / ECT, our legs cleared with cause 16,
  // both recorded (record().transfer). Loopback legs on the far side are paired with each
  // other. kRejected when either call is not in such a state or a == b.
  board::ControlResult join(std::size_t a, std::size_t b);
  // The far party of the call on `index`: the caller of an incoming call, else the number we
  // dialled.
  const board::Number& far_party(std::size_t index) const {
    const Channel& c = channels_[index];
    return c.incoming ? c.setup.calling : c.setup.called;
  }

  // Red/blue alarms or signalling down take the span out of service at once (no new calls);
  // at the next tick the status is reported and every call is cleared with cause 38.
  void set_alarms(const board::SpanStatus& status);

  const board::SpanStatus& status() const { return status_; }
  bool in_service() const { return status_.in_service(); }
  bool channel_idle(std::size_t index) const;
  std::size_t channel_count() const { return channels_.size(); }
  // Counters the far end keeps (invalid_commands/unexpected_messages are the IdealSpan's).
  const SimSpanStats& counters() const { return stats_; }

  void on_timer(std::uint64_t cookie, std::uint64_t now_ms) override;

  const FarRecord& record(std::size_t index) const { return channels_[index].record; }
  // Tests: the far party keeps the first `max_ms` of what it hears (our side's audio, G.711
  // octets as they crossed the wire) from each call's connect; allocated here, once (0: off).
  void record_audio(std::uint32_t max_ms);
  // What channel `index`'s far party heard of its latest call (empty without record_audio).
  std::span<const std::uint8_t> heard_audio(std::size_t index) const;

  // The other leg of a loopback call on channel `index`, or -1.
  int peer(std::size_t index) const {
    return index < channels_.size() ? channels_[index].peer : -1;
  }

 private:
  enum class State : std::uint8_t {
    kIdle,
    kOffered,     // SETUP towards us decided (maybe still in the outbox); ring timeout running
    kRinging,     // we alerted; ring timeout still running
    kCollecting,  // our overlap call: waiting for digits; digit timeout running
    kAlerting,    // our call rings at the far party; answer delay or no-answer timeout running
    kAnnouncing,  // our call refused; the switch plays its tone until the refusal deadline
    kConnected,   // hold time running, or held until our side clears
    kCleared,     // DISCONNECT sent; waiting for our release
    kReleasing,   // we released; RELEASE COMPLETE in the outbox
  };
  enum class Send : std::uint8_t {
    kSetup,
    kDigits,
    kProceeding,
    kAlerting,
    kProgress,  // in-band information about the refusal (Message::cause)
    kConnect,
    kDisconnect,
    kReleaseComplete,
    kUserUser,  // Channel::uui_out, handed to the link ahead of the next message
  };
  enum class Party : std::uint8_t { kSilent, kSpeech, kFax, kModem };
  enum class Deadline : std::uint8_t {
    kNone,
    kDigits,
    kRing,
    kAnswer,
    kNoAnswer,
    kHangUp,
    kRefusal,
  };
  // Why a DISCONNECT was sent: which counter it lands in when delivered.
  enum class Reason : std::uint8_t {
    kNone,
    kBusy,
    kNoAnswer,
    kRejected,
    kDigitTimeout,
    kAbandoned,
    kRemoteClear,
    kAlarm,
  };
  struct Message {
    Send what = Send::kSetup;
    std::uint8_t cause = 0;
    Reason reason = Reason::kNone;
  };
  // Four is the most one channel ever has in flight (PROCEEDING, ALERTING, CONNECT, DISCONNECT
  // decided within one tick); a clearing never adds to a cleared call.
  // User-user information adds at most two more.
  static constexpr std::size_t kOutboxSize = 8;

  struct Channel {
    State state = State::kIdle;
    Deadline deadline = Deadline::kNone;
    bool incoming = false;
    bool incoming_complete = true;  // our incoming call's number: no more digits to come
    DialDecision decision;          // our outgoing call, once its number is complete
    board::CallSetup setup;         // offered to us, or the number we are dialling
    board::Number digits;           // for the DIGITS message in the outbox
    bool digits_complete = false;
    std::array<Message, kOutboxSize> outbox{};
    std::uint8_t outbox_head = 0;
    std::uint8_t outbox_count = 0;
    int peer = -1;            // loopback: the channel of the call's other leg
    board::UserUser uui_out;  // user-user information for our side's next message
    Party party = Party::kSilent;
    bool sends_dtmf = false;
    int script = -1;  // index into profile_.callers, -1: none
    FarRecord record;
    pipeline::TimerNode send_timer;
    pipeline::TimerNode deadline_timer;
    pipeline::TimerNode dtmf_timer;
    pipeline::TimerNode speak_timer;
  };

  // io::SpanIoEvents (the far end of the span's I/O)
  void on_alarms(const io::SpanAlarms& /*alarms*/) override {}
  void on_abcd(std::size_t /*index*/, std::uint8_t /*bits*/, std::uint64_t /*at_ms*/) override {}
  void on_audio_frame(io::SpanAudio& audio, std::uint64_t now_ms) override;

  // media::MediaEvents: what the far party heard (from inside the tick).
  void on_media_event(std::size_t channel, const media::MediaEvent& event) override;
  // Sound of channel `index`'s call.
  void draw_party(Channel& c, bool incoming);
  // The scripted far party starts talking (speak_from_ms after the answer).
  void speak(std::size_t index);
  void start_audio(std::size_t index);
  void play_progress(std::size_t index, const media::ToneSpec& tone, std::uint32_t what);
  void send_dtmf(std::size_t index);
  bool far_command(std::size_t index, const media::MediaCommand& command);

  // Loopback: offers our call on `index` to our own line `line`.
  void loop(std::size_t index, std::size_t line, std::uint64_t now_ms);
  // Ends the loopback pairing of `index`; the other leg, while active, is cleared with `cause`.
  void unlink(std::size_t index, std::uint8_t q850_cause);
  static bool active(State state);
  int own_line(std::string_view called) const;

  std::uint64_t now() const { return timers_->now_ms(); }
  void send(std::size_t index, Send what, std::uint8_t cause = 0, Reason reason = Reason::kNone);
  void flush(Channel& channel);
  void reset_call(Channel& channel);
  void deliver_next(std::size_t index);
  void arm_deadline(std::size_t index, Deadline deadline, std::uint64_t due_ms);
  void cancel_deadline(Channel& channel);
  void on_deadline(std::size_t index, std::uint64_t now_ms);

  void offer(std::size_t index, const board::CallSetup& setup, std::uint64_t now_ms);
  void route(std::size_t index, std::uint64_t now_ms);
  DialDecision decide(std::string_view called);
  void connect(std::size_t index, std::uint64_t now_ms);
  void clear(std::size_t index, std::uint8_t cause, Reason reason);
  // Our call's decision was kClear: clears now, or plays the refusal tone first.
  void refuse(std::size_t index, std::uint64_t now_ms);
  void count_clear(Reason reason);

  void on_arrival(std::uint64_t now_ms);
  void schedule_arrival(std::uint64_t now_ms);
  void report_status();
  board::CallSetup random_setup();
  void draw_number(const config::Range& range, board::Number& out);

  config::TrafficProfile profile_;
  SimRandom random_;
  std::vector<board::Number> own_numbers_;
  io::SpanIo* io_ = nullptr;
  std::unique_ptr<media::SpanMedia> media_;
  std::size_t audio_capacity_ = 0;         // octets per channel record_audio() keeps
  std::vector<std::uint8_t> audio_;        // channels x audio_capacity_
  std::vector<std::size_t> audio_length_;  // octets kept per channel
  media::ToneSpec ringback_tone_;
  media::ToneSpec dial_tone_;
  media::ToneSpec busy_tone_;
  media::ToneSpec sit_tone_;
  media::ToneSpec congestion_tone_;
  std::vector<Channel> channels_;
  FarEndLink* link_ = nullptr;
  pipeline::TimerWheel* timers_ = nullptr;

  board::SpanStatus status_;           // what the span is now
  board::SpanStatus reported_status_;  // what our side was last told
  pipeline::TimerNode status_timer_;
  pipeline::TimerNode arrival_timer_;
  double next_arrival_ms_ = 0.0;  // exact Poisson time; the timer fires at its ceiling

  SimSpanStats stats_;
};

}  // namespace spantsp::sim
