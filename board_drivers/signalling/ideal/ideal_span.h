#pragma once
// Our side of one sim span with `ideal` signalling (DESIGN.md §4): an intelligent board's call
// control with no wire protocol. Commands act directly on the span's FarEnd (the sim's switch,
// board_drivers/sim/far_end.h); its messages come back as SpanEvents. The fastest signalling
// there is, for measuring the core alone.
//
// Threads: runs on the span worker. Every entry point (SpanSignalling, FarEndLink, timers) is
// called on that thread only; SpanEvents are reported synchronously on it, always from a timer
// handler and never from inside a command (a command's consequences arrive at the next tick of
// the wheel). A SpanEvents handler may call back into this object. No locks.
//
// Audio: an intelligent board carries its bearers too. The span has a sim I/O pair without a
// D-channel (io/sim/sim_io_pair.h): our end ticks the span's SpanMedia (BearerMedia) while a
// call is connected, the far end's switch sits on the other end (and bridges loopback calls).
//
// Memory: per-channel state lives in a vector sized at construction, the I/O slabs and the DSP
// state at construction / start(); a call allocates nothing.
//
// Ownership: built by make_span_signalling() and owned by the span; owns its FarEnd. The
// SpanEvents and TimerWheel passed to start() must outlive it, or stop() must run first: the
// worker's wheel dies with its thread, so SpanTask::detach() is the place to call stop().
// stop() drops every call without reports; start() may follow again with all channels free.
//
// Channel state machine (signalling/channel_state.h, shared with pri): every command from the
// core and every message from the far end is looked up there first. An input the current state does
// not allow is ignored and counted (invalid_commands for the core's, unexpected_messages for
// the far end's), so no event ever contradicts a channel's state (no connected after
// released).
//
// sim_control.h numbers: in szCalled of kSimInjectIncoming and kSimRemoteDigits, a trailing
// '+' means "more digits follow" (overlap receiving); without it the number is complete.
// Digits are 0-9, '*' and '#'.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "board_drivers/board_driver.h"
#include "board_drivers/io/sim/sim_io_pair.h"
#include "board_drivers/signalling/bearer_media.h"
#include "board_drivers/signalling/channel_state.h"
#include "board_drivers/sim/far_end.h"
#include "config/config_model.h"
#include "pipeline/timer_wheel.h"

