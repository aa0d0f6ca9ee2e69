#include "board_drivers/signalling/pri/pri_span.h"

#include "board_drivers/signalling/channel_numbers.h"
#include "board_drivers/signalling/pri/pri_event_channel.h"
#include "board_drivers/signalling/pri/pri_number.h"

namespace spantsp::pri {
namespace {

using signalling::ChannelInput;
using signalling::ChannelState;
namespace cause = board::cause;

constexpr int kMaxChannelNumber = 255;  // a B channel is one octet in libpri's encoding (§1.5)

}  // namespace

PriSpan::PriSpan(const std::vector<int>& channels, int node_type, int switch_type, bool alaw)
    : numbers_(signalling::usable_channel_numbers(channels, kMaxChannelNumber)),
      controller_(node_type, switch_type),
      bearer_(numbers_),
      alaw_(alaw) {
  channels_ = std::vector<Channel>(numbers_.size());
  index_.assign(kMaxChannelNumber + 1, -1);
  for (std::size_t i = 0; i < numbers_.size(); ++i) {
    index_[static_cast<std::size_t>(numbers_[i])] = static_cast<std::int16_t>(i);
    channels_[i].owed_timer.handler = this;
    channels_[i].owed_timer.cookie = i;
  }
}

PriSpan::~PriSpan() {
  stop();
}

bool PriSpan::start(board::SpanEvents& events, pipeline::TimerWheel& timers, io::SpanIo& io) {
  if (events_ != nullptr) return true;
  io::HdlcPort* port = io.d_channel();
  if (port == nullptr) return false;  // a PRI span needs its D-channel
  events_ = &events;
  timers_ = &timers;
  io_ = &io;
  status_ = {};
  reported_ = {};
  dchannel_up_ = true;
  io.start(*this, timers);
  bearer_.start(events, io);
  controller_.start(*port, timers, *this);
  return true;
}

void PriSpan::stop() {
  if (timers_ != nullptr) {
    for (auto& c : channels_) timers_->cancel(c.owed_timer);
  }
  bearer_.stop();
  if (io_ != nullptr) io_->stop();
  io_ = nullptr;
  controller_.stop();  // its call records go with it
  for (auto& c : channels_) {
    c.state = ChannelState::kIdle;
    c.pending_call = nullptr;
    c.in_service = true;
    forget(c);
  }
  events_ = nullptr;
  timers_ = nullptr;
}

int PriSpan::index_of(int channel) const {
  if (channel < 0 || channel > kMaxChannelNumber) return -1;
  return index_[static_cast<std::size_t>(channel)];
}

bool PriSpan::channel_in_service(int channel) const {
  const int i = index_of(channel);
  return i >= 0 && channels_[static_cast<std::size_t>(i)].in_service;
}

signalling::ChannelState PriSpan::channel_state(int channel) const {
  const int i = index_of(channel);
  return i < 0 ? ChannelState::kIdle : channels_[static_cast<std::size_t>(i)].state;
}

void PriSpan::set_state(std::size_t index, ChannelState next) {
  channels_[index].state = next;
  bearer_.follow(index, next);
}

media::MediaStream* PriSpan::media_stream(int channel) {
  const int i = index_of(channel);
  return i < 0 ? nullptr : bearer_.stream(static_cast<std::size_t>(i));
}

media::MediaResult PriSpan::media(int channel, const media::MediaCommand& command) {
  const int i = index_of(channel);
  if (i < 0 || timers_ == nullptr) return media::MediaResult::kNoBearer;
  return bearer_.command(static_cast<std::size_t>(i), command, timers_->now_ms());
}

void PriSpan::on_alarms(const io::SpanAlarms& alarms) {
  set_alarms(alarms.red, alarms.yellow, alarms.blue);
}

void PriSpan::on_audio_frame(io::SpanAudio& audio, std::uint64_t now_ms) {
  bearer_.on_frame(audio, now_ms);
}

bool PriSpan::command(int channel, ChannelInput input, std::size_t& index, ChannelState& next) {
  const int i = index_of(channel);
  if (events_ == nullptr || !controller_.running() || i < 0 ||
      !signalling::next_channel_state(channels_[static_cast<std::size_t>(i)].state, input, next)) {
    ++stats_.invalid_commands;
    return false;
  }
  index = static_cast<std::size_t>(i);
  return true;
}

bool PriSpan::message(std::size_t index, ChannelInput input) {
  ChannelState next{};
  if (!signalling::next_channel_state(channels_[index].state, input, next)) {
    ++stats_.unexpected_events;
    return false;
  }
  set_state(index, next);  // before the report: a handler calling back sees it
  return true;
}

void PriSpan::forget(Channel& c) {
  c.call = nullptr;
  c.responded = false;
  c.overlap_open = false;
  c.peer_released = false;
  c.local_only = false;
  c.incoming = false;
  c.setup_deferred = false;
  c.held = false;
  c.hold_pending = false;
  c.owed = Channel::Owed::kNone;
}

void PriSpan::end_locally(std::size_t index, std::uint8_t q850_cause) {
  Channel& c = channels_[index];
  c.local_only = true;
  c.overlap_open = false;
  c.setup_deferred = false;
  if (message(index, ChannelInput::kFarDisconnect)) {
    events_->on_disconnected(numbers_[index], q850_cause);
  }
}

void PriSpan::owe(std::size_t index, Channel::Owed report) {
  Channel& c = channels_[index];
  c.owed = report;
  timers_->arm(c.owed_timer, timers_->now_ms());
}

void PriSpan::finish_release(std::size_t index) {
  Channel& c = channels_[index];
  forget(c);
  // A network call that won glare on this channel is offered once ours is gone, on the next
  // turn (the core may seize the channel again from inside on_released).
  if (c.pending_call != nullptr) owe(index, Channel::Owed::kIncoming);
  events_->on_released(numbers_[index]);
}

void PriSpan::offer_pending(std::size_t index) {
  Channel& c = channels_[index];
  if (c.pending_call == nullptr || c.state != ChannelState::kIdle) return;  // still seized
  forget(c);
  c.call = c.pending_call;
  c.pending_call = nullptr;
  c.incoming = true;
  ++stats_.calls_offered;
  if (message(index, ChannelInput::kFarSetup))
    events_->on_incoming(numbers_[index], c.pending_setup);
}

void PriSpan::drop_pending(Channel& c, int q850_cause) {
  if (c.pending_call == nullptr) return;
  if (q850_cause < 0) {
    pri_destroycall(controller_.ctrl(), c.pending_call);
  } else {
    pri_hangup(controller_.ctrl(), c.pending_call, q850_cause);
  }
  c.pending_call = nullptr;
}

// --- Commands from the core ----------------------------------------------------------------

bool PriSpan::admit_call() {
  // Refusing needs only to know the bound is reached: libpri is asked no more than that.
  const std::uint32_t backlog =
      controller_.backlog(backlog_limit_ != 0 ? backlog_limit_ : ~std::uint32_t{0});
  if (backlog > stats_.backlog_max) stats_.backlog_max = backlog;
  const bool refused = backlog_limit_ != 0 && backlog >= backlog_limit_;
  if (refused) ++stats_.admission_refusals;
  pipeline::perf_role::count_admission(backlog, refused);
  return !refused;
}

bool PriSpan::place_call(int channel, const board::CallSetup& setup) {
  std::size_t i = 0;
  ChannelState next{};
  if (!command(channel, ChannelInput::kPlaceCall, i, next)) return false;
  // An answer, not a misuse: the span or this channel is out of service.
  if (!status_.in_service() || !channels_[i].in_service) return false;
  if (channels_[i].restarting || !controller_.link_confirmed()) {
    // Our RESTART of the channel (D-channel up) is not acknowledged yet, or the peer may still
    // be setting the link up: a SETUP now would meet the restart and be cleared, or be lost.
    // It waits for the RESTART ACKNOWLEDGE and the link's confirmation (send_deferred).
    Channel& c = channels_[i];
    set_state(i, next);
    c.setup_deferred = true;
    c.deferred_setup = setup;
    c.overlap_open = !setup.sending_complete;
    ++stats_.calls_placed;
    ++stats_.held_setups;
    return true;
  }
  q931_call* call = send_setup(controller_.ctrl(), channel, setup, alaw_);
  controller_.reschedule();
  if (call == nullptr) return false;
  Channel& c = channels_[i];
  set_state(i, next);
  c.call = call;
  c.overlap_open = !setup.sending_complete;
  ++stats_.calls_placed;
  return true;
}

void PriSpan::send_digits(int channel, std::string_view digits, bool complete) {
  std::size_t i = 0;
  ChannelState next{};
  if (!command(channel, ChannelInput::kSendDigits, i, next)) return;
  Channel& c = channels_[i];
  if (c.setup_deferred && c.overlap_open) {
    // The SETUP is still held: the digits join its number.
    if (!c.deferred_setup.called.append(digits)) ++stats_.invalid_commands;
    c.deferred_setup.sending_complete = complete;
    set_state(i, next);
    c.overlap_open = !complete;
    return;
  }
  if (!c.overlap_open || c.call == nullptr) {
    ++stats_.invalid_commands;
    return;
  }
  // One INFORMATION per digit: libpri 1.6 has no multi-digit or "sending complete" form, so
  // the network completes the number by its own timer (T302).
  for (char d : digits) pri_information(controller_.ctrl(), c.call, d);
  controller_.reschedule();
  set_state(i, next);
  c.overlap_open = !complete;
}

void PriSpan::accept(int channel) {
  std::size_t i = 0;
  ChannelState next{};
  if (!command(channel, ChannelInput::kAccept, i, next)) return;
  Channel& c = channels_[i];
  set_state(i, next);
  if (c.call == nullptr || c.local_only) return;
  if (!c.responded) pri_proceeding(controller_.ctrl(), c.call, channel, 0);
  c.responded = true;
  pri_acknowledge(controller_.ctrl(), c.call, channel, 0);
  controller_.reschedule();
}

void PriSpan::answer(int channel) {
  std::size_t i = 0;
  ChannelState next{};
  if (!command(channel, ChannelInput::kAnswer, i, next)) return;
  Channel& c = channels_[i];
  set_state(i, next);  // connected once the network's CONNECT ACKNOWLEDGE arrives
  if (c.call == nullptr || c.local_only) return;
  if (!c.responded) pri_proceeding(controller_.ctrl(), c.call, channel, 0);
  c.responded = true;
  pri_answer(controller_.ctrl(), c.call, channel, 0);
  controller_.reschedule();
  owe(i, Channel::Owed::kConnected);
}

void PriSpan::release(int channel, std::uint8_t q850_cause) {
  std::size_t i = 0;
  ChannelState next{};
  if (!command(channel, ChannelInput::kRelease, i, next)) return;
  Channel& c = channels_[i];
  set_state(i, next);
  c.overlap_open = false;
  c.setup_deferred = false;  // a SETUP still waiting for its channel's restart never goes out
  if (c.call == nullptr || c.local_only || c.peer_released) {
    // The network already let go (or cannot hear us): free the record locally and report
    // on_released on the next turn.
    if (c.call != nullptr) {
      if (c.local_only) {
        pri_destroycall(controller_.ctrl(), c.call);
      } else {
        pri_hangup(controller_.ctrl(), c.call, q850_cause);
      }
      controller_.reschedule();
    }
    c.call = nullptr;
    owe(i, Channel::Owed::kReleased);
    return;
  }
  // Gotcha 1.9.1: refusing a SETUP nobody answered yet puts nothing on the wire; CALL
  // PROCEEDING first makes the DISCONNECT go out.
  if (c.incoming && !c.responded) {
    pri_proceeding(controller_.ctrl(), c.call, channel, 0);
    c.responded = true;
  }
  pri_hangup(controller_.ctrl(), c.call, q850_cause);
  controller_.reschedule();
  if (releases_at_once(q850_cause)) {
    c.call = nullptr;  // RELEASE COMPLETE went out and libpri freed the record
    owe(i, Channel::Owed::kReleased);
  }
}

void PriSpan::on_timer(std::uint64_t cookie, std::uint64_t /*now_ms*/) {
  const auto i = static_cast<std::size_t>(cookie);
  if (events_ == nullptr || i >= channels_.size()) return;
  Channel& c = channels_[i];
  const Channel::Owed owed = c.owed;
  c.owed = Channel::Owed::kNone;
  switch (owed) {
    case Channel::Owed::kNone:
      break;
    case Channel::Owed::kConnected:
      if (c.state == ChannelState::kAnswering && message(i, ChannelInput::kFarConnect)) {
        events_->on_connected(numbers_[i]);
      }
      break;
    case Channel::Owed::kReleased:
      if (message(i, ChannelInput::kFarReleaseComplete)) finish_release(i);
      break;
    case Channel::Owed::kIncoming:
      offer_pending(i);
      break;
  }
}

// --- Alarms and the D-channel --------------------------------------------------------------

void PriSpan::set_alarms(bool red, bool yellow, bool blue) {
  status_.red = red;
  status_.yellow = yellow;
  status_.blue = blue;
  report_status();
}

void PriSpan::report_status() {
  if (events_ == nullptr) return;
  status_.signalling_up = dchannel_up_;
  const bool changed = status_.red != reported_.red || status_.yellow != reported_.yellow ||
                       status_.blue != reported_.blue ||
                       status_.signalling_up != reported_.signalling_up;
  if (changed) {
    reported_ = status_;
    events_->on_span_status(status_);
    if (events_ == nullptr) return;
  }
  if (status_.red || status_.blue) {
    // Nothing crosses a span in red or blue alarm: calls end here, with cause 38.
    for (std::size_t i = 0; i < channels_.size(); ++i) {
      Channel& c = channels_[i];
      drop_pending(c, -1);
      if (c.state == ChannelState::kIdle || c.state == ChannelState::kFarCleared) continue;
      if (c.state == ChannelState::kReleasing) {
        if (c.call != nullptr) pri_destroycall(controller_.ctrl(), c.call);
        c.call = nullptr;
        owe(i, Channel::Owed::kReleased);
        continue;
      }
      end_locally(i, cause::kNetworkOutOfOrder);
      if (events_ == nullptr) return;
    }
  }
}

// --- libpri events -------------------------------------------------------------------------

int PriSpan::find_call(const q931_call* call) const {
  if (call == nullptr) return -1;
  for (std::size_t i = 0; i < channels_.size(); ++i) {
    if (channels_[i].call == call) return static_cast<int>(i);
  }
  return -1;
}

void PriSpan::on_pri_event(const pri_event& e) {
  if (events_ == nullptr) return;
  switch (e.e) {
    case PRI_EVENT_DCHAN_UP:
      dchannel_up_ = true;
      report_status();  // in service: calls placed now hold their SETUPs until confirmation
      break;
    case PRI_EVENT_DCHAN_DOWN:
      dchannel_up_ = false;
      for (std::size_t i = 0; i < channels_.size(); ++i) {
        Channel& c = channels_[i];
        c.restarting = false;  // no acknowledgement will come now
        if (!c.setup_deferred) continue;
        // Its SETUP never went out: the call fails as libpri's own calls do on layer-2 loss.
        end_locally(i, cause::kNetworkOutOfOrder);
        if (events_ == nullptr) return;
      }
      report_status();
      break;
    case PRI_EVENT_RING:
      on_ring(e.ring);
      break;
    case PRI_EVENT_INFO_RECEIVED: {
      const int i = find_call(e.ring.call);
      if (i < 0) break;
      const auto idx = static_cast<std::size_t>(i);
      const board::CallSetup more = from_ring(e.ring);  // copied before anything else runs
      if (message(idx, ChannelInput::kFarDigits)) {
        events_->on_more_digits(numbers_[idx], more.called.view(), more.sending_complete);
      }
      break;
    }
    case PRI_EVENT_SETUP_ACK: {
      // Overlap sending may go on: nothing to report, unless the channel is not ours.
      const int i = find_call(e.setup_ack.call);
      if (i >= 0) moved_elsewhere(static_cast<std::size_t>(i), e.setup_ack.channel);
      break;
    }
    case PRI_EVENT_PROCEEDING: {
      const int i = find_call(e.proceeding.call);
      if (i >= 0 && !moved_elsewhere(static_cast<std::size_t>(i), e.proceeding.channel) &&
          message(static_cast<std::size_t>(i), ChannelInput::kFarProceeding)) {
        channels_[static_cast<std::size_t>(i)].overlap_open = false;
        events_->on_proceeding(numbers_[static_cast<std::size_t>(i)]);
      }
      break;
    }
    case PRI_EVENT_PROGRESS: {
      const int i = find_call(e.proceeding.call);
      if (i < 0) break;
      const auto idx = static_cast<std::size_t>(i);
      const bool inband = (e.proceeding.progressmask & PRI_PROG_INBAND_AVAILABLE) != 0;
      const ChannelState s = channels_[idx].state;
      if (s == ChannelState::kDialing || s == ChannelState::kProceeding ||
          s == ChannelState::kRingback || s == ChannelState::kConnected) {
        events_->on_progress(numbers_[idx], inband);
      } else {
        ++stats_.unexpected_events;
      }
      break;
    }
    case PRI_EVENT_RINGING: {
      report_user_user(e.ringing.call, e.ringing.useruserinfo);
      if (events_ == nullptr) return;
      const int i = find_call(e.ringing.call);
      if (i >= 0 && !moved_elsewhere(static_cast<std::size_t>(i), e.ringing.channel) &&
          message(static_cast<std::size_t>(i), ChannelInput::kFarAlerting)) {
        channels_[static_cast<std::size_t>(i)].overlap_open = false;
        events_->on_alerting(numbers_[static_cast<std::size_t>(i)]);
      }
      break;
    }
    case PRI_EVENT_ANSWER: {
      report_user_user(e.answer.call, e.answer.useruserinfo);
      if (events_ == nullptr) return;
      const int i = find_call(e.answer.call);
      if (i >= 0 && !moved_elsewhere(static_cast<std::size_t>(i), e.answer.channel) &&
          message(static_cast<std::size_t>(i), ChannelInput::kFarConnect)) {
        channels_[static_cast<std::size_t>(i)].overlap_open = false;
        events_->on_connected(numbers_[static_cast<std::size_t>(i)]);
      }
      break;
    }
    case PRI_EVENT_CONNECT_ACK: {
      // Our answer was acknowledged: the incoming call is up.
      const int i = find_call(e.connect_ack.call);
      if (i >= 0 && channels_[static_cast<std::size_t>(i)].state == ChannelState::kAnswering &&
          message(static_cast<std::size_t>(i), ChannelInput::kFarConnect)) {
        events_->on_connected(numbers_[static_cast<std::size_t>(i)]);
      }
      break;
    }
    case PRI_EVENT_HANGUP_REQ:
      report_user_user(e.hangup.call, e.hangup.useruserinfo);
      if (events_ == nullptr) return;
      on_hangup(e.hangup.call, e.hangup.cause, true);
      break;
    case PRI_EVENT_HANGUP:
      report_user_user(e.hangup.call, e.hangup.useruserinfo);
      if (events_ == nullptr) return;
      on_hangup(e.hangup.call, e.hangup.cause, false);
      break;
    case PRI_EVENT_HANGUP_ACK: {
      const int i = find_call(e.hangup.call);
      if (i < 0) break;
      const auto idx = static_cast<std::size_t>(i);
      channels_[idx].call = nullptr;  // libpri freed the record
      if (message(idx, ChannelInput::kFarReleaseComplete)) finish_release(idx);
      break;
    }
    case PRI_EVENT_RESTART: {
      ++stats_.restarts_received;
      for (std::size_t i = 0; i < channels_.size() && events_ != nullptr; ++i) {
        if (event_covers(e.restart.channel, numbers_[i])) on_restarted(i);
      }
      break;
    }
    case PRI_EVENT_RESTART_ACK: {
      ++stats_.restart_acks;
      for (std::size_t i = 0; i < channels_.size(); ++i) {
        if (event_covers(e.restartack.channel, numbers_[i])) {
          channels_[i].restarting = false;
          if (channels_[i].setup_deferred && controller_.link_confirmed()) send_deferred(i);
          if (events_ == nullptr) return;
        }
      }
      break;
    }
    case PRI_EVENT_SERVICE: {
      ++stats_.service_messages;
      const bool in_service = e.service.changestatus == 0;
      for (std::size_t i = 0; i < channels_.size() && events_ != nullptr; ++i) {
        if (event_covers(e.service.channel, numbers_[i])) on_service(i, in_service);
      }
      break;
    }
    case PRI_EVENT_HOLD_ACK:
      on_hold_answer(e.hold_ack.call, true, true);
      break;
    case PRI_EVENT_HOLD_REJ:
      on_hold_answer(e.hold_rej.call, true, false);
      break;
    case PRI_EVENT_RETRIEVE_ACK:
      on_hold_answer(e.retrieve_ack.call, false, true);
      break;
    case PRI_EVENT_RETRIEVE_REJ:
      on_hold_answer(e.retrieve_rej.call, false, false);
      break;
    case PRI_EVENT_HOLD: {
      // The peer holds: we grant it (the channel stays reserved); the core's call goes on as
      // connected, told that the far party holds it (board::kServiceRemoteHold).
      ++stats_.holds_answered;
      pri_hold_ack(controller_.ctrl(), e.hold.call);
      controller_.reschedule();
      if (const int i = find_call(e.hold.call); i >= 0) {
        events_->on_remote_hold(numbers_[static_cast<std::size_t>(i)], true);
      }
      break;
    }
    case PRI_EVENT_RETRIEVE: {
      const int i = find_call(e.retrieve.call);
      ++stats_.holds_answered;
      if (i < 0) {
        pri_retrieve_rej(controller_.ctrl(), e.retrieve.call, cause::kInvalidCallReference);
      } else {
        pri_retrieve_ack(controller_.ctrl(), e.retrieve.call,
                         numbers_[static_cast<std::size_t>(i)]);
      }
      controller_.reschedule();
      if (i >= 0) events_->on_remote_hold(numbers_[static_cast<std::size_t>(i)], false);
      break;
    }
    default:
      break;  // SERVICE ACK, FACILITY, NOTIFY...: nothing to report
  }
}

bool PriSpan::hold(int channel) {
  const int i = index_of(channel);
  if (i < 0) return false;
  Channel& c = channels_[static_cast<std::size_t>(i)];
  if (c.state != ChannelState::kConnected || c.held || c.hold_pending || c.call == nullptr ||
      c.local_only || !controller_.hold_enabled() || pri_hold(controller_.ctrl(), c.call) != 0) {
    return false;
  }
  c.hold_pending = true;
  controller_.reschedule();
  return true;
}

bool PriSpan::retrieve(int channel) {
  const int i = index_of(channel);
  if (i < 0) return false;
  Channel& c = channels_[static_cast<std::size_t>(i)];
  if (c.state != ChannelState::kConnected || !c.held || c.hold_pending || c.call == nullptr ||
      c.local_only || pri_retrieve(controller_.ctrl(), c.call, channel) != 0) {
    return false;
  }
  c.hold_pending = true;
  controller_.reschedule();
  return true;
}

bool PriSpan::set_user_user(int channel, std::string_view uui) {
  const int i = index_of(channel);
  if (i < 0 || uui.size() > board::kMaxUserUser) return false;
  Channel& c = channels_[static_cast<std::size_t>(i)];
  if (c.call == nullptr || c.local_only || c.peer_released) return false;
  board::UserUser text;  // NUL-terminated for libpri
  text.assign(uui);
  pri_call_set_useruser(c.call, text.text.data());
  return true;
}

bool PriSpan::deflect(int channel, const board::Number& to) {
  const int i = index_of(channel);
  if (i < 0) return false;
  const Channel& c = channels_[static_cast<std::size_t>(i)];
  if (c.state != ChannelState::kOffered && c.state != ChannelState::kAccepted) return false;
  return reroute(c, to, PRI_REDIR_DEFLECTION);
}

bool PriSpan::blind_transfer(int channel, const board::Number& to) {
  const int i = index_of(channel);
  if (i < 0) return false;
  const Channel& c = channels_[static_cast<std::size_t>(i)];
  if (c.state != ChannelState::kConnected || c.hold_pending) return false;
  return reroute(c, to, PRI_REDIR_UNKNOWN);
}

bool PriSpan::transfer(int held, int other) {
  const int a = index_of(held);
  const int b = index_of(other);
  if (a < 0 || b < 0 || a == b || !pri_supports_ect(controller_.switch_type())) return false;
  const Channel& ca = channels_[static_cast<std::size_t>(a)];
  const Channel& cb = channels_[static_cast<std::size_t>(b)];
  if (ca.call == nullptr || cb.call == nullptr || ca.local_only || cb.local_only ||
      ca.state != ChannelState::kConnected ||
      (cb.state != ChannelState::kConnected && cb.state != ChannelState::kRingback &&
       cb.state != ChannelState::kProceeding)) {
    return false;
  }
  if (pri_channel_bridge(ca.call, cb.call) != 0) return false;
  controller_.reschedule();
  return true;
}

bool PriSpan::reroute(const Channel& c, const board::Number& to, int reason) {
  if (to.empty() || !pri_supports_deflection(controller_.switch_type()) || c.call == nullptr ||
      c.local_only) {
    return false;
  }
  struct pri_party_redirecting deflection {};
  const WireNumber wire = to_wire(to);
  deflection.to.number.valid = 1;
  deflection.to.number.plan = wire.plan;
  deflection.to.number.presentation = PRI_PRES_ALLOWED | PRI_PRES_USER_NUMBER_UNSCREENED;
  for (std::size_t k = 0; k < to.size && k + 1 < sizeof deflection.to.number.str; ++k) {
    deflection.to.number.str[k] = to.text[k];
  }
  deflection.count = 1;
  deflection.reason = reason;
  // Subscription option 2: the caller is told the number it is diverted to.
  if (pri_reroute_call(controller_.ctrl(), c.call, nullptr, &deflection, 2) != 0) return false;
  controller_.reschedule();
  return true;
}

void PriSpan::report_user_user(const q931_call* call, const char* uui) {
  if (uui == nullptr || uui[0] == '\0') return;
  const int i = find_call(call);
  if (i < 0) return;
  const auto idx = static_cast<std::size_t>(i);
  if (channels_[idx].state == ChannelState::kIdle ||
      channels_[idx].state == ChannelState::kReleasing) {
    return;
  }
  events_->on_user_user(numbers_[idx], std::string_view(uui));
}

void PriSpan::on_hold_answer(const q931_call* call, bool held, bool ok) {
  const int i = find_call(call);
  if (i < 0) return;
  Channel& c = channels_[static_cast<std::size_t>(i)];
  if (!c.hold_pending || c.held == held) {
    ++stats_.unexpected_events;
    return;
  }
  c.hold_pending = false;
  if (ok) c.held = held;
  events_->on_hold_result(numbers_[static_cast<std::size_t>(i)], held, ok);
}

void PriSpan::on_ring(const pri_event_ring& ring) {
  q931_call* call = ring.call;
  int channel = event_channel(ring.channel);
  if (channel == 0xFF || channel <= 0) {
    // "Any channel": take the first idle one.
    channel = -1;
    for (std::size_t i = 0; i < channels_.size() && channel < 0; ++i) {
      if (channels_[i].state == ChannelState::kIdle && channels_[i].in_service) {
        channel = numbers_[i];
      }
    }
  }
  const int i = index_of(channel);
  const ChannelState state =
      i < 0 ? ChannelState::kIdle : channels_[static_cast<std::size_t>(i)].state;
  if (i >= 0 && controller_.node_type() == PRI_CPE && status_.in_service() &&
      (state == ChannelState::kDialing || state == ChannelState::kFarCleared ||
       state == ChannelState::kReleasing) &&
      channels_[static_cast<std::size_t>(i)].pending_call == nullptr) {
    // Glare: the network's SETUP crossed ours on this channel (or overtook the end of our
    // clearing). The network side wins (it refuses ours with cause 44); its call waits here
    // until ours is released.
    Channel& c = channels_[static_cast<std::size_t>(i)];
    c.pending_call = call;
    c.pending_setup = from_ring(ring);
    ++stats_.glare;
    return;
  }
  if (i < 0 || channels_[static_cast<std::size_t>(i)].state != ChannelState::kIdle ||
      !channels_[static_cast<std::size_t>(i)].in_service ||
      channels_[static_cast<std::size_t>(i)].restarting || !status_.in_service()) {
    // 44 is one of the causes libpri sends as RELEASE COMPLETE straight away (gotcha 1.9.1).
    ++stats_.refused_setups;
    pri_hangup(controller_.ctrl(), call, cause::kChannelUnavailable);
    controller_.reschedule();
    return;
  }
  const auto idx = static_cast<std::size_t>(i);
  const board::CallSetup setup = from_ring(ring);  // copied before libpri runs again
  Channel& c = channels_[idx];
  forget(c);
  c.call = call;
  c.incoming = true;
  if (!setup.sending_complete) {
    // Overlap receiving: SETUP ACKNOWLEDGE asks for the rest of the number.
    pri_need_more_info(controller_.ctrl(), call, channel, 0);
  } else {
    // CALL PROCEEDING at once, as chan_dahdi does: it stops the caller's T303, and until a
    // SETUP is answered libpri would put no DISCONNECT on the wire for it (gotcha 1.9.1), so
    // a caller abandoning before TAPI's first move would never be heard.
    pri_proceeding(controller_.ctrl(), call, channel, 0);
  }
  c.responded = true;
  controller_.reschedule();
  ++stats_.calls_offered;
  if (message(idx, ChannelInput::kFarSetup)) events_->on_incoming(channel, setup);
}

void PriSpan::on_hangup(q931_call* call, int q850_cause, bool request) {
  for (auto& pending : channels_) {
    if (pending.pending_call == call && call != nullptr) {
      // The network gave up on its glare-winning call before we could offer it.
      drop_pending(pending, q850_cause);
      controller_.reschedule();
      return;
    }
  }
  const int i = find_call(call);
  if (i < 0) return;
  const auto idx = static_cast<std::size_t>(i);
  Channel& c = channels_[idx];
  if (c.state == ChannelState::kReleasing) {
    if (request) return;  // DISCONNECT crossed ours: libpri answers with RELEASE itself
    // Our clearing meets the network's RELEASE: freeing the record ends the call.
    pri_hangup(controller_.ctrl(), call, q850_cause);
    controller_.reschedule();
    c.call = nullptr;
    if (message(idx, ChannelInput::kFarReleaseComplete)) finish_release(idx);
    return;
  }
  if (!request) c.peer_released = true;  // RELEASE / RELEASE COMPLETE: only the free is left
  auto reported = static_cast<std::uint8_t>(
      q850_cause > 0 && q850_cause < 128 ? q850_cause : cause::kNormalUnspecified);
  // libpri's own clearing after the D-channel was lost (layer 2 released, or T309) says 27;
  // nothing can have come over the link meanwhile.
  if (!dchannel_up_ && q850_cause == PRI_CAUSE_DESTINATION_OUT_OF_ORDER) {
    reported = cause::kNetworkOutOfOrder;
  }
  if (message(idx, ChannelInput::kFarDisconnect)) {
    c.overlap_open = false;
    events_->on_disconnected(numbers_[idx], reported);
  }
}

bool PriSpan::moved_elsewhere(std::size_t index, int encoded_channel) {
  Channel& c = channels_[index];
  const int channel = event_channel(encoded_channel);
  if (c.incoming || c.call == nullptr || channel <= 0 || channel == 0xFF ||
      channel == numbers_[index]) {
    return false;
  }
  // A line is one channel: the call cannot follow. RELEASE with cause 6 (libpri finishes that
  // clearing by itself; its HANGUP ACK finds no channel), and the core hears 44.
  ++stats_.moved_calls;
  pri_hangup(controller_.ctrl(), c.call, PRI_CAUSE_CHANNEL_UNACCEPTABLE);
  controller_.reschedule();
  c.call = nullptr;
  end_locally(index, cause::kChannelUnavailable);
  return true;
}

// --- RESTART and SERVICE -------------------------------------------------------------------

bool PriSpan::restartable(const Channel& c) {
  return c.state == ChannelState::kIdle && c.call == nullptr && c.pending_call == nullptr &&
         c.in_service;
}

bool PriSpan::restart(int channel) {
  const int i = index_of(channel);
  if (events_ == nullptr || !controller_.running() || i < 0 || !status_.in_service() ||
      !controller_.link_confirmed() || !restartable(channels_[static_cast<std::size_t>(i)])) {
    return false;
  }
  pri_reset(controller_.ctrl(), channel);
  channels_[static_cast<std::size_t>(i)].restarting = true;
  ++stats_.restarts_sent;
  controller_.reschedule();
  return true;
}

void PriSpan::restart_idle_channels() {
  for (std::size_t i = 0; i < channels_.size(); ++i) {
    if (!restartable(channels_[i])) continue;
    pri_reset(controller_.ctrl(), numbers_[i]);
    channels_[i].restarting = true;
    ++stats_.restarts_sent;
  }
  controller_.reschedule();
}

void PriSpan::on_link_confirmed() {
  if (events_ == nullptr) return;
  if (controller_.node_type() == PRI_NETWORK) restart_idle_channels();
  for (std::size_t i = 0; i < channels_.size() && events_ != nullptr; ++i) {
    if (channels_[i].setup_deferred && !channels_[i].restarting) send_deferred(i);
  }
}

void PriSpan::send_deferred(std::size_t index) {
  Channel& c = channels_[index];
  c.setup_deferred = false;
  c.call = send_setup(controller_.ctrl(), numbers_[index], c.deferred_setup, alaw_);
  controller_.reschedule();
  if (c.call == nullptr) end_locally(index, cause::kTemporaryFailure);
}

void PriSpan::on_restarted(std::size_t index) {
  Channel& c = channels_[index];
  drop_pending(c, -1);
  if (c.state == ChannelState::kIdle) return;
  ++stats_.restart_clears;
  if (c.call != nullptr) pri_destroycall(controller_.ctrl(), c.call);
  c.call = nullptr;
  if (c.state == ChannelState::kReleasing) {
    owe(index, Channel::Owed::kReleased);  // our clearing is over: nothing left to wait for
    return;
  }
  if (c.state == ChannelState::kFarCleared) {
    c.local_only = true;  // the core already heard a cause; its release() completes locally
    return;
  }
  end_locally(index, cause::kTemporaryFailure);
}

void PriSpan::on_service(std::size_t index, bool in_service) {
  Channel& c = channels_[index];
  if (c.in_service == in_service) return;
  c.in_service = in_service;
  events_->on_channel_service(numbers_[index], in_service);
}

}  // namespace spantsp::pri
