#include "board_drivers/sim/far_end.h"

#include "media/tone_zone.h"
#include "pipeline/perf_role.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>

namespace spantsp::sim {
namespace {

namespace cause = board::cause;

// Timer cookies: channel timers are index*3 (outbox), index*3+1 (deadline) and index*3+2 (the
// far party's DTMF); the two span timers sit at the top of the range, where no channel index
// reaches.
constexpr std::uint64_t kChannelTimers = 4;
constexpr std::uint64_t kStatusCookie = ~std::uint64_t{0};
constexpr std::uint64_t kArrivalCookie = ~std::uint64_t{0} - 1;

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

bool same_status(const board::SpanStatus& a, const board::SpanStatus& b) {
  return a.red == b.red && a.yellow == b.yellow && a.blue == b.blue &&
         a.signalling_up == b.signalling_up;
}

std::uint64_t round_ms(double ms) {
  return ms <= 0.0 ? 0 : static_cast<std::uint64_t>(std::llround(ms));
}

}  // namespace

std::optional<DialDecision> test_number_decision(std::string_view called) {
  if (called.size() < 4 || called[0] != '9' || called[1] != '9' || !is_digit(called[2]) ||
      !is_digit(called[3])) {
    return std::nullopt;
  }
  const auto cc = static_cast<std::uint8_t>((called[2] - '0') * 10 + (called[3] - '0'));
  if (cc == 0) return DialDecision{DialOutcome::kAnswerNow, 0};
  if (cc == cause::kNoUserResponding || cc == cause::kNoAnswer) {
    return DialDecision{DialOutcome::kNoAnswer, cc};
  }
  return DialDecision{DialOutcome::kClear, cc};
}

FarSound refusal_sound(std::uint8_t q850_cause) {
  switch (q850_cause) {
    case cause::kUserBusy:
      return kPlayedBusyTone;
    case cause::kUnallocatedNumber:
    case cause::kNoRoute:
    case cause::kNumberChanged:
    case cause::kInvalidNumberFormat:
      return kPlayedSit;
    default:
      return kPlayedCongestion;
  }
}

media::ToneSpec e180_sit_tone(std::int8_t level_dbm0) {
  media::ToneSpec t;
  constexpr std::array<std::array<std::uint16_t, 2>, 4> kSegments{{
      {914, 274},   // 913.8 Hz
      {1371, 274},  // 1370.6 Hz
      {1777, 380},  // 1776.7 Hz
      {0, 1000},    // silence before the next round
  }};
  for (const auto& [hz, ms] : kSegments) {
    media::ToneSegment& seg = t.segments[t.segment_count++];
    seg.frequency_hz[0] = hz;
    seg.frequencies = hz == 0 ? 0 : 1;
    seg.level_dbm0 = level_dbm0;
    seg.ms = ms;
  }
  t.repeat = true;
  return t;
}

FarEnd::FarEnd(const config::TrafficProfile& profile, std::uint32_t span_index,
               std::size_t channels)
    : profile_(profile), random_(profile.seed ^ span_index), channels_(channels) {
  for (std::size_t i = 0; i < channels_.size(); ++i) {
    channels_[i].send_timer.handler = this;
    channels_[i].send_timer.cookie = i * kChannelTimers;
    channels_[i].deadline_timer.handler = this;
    channels_[i].deadline_timer.cookie = i * kChannelTimers + 1;
    channels_[i].dtmf_timer.handler = this;
    channels_[i].dtmf_timer.cookie = i * kChannelTimers + 2;
    channels_[i].speak_timer.handler = this;
    channels_[i].speak_timer.cookie = i * kChannelTimers + 3;
  }
  status_timer_.handler = this;
  status_timer_.cookie = kStatusCookie;
  arrival_timer_.handler = this;
  arrival_timer_.cookie = kArrivalCookie;
}

FarEnd::~FarEnd() {
  stop();
}

void FarEnd::set_own_numbers(const std::vector<std::string>& numbers) {
  own_numbers_.assign(channels_.size(), board::Number{});
  for (std::size_t i = 0; i < numbers.size() && i < own_numbers_.size(); ++i) {
    // A number longer than any trunk number cannot be dialled anyway: it gets no loopback.
    if (!own_numbers_[i].assign(numbers[i])) own_numbers_[i] = {};
  }
}

void FarEnd::start(FarEndLink& link, pipeline::TimerWheel& timers, io::SpanIo* io) {
  if (timers_ != nullptr) return;
  link_ = &link;
  timers_ = &timers;
  io_ = io;
  // A profile without sound never plays or listens: no DSP state then (7 KiB a channel that
  // the simulated switch, not our side, would cost; issue 17 §5).
  const config::TrafficProfile& p = profile_;
  const bool sound = p.dtmf_share > 0.0 || p.fax_share > 0.0 || p.modem_share > 0.0 ||
                     p.speech_share > 0.0 || p.progress_tones || p.listen || !p.callers.empty();
  if (io_ != nullptr) {
    const io::SpanLayout& layout = io_->layout();
    if (!sound) {
      media_.reset();  // the switch still carries and bridges audio (loopback) without it
    } else if (!media_ || media_->law() != layout.law ||
               media_->frame_samples() != layout.frame_octets()) {
      media::MediaEvents& sink = *this;
      media_ = std::make_unique<media::SpanMedia>(channels_.size(), layout.law,
                                                  layout.frame_period_ms, sink);
    }
    if (profile_.progress_tones) {
      // libtonezone's zone, or the US tones when it does not know the country (counted).
      using media::CallProgressTone;
      const auto zone_tone = [&](CallProgressTone tone, media::ToneSpec& out) {
        return media::country_tone(profile_.tone_zone, tone, out) == media::ToneZoneResult::kOk;
      };
      const bool known = zone_tone(CallProgressTone::kRingback, ringback_tone_) &&
                         zone_tone(CallProgressTone::kDial, dial_tone_) &&
                         zone_tone(CallProgressTone::kBusy, busy_tone_) &&
                         zone_tone(CallProgressTone::kCongestion, congestion_tone_);
      if (!known) {
        ++stats_.tone_zone_fallbacks;
        media::country_tone("us", CallProgressTone::kRingback, ringback_tone_);
        media::country_tone("us", CallProgressTone::kDial, dial_tone_);
        media::country_tone("us", CallProgressTone::kBusy, busy_tone_);
        media::country_tone("us", CallProgressTone::kCongestion, congestion_tone_);
      }
      // Zones without an information tone (libtonezone's "info") play E.180's SIT.
      if (!zone_tone(CallProgressTone::kSpecialInformation, sit_tone_)) sit_tone_ = e180_sit_tone();
    }
    io_->start(*this, timers);
  }
  next_arrival_ms_ = static_cast<double>(now());
  schedule_arrival(now());
}

void FarEnd::stop() {
  if (timers_ == nullptr) return;
  for (auto& c : channels_) {
    flush(c);
    cancel_deadline(c);
    reset_call(c);  // a later start() begins with every channel free
  }
  timers_->cancel(status_timer_);
  timers_->cancel(arrival_timer_);
  if (io_ != nullptr) io_->stop();
  io_ = nullptr;
  timers_ = nullptr;
  link_ = nullptr;
}

bool FarEnd::channel_idle(std::size_t index) const {
  return index < channels_.size() && channels_[index].state == State::kIdle;
}

// --- Our side's messages -------------------------------------------------------------------

FarEnd::Seize FarEnd::on_setup(std::size_t index, const board::CallSetup& setup) {
  const pipeline::perf_role::Scope role(pipeline::perf_role::Role::kFarEnd);
  if (timers_ == nullptr || !in_service()) return Seize::kRefused;
  Channel& c = channels_[index];
  if (c.state != State::kIdle) {
    // Our side still sees the channel idle, so the far end's own SETUP is in the outbox: a
    // real collision, and the far end (the network side) keeps the channel.
    ++stats_.glare;
    return Seize::kGlare;
  }
  if (random_.uniform() < profile_.glare_share) {
    ++stats_.glare;
    offer(index, random_setup(), now());
    return Seize::kGlare;
  }
  ++stats_.outgoing_placed;
  c.incoming = false;
  c.setup = setup;
  c.record = {};
  c.uui_out = {};
  if (!setup.uui.empty()) on_user_user(index, setup.uui.view());  // the SETUP carried some
  if (!setup.sending_complete) {
    c.state = State::kCollecting;
    if (profile_.progress_tones) play_progress(index, dial_tone_, kPlayedDialTone);
    arm_deadline(index, Deadline::kDigits, now() + kDigitTimeoutMs);
  } else {
    route(index, now());
  }
  return Seize::kSeized;
}

void FarEnd::on_digits(std::size_t index, std::string_view digits, bool complete) {
  const pipeline::perf_role::Scope role(pipeline::perf_role::Role::kFarEnd);
  if (timers_ == nullptr) return;
  Channel& c = channels_[index];
  if (c.state != State::kCollecting) return;
  if (!c.setup.called.append(digits)) {
    // Longer than any number the switch knows.
    clear(index, cause::kInvalidNumberFormat, Reason::kRejected);
    return;
  }
  if (complete) {
    route(index, now());
  } else {
    arm_deadline(index, Deadline::kDigits, now() + kDigitTimeoutMs);  // inter-digit timer
  }
}

void FarEnd::on_alerting(std::size_t index) {
  const pipeline::perf_role::Scope role(pipeline::perf_role::Role::kFarEnd);
  Channel& c = channels_[index];
  if (timers_ == nullptr || c.state != State::kOffered) return;
  c.state = State::kRinging;
  // Loopback: the calling line hears its call ring.
  if (c.peer >= 0) send(static_cast<std::size_t>(c.peer), Send::kAlerting);
}

void FarEnd::on_connect(std::size_t index) {
  const pipeline::perf_role::Scope role(pipeline::perf_role::Role::kFarEnd);
  if (timers_ == nullptr) return;
  Channel& c = channels_[index];
  if (c.state != State::kOffered && c.state != State::kRinging) return;
  ++stats_.incoming_answered;
  connect(index, now());  // CONNECT ACKNOWLEDGE
  // Loopback: the called line answered, so the calling line's call is answered too.
  if (c.peer >= 0) connect(static_cast<std::size_t>(c.peer), now());
}

void FarEnd::on_release(std::size_t index, std::uint8_t q850_cause) {
  const pipeline::perf_role::Scope role(pipeline::perf_role::Role::kFarEnd);
  if (timers_ == nullptr) return;
  Channel& c = channels_[index];
  if (c.state == State::kIdle || c.state == State::kReleasing) return;
  const bool was_connected = c.state == State::kConnected;
  // Whatever was still on its way to us is moot once we clear: only RELEASE COMPLETE follows.
  flush(c);
  cancel_deadline(c);
  c.state = State::kReleasing;
  send(index, Send::kReleaseComplete);
  unlink(index, was_connected ? cause::kNormalClearing : q850_cause);
}

// --- Controls ------------------------------------------------------------------------------

board::ControlResult FarEnd::inject_incoming(std::size_t index, const board::CallSetup& setup) {
  if (timers_ == nullptr || !in_service() || channels_[index].state != State::kIdle) {
    return board::ControlResult::kRejected;
  }
  offer(index, setup, now());
  return board::ControlResult::kOk;
}

board::ControlResult FarEnd::remote_answer(std::size_t index) {
  const Channel& c = channels_[index];
  // A loopback call is answered by our own line, not by the switch.
  if (timers_ == nullptr || c.incoming || c.state != State::kAlerting || c.peer >= 0) {
    return board::ControlResult::kRejected;
  }
  connect(index, now());  // ALERTING, if still in the outbox, goes first
  return board::ControlResult::kOk;
}

board::ControlResult FarEnd::remote_clear(std::size_t index, std::uint8_t q850_cause) {
  if (timers_ == nullptr) return board::ControlResult::kRejected;
  switch (channels_[index].state) {
    case State::kOffered:
    case State::kRinging:
    case State::kCollecting:
    case State::kAlerting:
    case State::kAnnouncing:
    case State::kConnected:
      clear(index, q850_cause, Reason::kRemoteClear);
      return board::ControlResult::kOk;
    case State::kIdle:
    case State::kCleared:
    case State::kReleasing:
      break;
  }
  return board::ControlResult::kRejected;
}

board::ControlResult FarEnd::remote_user_user(std::size_t index, std::string_view uui) {
  Channel& c = channels_[index];
  if (timers_ == nullptr) return board::ControlResult::kRejected;
  c.uui_out.assign(uui);
  // Idle: kept for the next SETUP offered here. A cleared call sends nothing more.
  if (active(c.state) && c.state != State::kCleared) send(index, Send::kUserUser);
  return board::ControlResult::kOk;
}

board::ControlResult FarEnd::deflect(std::size_t index, const board::Number& to) {
  Channel& c = channels_[index];
  if (timers_ == nullptr || !c.incoming ||
      (c.state != State::kOffered && c.state != State::kRinging)) {
    return board::ControlResult::kRejected;
  }
  if (to.empty()) return board::ControlResult::kInvalid;
  ++stats_.deflections;
  c.record.deflected_to = to;
  board::CallSetup setup = c.setup;  // the caller as it was offered here
  setup.redirecting = index < own_numbers_.size() && !own_numbers_[index].empty()
                          ? own_numbers_[index]
                          : c.setup.called;
  setup.called = to;
  setup.sending_complete = true;
  setup.uui = {};
  // The caller's leg (a loopback call of ours) is handed over, not cleared with ours.
  const int caller = c.peer;
  if (caller >= 0) {
    c.peer = -1;
    channels_[static_cast<std::size_t>(caller)].peer = -1;
  }
  clear(index, cause::kNormalClearing, Reason::kRemoteClear);
  const int line = own_line(to.view());
  if (line >= 0 && static_cast<std::size_t>(line) != index &&
      channels_[static_cast<std::size_t>(line)].state == State::kIdle && in_service()) {
    ++stats_.deflected_to_own_line;
    const auto target = static_cast<std::size_t>(line);
    if (caller >= 0) {
      channels_[static_cast<std::size_t>(caller)].peer = line;
      channels_[target].peer = caller;
    }
    offer(target, setup, now());
  } else if (caller >= 0) {
    // An outside number: the switch routes the caller's leg there as if dialled.
    channels_[static_cast<std::size_t>(caller)].setup.called = to;
    route(static_cast<std::size_t>(caller), now());
  }
  return board::ControlResult::kOk;
}

board::ControlResult FarEnd::transfer(std::size_t index, const board::Number& to) {
  Channel& c = channels_[index];
  if (timers_ == nullptr || c.state != State::kConnected) return board::ControlResult::kRejected;
  if (to.empty()) return board::ControlResult::kInvalid;
  ++stats_.transfers_single_step;
  c.record.transfer = kTransferSingleStep;
  c.record.transfer_party = to;
  c.record.transfer_own_party = far_party(index);
  board::CallSetup setup;
  setup.calling = far_party(index);
  setup.redirecting = index < own_numbers_.size() && !own_numbers_[index].empty()
                          ? own_numbers_[index]
                          : c.setup.calling;
  setup.called = to;
  // The far side's own leg (loopback) stays up, talking to `to` now: not cleared with ours.
  if (c.peer >= 0) {
    channels_[static_cast<std::size_t>(c.peer)].peer = -1;
    c.peer = -1;
  }
  clear(index, cause::kNormalClearing, Reason::kRemoteClear);
  const int line = own_line(to.view());
  if (line >= 0 && static_cast<std::size_t>(line) != index &&
      channels_[static_cast<std::size_t>(line)].state == State::kIdle && in_service()) {
    offer(static_cast<std::size_t>(line), setup, now());
  }
  return board::ControlResult::kOk;
}

board::ControlResult FarEnd::join(std::size_t a, std::size_t b) {
  if (timers_ == nullptr || a == b || a >= channels_.size() || b >= channels_.size()) {
    return board::ControlResult::kRejected;
  }
  Channel& ca = channels_[a];
  Channel& cb = channels_[b];
  if (ca.state != State::kConnected ||
      (cb.state != State::kConnected && cb.state != State::kAlerting)) {
    return board::ControlResult::kRejected;
  }
  ++stats_.transfers_joined;
  ca.record.transfer = cb.record.transfer = kTransferJoined;
  ca.record.transfer_party = cb.record.transfer_own_party = far_party(b);
  cb.record.transfer_party = ca.record.transfer_own_party = far_party(a);
  // Loopback legs on the far side now talk to each other; an outside party's leg has none.
  const int pa = ca.peer, pb = cb.peer;
  ca.peer = cb.peer = -1;
  if (pa >= 0) channels_[static_cast<std::size_t>(pa)].peer = pb;
  if (pb >= 0) channels_[static_cast<std::size_t>(pb)].peer = pa;
  clear(a, cause::kNormalClearing, Reason::kRemoteClear);
  clear(b, cause::kNormalClearing, Reason::kRemoteClear);
  return board::ControlResult::kOk;
}

void FarEnd::on_user_user(std::size_t index, std::string_view uui) {
  Channel& c = channels_[index];
  ++stats_.user_user_received;
  c.record.user_user.assign(uui);
  ++c.record.user_user_count;
  // Loopback: the network carries it on to the other leg, ahead of what that leg hears next.
  if (c.peer < 0) return;
  const auto other = static_cast<std::size_t>(c.peer);
  if (!active(channels_[other].state)) return;
  channels_[other].uui_out.assign(uui);
  send(other, Send::kUserUser);
}

board::ControlResult FarEnd::remote_digits(std::size_t index, std::string_view digits,
                                           bool complete) {
  Channel& c = channels_[index];
  if (timers_ == nullptr || !c.incoming || c.incoming_complete ||
      (c.state != State::kOffered && c.state != State::kRinging)) {
    return board::ControlResult::kRejected;
  }
  const bool queued =
      c.outbox_count > 0 &&
      c.outbox[(c.outbox_head + c.outbox_count - 1) % kOutboxSize].what == Send::kDigits;
  // Digits decided while an earlier DIGITS is still in the outbox travel with it.
  if (!queued) c.digits = {};
  if (!c.digits.append(digits)) return board::ControlResult::kInvalid;
  c.digits_complete = complete;
  c.incoming_complete = complete;
  if (!queued) send(index, Send::kDigits);
  return board::ControlResult::kOk;
}

void FarEnd::set_alarms(const board::SpanStatus& status) {
  const pipeline::perf_role::Scope role(pipeline::perf_role::Role::kFarEnd);
  // The span changes at once (no new calls either way); our side hears of it on the next tick,
  // after anything already in the outboxes.
  status_ = status;
  if (timers_ != nullptr) timers_->arm(status_timer_, now());
}

// --- Timers --------------------------------------------------------------------------------

void FarEnd::on_timer(std::uint64_t cookie, std::uint64_t /*now_ms*/) {
  const pipeline::perf_role::Scope role(pipeline::perf_role::Role::kFarEnd);
  // Times derive from the node's due time, not from how far the wheel was advanced in one go,
  // so a run is the same whatever the worker's step.
  if (cookie == kStatusCookie) {
    report_status();
  } else if (cookie == kArrivalCookie) {
    on_arrival(arrival_timer_.due_ms);
  } else {
    const auto index = static_cast<std::size_t>(cookie / kChannelTimers);
    switch (cookie % kChannelTimers) {
      case 0:
        deliver_next(index);
        break;
      case 1:
        on_deadline(index, channels_[index].deadline_timer.due_ms);
        break;
      case 2:
        send_dtmf(index);
        break;
      default:
        speak(index);
        break;
    }
  }
}

void FarEnd::send(std::size_t index, Send what, std::uint8_t q850_cause, Reason reason) {
  Channel& c = channels_[index];
  if (c.outbox_count == kOutboxSize) {
    ++stats_.unexpected_messages;  // cannot happen: kOutboxSize covers the longest sequence
    return;
  }
  c.outbox[(c.outbox_head + c.outbox_count) % kOutboxSize] = Message{what, q850_cause, reason};
  ++c.outbox_count;
  if (!c.send_timer.armed()) timers_->arm(c.send_timer, now());
}

void FarEnd::flush(Channel& c) {
  c.outbox_head = 0;
  c.outbox_count = 0;
  timers_->cancel(c.send_timer);
}

void FarEnd::deliver_next(std::size_t index) {
  Channel& c = channels_[index];
  if (c.outbox_count == 0) return;
  const Message m = c.outbox[c.outbox_head];
  c.outbox_head = static_cast<std::uint8_t>((c.outbox_head + 1) % kOutboxSize);
  --c.outbox_count;
  // One message per firing, the next one re-armed before this one is reported: our side may
  // react (even re-entrantly) and change the outbox.
  if (c.outbox_count > 0) timers_->arm(c.send_timer, now());

  switch (m.what) {
    case Send::kSetup: {
      ++stats_.incoming_offered;
      const board::CallSetup setup = c.setup;  // our side may stop() the span from the report
      link_->far_setup(index, setup);
      break;
    }
    case Send::kDigits: {
      const board::Number digits = c.digits;
      const bool complete = c.digits_complete;
      c.digits = {};
      link_->far_digits(index, digits.view(), complete);
      break;
    }
    case Send::kProceeding:
      link_->far_proceeding(index);
      break;
    case Send::kAlerting:
      link_->far_alerting(index);
      break;
    case Send::kProgress:
      link_->far_progress(index, m.cause);
      break;
    case Send::kConnect:
      if (!c.incoming) ++stats_.outgoing_answered;
      link_->far_connect(index);
      break;
    case Send::kDisconnect:
      count_clear(m.reason);
      link_->far_disconnect(index, m.cause);
      break;
    case Send::kReleaseComplete:
      reset_call(c);  // the channel is free only now that our side hears it is
      link_->far_release_complete(index);
      break;
    case Send::kUserUser: {
      if (c.uui_out.empty()) break;  // sent already with a SETUP
      const board::UserUser uui = c.uui_out;
      c.uui_out = {};
      ++stats_.user_user_sent;
      link_->far_user_user(index, uui.view());
      break;
    }
  }
}

void FarEnd::reset_call(Channel& c) {
  const auto index = static_cast<std::size_t>(&c - channels_.data());
  if (media_) media_->reset(index);
  if (timers_ != nullptr) {
    timers_->cancel(c.dtmf_timer);
    timers_->cancel(c.speak_timer);
  }
  if (io_ != nullptr) io_->set_bearer(index, false);
  c.party = Party::kSilent;
  c.sends_dtmf = false;
  c.script = -1;
  c.peer = -1;
  c.state = State::kIdle;
  c.incoming = false;
  c.incoming_complete = true;
  c.decision = {};
  c.setup = {};
  c.digits = {};
  c.digits_complete = false;
}

void FarEnd::arm_deadline(std::size_t index, Deadline deadline, std::uint64_t due_ms) {
  Channel& c = channels_[index];
  c.deadline = deadline;
  timers_->arm(c.deadline_timer, due_ms);
}

void FarEnd::cancel_deadline(Channel& c) {
  c.deadline = Deadline::kNone;
  timers_->cancel(c.deadline_timer);
}

void FarEnd::on_deadline(std::size_t index, std::uint64_t now_ms) {
  Channel& c = channels_[index];
  const Deadline d = c.deadline;
  c.deadline = Deadline::kNone;
  switch (d) {
    case Deadline::kNone:
      break;
    case Deadline::kDigits:
      clear(index, cause::kInvalidNumberFormat, Reason::kDigitTimeout);
      break;
    case Deadline::kRing:
      clear(index, cause::kNormalClearing, Reason::kAbandoned);  // the caller gave up
      break;
    case Deadline::kAnswer:
      connect(index, now_ms);
      break;
    case Deadline::kNoAnswer:
      clear(index, c.decision.cause, Reason::kNoAnswer);
      break;
    case Deadline::kHangUp:
      if (c.script >= 0) ++stats_.scripted_hang_ups;
      clear(index, cause::kNormalClearing, Reason::kRemoteClear);
      break;
    case Deadline::kRefusal:
      if (media_) media_->reset(index);  // the announcement ends with the clearing
      clear(index, c.decision.cause,
            c.decision.cause == cause::kUserBusy ? Reason::kBusy : Reason::kRejected);
      break;
  }
}

// --- Call handling -------------------------------------------------------------------------

void FarEnd::offer(std::size_t index, const board::CallSetup& setup, std::uint64_t now_ms) {
  Channel& c = channels_[index];
  c.record = {};
  if (c.peer < 0) draw_party(c, true);
  c.state = State::kOffered;
  c.incoming = true;
  c.incoming_complete = setup.sending_complete;
  c.setup = setup;
  if (c.setup.uui.empty() && !c.uui_out.empty()) {
    c.setup.uui = c.uui_out;  // kSimRemoteUserUser given while the channel was idle
    ++stats_.user_user_sent;
  }
  c.uui_out = {};
  send(index, Send::kSetup);
  arm_deadline(index, Deadline::kRing, now_ms + kRingTimeoutMs);
}

void FarEnd::route(std::size_t index, std::uint64_t now_ms) {
  Channel& c = channels_[index];
  cancel_deadline(c);
  if (c.setup.called.empty()) {
    // Nothing to route on: refused before CALL PROCEEDING.
    clear(index, cause::kInvalidNumberFormat, Reason::kRejected);
    return;
  }
  if (const int line = own_line(c.setup.called.view());
      line >= 0 && static_cast<std::size_t>(line) != index) {
    loop(index, static_cast<std::size_t>(line), now_ms);
    return;
  }
  c.decision = decide(c.setup.called.view());
  if (media_) media_->reset(index);  // dial tone stops
  draw_party(c, false);
  send(index, Send::kProceeding);
  switch (c.decision.outcome) {
    case DialOutcome::kAnswer:
      c.state = State::kAlerting;
      send(index, Send::kAlerting);
      if (profile_.progress_tones) play_progress(index, ringback_tone_, kPlayedRingback);
      arm_deadline(index, Deadline::kAnswer, now_ms + profile_.answer_delay_ms);
      break;
    case DialOutcome::kAnswerNow:
      connect(index, now_ms);
      break;
    case DialOutcome::kNoAnswer:
      c.state = State::kAlerting;
      send(index, Send::kAlerting);
      if (profile_.progress_tones) play_progress(index, ringback_tone_, kPlayedRingback);
      arm_deadline(index, Deadline::kNoAnswer, now_ms + kNoAnswerTimeoutMs);
      break;
    case DialOutcome::kClear:
      refuse(index, now_ms);
      break;
  }
}

void FarEnd::refuse(std::size_t index, std::uint64_t now_ms) {
  Channel& c = channels_[index];
  const std::uint8_t q850 = c.decision.cause;
  if (!profile_.progress_tones || profile_.refusal_tone_ms == 0 || !media_ || io_ == nullptr) {
    clear(index, q850, q850 == cause::kUserBusy ? Reason::kBusy : Reason::kRejected);
    return;
  }
  const FarSound sound = refusal_sound(q850);
  c.state = State::kAnnouncing;
  send(index, Send::kProgress, q850);
  play_progress(index,
                sound == kPlayedBusyTone ? busy_tone_
                : sound == kPlayedSit    ? sit_tone_
                                         : congestion_tone_,
                sound);
  arm_deadline(index, Deadline::kRefusal, now_ms + profile_.refusal_tone_ms);
}

DialDecision FarEnd::decide(std::string_view called) {
  // Test numbers override the profile and draw nothing.
  if (auto fixed = test_number_decision(called)) return *fixed;
  double u = random_.uniform();
  if ((u -= profile_.busy_share) < 0.0) return {DialOutcome::kClear, cause::kUserBusy};
  if ((u -= profile_.no_answer_share) < 0.0) return {DialOutcome::kNoAnswer, cause::kNoAnswer};
  if ((u -= profile_.reject_share) < 0.0) return {DialOutcome::kClear, cause::kCallRejected};
  return {DialOutcome::kAnswer, 0};
}

void FarEnd::connect(std::size_t index, std::uint64_t now_ms) {
  Channel& c = channels_[index];
  c.state = State::kConnected;
  cancel_deadline(c);
  send(index, Send::kConnect);
  if (io_ != nullptr) io_->set_bearer(index, true);
  if (c.peer >= 0) return;  // loopback: our own lines decide when to hang up
  start_audio(index);
  if (c.script >= 0) {  // the script decides when the far party hangs up
    const std::uint32_t hang_up_ms =
        profile_.callers[static_cast<std::size_t>(c.script)].hang_up_ms;
    if (hang_up_ms != 0) arm_deadline(index, Deadline::kHangUp, now_ms + hang_up_ms);
    return;
  }
  // Who clears first is drawn now; when our side is to hang up first the far end simply waits
  // (it cannot clear for us).
  if (profile_.hold_time_ms == 0) return;  // held until our side clears
  if (random_.uniform() < profile_.remote_hangup_share) {
    const auto hold = round_ms(random_.exponential(static_cast<double>(profile_.hold_time_ms)));
    arm_deadline(index, Deadline::kHangUp, now_ms + hold);
  }
}

void FarEnd::clear(std::size_t index, std::uint8_t q850_cause, Reason reason) {
  Channel& c = channels_[index];
  const bool was_connected = c.state == State::kConnected;
  c.state = State::kCleared;
  cancel_deadline(c);
  send(index, Send::kDisconnect, q850_cause, reason);
  // A leg the switch clears (ring timeout, alarm, control) takes the other leg with it.
  if (c.peer >= 0) {
    const bool rang_out = reason == Reason::kAbandoned;
    unlink(index, was_connected ? cause::kNormalClearing
                  : rang_out    ? cause::kNoAnswer
                                : q850_cause);
  }
}

// --- Loopback through the switch -----------------------------------------------------------

bool FarEnd::active(State state) {
  switch (state) {
    case State::kOffered:
    case State::kRinging:
    case State::kCollecting:
    case State::kAlerting:
    case State::kAnnouncing:
    case State::kConnected:
      return true;
    case State::kIdle:
    case State::kCleared:
    case State::kReleasing:
      break;
  }
  return false;
}

int FarEnd::own_line(std::string_view called) const {
  // A trunk group's channels share its number: the switch hunts an idle one, as a network
  // does for a hunt group; all busy, the first (whose line answers busy).
  int busy = -1;
  for (std::size_t i = 0; i < own_numbers_.size(); ++i) {
    if (own_numbers_[i].empty() || own_numbers_[i].view() != called) continue;
    if (channels_[i].state == State::kIdle) return static_cast<int>(i);
    if (busy < 0) busy = static_cast<int>(i);
  }
  return busy;
}

void FarEnd::loop(std::size_t index, std::size_t line, std::uint64_t now_ms) {
  Channel& a = channels_[index];
  send(index, Send::kProceeding);
  if (!in_service() || channels_[line].state != State::kIdle) {
    clear(index, cause::kUserBusy, Reason::kBusy);
    return;
  }
  ++stats_.loopback_calls;
  a.decision = {DialOutcome::kAnswer, 0};
  a.state = State::kAlerting;  // the called line's ring timeout bounds the wait
  a.peer = static_cast<int>(line);
  channels_[line].peer = static_cast<int>(index);
  board::CallSetup setup = a.setup;
  setup.sending_complete = true;
  if (setup.calling.empty() && !own_numbers_.empty()) setup.calling = own_numbers_[index];
  offer(line, setup, now_ms);
}

void FarEnd::unlink(std::size_t index, std::uint8_t q850_cause) {
  Channel& c = channels_[index];
  if (c.peer < 0) return;
  const auto other = static_cast<std::size_t>(c.peer);
  c.peer = -1;
  channels_[other].peer = -1;
  if (active(channels_[other].state)) clear(other, q850_cause, Reason::kRemoteClear);
}

// --- Sound ---------------------------------------------------------------------------------

namespace {

media::MonitoredTone tone(std::uint16_t f1, std::uint16_t f2, std::uint32_t ms) {
  media::MonitoredTone t;
  t.frequency_hz[0] = f1;
  t.frequency_hz[1] = f2;
  t.frequencies = f2 == 0 ? 1 : 2;
  t.duration_ms = ms;
  return t;
}

// The FarTone list, in FarTone order.
media::MediaCommand listen_for_tones() {
  media::MediaCommand c;
  c.op = media::MediaCommand::Op::kMonitorTones;
  c.tones[kHeardBeep1000] = tone(1000, 0, 100);
  c.tones[kHeardRingback] = tone(440, 480, 300);
  c.tones[kHeardBusy] = tone(480, 620, 300);
  c.tones[kHeardDialTone] = tone(350, 440, 300);
  c.tones[kHeardFaxCng] = tone(1100, 0, 300);
  c.tones[kHeardAnswerTone] = tone(2100, 0, 300);
  c.tone_count = kFarTones;
  return c;
}

}  // namespace

bool FarEnd::far_command(std::size_t index, const media::MediaCommand& command) {
  return media_ && media_->command(index, command, now()) == media::MediaResult::kOk;
}

void FarEnd::draw_party(Channel& c, bool incoming) {
  c.party = Party::kSilent;
  c.sends_dtmf = false;
  c.script = -1;
  // A far party calling us may follow a script (the profile's callers); nothing is drawn
  // without callers, so other profiles keep their random sequence.
  if (incoming && !profile_.callers.empty()) {
    double u = random_.uniform();
    for (std::size_t k = 0; k < profile_.callers.size(); ++k) {
      if ((u -= profile_.callers[k].share) < 0.0) {
        c.script = static_cast<int>(k);
        c.sends_dtmf = !profile_.callers[k].digits.empty();
        return;
      }
    }
  }
  // Nothing is drawn for shares of 0: profiles without sound keep their random sequence.
  if (profile_.fax_share > 0.0 || profile_.modem_share > 0.0) {
    const double u = random_.uniform();
    if (u < profile_.fax_share) {
      c.party = Party::kFax;
    } else if (!incoming && u < profile_.fax_share + profile_.modem_share) {
      c.party = Party::kModem;
    }
  }
  if (c.party == Party::kSilent && profile_.speech_share > 0.0 &&
      random_.uniform() < profile_.speech_share) {
    c.party = Party::kSpeech;
  }
  if (profile_.dtmf_share > 0.0) c.sends_dtmf = random_.uniform() < profile_.dtmf_share;
}

void FarEnd::play_progress(std::size_t index, const media::ToneSpec& spec, std::uint32_t what) {
  if (!media_ || io_ == nullptr) return;
  io_->set_bearer(index, true);
  media::MediaCommand c;
  c.op = media::MediaCommand::Op::kGenerateTone;
  c.tone = spec;
  if (far_command(index, c)) {
    channels_[index].record.played |= what;
    ++stats_.progress_tones_played;
    if (what == kPlayedBusyTone) ++stats_.busy_tones_played;
    if (what == kPlayedSit) ++stats_.sit_tones_played;
    if (what == kPlayedCongestion) ++stats_.reorder_tones_played;
  }
}

void FarEnd::record_audio(std::uint32_t max_ms) {
  audio_capacity_ = std::size_t{max_ms} * (media::kSampleRate / 1000);
  audio_.assign(channels_.size() * audio_capacity_, 0);
  audio_length_.assign(channels_.size(), 0);
}

std::span<const std::uint8_t> FarEnd::heard_audio(std::size_t index) const {
  if (index >= audio_length_.size()) return {};
  return {audio_.data() + index * audio_capacity_, audio_length_[index]};
}

void FarEnd::start_audio(std::size_t index) {
  if (index < audio_length_.size()) audio_length_[index] = 0;
  if (!media_) return;
  Channel& c = channels_[index];
  media_->reset(index);  // the switch's ringback stops: the far party is on the line
  if (profile_.listen) {
    media::MediaCommand digits;
    digits.op = media::MediaCommand::Op::kDetectDigits;
    digits.on = true;
    far_command(index, digits);
    far_command(index, listen_for_tones());
  }
  media::MediaCommand play;
  play.op = media::MediaCommand::Op::kGenerateSignal;
  std::uint32_t played = 0;
  switch (c.party) {
    case Party::kSilent:
      break;
    case Party::kFax:
      play.signal = c.incoming ? media::Signal::kFaxCng : media::Signal::kFaxCed;
      played = c.incoming ? kPlayedFaxCng : kPlayedFaxCed;
      ++stats_.fax_calls;
      break;
    case Party::kModem:
      play.signal = media::Signal::kModemAnswer;
      played = kPlayedModemAnswer;
      ++stats_.modem_calls;
      break;
    case Party::kSpeech:
      play.signal = media::Signal::kSpeechLike;
      played = kPlayedSpeech;
      ++stats_.speech_calls;
      break;
  }
  if (played != 0 && far_command(index, play)) c.record.played |= played;
  if (c.script >= 0) {
    const config::CallerScript& script = profile_.callers[static_cast<std::size_t>(c.script)];
    c.record.caller = c.script;
    ++stats_.scripted_calls;
    if (c.sends_dtmf) timers_->arm(c.dtmf_timer, now() + script.digits_delay_ms);
    if (script.speak_ms != 0) timers_->arm(c.speak_timer, now() + script.speak_from_ms);
    return;
  }
  if (c.sends_dtmf) timers_->arm(c.dtmf_timer, now() + profile_.dtmf_delay_ms);
}

void FarEnd::speak(std::size_t index) {
  Channel& c = channels_[index];
  if (c.state != State::kConnected || c.script < 0) return;
  media::MediaCommand talk;
  talk.op = media::MediaCommand::Op::kGenerateSignal;
  talk.signal = media::Signal::kSpeechLike;
  talk.duration_ms = profile_.callers[static_cast<std::size_t>(c.script)].speak_ms;
  if (!far_command(index, talk)) return;
  c.record.played |= kPlayedSpeech;
  ++stats_.speech_calls;
}

void FarEnd::send_dtmf(std::size_t index) {
  Channel& c = channels_[index];
  if (c.state != State::kConnected) return;
  media::MediaCommand keys;
  keys.op = media::MediaCommand::Op::kGenerateDigits;
  const std::string& keyed = c.script >= 0
                                 ? profile_.callers[static_cast<std::size_t>(c.script)].digits
                                 : profile_.dtmf_digits;
  const std::string_view digits = std::string_view(keyed).substr(
      0, std::min(keyed.size(), std::size_t{config::kMaxSimDtmfDigits}));
  for (char d : digits) keys.digits[keys.digit_count++] = d;
  keys.digit_on_ms = static_cast<std::uint16_t>(profile_.dtmf_on_ms);
  keys.digit_off_ms = static_cast<std::uint16_t>(profile_.dtmf_off_ms);
  keys.digit_level_dbm0 = static_cast<std::int8_t>(profile_.dtmf_level_dbm0);
  if (!far_command(index, keys)) return;
  c.record.played |= kPlayedDtmf;
  c.record.digits_sent.assign(digits);
  ++stats_.dtmf_strings_sent;
}

void FarEnd::on_media_event(std::size_t channel, const media::MediaEvent& event) {
  if (channel >= channels_.size()) return;
  FarRecord& r = channels_[channel].record;
  switch (event.kind) {
    case media::MediaEvent::Kind::kDigitDown:
      r.digits_heard.append(std::string_view(&event.digit, 1));
      ++stats_.digits_heard;
      break;
    case media::MediaEvent::Kind::kToneDetected:
      if (event.tone_index < 32) r.tones_heard |= 1u << event.tone_index;
      ++stats_.tones_heard;
      break;
    case media::MediaEvent::Kind::kDigitUp:
    case media::MediaEvent::Kind::kGenerateDone:
    case media::MediaEvent::Kind::kMediaDetected:
      break;
  }
}

void FarEnd::on_audio_frame(io::SpanAudio& audio, std::uint64_t now_ms) {
  const pipeline::perf_role::Scope role(pipeline::perf_role::Role::kFarEnd);
  for (std::size_t i = 0; i < audio_length_.size(); ++i) {
    if (channels_[i].state != State::kConnected) continue;
    const auto heard = audio.rx(i);
    const std::size_t n = std::min(heard.size(), audio_capacity_ - audio_length_[i]);
    std::memcpy(audio_.data() + i * audio_capacity_ + audio_length_[i], heard.data(), n);
    audio_length_[i] += n;
  }
  // The far parties play and listen on their side of the wire...
  if (media_) media_->tick(audio.rx_slab(), audio.tx_slab(), now_ms);
  // ...and the switch cross-connects loopback legs (no far party there, nothing played):

  // The switch's cross-connect: each connected loopback leg hears what the other sent.
  for (std::size_t i = 0; i < channels_.size(); ++i) {
    const int p = channels_[i].peer;
    if (p < 0 || channels_[i].state != State::kConnected ||
        channels_[static_cast<std::size_t>(p)].state != State::kConnected) {
      continue;
    }
    const auto from = audio.rx(i);
    std::memcpy(audio.tx(static_cast<std::size_t>(p)).data(), from.data(), from.size());
    ++stats_.bridged_frames;
  }
}

void FarEnd::count_clear(Reason reason) {
  switch (reason) {
    case Reason::kNone:
      break;
    case Reason::kBusy:
      ++stats_.outgoing_busy;
      break;
    case Reason::kNoAnswer:
      ++stats_.outgoing_no_answer;
      break;
    case Reason::kRejected:
      ++stats_.outgoing_rejected;
      break;
    case Reason::kDigitTimeout:
      ++stats_.digit_timeouts;
      break;
    case Reason::kAbandoned:
      ++stats_.incoming_abandoned;
      break;
    case Reason::kRemoteClear:
      ++stats_.remote_clears;
      break;
    case Reason::kAlarm:
      ++stats_.alarm_clears;
      break;
  }
}

// --- Span: arrivals and alarms -------------------------------------------------------------

void FarEnd::schedule_arrival(std::uint64_t now_ms) {
  if (!(profile_.incoming_calls_per_second > 0.0)) return;
  // Keep the exact (fractional) arrival time so rounding to the 1 ms tick does not bias the
  // rate.
  next_arrival_ms_ += random_.exponential(1000.0 / profile_.incoming_calls_per_second);
  const auto due = static_cast<std::uint64_t>(std::ceil(next_arrival_ms_));
  timers_->arm(arrival_timer_, due < now_ms ? now_ms : due);
}

void FarEnd::on_arrival(std::uint64_t now_ms) {
  std::size_t idle = 0;
  if (in_service()) {
    for (const auto& c : channels_) idle += c.state == State::kIdle ? 1 : 0;
  }
  if (idle == 0) {
    ++stats_.incoming_blocked;
  } else {
    // Uniform over the idle channels: the same as "a random channel, another idle one if it is
    // busy", with a single draw.
    auto pick = random_.below(idle);
    for (std::size_t i = 0; i < channels_.size(); ++i) {
      if (channels_[i].state != State::kIdle) continue;
      if (pick-- == 0) {
        offer(i, random_setup(), now_ms);
        break;
      }
    }
  }
  schedule_arrival(now_ms);
}

void FarEnd::report_status() {
  if (!same_status(status_, reported_status_)) {
    reported_status_ = status_;
    link_->far_span_status(reported_status_);
    if (timers_ == nullptr) return;  // our side stopped the span from inside the report
  }
  if (in_service()) return;
  // Out of service: the network tears down every call on the span (cause 38).
  for (std::size_t i = 0; i < channels_.size(); ++i) {
    switch (channels_[i].state) {
      case State::kOffered:
      case State::kRinging:
      case State::kCollecting:
      case State::kAlerting:
      case State::kAnnouncing:
      case State::kConnected:
        clear(i, cause::kNetworkOutOfOrder, Reason::kAlarm);
        break;
      case State::kIdle:
      case State::kCleared:
      case State::kReleasing:
        break;
    }
  }
}

board::CallSetup FarEnd::random_setup() {
  board::CallSetup setup;
  draw_number(profile_.ani, setup.calling);
  draw_number(profile_.dnis, setup.called);
  return setup;
}

void FarEnd::draw_number(const config::Range& range, board::Number& out) {
  std::int64_t lo = range.first < range.last ? range.first : range.last;
  std::int64_t hi = range.first < range.last ? range.last : range.first;
  if (lo < 0) lo = 0;
  if (hi < lo) hi = lo;
  const auto value =
      lo + static_cast<std::int64_t>(random_.below(static_cast<std::uint64_t>(hi - lo + 1)));
  char text[24];
  const auto result = std::to_chars(text, text + sizeof text, value);
  out.assign(std::string_view(text, static_cast<std::size_t>(result.ptr - text)));
}

}  // namespace spantsp::sim