namespace spantsp::ideal {

class IdealSpan final : public board::SpanSignalling,
                        private sim::FarEndLink,
                        private io::SpanIoEvents,
                        private pipeline::TimerHandler {
 public:
  // Lines on config::effective_channels(span); far end seeded from traffic.seed ^ span_index;
  // the far end's switch knows the lines' numbers (loopback). Law from the span type.
  IdealSpan(const config::SpanConfig& span, const config::TrafficProfile& traffic,
            std::uint32_t span_index, std::uint32_t frame_period_ms = media::kDefaultFramePeriodMs);
  // Explicit bearer channel numbers (tests, tools); `numbers` are the lines' own numbers by
  // index (loopback), none by default; `dsp_states` bounds the span's DSP pool
  // (SpanConfig::dsp_channels; signalling/bearer_media.h).
  IdealSpan(const std::vector<int>& channels, const config::TrafficProfile& traffic,
            std::uint32_t span_index, io::SpanKind kind = io::SpanKind::kT1,
            std::uint32_t frame_period_ms = media::kDefaultFramePeriodMs,
            const std::vector<std::string>& numbers = {},
            std::size_t dsp_states = media::kAllChannels);
  ~IdealSpan() override;
  IdealSpan(const IdealSpan&) = delete;
  IdealSpan& operator=(const IdealSpan&) = delete;

  // board::SpanSignalling
  void start(board::SpanEvents& events, pipeline::TimerWheel& timers) override;
  void stop() override;
  bool place_call(int channel, const board::CallSetup& setup) override;
  void send_digits(int channel, std::string_view digits, bool complete) override;
  void accept(int channel) override;
  void answer(int channel) override;
  void release(int channel, std::uint8_t q850_cause) override;
  // An intelligent board holds and retrieves always (board::call_services): granted on the
  // next turn of the worker, the channel kept for the held call.
  bool hold(int channel) override;
  bool retrieve(int channel) override;
  // User-user information (board::kServiceUserUser, ...Answer, ...Send): handed to the switch
  // at once, since there is no wire; it reports it with the message that follows.
  bool set_user_user(int channel, std::string_view uui) override;
  bool send_user_user(int channel, std::string_view uui) override;
  // Call deflection (board::kServiceDeflect): the switch takes it at once (FarEnd::deflect).
  bool deflect(int channel, const board::Number& to) override;
  // Transfers (board::kServiceBlindTransfer, kServiceTransfer): the switch acts at once
  // (FarEnd::transfer, FarEnd::join) and clears our legs on the next turn.
  bool blind_transfer(int channel, const board::Number& to) override;
  bool transfer(int held, int other) override;
  std::size_t poll(std::uint64_t now_ms) override;
  board::ControlResult device_specific(int channel, void* params, std::size_t size) override;
  media::MediaResult media(int channel, const media::MediaCommand& command) override;
  media::MediaStream* media_stream(int channel) override;

  // Snapshot of the span's counters (the far end's and ours), on the worker.
  sim::SimSpanStats stats() const;
  const board::SpanStatus& span_status() const { return far_.status(); }
  // kIdle for a channel that is not on this span.
  signalling::ChannelState channel_state(int channel) const;
  const std::vector<int>& channels() const { return numbers_; }
  // The span's wire (tests: audio and frame counters) and our side's bearer media.
  io::SimIoPair& wire() { return wire_; }
  signalling::BearerMedia& bearer() { return bearer_; }
  sim::FarEnd& far_end() { return far_; }

 private:
  struct Channel {
    signalling::ChannelState state = signalling::ChannelState::kIdle;
    bool overlap_open = false;  // our outgoing call: send_digits still allowed
    bool held = false;
    bool hold_pending = false;  // hold() or retrieve() answered on the next turn
    pipeline::TimerNode hold_timer;
  };

  // pipeline::TimerHandler: the answer to hold() / retrieve() on channel index `cookie`.
  void on_timer(std::uint64_t cookie, std::uint64_t now_ms) override;
  bool request_hold(int channel, bool hold);
  void end_hold(Channel& c);

  // sim::FarEndLink
  void far_setup(std::size_t index, const board::CallSetup& setup) override;
  void far_digits(std::size_t index, std::string_view digits, bool complete) override;
  void far_proceeding(std::size_t index) override;
  void far_alerting(std::size_t index) override;
  void far_connect(std::size_t index) override;
  void far_disconnect(std::size_t index, std::uint8_t q850_cause) override;
  void far_release_complete(std::size_t index) override;
  void far_span_status(const board::SpanStatus& status) override;
  void far_user_user(std::size_t index, std::string_view uui) override;

  // io::SpanIoEvents (our end of the wire): alarms come from the far end's status instead.
  void on_alarms(const io::SpanAlarms& /*alarms*/) override {}
  void on_abcd(std::size_t /*index*/, std::uint8_t /*bits*/, std::uint64_t /*at_ms*/) override {}
  void on_audio_frame(io::SpanAudio& audio, std::uint64_t now_ms) override;

  // Moves channel `index` to `next`; its bearer follows.
  void set_state(std::size_t index, signalling::ChannelState next);

  // Index of a bearer channel number, or -1.
  int index_of(int channel) const;
  // Looks a command from the core up in the state machine: false (counted) when the channel
  // is not ours or its state refuses; else its index and the state the command leads to.
  bool command(int channel, signalling::ChannelInput input, std::size_t& index,
               signalling::ChannelState& next);
  // Applies a far-end message; false (counted) when our state refuses it.
  bool message(std::size_t index, signalling::ChannelInput input);

  std::vector<int> numbers_;         // bearer channel number by index
  std::vector<std::int16_t> index_;  // index by bearer channel number, -1 when absent
  std::vector<Channel> channels_;
  io::SimIoPair wire_;  // before far_ and bearer_: both use its ends until they stop
  sim::FarEnd far_;
  signalling::BearerMedia bearer_;
  board::SpanEvents* events_ = nullptr;
  pipeline::TimerWheel* timers_ = nullptr;
  std::uint64_t invalid_commands_ = 0;
  std::uint64_t unexpected_messages_ = 0;
};

}  // namespace spantsp::ideal
