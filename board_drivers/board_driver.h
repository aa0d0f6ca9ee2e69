#pragma once
// The board API the core sees (DESIGN.md §4): channel-level call control, like an intelligent
// board's firmware — "place a call on channel N to number X", "answer", "release with cause";
// back come "incoming call", "proceeding", "alerting", "connected", "disconnected(cause)",
// "released", "span alarm", "channel in/out of service". The core never sees Q.931, robbed
// bits or HDLC frames; a driver never sees TAPI.
//
// Threads: a SpanSignalling object belongs to one span and is called only on that span's
// worker thread; it reports through SpanEvents on the same thread, and arms its timers on the
// worker's TimerWheel. No locks on either side.
//
// No re-entry: a driver never calls SpanEvents from inside a SpanSignalling call. What a
// command causes is reported on a later turn of the worker (a timer armed at "now", or the
// next poll), so the core can finish the command — e.g. complete lineMakeCall before the
// call's first LINE_CALLSTATE (tspi-contract §2) — before the board's answer arrives.

#include <array>
#include <cstdint>
#include <memory>
#include <string_view>

#include "config/config_model.h"
#include "media/media_types.h"
#include "pipeline/timer_wheel.h"

namespace spantsp::media {
class MediaStream;
}

namespace spantsp::board {

// Q.850 cause values used across the tree (t1e1-notes §1.6).
namespace cause {
inline constexpr std::uint8_t kUnallocatedNumber = 1;
inline constexpr std::uint8_t kNoRoute = 3;
inline constexpr std::uint8_t kNormalClearing = 16;
inline constexpr std::uint8_t kUserBusy = 17;
inline constexpr std::uint8_t kNoUserResponding = 18;
inline constexpr std::uint8_t kNoAnswer = 19;
inline constexpr std::uint8_t kCallRejected = 21;
inline constexpr std::uint8_t kNumberChanged = 22;
inline constexpr std::uint8_t kDestinationOutOfOrder = 27;
inline constexpr std::uint8_t kInvalidNumberFormat = 28;
inline constexpr std::uint8_t kNormalUnspecified = 31;
inline constexpr std::uint8_t kNoCircuitAvailable = 34;
inline constexpr std::uint8_t kNetworkOutOfOrder = 38;
inline constexpr std::uint8_t kTemporaryFailure = 41;
inline constexpr std::uint8_t kSwitchCongestion = 42;
inline constexpr std::uint8_t kChannelUnavailable = 44;
inline constexpr std::uint8_t kResourceUnavailable = 47;
inline constexpr std::uint8_t kIncomingBarred = 54;
inline constexpr std::uint8_t kBearerNotAvailable = 58;
inline constexpr std::uint8_t kFacilityNotImplemented = 69;
inline constexpr std::uint8_t kInvalidCallReference = 81;
inline constexpr std::uint8_t kIncompatibleDestination = 88;
inline constexpr std::uint8_t kRecoveryOnTimerExpiry = 102;
inline constexpr std::uint8_t kInterworking = 127;
}  // namespace cause

// A short number or name carried inline (no allocation per call).
template <std::size_t N>
struct FixedString {
  std::array<char, N + 1> text{};
  std::uint8_t size = 0;

