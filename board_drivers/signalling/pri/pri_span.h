#pragma once
// The `pri` signalling module (DESIGN.md §4): one libpri controller per span, CPE or NET as
// configured, offering the board API of board_driver.h over an HDLC D-channel (io::HdlcPort).
//
// Mapping (t1e1-notes §1.3/§1.4): place_call -> pri_new_call + pri_sr_* + pri_setup (channel
// exclusive or preferred per CallSetup, speech bearer, called/calling/redirecting number,
// name, presentation); send_digits -> pri_information per digit (overlap sending); accept ->
// CALL PROCEEDING + ALERTING; answer -> CONNECT; release(cause) -> pri_hangup. Events: RING ->
// on_incoming, PROCEEDING -> on_proceeding, PROGRESS -> on_progress, RINGING -> on_alerting, ANSWER
// / CONNECT_ACK -> on_connected (libpri 1.6 reports no CONNECT ACKNOWLEDGE to the answering side,
// so our answer counts as connected on the next turn, as chan_dahdi does), HANGUP_REQ / HANGUP ->
// on_disconnected, and on_released once libpri has freed the call record (HANGUP_ACK, or our
// pri_hangup after HANGUP); INFO_RECEIVED -> on_more_digits with the digits of that message;
// DCHAN_UP/DOWN -> on_span_status.
//
// D-channel loss (t1e1-notes §5, chan_dahdi's T309 policy, done by libpri): libpri sees it
// after T203 + T200 x N200 on an idle link (about 14 s) or T200 x (N200 + 1) with frames
// pending (4 s); DCHAN_DOWN takes the span out of service (on_span_status, signalling_up =
// false: no new calls either way). Layer 2 then tries to re-establish for T200 x (N200 + 1).
// When layer 2 gives up, libpri clears the calls that were not yet connected, and connected
// calls once T309 (6 s) has run without the link coming back; it says "destination out of
// order" (27), we report cause 38 "network out of order", as for a red alarm (disconnect mode
// OUTOFORDER either way). A connected call survives if the link returns within T309.
// DCHAN_UP puts the span back in service. Until the controller confirms the link
// (pri_controller.h, "Link confirmation": up to T200 + 100 ms when the peer was not heard)
// a call placed holds its SETUP, digits included, and sends it then; a SETUP sent at once
// could be lost to the peer's own link set-up.
//
// RESTART (Q.931 §5.5): as the NETWORK we restart every idle, in-service channel each time
// the D-channel comes up and the link is confirmed (the network owns the B-channels' state;
// t1e1-notes §5 "RESTART on D-channel up"); as the CPE we send none by ourselves. Until its
// RESTART ACKNOWLEDGE arrives a channel is not offered (a SETUP for it is refused with 44),
// and a call placed on it holds its SETUP (digits included) until the acknowledgement: sent
// earlier it would meet the restart and be cleared (seen: cause 41). The sim far end restarts
// only on request. A RESTART received for a channel (or the whole interface) ends its call
// locally: on_disconnected(41 temporary failure), then on_released once the core releases;
// libpri sends the RESTART ACK itself. restart() sends one on request.
//
// SERVICE (NI-2, 4ESS, 5ESS only: pri_supports_service): a SERVICE received reports
// on_channel_service(channel, changestatus == 0); libpri acknowledges it. A channel out of
// service refuses new calls both ways (place_call false, SETUP cause 44); a call already on
// it goes on.
//
// Preferred channel: a SETUP may leave the network free to choose the channel (CallSetup::
// channel_exclusive = false). A line is one channel, so if the network's first answer names
// another one the call is cleared (RELEASE, cause 6 "channel unacceptable") and the core hears
// on_disconnected(44 "requested channel not available"), as for an exclusive SETUP refused.
//
// Glare (CPE): a network SETUP for a channel we are seizing wins; the network refuses ours
// with cause 44 and its call is offered as soon as ours is released.
//
// Channel state: the table every signalling module shares (signalling/channel_state.h), so
// ideal and pri report the same sequences; an event the state does not allow is ignored and
// counted, never reported.
//
// Threads: runs on the span worker; SpanEvents are reported only from libpri events (frames
// and timers arrive on later turns of the wheel) or from this object's own timers, never
// from inside a SpanSignalling command (board_driver.h: no re-entry). No locks.
//
// Memory: channel records are sized at construction; libpri allocates its call records and
// the SETUP request per call (accepted: libpri has no way to preallocate them).
//
// I/O: runs over the span I/O interface only (io/span_io.h): the D-channel's frames, the raw
// alarms (red or blue take the span out of service), and the bearer audio: while a call is
// connected its channel's bearer is open and the span's SpanMedia (BearerMedia) ticks on the
// I/O's slabs; media() reaches the channel's DSP then and answers kNoBearer otherwise.
//
// Ownership: the io::SpanIo and TimerWheel given to start() must outlive the span or stop()
// must run first. stop() drops every call without reports.

