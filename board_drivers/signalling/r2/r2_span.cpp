#include "board_drivers/signalling/r2/r2_span.h"

#include <cstdio>

#include "board_drivers/signalling/channel_numbers.h"
#include "board_drivers/signalling/span_status.h"
#include "config/r2_config.h"

namespace spantsp::r2 {
namespace {

using signalling::ChannelInput;
using signalling::ChannelState;
namespace cause = board::cause;

constexpr int kMaxChannelNumber = 255;
constexpr int kWrongToneNumber = 13;  // no variant's group A, B, C or I has it
constexpr std::uint8_t kAbMask = 0xC;

int digit_tone(char d) {
  return d == '0' ? 10 : (d >= '1' && d <= '9') ? d - '0' : 0;
}
char tone_digit(int tone) {
  return tone == 10 ? '0' : (tone >= 1 && tone <= 9) ? static_cast<char>('0' + tone) : 0;
}
bool all_digits(std::string_view s) {
  for (char d : s) {
    if (digit_tone(d) == 0) return false;
  }
  return true;
}

}  // namespace

R2Span::R2Span(const std::vector<int>& channels, const config::R2Config& r2, std::string name)
    : numbers_(signalling::usable_channel_numbers(channels, kMaxChannelNumber)),
      cfg_(r2),
      variant_(r2_variant(r2.variant)),
      ani_first_(r2.get_ani_first < 0 ? variant_.ani_first : r2.get_ani_first != 0),
      name_(std::move(name)),
      bearer_(numbers_) {
  channels_ = std::vector<Channel>(numbers_.size());
  index_.assign(kMaxChannelNumber + 1, -1);
  for (std::size_t i = 0; i < numbers_.size(); ++i) {
    index_[static_cast<std::size_t>(numbers_[i])] = static_cast<std::int16_t>(i);
    for (std::uint64_t k = 0; k < kKinds; ++k) {
      channels_[i].timers[k].handler = this;
      channels_[i].timers[k].cookie = i * kKinds + k;
    }
  }
}

R2Span::~R2Span() {
  stop();
}

int R2Span::index_of(int channel) const {
  if (channel <= 0 || channel > kMaxChannelNumber) return -1;
  return index_[static_cast<std::size_t>(channel)];
}

ChannelState R2Span::channel_state(int channel) const {
  const int i = index_of(channel);
  return i < 0 ? ChannelState::kIdle : channels_[static_cast<std::size_t>(i)].state;
}

bool R2Span::channel_free(int channel) const {
  const int i = index_of(channel);
  if (i < 0) return false;
  const Channel& c = channels_[static_cast<std::size_t>(i)];
  return c.state == ChannelState::kIdle && c.line == Line::kIdle && !c.far_blocked && !c.we_block &&
         c.rx == kAbIdle;
}

bool R2Span::channel_blocked(int channel) const {
  const int i = index_of(channel);
  return i >= 0 && channels_[static_cast<std::size_t>(i)].far_blocked;
}

void R2Span::start(board::SpanEvents& events, pipeline::TimerWheel& timers, io::SpanIo& io) {
  if (events_ != nullptr) return;
  events_ = &events;
  timers_ = &timers;
  io_ = &io;
  status_ = {};
  reported_ = {};
  if (!mf_) mf_ = std::make_unique<media::R2MfBank>(numbers_.size(), io.layout().law);
  bearer_.start(events, io);
  io.start(*this, timers);
  for (std::size_t i = 0; i < channels_.size(); ++i) {
    Channel& c = channels_[i];
    c.state = ChannelState::kIdle;
    c.line = Line::kIdle;
    c.we_block = c.local_only = c.bits_stuck = false;
    c.fault = c.armed_fault = R2Fault::kNone;
    c.owed = 0;
    c.heard = 0;
    const std::uint8_t rx = io.rx_abcd(i);
    c.rx = rx == 0 ? kAbIdle : static_cast<std::uint8_t>(rx & kAbMask);
    c.far_blocked = c.rx == kAbBlocked;
    send_line(i, kAbIdle);
  }
  const io::SpanAlarms alarms = io.alarms();
  signalling::take_alarms(status_, alarms);
  reported_ = status_;
}

void R2Span::stop() {
  if (events_ == nullptr) return;
  for (std::size_t i = 0; i < channels_.size(); ++i) {
    for (auto& t : channels_[i].timers) timers_->cancel(t);
    mf_->stop(i);
    channels_[i].state = ChannelState::kIdle;
    channels_[i].line = Line::kIdle;
  }
  bearer_.stop();
  io_->stop();
  events_ = nullptr;
  timers_ = nullptr;
  io_ = nullptr;
}

// --- Line signalling -----------------------------------------------------------------------

void R2Span::send_line(std::size_t index, std::uint8_t ab) {
  Channel& c = channels_[index];
  if (ab == kAbIdle && c.armed_fault == R2Fault::kStuckBits && c.line != Line::kIdle) {
    c.bits_stuck = true;  // the fault: our bits stay where the call left them
  }
  if (c.bits_stuck) return;
  c.tx = ab;
  io_->set_tx_abcd(index, static_cast<std::uint8_t>(ab | variant_.cd_bits));
}

void R2Span::on_abcd(std::size_t index, std::uint8_t bits, std::uint64_t /*at_ms*/) {
  if (index >= channels_.size() || events_ == nullptr) return;
  Channel& c = channels_[index];
  const std::uint8_t ab = bits & kAbMask;
  if (ab == c.rx) return;
  const std::uint8_t old = c.rx;
  c.rx = ab;
  if (!status_.in_service()) return;  // taken as the state when service returns
  on_line(index, old, ab);
}

bool R2Span::in_register_out(const Channel& c) const {
  return c.line == Line::kOutSeized || c.line == Line::kOutRegister;
}

void R2Span::on_line(std::size_t index, std::uint8_t /*old_ab*/, std::uint8_t ab) {
  Channel& c = channels_[index];
  const int channel = numbers_[index];
  switch (c.line) {
    case Line::kIdle:
      if (ab == kAbSeize && !c.we_block) {
        seized(index);
      } else if (ab == kAbBlocked && !c.far_blocked) {
        c.far_blocked = true;
        ++stats_.blocked_changes;
        events_->on_channel_service(channel, false);
      } else if (ab == kAbIdle && c.far_blocked) {
        c.far_blocked = false;
        ++stats_.blocked_changes;
        events_->on_channel_service(channel, true);
      } else if (ab != kAbIdle) {
        ++stats_.unexpected_events;
      }
      return;
    case Line::kOutSeized:
      if (ab == kAbSeizeAck) {
        cancel(index, kLineTimer);
        c.line = Line::kOutRegister;
        start_register(index, true);
        if (c.armed_fault == R2Fault::kMissingTone || c.armed_fault == R2Fault::kWrongTone) {
          arm(index, kMfTimer, cfg_.timers.mf_fwd);  // the fault: silence, or no DNIS digit
          if (c.armed_fault == R2Fault::kWrongTone) send_tone(index, kWrongToneNumber);
          return;
        }
        forward_act(index, variant_.a.next_dnis);  // the first DNIS digit needs no request
        return;
      }
      if (ab == kAbSeize) {
        ++stats_.glare;
        violation(index, "glare: the far end seized the channel as we did");
        fail(index, cause::kChannelUnavailable);
        return;
      }
      break;
    case Line::kOutRegister:
    case Line::kOutWaitAnswer:
      if (ab == kAbAnswer) {
        // An answer ends the register whatever is left of it.
        stop_register(index);
        cancel(index, kMfTimer);
        c.line = Line::kOutAnswered;
        c.answered_at_ms = timers_->now_ms();
        if (c.state == ChannelState::kDialing && message(index, ChannelInput::kFarProceeding)) {
          events_->on_proceeding(channel);
          if (events_ == nullptr) return;
        }
        if (message(index, ChannelInput::kFarConnect)) events_->on_connected(channel);
        return;
      }
      if (c.line == Line::kOutWaitAnswer && ab == kAbIdle) {
        // The callee's release before the answer (see release()): a normal clearing; our
        // release() sends the clear forward.
        if (message(index, ChannelInput::kFarDisconnect)) {
          events_->on_disconnected(channel, cause::kNormalClearing);
        }
        return;
      }
      break;
    case Line::kOutAnswered:
      if (ab == kAbClearBack) {
        const std::uint64_t window = 2 * std::uint64_t{cfg_.timers.double_answer};
        if (cfg_.double_answer && !c.double_answer_seen &&
            cfg_.category != config::R2Category::kCollectCall &&
            timers_->now_ms() - c.answered_at_ms <= window) {
          // Perhaps the first half of a double answer: the answer must come back in time.
          c.double_answer_seen = c.clear_back_held = true;
          arm(index, kLineTimer, window);
          return;
        }
        if (message(index, ChannelInput::kFarDisconnect)) {
          events_->on_disconnected(channel, cause::kNormalClearing);
        }
        return;
      }
      if (ab == kAbAnswer && c.clear_back_held) {
        cancel(index, kLineTimer);
        c.clear_back_held = false;
        ++stats_.double_answers;
        return;
      }
      break;
    case Line::kOutClearing:
      if (ab == kAbIdle) {
        cancel(index, kLineTimer);
        to_idle(index);
        owe_release(index);
      }
      return;
    case Line::kInRegister:
    case Line::kInOffered:
    case Line::kInRefusing:
    case Line::kInAccepted:
    case Line::kInAnswered:
    case Line::kInClearBack:
    case Line::kInDropped:
      if (ab == kAbIdle) {  // clear forward
        const Line was = c.line;
        cancel(index, kLineTimer);
        cancel(index, kMfTimer);
        cancel(index, kPulseTimer);
        stop_register(index);
        send_line(index, kAbIdle);
        c.line = Line::kIdle;
        if (was == Line::kInRegister || was == Line::kInDropped || c.state == ChannelState::kIdle) {
          if (was == Line::kInRegister) ++stats_.abandoned_seizures;
          to_idle(index);  // (or a call refused unoffered: a collect call)
          return;
        }
        if (c.state == ChannelState::kReleasing) {
          owe_release(index);
        } else if (message(index, ChannelInput::kFarDisconnect)) {
          events_->on_disconnected(channel, cause::kNormalClearing);
        }
        return;
      }
      if (ab == kAbSeize) return;  // still seized
      break;
  }
  // A change no phase expects.
  if (ab == kAbIdle &&
      (in_register_out(c) || c.line == Line::kOutWaitAnswer || c.line == Line::kOutAnswered)) {
    violation(index, "the far end went idle before our clear forward");
    fail(index, cause::kTemporaryFailure);
    return;
  }
  ++stats_.unexpected_events;
}

// --- Timers --------------------------------------------------------------------------------

void R2Span::arm(std::size_t index, TimerKind kind, std::uint64_t after_ms) {
  timers_->arm(channels_[index].timers[kind], timers_->now_ms() + after_ms);
}

void R2Span::cancel(std::size_t index, TimerKind kind) {
  timers_->cancel(channels_[index].timers[kind]);
}

void R2Span::owe_release(std::size_t index) {
  channels_[index].owed |= kOweReleased;
  arm(index, kOwedTimer, 0);
}

void R2Span::on_timer(std::uint64_t cookie, std::uint64_t /*now_ms*/) {
  if (events_ == nullptr) return;
  const std::size_t index = cookie / kKinds;
  if (index >= channels_.size()) return;
  Channel& c = channels_[index];
  switch (static_cast<TimerKind>(cookie % kKinds)) {
    case kOwedTimer:
      if ((c.owed & kOweConnected) != 0) {
        c.owed &= ~kOweConnected;
        if (message(index, ChannelInput::kFarConnect)) events_->on_connected(numbers_[index]);
        if (events_ == nullptr) return;
      }
      if ((c.owed & kOweReleased) != 0) {
        c.owed = 0;
        c.local_only = false;
        if (message(index, ChannelInput::kFarReleaseComplete)) {
          events_->on_released(numbers_[index]);
        }
      }
      return;
    case kPulseTimer:
      mf_->send(index, 0);
      return;
    case kLineTimer:
      on_line_timer(index);
      return;
    case kMfTimer:
      on_mf_timer(index);
      return;
    case kKinds:
      return;
  }
}

void R2Span::on_line_timer(std::size_t index) {
  Channel& c = channels_[index];
  switch (c.line) {
    case Line::kOutSeized:
      violation(index, "no seize acknowledge within seize_timeout");
      fail(index, cause::kRecoveryOnTimerExpiry);
      return;
    case Line::kOutClearing:
      violation(index, "the far end did not go idle within clear_timeout of our clear forward");
      to_idle(index);
      owe_release(index);
      out_of_service_while_busy(index);
      return;
    case Line::kOutAnswered:
      if (c.clear_back_held) {  // no second answer: a real clear back
        c.clear_back_held = false;
        if (message(index, ChannelInput::kFarDisconnect)) {
          events_->on_disconnected(numbers_[index], cause::kNormalClearing);
        }
      }
      return;
    case Line::kInAnswered:
      // Our double answer: clear back after the first answer, then answer again.
      if (c.double_answer_step == 1) {
        c.double_answer_step = 2;
        send_line(index, kAbClearBack);
        arm(index, kLineTimer, cfg_.timers.double_answer);
      } else if (c.double_answer_step == 2) {
        c.double_answer_step = 0;
        send_line(index, kAbAnswer);
      }
      return;
    case Line::kInClearBack:
    case Line::kInDropped: {
      const Line was = c.line;
      violation(index, "no clear forward within clear_timeout; the channel is idle again");
      stop_register(index);
      send_line(index, kAbIdle);
      c.line = Line::kIdle;
      if (c.state == ChannelState::kReleasing) {
        owe_release(index);
      } else {
        to_idle(index);
      }
      // A dropped seizure's caller is still in its register (its own timeout clears it).
      if (was == Line::kInClearBack) out_of_service_while_busy(index);
      return;
    }
    default:
      return;
  }
}

void R2Span::out_of_service_while_busy(std::size_t index) {
  // The far end's bits did not come back to idle: no call can start on the channel until they
  // do (on_line() puts it back in service then).
  Channel& c = channels_[index];
  if (c.rx == kAbIdle || c.far_blocked) return;
  c.far_blocked = true;
  ++stats_.blocked_changes;
  events_->on_channel_service(numbers_[index], false);
}

void R2Span::on_mf_timer(std::size_t index) {
  Channel& c = channels_[index];
  if (c.line == Line::kOutRegister) {
    violation(index, "register timeout: no backward signal within mffwd_timeout");
    fail(index, cause::kRecoveryOnTimerExpiry);
    return;
  }
  if (c.line != Line::kInRegister) return;
  // The forward side fell silent. After a digit of the number (or of the ANI) that is the end
  // of it where the variant has no end signal; anything else is a missing tone.
  if (c.heard == 0 && mf_->sending(index) == 0) {
    if (c.expect == Expect::kDnis && !c.setup.called.empty()) {
      c.dnis_done = true;
      backward_next(index, true);
      return;
    }
    if (c.expect == Expect::kAni && c.category_got) {
      c.ani_done = true;
      backward_next(index, true);
      return;
    }
  }
  violation(index, "register timeout: no forward tone within mfback_timeout");
  drop_seizure(index);
}

// --- Register signalling -------------------------------------------------------------------

void R2Span::start_register(std::size_t index, bool forward) {
  Channel& c = channels_[index];
  bearer_.claim(index, *this);
  mf_->start(index, forward);
  c.heard = 0;
  c.backward = 0;
  c.dnis_sent = c.ani_sent = 0;
  c.ani_phase = c.category_sent = c.group_b = c.group_c = false;
  c.expect = Expect::kDnis;
  c.dnis_done = c.ani_done = c.category_got = false;
  c.category_tone = 0;
  c.answer_pending = false;
  c.refuse_cause = 0;
}

void R2Span::stop_register(std::size_t index) {
  cancel(index, kPulseTimer);
  if (mf_->active(index)) mf_->stop(index);
  channels_[index].heard = 0;
  bearer_.unclaim(index);
}

void R2Span::send_tone(std::size_t index, int tone) {
  const char code = media::r2_tone_code(tone);
  if (code != 0) ++stats_.register_signals;
  mf_->send(index, code);
}

void R2Span::pulse(std::size_t index, int tone) {
  send_tone(index, tone);
  arm(index, kPulseTimer, cfg_.timers.mf_pulse);
}

void R2Span::on_audio_frame(io::SpanAudio& audio, std::uint64_t now_ms) {
  bearer_.on_frame(audio, now_ms);
  for (std::size_t i = 0; i < channels_.size() && events_ != nullptr; ++i) {
    if (!mf_->active(i)) continue;
    const char heard = mf_->process(i, audio.rx(i), audio.tx(i));
    Channel& c = channels_[i];
    if (heard == c.heard) continue;
    const char old = c.heard;
    c.heard = heard;
    on_tone_change(i, old, heard);
  }
}

void R2Span::on_tone_change(std::size_t index, char old_tone, char tone) {
  Channel& c = channels_[index];
  if (c.line == Line::kOutRegister) {
    // Forward: a backward signal starts (stop ours) or ends (act on it).
    if (tone != 0) {
      if (old_tone != 0) ++stats_.unexpected_events;  // a change with no gap
      c.backward = media::r2_tone_number(tone);
      send_tone(index, 0);
      arm(index, kMfTimer, cfg_.timers.mf_fwd);
      if (c.armed_fault == R2Fault::kClearInRegister) {
        c.armed_fault = R2Fault::kNone;
        fail(index, cause::kNormalClearing);  // the fault: the caller gives up mid-register
      }
      return;
    }
    forward_act(index, c.backward);
    return;
  }
  if (c.line == Line::kInRegister || c.line == Line::kInOffered || c.line == Line::kInRefusing ||
      c.line == Line::kInAccepted) {
    if (tone != 0) {
      if (c.armed_fault == R2Fault::kMissingTone) return;  // the fault: we never answer
      if (c.armed_fault == R2Fault::kClearInRegister && c.line == Line::kInRegister) {
        to_idle(index);  // the fault: a forced release (idle) in the middle of the register
        return;
      }
      if (c.armed_fault == R2Fault::kWrongTone) {
        c.armed_fault = R2Fault::kNone;  // the fault: a signal group A does not have
        send_tone(index, kWrongToneNumber);
        arm(index, kMfTimer, cfg_.timers.mf_back);
        return;
      }
      backward_heard(index, media::r2_tone_number(tone));
      return;
    }
    // Compelled: the forward tone ended, so ours does.
    send_tone(index, 0);
    if (c.line == Line::kInRegister) {
      arm(index, kMfTimer, cfg_.timers.mf_back);
    } else if (c.line == Line::kInAccepted || c.line == Line::kInRefusing) {
      if (c.group_b) {
        // Group B is over: the register is done.
        cancel(index, kMfTimer);
        const bool refused = c.line == Line::kInRefusing;
        stop_register(index);
        if (refused) {
          c.line = Line::kInClearBack;  // wait for the caller's clear forward
          arm(index, kLineTimer, cfg_.timers.clear);
          return;
        }
        if (c.answer_pending) {
          c.answer_pending = false;
          send_answer(index);
          if (message(index, ChannelInput::kFarConnect)) events_->on_connected(numbers_[index]);
        }
        return;
      }
      arm(index, kMfTimer, cfg_.timers.mf_back);
    }
  }
}

// --- Forward side (our outgoing call) --------------------------------------------------------

bool R2Span::place_call(int channel, const board::CallSetup& setup) {
  const int i = index_of(channel);
  if (i < 0 || events_ == nullptr || !status_.in_service() || !channel_free(channel) ||
      setup.called.empty() || setup.called.size > config::kR2MaxDigits ||
      !all_digits(setup.called.view()) || !all_digits(setup.calling.view())) {
    ++stats_.invalid_commands;
    return false;
  }
  std::size_t index = 0;
  ChannelState next;
  if (!command(channel, ChannelInput::kPlaceCall, index, next)) return false;
  Channel& c = channels_[index];
  set_state(index, next);
  c.setup = setup;
  c.armed_fault = c.fault;
  c.fault = R2Fault::kNone;
  c.clear_back_held = c.double_answer_seen = false;
  ++stats_.calls_placed;
  c.line = Line::kOutSeized;
  send_line(index, kAbSeize);
  arm(index, kLineTimer, cfg_.timers.seize_ack);
  return true;
}

void R2Span::send_digits(int channel, std::string_view /*digits*/, bool /*complete*/) {
  // R2 numbers are sent en bloc (the register asks for them): no overlap sending.
  std::size_t index = 0;
  ChannelState next;
  command(channel, ChannelInput::kSendDigits, index, next);
  ++stats_.invalid_commands;
}

void R2Span::forward_act(std::size_t index, int signal) {
  Channel& c = channels_[index];
  const R2Variant& v = variant_;
  const std::string_view dnis = c.setup.called.view();
  arm(index, kMfTimer, cfg_.timers.mf_fwd);
  if (c.group_b) {
    cancel(index, kMfTimer);
    if (signal == v.b.accept_charge || signal == v.b.accept_no_charge) {
      forward_accepted(index);
      return;
    }
    // The callee's state, in the variant's group B (0: a signal the variant does not have).
    const std::uint8_t refusals[][2] = {
        {v.b.busy, cause::kUserBusy},
        {v.b.congestion, cause::kSwitchCongestion},
        {v.b.unallocated, cause::kUnallocatedNumber},
        {v.b.out_of_order, cause::kDestinationOutOfOrder},
        {v.b.number_changed, cause::kNumberChanged},
        {v.b.sit, cause::kNoRoute},
    };
    std::uint8_t q850 = 0;
    for (const auto& r : refusals) {
      if (r[0] != 0 && signal == r[0]) {
        q850 = r[1];
        break;
      }
    }
    if (q850 == 0) {
      violation(index, "unknown group B signal");
      q850 = kProtocolErrorCause;
    }
    stop_register(index);
    c.line = Line::kOutWaitAnswer;  // the line stays seized until our release
    if (message(index, ChannelInput::kFarDisconnect)) {
      events_->on_disconnected(numbers_[index], q850);
    }
    return;
  }
  if (c.group_c) {
    if (forward_group_c(index, signal)) return;
    violation(index, "unknown group C signal");
    fail(index, kProtocolErrorCause);
    return;
  }
  // Group A. In the ANI phase a request for the next ANI digit wins (China's A-1 is both).
  if (c.ani_phase && signal == v.a.next_ani) {
    send_ani(index);
    return;
  }
  if (!c.category_sent && signal == v.a.category) {
    c.category_sent = true;
    c.ani_phase = cfg_.max_ani > 0;
    c.group_c = has_group_c(v);  // Mexico's A-6: the category, then group C
    send_tone(index, v.ii[static_cast<std::size_t>(cfg_.category)]);
    return;
  }
  if (signal == v.a.next_dnis) {
    send_next_dnis(index);
    return;
  }
  const int back = signal == v.a.dnis_minus_1   ? 2
                   : signal == v.a.dnis_minus_2 ? 3
                   : signal == v.a.dnis_minus_3 ? 4
                                                : 0;
  if (back != 0 && c.dnis_sent >= static_cast<std::size_t>(back)) {
    c.dnis_sent -= static_cast<std::size_t>(back);
    send_tone(index, digit_tone(dnis[c.dnis_sent++]));
    return;
  }
  if (signal == v.a.change_to_b) {
    c.group_b = true;
    send_tone(index, v.ii[static_cast<std::size_t>(cfg_.category)]);
    return;
  }
  if (signal == v.a.accept_charge && v.a.accept_charge != 0) {
    cancel(index, kMfTimer);
    forward_accepted(index);
    return;
  }
  if (signal == v.a.congestion) {
    cancel(index, kMfTimer);
    stop_register(index);
    c.line = Line::kOutWaitAnswer;
    if (message(index, ChannelInput::kFarDisconnect)) {
      events_->on_disconnected(numbers_[index], cause::kSwitchCongestion);
    }
    return;
  }
  violation(index, "unknown group A signal");
  fail(index, kProtocolErrorCause);
}

void R2Span::send_ani(std::size_t index) {
  Channel& c = channels_[index];
  const R2Variant& v = variant_;
  const std::string_view ani = c.setup.calling.view();
  if (c.ani_sent < ani.size() && c.setup.calling_presentation == board::Presentation::kAllowed) {
    send_tone(index, digit_tone(ani[c.ani_sent++]));
    if (v.force_max_ani && c.ani_sent >= cfg_.max_ani) c.ani_phase = false;
    return;
  }
  c.ani_phase = false;
  const bool restricted = c.setup.calling_presentation != board::Presentation::kAllowed;
  send_tone(index, restricted ? v.i.ani_restricted : v.i.end_of_ani);
}

void R2Span::send_next_dnis(std::size_t index) {
  Channel& c = channels_[index];
  const std::string_view dnis = c.setup.called.view();
  if (c.dnis_sent < dnis.size()) {
    send_tone(index, digit_tone(dnis[c.dnis_sent++]));
  } else if (variant_.i.end_of_dnis != 0) {
    send_tone(index, variant_.i.end_of_dnis);
  }
  // Otherwise silence: the backward side's timeout ends the number.
}

bool R2Span::forward_group_c(std::size_t index, int signal) {
  Channel& c = channels_[index];
  const R2Variant& v = variant_;
  if (signal == v.c.next_ani) {
    send_ani(index);
  } else if (signal == v.c.change_to_ii) {
    c.group_c = false;
    c.group_b = true;
    send_tone(index, v.ii[static_cast<std::size_t>(cfg_.category)]);
  } else if (signal == v.c.next_dnis_to_a) {
    c.group_c = false;
    send_next_dnis(index);
  } else if (signal == v.c.congestion) {
    cancel(index, kMfTimer);
    stop_register(index);
    c.line = Line::kOutWaitAnswer;
    if (message(index, ChannelInput::kFarDisconnect)) {
      events_->on_disconnected(numbers_[index], cause::kSwitchCongestion);
    }
  } else {
    return false;
  }
  return true;
}

void R2Span::forward_accepted(std::size_t index) {
  Channel& c = channels_[index];
  stop_register(index);
  c.line = Line::kOutWaitAnswer;
  const int channel = numbers_[index];
  if (message(index, ChannelInput::kFarProceeding)) events_->on_proceeding(channel);
  if (events_ == nullptr) return;
  if (message(index, ChannelInput::kFarAlerting)) events_->on_alerting(channel);
}

void R2Span::fail(std::size_t index, std::uint8_t q850_cause) {
  cancel(index, kMfTimer);
  cancel(index, kLineTimer);
  stop_register(index);
  clear_forward(index);
  if (message(index, ChannelInput::kFarDisconnect)) {
    events_->on_disconnected(numbers_[index], q850_cause);
  }
}

void R2Span::clear_forward(std::size_t index) {
  Channel& c = channels_[index];
  cancel(index, kMfTimer);
  stop_register(index);
  send_line(index, kAbIdle);
  if (c.rx == kAbIdle) {
    c.line = Line::kIdle;  // nothing to wait for (no seize ack came)
    if (c.state == ChannelState::kReleasing) owe_release(index);
    if (c.state == ChannelState::kIdle) to_idle(index);
    return;
  }
  c.line = Line::kOutClearing;
  arm(index, kLineTimer, cfg_.timers.clear);
}

// --- Backward side (the far end's call) -----------------------------------------------------

void R2Span::seized(std::size_t index) {
  Channel& c = channels_[index];
  c.setup = board::CallSetup{};
  c.armed_fault = c.fault;
  c.fault = R2Fault::kNone;
  c.line = Line::kInRegister;
  send_line(index, kAbSeizeAck);
  start_register(index, false);
  arm(index, kMfTimer, cfg_.timers.mf_back);
}

void R2Span::backward_heard(std::size_t index, int tone) {
  Channel& c = channels_[index];
  const R2Variant& v = variant_;
  cancel(index, kMfTimer);
  cancel(index, kPulseTimer);
  if (c.line == Line::kInOffered) return;  // held until the core decides
  if (c.line == Line::kInAccepted || c.line == Line::kInRefusing) {
    if (!c.group_b) {
      // The category in group II after our change to group B: the callee's state follows.
      c.category_tone = tone;
      c.group_b = true;
      send_group_b(index);
    }
    arm(index, kMfTimer, cfg_.timers.mf_back);
    return;
  }
  switch (c.expect) {
    case Expect::kDnis:
      if (tone == v.i.end_of_dnis && v.i.end_of_dnis != 0) {
        c.dnis_done = true;
      } else if (const char d = tone_digit(tone); d != 0) {
        c.setup.called.append(std::string_view(&d, 1));
      } else {
        violation(index, "a forward signal that is not a DNIS digit");
        drop_seizure(index);
        return;
      }
      break;
    case Expect::kCategory:
      c.category_tone = tone;
      c.category_got = true;
      if (cfg_.max_ani == 0) c.ani_done = true;
      break;
    case Expect::kAni:
      // Mexico's I-15 is both "end of ANI" and "restricted": restricted when no digit came.
      if (tone == v.i.ani_restricted &&
          (v.i.ani_restricted != v.i.end_of_ani || c.setup.calling.empty())) {
        c.setup.calling_presentation = board::Presentation::kRestricted;
        c.ani_done = true;
      } else if (tone == v.i.end_of_ani) {
        c.ani_done = true;
      } else if (const char d = tone_digit(tone); d != 0) {
        c.setup.calling.append(std::string_view(&d, 1));
      } else {
        violation(index, "a forward signal that is not an ANI digit");
        drop_seizure(index);
        return;
      }
      break;
    case Expect::kGroupII:
      break;
  }
  backward_next(index, false);
}

void R2Span::backward_next(std::size_t index, bool as_pulse) {
  Channel& c = channels_[index];
  const R2Variant& v = variant_;
  if (c.setup.called.size >= cfg_.max_dnis) c.dnis_done = true;
  if (c.category_got && c.setup.calling.size >= cfg_.max_ani) c.ani_done = true;
  int request = 0;
  bool group_c = c.group_c;
  if (!c.category_got && cfg_.max_ani > 0 && (ani_first_ || c.dnis_done)) {
    request = v.a.category;
    group_c = has_group_c(v);  // Mexico's A-6: the category, then group C
    c.expect = Expect::kCategory;
  } else if (c.category_got && !c.ani_done && (ani_first_ || c.dnis_done)) {
    request = c.group_c ? v.c.next_ani : v.a.next_ani;
    c.expect = Expect::kAni;
  } else if (!c.dnis_done) {
    request = c.group_c ? v.c.next_dnis_to_a : v.a.next_dnis;
    group_c = false;
    c.expect = Expect::kDnis;
  }
  if (request == 0) {
    offer(index);
    return;
  }
  c.group_c = group_c;
  if (as_pulse) {
    pulse(index, request);
  } else {
    send_tone(index, request);
  }
  arm(index, kMfTimer, cfg_.timers.mf_back);
}

void R2Span::offer(std::size_t index) {
  Channel& c = channels_[index];
  cancel(index, kMfTimer);
  c.line = Line::kInOffered;
  c.setup.r2_category = static_cast<std::uint8_t>(c.category_tone);
  c.setup.sending_complete = true;
  const int collect = variant_.ii[static_cast<std::size_t>(config::R2Category::kCollectCall)];
  if (!cfg_.allow_collect_calls && collect != 0 && c.category_tone == collect) {
    // Refused unoffered, as chan_dahdi does: Brazil's unallocated number doubles as "collect
    // call refused".
    ++stats_.collect_calls_refused;
    c.line = Line::kInRefusing;
    c.refuse_cause = cause::kUnallocatedNumber;
    change_to_group_b(index);
    return;
  }
  ++stats_.calls_offered;
  if (message(index, ChannelInput::kFarSetup)) events_->on_incoming(numbers_[index], c.setup);
}

int R2Span::group_b_tone(std::uint8_t q850_cause) const {
  const R2Variant& v = variant_;
  int tone = 0;
  switch (q850_cause) {
    case cause::kUserBusy:
      tone = v.b.busy;
      break;
    case cause::kUnallocatedNumber:
    case cause::kNoRoute:
      tone = v.b.unallocated;
      break;
    case cause::kNumberChanged:
      tone = v.b.number_changed;
      break;
    case cause::kDestinationOutOfOrder:
      tone = v.b.out_of_order;
      break;
    default:
      break;
  }
  return tone != 0 ? tone : v.b.congestion;
}

void R2Span::send_group_b(std::size_t index) {
  Channel& c = channels_[index];
  const int tone =
      c.line == Line::kInRefusing ? group_b_tone(c.refuse_cause) : variant_.b.accept_charge;
  send_tone(index, tone);
}

void R2Span::drop_seizure(std::size_t index) {
  Channel& c = channels_[index];
  cancel(index, kMfTimer);
  stop_register(index);
  const bool offered = c.state != ChannelState::kIdle;
  c.line = Line::kInDropped;  // the caller's clear forward ends it
  arm(index, kLineTimer, cfg_.timers.clear);
  if (offered && message(index, ChannelInput::kFarDisconnect)) {
    events_->on_disconnected(numbers_[index], cause::kRecoveryOnTimerExpiry);
  }
}

// --- Commands ------------------------------------------------------------------------------

bool R2Span::command(int channel, ChannelInput input, std::size_t& index, ChannelState& next) {
  const int i = index_of(channel);
  if (events_ == nullptr || i < 0 ||
      !signalling::next_channel_state(channels_[static_cast<std::size_t>(i)].state, input, next)) {
    ++stats_.invalid_commands;
    return false;
  }
  index = static_cast<std::size_t>(i);
  return true;
}

bool R2Span::message(std::size_t index, ChannelInput input) {
  ChannelState next;
  if (!signalling::next_channel_state(channels_[index].state, input, next)) {
    ++stats_.unexpected_events;
    return false;
  }
  set_state(index, next);
  return true;
}

void R2Span::set_state(std::size_t index, ChannelState next) {
  channels_[index].state = next;
  bearer_.follow(index, next);
}

media::MediaResult R2Span::media(int channel, const media::MediaCommand& command) {
  const int i = index_of(channel);
  if (i < 0 || timers_ == nullptr) return media::MediaResult::kNoBearer;
  return bearer_.command(static_cast<std::size_t>(i), command, timers_->now_ms());
}

void R2Span::accept(int channel) {
  std::size_t index = 0;
  ChannelState next;
  if (!command(channel, ChannelInput::kAccept, index, next)) return;
  Channel& c = channels_[index];
  set_state(index, next);
  if (c.line != Line::kInOffered) return;
  c.line = Line::kInAccepted;
  change_to_group_b(index);
}

void R2Span::change_to_group_b(std::size_t index) {
  Channel& c = channels_[index];
  // Compelled by the held forward tone, or a pulse if it is silent; Mexico's C-3 in group C.
  const int tone = c.group_c ? variant_.c.change_to_ii : variant_.a.change_to_b;
  c.group_c = false;
  c.group_b = false;
  if (c.heard != 0) {
    send_tone(index, tone);
  } else {
    pulse(index, tone);
  }
  arm(index, kMfTimer, cfg_.timers.mf_back);
}

void R2Span::send_answer(std::size_t index) {
  Channel& c = channels_[index];
  send_line(index, kAbAnswer);
  c.line = Line::kInAnswered;
  if (cfg_.double_answer) {
    // Answer, clear back, answer (double_answer_timeout each): collect-call equipment
    // clears on the clear back; other callers ride it out.
    c.double_answer_step = 1;
    ++stats_.double_answers;
    arm(index, kLineTimer, cfg_.timers.double_answer);
  }
}

void R2Span::answer(int channel) {
  std::size_t index = 0;
  ChannelState next;
  if (!command(channel, ChannelInput::kAnswer, index, next)) return;
  Channel& c = channels_[index];
  set_state(index, next);
  if (c.line == Line::kInAccepted && mf_->active(index)) {
    c.answer_pending = true;  // after group B
    return;
  }
  send_answer(index);
  // Connected once the answer is on the wire, reported after the command returns.
  c.owed |= kOweConnected;
  arm(index, kOwedTimer, 0);
}

void R2Span::release(int channel, std::uint8_t q850_cause) {
  std::size_t index = 0;
  ChannelState next;
  if (!command(channel, ChannelInput::kRelease, index, next)) return;
  Channel& c = channels_[index];
  set_state(index, next);
  c.owed &= kOweReleased;
  if (c.local_only) {
    owe_release(index);
    return;
  }
  switch (c.line) {
    case Line::kInOffered:
      // Refuse in group B with the cause's signal.
      c.line = Line::kInRefusing;
      c.refuse_cause = q850_cause;
      change_to_group_b(index);
      return;
    case Line::kInRefusing:
      return;
    case Line::kInAccepted:
    case Line::kInAnswered:
      stop_register(index);
      cancel(index, kMfTimer);
      c.double_answer_step = 0;
      // Before the answer clear back would read as the seize ack it equals: the line goes
      // idle instead (openr2's forced release), which the caller takes as the clearing.
      send_line(index, c.line == Line::kInAnswered ? kAbClearBack : kAbIdle);
      c.line = Line::kInClearBack;
      arm(index, kLineTimer, cfg_.timers.clear);
      return;
    case Line::kInClearBack:
    case Line::kInDropped:
      return;  // the caller's clear forward completes it
    case Line::kIdle:
      owe_release(index);
      return;
    default:
      clear_forward(index);
      return;
  }
}

void R2Span::drop(int channel) {
  const int i = index_of(channel);
  if (i < 0 || events_ == nullptr) return;
  to_idle(static_cast<std::size_t>(i));
  send_line(static_cast<std::size_t>(i), kAbIdle);
}

bool R2Span::block(int channel, bool blocked) {
  const int i = index_of(channel);
  if (i < 0 || events_ == nullptr) return false;
  Channel& c = channels_[static_cast<std::size_t>(i)];
  if (blocked && (c.line != Line::kIdle || c.state != ChannelState::kIdle)) return false;
  c.we_block = blocked;
  if (!blocked) c.bits_stuck = false;
  send_line(static_cast<std::size_t>(i), blocked ? kAbBlocked : kAbIdle);
  return true;
}

void R2Span::set_fault(int channel, R2Fault fault) {
  const int i = index_of(channel);
  if (i >= 0) channels_[static_cast<std::size_t>(i)].fault = fault;
}

// --- Clearing and alarms -------------------------------------------------------------------

void R2Span::to_idle(std::size_t index) {
  Channel& c = channels_[index];
  for (std::uint64_t k = 0; k < kKinds; ++k) {
    if (k != kOwedTimer) timers_->cancel(c.timers[k]);
  }
  stop_register(index);
  c.line = Line::kIdle;
  c.armed_fault = R2Fault::kNone;
  c.clear_back_held = c.double_answer_seen = false;
  c.double_answer_step = 0;
  if (c.state == ChannelState::kIdle) {
    timers_->cancel(c.timers[kOwedTimer]);
    c.owed = 0;
  }
  if (c.tx != kAbIdle && !c.we_block) send_line(index, kAbIdle);
}

void R2Span::violation(std::size_t index, const char* what) {
  ++stats_.protocol_errors;
  std::fprintf(stderr, "spantsp: MFC/R2 span %s channel %d: %s\n", name_.c_str(), numbers_[index],
               what);
}

void R2Span::on_alarms(const io::SpanAlarms& alarms) {
  if (events_ == nullptr) return;
  const bool was = status_.in_service();
  signalling::take_alarms(status_, alarms);
  if (was && !status_.in_service()) {
    for (std::size_t i = 0; i < channels_.size() && events_ != nullptr; ++i) {
      Channel& c = channels_[i];
      to_idle(i);
      if (c.state == ChannelState::kIdle) continue;
      c.local_only = true;
      if (c.state == ChannelState::kReleasing) {
        owe_release(i);
      } else if (message(i, ChannelInput::kFarDisconnect)) {
        events_->on_disconnected(numbers_[i], cause::kNetworkOutOfOrder);
      }
    }
  } else if (!was && status_.in_service()) {
    for (std::size_t i = 0; i < channels_.size(); ++i) {
      Channel& c = channels_[i];
      const std::uint8_t rx = io_->rx_abcd(i) & kAbMask;
      c.rx = rx;
      const bool blocked = rx == kAbBlocked;
      if (blocked != c.far_blocked) {
        c.far_blocked = blocked;
        events_->on_channel_service(numbers_[i], !blocked);
      }
    }
  }
  report_status();
}

void R2Span::report_status() {
  if (events_ == nullptr) return;
  if (!signalling::status_changed(status_, reported_)) return;
  reported_ = status_;
  events_->on_span_status(status_);
}

}  // namespace spantsp::r2
