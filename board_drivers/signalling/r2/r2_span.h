#pragma once
// The `mfcr2` signalling module (t1e1-notes §2): E1 MFC/R2 with digital line signalling on
// each channel's ABCD bits (io::SpanIo, as `cas` uses them) and compelled register signalling
// in-band (spandsp's R2 MF tones, media::R2MfBank, on the bearer the module claims through
// BearerMedia). One engine for both directions: the sim far end runs another R2Span over the
// far end of the same wire, and whoever seizes is the forward side of that call.
//
// Line signalling (Q.421; A and B bits, C and D fixed by the variant, 01 in ITU):
//   forward (the caller) sends idle 10, seize 00, clear forward 10;
//   backward (the callee) sends idle 10, seize ack 11, answer 01, clear back 11, blocked 11.
// A backward 11 with no call in progress is blocking: the channel is out of service
// (on_channel_service(false), LINEDEVSTATE_OUTOFSERVICE) until the far end shows idle again.
//
// Register signalling (Q.441, compelled): the forward side sends a group I tone (DNIS digit)
// and holds it until the backward side answers with a group A tone; it stops on hearing it,
// the backward side stops on hearing that, and the forward side acts on the signal (next
// digit, the category as a group II tone, the next ANI digit, change to group B...). In group
// B the backward side tells the callee's state (accept with/without charge, busy, congestion,
// unallocated...), after which line signalling takes over (answer, clear). The order of DNIS
// and ANI (`get_ani_first`), max_ani/max_dnis and each signal's tone come from the variant
// table (r2_variant.h). When the forward side has no signal for "no more DNIS", the backward
// side takes mfback_timeout of silence after at least one digit as the end of the number and
// sends its next request as a pulse (mfback_pulse). Mexico's group C (r2_variant.h): the
// category request switches both sides to group C, whose signals ask the next ANI digit,
// change to group II or go back to group A for the next DNIS digit.
//
// Brazil's collect calls (R2Config): with double_answer our answer is answer, clear back,
// answer (double_answer_timeout each), and as caller a clear back within twice that of the
// answer is held for the answer's return (unless we send the collect-call category, whose
// equipment clears on it). allow_collect_calls = false refuses an incoming call of the
// collect-call category in group B (unallocated number) without offering it.
//
// Upward (board::SpanEvents): outgoing: on_proceeding + on_alerting on a group B accept (or an
// A-6 accept), on_connected on the answer, on_disconnected(cause) on a group B refusal or a
// clear back. Incoming: on_incoming once DNIS, ANI and category are in (CallSetup.called,
// .calling, .calling_presentation for a restricted ANI, .r2_category); accept() finishes the
// register with change-to-B and the group B accept; release() before that refuses with the
// group B signal of the cause.
//
// Protocol violations and timeouts end the call with a defined cause and a stderr line
// (stats().protocol_errors): no seize ack within seize_timeout (102), no backward signal
// within mffwd_timeout (102, the register timeout), no forward tone within mfback_timeout
// (the seizure is dropped; the forward side's own timer ends its call), a backward idle before
// our clear forward (41), an unknown group A/B signal (111), glare (44). The far end's idle
// missing clear_timeout after our clearing completes the release anyway; if its bits are
// still not idle then, the channel is out of service (on_channel_service(false)) until they
// are. No channel waits on the far end without a timer.
//
// Alarms: red or blue take the span out of service; every call ends locally with cause 38.
//
// Threads: runs on the span worker; SpanEvents come from bit changes, audio frames and
// timers, never from inside a command. No locks. Memory: sized at construction / start().
//
// Ownership: the io::SpanIo and TimerWheel given to start() must outlive the span or stop()
// must run first.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "board_drivers/board_driver.h"
#include "board_drivers/io/span_io.h"
#include "board_drivers/signalling/bearer_media.h"
#include "board_drivers/signalling/channel_state.h"
#include "board_drivers/signalling/r2/r2_variant.h"
#include "config/config_model.h"
#include "media/r2_mf_bank.h"
#include "pipeline/timer_wheel.h"