#include <cstdint>
#include <string_view>
#include <vector>

#include "board_drivers/board_driver.h"
#include "board_drivers/io/hdlc_port.h"
#include "board_drivers/io/span_io.h"
#include "board_drivers/signalling/bearer_media.h"
#include "board_drivers/signalling/channel_state.h"
#include "board_drivers/signalling/pri/pri_controller.h"
#include "pipeline/timer_wheel.h"

namespace spantsp::pri {

struct PriSpanStats {
  std::uint64_t calls_placed = 0;
  std::uint64_t calls_offered = 0;
  std::uint64_t refused_setups = 0;      // SETUPs for a channel we cannot take (cause 44)
  std::uint64_t glare = 0;               // network SETUPs that crossed ours (network wins)
  std::uint64_t invalid_commands = 0;    // commands the channel state did not allow
  std::uint64_t unexpected_events = 0;   // libpri events the channel state did not allow
  std::uint64_t restarts_sent = 0;       // RESTARTs of idle channels (D-channel up, restart())
  std::uint64_t restart_acks = 0;        // RESTART ACKNOWLEDGEs received
  std::uint64_t restarts_received = 0;   // RESTARTs from the peer (one per message)
  std::uint64_t restart_clears = 0;      // calls ended by a received RESTART
  std::uint64_t service_messages = 0;    // SERVICE messages received
  std::uint64_t moved_calls = 0;         // our calls the network put on another channel
  std::uint64_t held_setups = 0;         // SETUPs held (RESTART ACK, link confirmation)
  std::uint64_t holds_answered = 0;      // HOLD / RETRIEVE from the peer we acknowledged (NET)
  std::uint64_t admission_refusals = 0;  // new calls refused: D-channel backlog at the bound
  std::uint32_t backlog_max = 0;         // largest backlog an admission check saw
};

class PriSpan final : private PriEventHandler,
                      private pipeline::TimerHandler,
                      private io::SpanIoEvents {
 public:
  // `channels`: the bearer channel numbers that are lines; node_type PRI_CPE / PRI_NETWORK.
  PriSpan(const std::vector<int>& channels, int node_type, int switch_type, bool alaw);
  ~PriSpan();
  PriSpan(const PriSpan&) = delete;
  PriSpan& operator=(const PriSpan&) = delete;

  // Runs over `io` (its D-channel, alarms and audio); false when it has no D-channel.
  bool start(board::SpanEvents& events, pipeline::TimerWheel& timers, io::SpanIo& io);
  void stop();
  // Bearer media of a connected call (board_driver.h SpanSignalling::media).
  media::MediaResult media(int channel, const media::MediaCommand& command);
  // The channel's application stream (SpanSignalling::media_stream); any thread.
  media::MediaStream* media_stream(int channel);
  // Admission control (board_driver.h admit_call): false while the D-channel backlog
  // (PriController::backlog(), frames in libpri's Q.921 queue) is at or above the bound set
  // by set_backlog_limit (0: no bound). A SETUP held for the link or a RESTART waits anyway.
  bool admit_call();
  void set_backlog_limit(std::uint32_t frames) { backlog_limit_ = frames; }
  std::uint32_t backlog_limit() const { return backlog_limit_; }
  bool place_call(int channel, const board::CallSetup& setup);
  void send_digits(int channel, std::string_view digits, bool complete);
  void accept(int channel);
  void answer(int channel);
  void release(int channel, std::uint8_t q850_cause);
  // HOLD / RETRIEVE (EuroISDN, Q.SIG: board::call_services); the channel stays reserved for
  // the held call and is asked for again on RETRIEVE. False when the call is not connected
  // (not held), a request is outstanding, or libpri refuses (switch type without hold).
  bool hold(int channel);
  bool retrieve(int channel);
  // User-user information (board::kServiceUserUser): attached to the call's next message that
  // carries a user-user IE in libpri (ALERTING, DISCONNECT, RELEASE, RELEASE COMPLETE; never
  // CONNECT). False when the channel has no call record on the wire.
  bool set_user_user(int channel, std::string_view uui);
  // Call deflection (board::kServiceDeflect): CallRerouting for the offered call; the network
  // answers by clearing it (DISCONNECT, normal clearing). libpri reports no answer to the
  // invoke itself, so a refusal leaves the call offered. False when the call is not offered
  // or accepted, or the switch type has no rerouting.
  bool deflect(int channel, const board::Number& to);
  // Single-step transfer (board::kServiceBlindTransfer): the same CallRerouting, sent on the
  // connected call; the network answers by clearing it. False when the call is not connected
  // or the switch type has no rerouting.
  bool blind_transfer(int channel, const board::Number& to);
  // Explicit call transfer (board::kServiceTransfer, EuroISDN): pri_channel_bridge asks for a
  // link id on `held`'s call and sends ExplicitEctExecute on `other`'s; the network answers
  // by clearing both. As with rerouting, libpri reports no refusal. False when a channel has
  // no call on the wire or the switch type has no ECT.
  bool transfer(int held, int other);
  // Sends RESTART for an idle, in-service channel (maintenance on request); false when the
  // channel is busy, out of service, or the span is down or its link not yet confirmed. The
  // peer's RESTART ACK is counted.
  bool restart(int channel);

  // Span alarms (from the I/O's on_alarms, or set directly). Red or blue takes the span out of
  // service: every call is cleared locally with cause 38 (nothing can cross the D-channel any
  // more).
  void set_alarms(bool red, bool yellow, bool blue);

  const board::SpanStatus& status() const { return status_; }
  signalling::ChannelState channel_state(int channel) const;
  const PriSpanStats& stats() const { return stats_; }
  const std::vector<int>& channels() const { return numbers_; }
  int index_of(int channel) const;
  // False while the peer has the channel out of service (SERVICE).
  bool channel_in_service(int channel) const;
  // The libpri controller (tests: timers, debug flags); runs on the span worker only.
  PriController& controller() { return controller_; }
  signalling::BearerMedia& bearer() { return bearer_; }

 private:
  struct Channel {
    signalling::ChannelState state = signalling::ChannelState::kIdle;
    q931_call* call = nullptr;
    bool incoming = false;
    bool responded = false;      // incoming: PROCEEDING/SETUP ACK sent (gotcha 1.9.1)
    bool overlap_open = false;   // outgoing: more digits may follow
    bool peer_released = false;  // RELEASE (COMPLETE) received: our pri_hangup only frees
    bool local_only = false;     // cleared by an alarm: free the record without the wire
    bool in_service = true;      // SERVICE from the peer: maintenance state
    bool restarting = false;     // our RESTART sent, its acknowledgement not yet received
    bool held = false;           // HOLD acknowledged, not yet retrieved
    bool hold_pending = false;   // our HOLD or RETRIEVE sent, its answer not yet received
    // place_call while restarting or before the link is confirmed: deferred_setup goes out
    // on the RESTART ACK / the confirmation, whichever comes last.
    bool setup_deferred = false;
    board::CallSetup deferred_setup;
    // A report owed on the next turn (no re-entry): on_connected after our CONNECT,
    // on_released after a local free.
    enum class Owed : std::uint8_t { kNone, kConnected, kReleased, kIncoming } owed = Owed::kNone;
    pipeline::TimerNode owed_timer;
    // Glare: the network's call that crossed our SETUP, offered once our call is released.
    q931_call* pending_call = nullptr;
    board::CallSetup pending_setup;
  };

  void finish_release(std::size_t index);
  void offer_pending(std::size_t index);
  // Frees a pending glare call: with pri_hangup(cause), or locally when cause < 0.
  void drop_pending(Channel& c, int q850_cause);

  void owe(std::size_t index, Channel::Owed report);
  // The call on channel `index` ends here with nothing more on the wire for it (alarm, lost
  // link, restart, moved channel): the core hears `q850_cause`, its release() completes
  // locally, and a held SETUP never goes out.
  void end_locally(std::size_t index, std::uint8_t q850_cause);

  // io::SpanIoEvents
  void on_alarms(const io::SpanAlarms& alarms) override;
  void on_abcd(std::size_t /*index*/, std::uint8_t /*bits*/, std::uint64_t /*at_ms*/) override {}
  void on_audio_frame(io::SpanAudio& audio, std::uint64_t now_ms) override;
  // Moves channel `index` to `next`; its bearer follows (open while connected).
  void set_state(std::size_t index, signalling::ChannelState next);

  void on_pri_event(const pri_event& e) override;
  void on_link_confirmed() override;
  void on_timer(std::uint64_t cookie, std::uint64_t now_ms) override;

  bool command(int channel, signalling::ChannelInput input, std::size_t& index,
               signalling::ChannelState& next);
  bool message(std::size_t index, signalling::ChannelInput input);
  int find_call(const q931_call* call) const;
  void on_ring(const pri_event_ring& ring);
  void on_hangup(q931_call* call, int cause, bool request);
  static bool restartable(const Channel& c);  // idle, no call pending, in service
  // The network answered our SETUP on another channel than the line's: clears the call and
  // reports it (true), or returns false when the channel is the line's.
  bool moved_elsewhere(std::size_t index, int encoded_channel);
  void restart_idle_channels();
  // The peer restarted channel `index`: its call ends without a word on the wire.
  void on_restarted(std::size_t index);
  // The RESTART ACKNOWLEDGE and the link's confirmation came: the held SETUP goes out.
  void send_deferred(std::size_t index);
  void on_service(std::size_t index, bool in_service);
  // HOLD ACK / REJ (`held` true) or RETRIEVE ACK / REJ for our request on `call`.
  void on_hold_answer(const q931_call* call, bool held, bool ok);
  // The user-user information a libpri event brought for `call`, reported before the event.
  void report_user_user(const q931_call* call, const char* uui);
  // CallRerouting of the channel's call to `to` (deflection, single-step transfer).
  bool reroute(const Channel& c, const board::Number& to, int reason);
  void forget(Channel& c);
  void report_status();

  std::vector<int> numbers_;
  std::vector<std::int16_t> index_;
  std::vector<Channel> channels_;
  PriController controller_;
  signalling::BearerMedia bearer_;
  io::SpanIo* io_ = nullptr;
  bool alaw_;
  board::SpanEvents* events_ = nullptr;
  pipeline::TimerWheel* timers_ = nullptr;
  std::uint32_t backlog_limit_ = 0;
  bool dchannel_up_ = true;  // assumed up until libpri says otherwise (no flap at start)
  board::SpanStatus status_;
  board::SpanStatus reported_;
  PriSpanStats stats_;
};

}  // namespace spantsp::pri