  std::string_view view() const { return {text.data(), size}; }
  bool empty() const { return size == 0; }
  // Keeps at most N characters; returns false when `s` had to be cut.
  bool assign(std::string_view s) {
    size = static_cast<std::uint8_t>(s.size() < N ? s.size() : N);
    for (std::size_t i = 0; i < size; ++i) text[i] = s[i];
    text[size] = '\0';
    return s.size() <= N;
  }
  bool append(std::string_view s) {
    if (size + s.size() > N) return false;
    for (char c : s) text[size++] = c;
    text[size] = '\0';
    return true;
  }
};

inline constexpr std::size_t kMaxDigits = 40;  // longest number a trunk call carries
inline constexpr std::size_t kMaxName = 40;

using Number = FixedString<kMaxDigits>;
using Name = FixedString<kMaxName>;

// User-user information (UUS1, Q.931 user-user IE): opaque octets an application passes to the
// far party with the call's messages. 128 is the IE's longest content; call_services.h says
// how much each signalling carries per message.
inline constexpr std::size_t kMaxUserUser = 128;
using UserUser = FixedString<kMaxUserUser>;

// Type of number / presentation as ISDN carries them (ideal boards pass them through).
enum class Presentation : std::uint8_t { kAllowed, kRestricted, kUnavailable };

struct CallSetup {
  Number called;
  Number calling;
  Name calling_name;
  Number redirecting;
  Presentation calling_presentation = Presentation::kAllowed;
  bool sending_complete = true;  // false: more digits follow (overlap sending)
  // ISDN: the channel asked for is required (exclusive) or only preferred, so the network may
  // pick another; received SETUPs say which they asked for. Ideal boards ignore it.
  bool channel_exclusive = true;
  UserUser uui;  // sent with the SETUP / received with it (board::kServiceUserUser)
  // MFC/R2: the calling party's category as its group II tone (1..15; 0: none or not R2).
  std::uint8_t r2_category = 0;
};

struct SpanStatus {
  bool red = false, yellow = false, blue = false;  // alarms
  bool signalling_up = true;                       // D-channel / signalling link
  bool in_service() const { return signalling_up && !red && !blue; }
};

// Reported by a driver, on the span worker.
class SpanEvents {
 public:
  virtual void on_incoming(int channel, const CallSetup& setup) = 0;
  virtual void on_more_digits(int channel, std::string_view digits, bool complete) = 0;
  virtual void on_proceeding(int channel) = 0;
  virtual void on_alerting(int channel) = 0;
  virtual void on_progress(int channel, bool inband) = 0;
  virtual void on_connected(int channel) = 0;
  // The far end cleared (or the network refused) with a Q.850 cause; the channel stays ours
  // until release() completes with on_released().
  virtual void on_disconnected(int channel, std::uint8_t q850_cause) = 0;
  // The channel is free again (clearing finished, whoever started it).
  virtual void on_released(int channel) = 0;
  virtual void on_span_status(const SpanStatus& status) = 0;
  virtual void on_channel_service(int channel, bool in_service) = 0;
  // A detector or generator of the channel's bearer reported (DESIGN.md §5): from the media
  // tick, never from inside a SpanSignalling call.
  virtual void on_media(int channel, const media::MediaEvent& event) = 0;
  // The answer to hold() (`held` true) or retrieve() (`held` false): the network acknowledged
  // (`ok`) or rejected it. A held call keeps its channel; the call stays connected on a reject.
  virtual void on_hold_result(int /*channel*/, bool /*held*/, bool /*ok*/) {}
  // The far end put the channel's call on hold (`held`) or retrieved it, and the signalling
  // granted it (board::kServiceRemoteHold); the call stays connected, its channel ours.
  virtual void on_remote_hold(int /*channel*/, bool /*held*/) {}
  // User-user information from the far party (board::kServiceUserUser), reported just before
  // the event of the message that carried it (alerting, connected, disconnected), or alone
  // for a USER INFORMATION on a connected call. A SETUP's comes in CallSetup::uui.
  virtual void on_user_user(int /*channel*/, std::string_view /*uui*/) {}

 protected:
  ~SpanEvents() = default;
};

enum class ControlResult : std::uint8_t {
  kOk,
  kUnsupported,  // this board has no such control (-> LINEERR_OPERATIONUNAVAIL)
  kInvalid,      // malformed parameters (-> LINEERR_INVALPARAM)
  kRejected,     // well-formed, but not possible in the channel's state (-> OPERATIONFAILED)
};

// Commands to a span's signalling, on the span worker. Channel numbers are the bearer
// channel numbers of the configuration (T1 1-24, E1 timeslots).
class SpanSignalling {
 public:
  virtual ~SpanSignalling() = default;