namespace spantsp::r2 {

// Line signalling codes (ABCD with the variant's CD bits added).
inline constexpr std::uint8_t kAbIdle = 0x8, kAbSeize = 0x0, kAbSeizeAck = 0xC, kAbAnswer = 0x4,
                              kAbClearBack = 0xC, kAbBlocked = 0xC;
inline constexpr std::uint8_t kProtocolErrorCause = 111;

struct R2SpanStats {
  std::uint64_t calls_placed = 0;
  std::uint64_t calls_offered = 0;
  std::uint64_t glare = 0;
  std::uint64_t invalid_commands = 0;
  std::uint64_t unexpected_events = 0;
  std::uint64_t protocol_errors = 0;     // violations and timeouts that ended a call (logged)
  std::uint64_t abandoned_seizures = 0;  // cleared forward before the call was offered
  std::uint64_t register_signals = 0;    // tones sent (both groups)
  std::uint64_t blocked_changes = 0;
  std::uint64_t collect_calls_refused = 0;  // allow_collect_calls = false
  std::uint64_t double_answers = 0;         // sent (backward) or ridden out (forward)
};

// Test faults the sim far end injects (R2FarEnd): what this engine does wrong on purpose.
enum class R2Fault : std::uint8_t {
  kNone,
  kMissingTone,      // as backward side, answer no forward tone (the caller's register times
                     // out); as forward side, send no tone after the seize ack (ours does)
  kClearInRegister,  // as forward side, clear forward after the first backward signal; as
                     // backward side, go idle (forced release) after the first forward tone
  kWrongTone,        // send tone 13, which no group A or DNIS digit is, as the first signal
  kStuckBits         // at the call's clearing the line bits stay put (until block(false))
};

class R2Span final : private io::SpanIoEvents,
                     private pipeline::TimerHandler,
                     private signalling::BearerOwner {
 public:
  R2Span(const std::vector<int>& channels, const config::R2Config& r2, std::string name);
  ~R2Span();
  R2Span(const R2Span&) = delete;
  R2Span& operator=(const R2Span&) = delete;

  void start(board::SpanEvents& events, pipeline::TimerWheel& timers, io::SpanIo& io);
  void stop();

  media::MediaResult media(int channel, const media::MediaCommand& command);
  // `setup.called` must be 1..kR2MaxDigits decimal digits (R2 carries nothing else); false
  // otherwise, or when the channel is busy, blocked or out of service.
  bool place_call(int channel, const board::CallSetup& setup);
  void send_digits(int channel, std::string_view digits, bool complete);
  void accept(int channel);
  void answer(int channel);
  void release(int channel, std::uint8_t q850_cause);
  // Ends the channel's call here with no report: the line goes idle at once (the sim far end
  // when its span is out of service).
  void drop(int channel);
  // Blocks (true) or unblocks an idle channel towards the far end (the sim far end's fault);
  // unblocking also frees bits a kStuckBits fault holds.
  bool block(int channel, bool blocked);
  // The next call on the channel misbehaves (sim far end).
  void set_fault(int channel, R2Fault fault);

  const board::SpanStatus& status() const { return status_; }
  signalling::ChannelState channel_state(int channel) const;
  bool channel_free(int channel) const;
  bool channel_blocked(int channel) const;
  const R2SpanStats& stats() const { return stats_; }
  const std::vector<int>& channels() const { return numbers_; }
  int index_of(int channel) const;
  const config::R2Config& config() const { return cfg_; }
  signalling::BearerMedia& bearer() { return bearer_; }

 private:
  enum class Line : std::uint8_t {
    kIdle,
    kOutSeized,      // seize sent; waiting for seize ack
    kOutRegister,    // forward register signalling
    kOutWaitAnswer,  // accepted; waiting for the answer
    kOutAnswered,
    kOutClearing,  // clear forward sent; waiting for idle
    kInRegister,   // backward register signalling
    kInOffered,    // all digits in; the core decides (the forward tone is held)
    kInRefusing,   // group B refusal under way
    kInAccepted,   // group B accept sent (or under way)
    kInAnswered,
    kInClearBack,  // clear back sent; waiting for clear forward
    kInDropped,    // a seizure we gave up on: waiting for clear forward
  };
  enum class Expect : std::uint8_t { kDnis, kCategory, kAni, kGroupII };
  enum Owed : std::uint8_t { kOweReleased = 1, kOweConnected = 2 };
  enum TimerKind : std::uint64_t { kLineTimer, kMfTimer, kPulseTimer, kOwedTimer, kKinds };

  struct Channel {
    signalling::ChannelState state = signalling::ChannelState::kIdle;
    Line line = Line::kIdle;
    std::uint8_t tx = kAbIdle;
    std::uint8_t rx = kAbIdle;  // A and B bits of what the far end sends
    bool far_blocked = false;   // blocked, or left non-idle after a clearing timed out
    bool bits_stuck = false;    // the kStuckBits fault holds our line bits
    bool we_block = false;
    bool local_only = false;
    R2Fault fault = R2Fault::kNone;
    R2Fault armed_fault = R2Fault::kNone;  // the fault of the call in progress
    std::uint8_t owed = 0;
    char heard = 0;  // the tone heard now (0: none)
    board::CallSetup setup;
    // Forward side.
    std::size_t dnis_sent = 0;
    std::size_t ani_sent = 0;
    bool ani_phase = false;
    bool category_sent = false;
    bool group_b = false;
    bool group_c = false;          // either side: the register is in group C (r2_variant.h)
    bool clear_back_held = false;  // a clear back held as half of the far end's double answer
    bool double_answer_seen = false;
    std::uint64_t answered_at_ms = 0;
    int backward = 0;  // the backward signal heard, acted on when it ends
    // Backward side.
    Expect expect = Expect::kDnis;
    bool dnis_done = false, ani_done = false, category_got = false;
    int category_tone = 0;
    std::uint8_t refuse_cause = 0;
    bool answer_pending = false;
    std::uint8_t double_answer_step = 0;  // 1: answered, clear back next; 2: answer again next
    pipeline::TimerNode timers[kKinds];
  };

  // io::SpanIoEvents
  void on_alarms(const io::SpanAlarms& alarms) override;
  void on_abcd(std::size_t index, std::uint8_t bits, std::uint64_t at_ms) override;
  void on_audio_frame(io::SpanAudio& audio, std::uint64_t now_ms) override;
  void on_owned_media(std::size_t /*index*/, const media::MediaEvent& /*event*/) override {}
  void on_timer(std::uint64_t cookie, std::uint64_t now_ms) override;

  bool command(int channel, signalling::ChannelInput input, std::size_t& index,
               signalling::ChannelState& next);
  bool message(std::size_t index, signalling::ChannelInput input);
  void set_state(std::size_t index, signalling::ChannelState next);

  void send_line(std::size_t index, std::uint8_t ab);
  void on_line(std::size_t index, std::uint8_t old_ab, std::uint8_t ab);
  void on_tone_change(std::size_t index, char old_tone, char tone);
  void on_line_timer(std::size_t index);
  void on_mf_timer(std::size_t index);
  void out_of_service_while_busy(std::size_t index);

  void arm(std::size_t index, TimerKind kind, std::uint64_t after_ms);
  void cancel(std::size_t index, TimerKind kind);
  void owe_release(std::size_t index);

  void start_register(std::size_t index, bool forward);
  void stop_register(std::size_t index);
  void send_tone(std::size_t index, int tone);
  void pulse(std::size_t index, int tone);

  // Forward side.
  void forward_act(std::size_t index, int signal);
  void forward_accepted(std::size_t index);
  void send_ani(std::size_t index);
  void send_next_dnis(std::size_t index);
  bool forward_group_c(std::size_t index, int signal);
  void fail(std::size_t index, std::uint8_t q850_cause);
  void clear_forward(std::size_t index);
  // Backward side.
  void seized(std::size_t index);
  void backward_heard(std::size_t index, int tone);
  void backward_next(std::size_t index, bool as_pulse);
  void offer(std::size_t index);
  void send_group_b(std::size_t index);
  void change_to_group_b(std::size_t index);
  void send_answer(std::size_t index);
  int group_b_tone(std::uint8_t q850_cause) const;
  void drop_seizure(std::size_t index);

  void to_idle(std::size_t index);
  void violation(std::size_t index, const char* what);
  void report_status();
  bool in_register_out(const Channel& c) const;

  std::vector<int> numbers_;
  std::vector<std::int16_t> index_;
  std::vector<Channel> channels_;
  config::R2Config cfg_;
  const R2Variant& variant_;
  bool ani_first_;
  std::string name_;
  signalling::BearerMedia bearer_;
  std::unique_ptr<media::R2MfBank> mf_;
  board::SpanEvents* events_ = nullptr;
  pipeline::TimerWheel* timers_ = nullptr;
  io::SpanIo* io_ = nullptr;
  board::SpanStatus status_;
  board::SpanStatus reported_;
  R2SpanStats stats_;
};

}  // namespace spantsp::r2