  virtual void start(SpanEvents& events, pipeline::TimerWheel& timers) = 0;
  virtual void stop() = 0;
  // Admission control, asked before each new outgoing call (lineMakeCall, a consultation
  // call): false while the span's signalling link is congested (PRI: the D-channel backlog at
  // its configured bound, config/README.md `dchannel_backlog`); the core then refuses the call
  // with LINEERR_RESOURCEUNAVAIL ("retry later") and nothing is sent. Counted by the module.
  virtual bool admit_call() { return true; }
  // Returns false when the channel cannot be seized now (glare, out of service): nothing
  // was sent and no event will follow.
  virtual bool place_call(int channel, const CallSetup& setup) = 0;
  virtual void send_digits(int channel, std::string_view digits, bool complete) = 0;
  virtual void accept(int channel) = 0;  // alerting towards the caller
  virtual void answer(int channel) = 0;
  // Starts clearing (or refuses an incoming call) with a Q.850 cause; on_released follows.
  virtual void release(int channel, std::uint8_t q850_cause) = 0;
  // Hold / retrieve the connected call on the channel (board::kServiceHold, call_services.h);
  // on_hold_result follows on a later turn. False when the signalling has no hold or the
  // channel's call cannot be held (retrieved) now: nothing was sent.
  virtual bool hold(int /*channel*/) { return false; }
  virtual bool retrieve(int /*channel*/) { return false; }
  // User-user information (board::kServiceUserUser, call_services.h): attaches `uui` to the
  // next message of the channel's call that can carry it (ALERTING after accept(), CONNECT
  // after answer() where kServiceUserUserAnswer, DISCONNECT / RELEASE after release()). False
  // when the signalling has no UUI or the channel no call: nothing attached.
  virtual bool set_user_user(int /*channel*/, std::string_view /*uui*/) { return false; }
  // USER INFORMATION on the channel's connected call now (kServiceUserUserSend). False when
  // the signalling has no such message or the call is not connected: nothing sent.
  virtual bool send_user_user(int /*channel*/, std::string_view /*uui*/) { return false; }
  // Call deflection (board::kServiceDeflect): asks the network to send the offered (not
  // answered) incoming call on the channel to `to`. The network then clears the call here
  // (on_disconnected, 16 normal clearing: "clear call on invocation"); a refusal leaves it
  // offered. False when the signalling has no deflection or the call is not offered.
  virtual bool deflect(int /*channel*/, const Number& /*to*/) { return false; }
  // Single-step transfer (board::kServiceBlindTransfer): asks the network to take the far
  // party of the channel's connected call on to `to`; the network then clears the call here
  // (on_disconnected, 16 normal clearing). False when the signalling has none or the call is
  // not connected: nothing sent.
  virtual bool blind_transfer(int /*channel*/, const Number& /*to*/) { return false; }
  // Transfer by join (board::kServiceTransfer: two-B-channel transfer / ECT): asks the
  // network to connect the far parties of the calls on `held` (connected, usually held) and
  // `other` (connected or ringing back); the network then clears both calls here
  // (on_disconnected 16 on each). False when the signalling has none or the calls are not in
  // such states: nothing sent.
  virtual bool transfer(int /*held*/, int /*other*/) { return false; }
  // Does I/O that is not timer-driven (frames from a real board); returns work done.
  virtual std::size_t poll(std::uint64_t now_ms) = 0;
  // A device-specific request that reached this span through TSPI_lineDevSpecific (e.g. the
  // sim far end's controls, board_drivers/sim/sim_control.h). `channel` is the line's.
  // `params` is in/out (lineDevSpecific's lpParams): a query writes its answer over the request
  // in place, and the application reads it once the request completed with success.
  virtual ControlResult device_specific(int channel, void* params, std::size_t size) = 0;
  // Bearer media of the channel's call (DESIGN.md §5): applied at once, results through
  // SpanEvents::on_media on later ticks. kUnsupported from signalling without a bearer;
  // kNoBearer while the channel has no call with audio (or signalling owns the bearer).
  virtual media::MediaResult media(int channel, const media::MediaCommand& command) = 0;
  // The channel's application audio stream (the "spantsp/media" device class of lineGetID),
  // nullptr from signalling without a bearer. Any thread: streams are built with the module
  // and live as long as it.
  virtual media::MediaStream* media_stream(int /*channel*/) { return nullptr; }
};

// Builds the signalling for one span of a board: "sim" (ideal far end) today; libpri and the
// DAHDI I/O module plug in here.
std::unique_ptr<SpanSignalling> make_span_signalling(const config::BoardConfig& board,
                                                     const config::SpanConfig& span,
                                                     std::uint32_t span_index);

// Whether make_span_signalling can build `signalling` on a board of `driver` in this process:
// false for a module this build leaves out or that cannot be loaded (the Windows build has no
// PRI module). Loads the module as make_span_signalling would. Any thread.
bool signalling_available(std::string_view driver, config::Signalling signalling);

}  // namespace spantsp::board
