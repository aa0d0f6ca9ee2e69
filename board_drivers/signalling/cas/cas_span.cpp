#include "board_drivers/signalling/cas/cas_span.h"

#include <algorithm>
#include <cstdio>

#include "board_drivers/signalling/channel_numbers.h"
#include "board_drivers/signalling/span_status.h"
#include "media/tone_zone.h"

namespace spantsp::cas {
namespace {

using signalling::ChannelInput;
using signalling::ChannelState;
namespace cause = board::cause;

constexpr int kMaxChannelNumber = 255;
constexpr std::uint32_t kDigitsToken = 1;
constexpr char kEndOfNumber = '#';

// Monitored call-progress tones (US frequencies), by index.
// SIT: the standard's first segment is 914 or 985 Hz; libtonezone's "us" plays 950 Hz.
enum ProgressTone : std::uint8_t {
  kRingbackTone,
  kShortBurst,
  kLongBurst,
  kSit914,
  kSit950,
  kSit985,
  kProgressTones,
};
// A 480+620 Hz burst of at least kShortBurst's length that does not reach kLongBurst's within
// this long is reorder (250 ms bursts), not busy (500 ms).
constexpr std::uint64_t kBurstDecisionMs = 350;

media::MonitoredTone monitored(std::uint16_t f1, std::uint16_t f2, std::uint32_t ms) {
  media::MonitoredTone t;
  t.frequency_hz[0] = f1;
  t.frequency_hz[1] = f2;
  t.frequencies = f2 == 0 ? 1 : 2;
  t.duration_ms = ms;
  return t;
}

media::ToneSpec us_tone(media::CallProgressTone which) {
  media::ToneSpec spec;
  media::country_tone("us", which, spec);
  return spec;
}

// How long our own change stands at least, so that a far end debouncing as we do sees it.
std::uint64_t stand_ms(const config::CasConfig& cas) {
  return 2 * std::uint64_t{cas.timers.debounce} + kSignalMarginMs;
}

bool ground_start(config::CasStart start) {
  return start == config::CasStart::kFxsGround || start == config::CasStart::kFxoGround;
}

bool sit_cause(std::uint8_t q850) {
  return q850 == cause::kUnallocatedNumber || q850 == cause::kNoRoute ||
         q850 == cause::kNumberChanged || q850 == cause::kInvalidNumberFormat;
}

}  // namespace

CasSpan::CasSpan(const std::vector<int>& channels, const config::CasConfig& cas, std::string name)
    : numbers_(signalling::usable_channel_numbers(channels, kMaxChannelNumber)),
      cas_(cas),
      role_(cas.start == config::CasStart::kFxsLoop || cas.start == config::CasStart::kFxsGround
                ? Role::kFxs
            : cas.start == config::CasStart::kFxoLoop || cas.start == config::CasStart::kFxoGround
                ? Role::kFxo
                : Role::kEm),
      ground_(ground_start(cas.start)),
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
  busy_tone_ = us_tone(media::CallProgressTone::kBusy);
  reorder_tone_ = us_tone(media::CallProgressTone::kCongestion);
  sit_tone_ = us_tone(media::CallProgressTone::kSpecialInformation);
  ringback_tone_ = us_tone(media::CallProgressTone::kRingback);
  // Refusal tones play until the caller hangs up.
  for (media::ToneSpec* t : {&busy_tone_, &reorder_tone_, &sit_tone_, &ringback_tone_}) {
    t->repeat = true;
    t->duration_ms = 0;
  }
}

CasSpan::~CasSpan() {
  stop();
}

std::uint64_t CasSpan::ground_lead_ms() const {
  return std::max(kGroundLeadMs, stand_ms(cas_));
}

std::uint64_t CasSpan::ground_guard_ms() const {
  return ground_lead_ms() + stand_ms(cas_);
}

int CasSpan::index_of(int channel) const {
  if (channel <= 0 || channel > kMaxChannelNumber) return -1;
  return index_[static_cast<std::size_t>(channel)];
}

ChannelState CasSpan::channel_state(int channel) const {
  const int i = index_of(channel);
  return i < 0 ? ChannelState::kIdle : channels_[static_cast<std::size_t>(i)].state;
}

bool CasSpan::channel_free(int channel) const {
  const int i = index_of(channel);
  if (i < 0) return false;
  const Channel& c = channels_[static_cast<std::size_t>(i)];
  // Ground start: the office's tip ground (it holds the line), the station's ring ground.
  const bool far_holds =
      ground_ && (role_ == Role::kFxs ? (c.rx & kBitA) != 0 : (c.rx & kBitB) == 0);
  return c.state == ChannelState::kIdle && c.phase == Phase::kNone && !far_off(c.rx) &&
         !c.ringing_heard && !far_holds;
}

void CasSpan::start(board::SpanEvents& events, pipeline::TimerWheel& timers, io::SpanIo& io) {
  if (events_ != nullptr) return;
  events_ = &events;
  timers_ = &timers;
  io_ = &io;
  status_ = {};
  reported_ = {};
  bearer_.start(events, io);
  io.start(*this, timers);
  for (std::size_t i = 0; i < channels_.size(); ++i) {
    Channel& c = channels_[i];
    c.state = ChannelState::kIdle;
    c.phase = Phase::kNone;
    c.tx_off = c.tx_ring = c.tx_open = c.tx_ground = false;
    c.ringing_heard = c.local_only = c.generating = false;
    c.owed = 0;
    // What the far end shows now is its idle state; before it transmits anything (all zero),
    // its role's idle code.
    c.rx = io.rx_abcd(i);
    if (c.rx == 0) c.rx = role_ == Role::kFxs && !ground_ ? kOffHookBits : kOnHookBits;
    set_tx(i);
  }
  const io::SpanAlarms alarms = io.alarms();
  signalling::take_alarms(status_, alarms);
  reported_ = status_;
}

void CasSpan::stop() {
  if (events_ == nullptr) return;
  for (auto& c : channels_) {
    for (auto& t : c.timers) timers_->cancel(t);
    c.state = ChannelState::kIdle;
    c.phase = Phase::kNone;
  }
  bearer_.stop();
  io_->stop();
  events_ = nullptr;
  timers_ = nullptr;
  io_ = nullptr;
}

// --- Bits ----------------------------------------------------------------------------------

bool CasSpan::far_off(std::uint8_t bits) const {
  return (bits & kBitA) != 0 && role_ != Role::kFxs;
}

void CasSpan::set_tx(std::size_t index) {
  const Channel& c = channels_[index];
  std::uint8_t bits = kBitD;
  if (role_ == Role::kFxo) {
    // Loop start feeds loop current (A) unless it opens the loop; ground start only with tip
    // ground on.
    bits |= (ground_ ? c.tx_ground : !c.tx_open) ? kBitA : 0;
    bits |= c.tx_ring ? 0 : kBitB;
  } else {
    bits |= (c.tx_off ? kBitA : 0) | (c.tx_ground ? 0 : kBitB);
  }
  io_->set_tx_abcd(index, bits);
}

void CasSpan::hook(std::size_t index, bool off) {
  Channel& c = channels_[index];
  if (c.tx_off != off) c.tx_changed_at = timers_->now_ms();
  c.tx_off = off;
  set_tx(index);
}

void CasSpan::clear_line(std::size_t index) {
  Channel& c = channels_[index];
  const std::uint64_t stand = stand_ms(cas_);
  const std::uint64_t now = timers_->now_ms();
  if (c.tx_off && now < c.tx_changed_at + stand) {
    c.phase = Phase::kHoldSignal;
    arm(index, kPhaseTimer, c.tx_changed_at + stand - now);
    return;
  }
  hook(index, false);
  if (far_off(c.rx)) {
    wait_far_idle(index);
  } else {
    finish_release(index);
  }
}

void CasSpan::on_abcd(std::size_t index, std::uint8_t /*bits*/, std::uint64_t at_ms) {
  if (index >= channels_.size() || events_ == nullptr) return;
  // Debounce: the bits count once stable; the timer rereads them then.
  if (cas_.timers.debounce == 0) {
    on_timer(index * kKinds + kDebounceTimer, at_ms);
    return;
  }
  timers_->arm(channels_[index].timers[kDebounceTimer], at_ms + cas_.timers.debounce);
}

void CasSpan::on_bits(std::size_t index, std::uint8_t old_bits, std::uint8_t bits) {
  if (!status_.in_service()) return;  // taken as the idle state when service returns
  if (ground_) {
    if (role_ == Role::kFxs) {
      on_station_ground_bits(index, old_bits, bits);
    } else {
      on_office_ground_bits(index, old_bits, bits);
    }
    return;
  }
  if (role_ == Role::kFxs) {
    const bool ring_now = (bits & kBitB) == 0;
    if (ring_now && (old_bits & kBitB) != 0) ring_heard(index);
    const bool open_now = (bits & kBitA) == 0;
    if (open_now && (old_bits & kBitA) != 0) far_on_hook(index);  // the office opened the loop
    return;
  }
  const bool was_off = far_off(old_bits);
  const bool off = far_off(bits);
  if (off && !was_off) far_off_hook(index);
  if (!off && was_off) far_on_hook(index);
}

void CasSpan::on_station_ground_bits(std::size_t index, std::uint8_t old_bits, std::uint8_t bits) {
  Channel& c = channels_[index];
  const bool tip = (bits & kBitA) != 0;
  const bool was_tip = (old_bits & kBitA) != 0;
  if (tip && !was_tip) tip_grounded(index);
  if ((bits & kBitB) == 0 && (old_bits & kBitB) != 0) ring_heard(index);
  if (tip || !was_tip) return;
  // The office removed tip ground: its loop-current disconnect (or its caller gave up).
  c.ringing_heard = false;
  cancel(index, kToneTimer);
  if (c.phase == Phase::kIgnored) {
    reset(index);
  } else if (c.phase == Phase::kOfferPending) {
    c.phase = Phase::kNone;  // the office's call is gone before ours was released
  } else if (c.phase != Phase::kNone || c.state != ChannelState::kIdle) {
    far_on_hook(index);
  }
}

void CasSpan::on_office_ground_bits(std::size_t index, std::uint8_t old_bits, std::uint8_t bits) {
  Channel& c = channels_[index];
  const bool loop = (bits & kBitA) != 0;
  const bool was_loop = (old_bits & kBitA) != 0;
  const bool ground = (bits & kBitB) == 0;
  const bool was_ground = (old_bits & kBitB) == 0;
  if (ground && !was_ground) {
    if (c.phase == Phase::kNone && c.state == ChannelState::kIdle) {
      seized(index);  // ring ground: the station's seizure
    } else if (c.phase == Phase::kRingingStation) {
      ++stats_.glare;  // both seized: the office wins; the station yields on our ringing
    } else if (!loop) {
      ++stats_.unexpected_events;
    }
  }
  if (loop && !was_loop) {
    far_off_hook(index);
  } else if (!loop && was_loop) {
    far_on_hook(index);
  } else if (!loop && !ground && was_ground && c.phase != Phase::kRingingStation) {
    far_on_hook(index);  // ring ground gone without a loop: the station gave up its seizure
  }
}

void CasSpan::tip_grounded(std::size_t index) {
  Channel& c = channels_[index];
  // Our ring ground's answer, unless ringing follows within the guard (the office's own call).
  // Any other tip ground is the office's seizure: channel_free() is false while it stands.
  if (c.phase != Phase::kAwaitGround) return;
  c.phase = Phase::kGroundGuard;
  arm(index, kPhaseTimer, ground_guard_ms());
}

void CasSpan::far_off_hook(std::size_t index) {
  Channel& c = channels_[index];
  const std::uint64_t now = timers_->now_ms();
  switch (c.phase) {
    case Phase::kNone:
      if (c.state == ChannelState::kIdle) {
        seized(index);
        return;
      }
      break;
    case Phase::kAwaitStart:
      if (cas_.start == config::CasStart::kEmWink || cas_.start == config::CasStart::kEmDelayDial) {
        c.far_off_at = now;
        c.phase = Phase::kWinkSeen;
        if (cas_.start == config::CasStart::kEmWink) arm(index, kPhaseTimer, cas_.timers.rxwink);
        return;
      }
      // Immediate start (or the station line of fxo): the far end seized too.
      ++stats_.glare;
      violation(index, "glare: the far end seized the channel while we dialled");
      fail(index, cause::kChannelUnavailable);
      return;
    case Phase::kSendingDigits:
    case Phase::kAwaitAnswer:
      // The answer (an answer before the last digit is still an answer).
      c.generating = false;
      c.phase = Phase::kNone;
      cancel(index, kPhaseTimer);
      cancel(index, kToneTimer);
      bearer_.unclaim(index);
      // Answered during the end-of-number digit: the number was taken all the same.
      if (c.state == ChannelState::kDialing && message(index, ChannelInput::kFarProceeding)) {
        events_->on_proceeding(numbers_[index]);
        if (events_ == nullptr) return;
      }
      if (message(index, ChannelInput::kFarConnect)) events_->on_connected(numbers_[index]);
      return;
    case Phase::kRingingStation:
      c.tx_ring = false;
      set_tx(index);
      c.phase = Phase::kNone;
      cancel(index, kPhaseTimer);
      if (message(index, ChannelInput::kFarConnect)) events_->on_connected(numbers_[index]);
      return;
    case Phase::kCollecting:
      if (ground_) return;  // the station closes its loop on our tip ground, then dials
      break;
    default:
      break;
  }
  ++stats_.unexpected_events;
}

void CasSpan::far_on_hook(std::size_t index) {
  Channel& c = channels_[index];
  switch (c.phase) {
    case Phase::kWinkSeen:
      cancel(index, kPhaseTimer);
      start_dialing(index);  // the wink (or the delay-dial signal) is over: ready for digits
      return;
    case Phase::kPrewink:
    case Phase::kWinking:
    case Phase::kCollecting:
      // The caller gave up before its number was complete: nothing was reported.
      ++stats_.abandoned_seizures;
      reset(index);
      return;
    case Phase::kToneRefusal:
    case Phase::kAwaitFarIdle:
    case Phase::kOpenLoop:
      if (c.phase == Phase::kOpenLoop) c.tx_open = false;
      cancel(index, kPhaseTimer);
      finish_release(index);
      return;
    case Phase::kIgnored:
      reset(index);
      return;
    default:
      break;
  }
  switch (c.state) {
    case ChannelState::kOffered:
    case ChannelState::kAccepted:
    case ChannelState::kAnswering:
    case ChannelState::kConnected:
    case ChannelState::kDialing:
    case ChannelState::kProceeding:
    case ChannelState::kRingback:
      far_cleared(index, cause::kNormalClearing);
      return;
    default:
      ++stats_.unexpected_events;
  }
}

void CasSpan::ring_gap(std::size_t index) {
  Channel& c = channels_[index];
  c.ringing_heard = false;  // no ring for kRingGapMs: the caller gave up
  if (c.phase == Phase::kIgnored) {
    reset(index);
  } else if (c.phase == Phase::kOfferPending) {
    c.phase = Phase::kNone;
  } else if (c.phase == Phase::kRinging) {
    c.phase = Phase::kNone;
    far_cleared(index, cause::kNormalClearing);
  }
}

void CasSpan::ring_heard(std::size_t index) {
  Channel& c = channels_[index];
  c.ringing_heard = true;
  arm(index, kToneTimer, kRingGapMs);  // fxs has no call-progress tones: the ring-gap timer
  if (c.phase == Phase::kGroundGuard) {
    // Ringing on the tip ground we took for our answer: the office seized the line for its own
    // call at the same time. The office wins: ours fails; its call is offered on its first
    // ring after ours is released.
    ++stats_.glare;
    fail(index, cause::kChannelUnavailable);
    c.phase = Phase::kOfferPending;
    return;
  }
  if (c.state != ChannelState::kIdle) return;
  // A glare loser's pending offer comes on the first ring after its call was released.
  if (c.phase == Phase::kNone || c.phase == Phase::kOfferPending) offer_ringing(index);
}

void CasSpan::offer_ringing(std::size_t index) {
  // A loop- or ground-start line carries no number: the call is offered on its first ring.
  Channel& c = channels_[index];
  c.incoming = true;
  c.setup = board::CallSetup{};
  c.phase = Phase::kRinging;
  ++stats_.calls_offered;
  if (message(index, ChannelInput::kFarSetup)) events_->on_incoming(numbers_[index], c.setup);
}

// --- Timers --------------------------------------------------------------------------------

void CasSpan::arm(std::size_t index, TimerKind kind, std::uint64_t after_ms) {
  timers_->arm(channels_[index].timers[kind], timers_->now_ms() + after_ms);
}

void CasSpan::cancel(std::size_t index, TimerKind kind) {
  timers_->cancel(channels_[index].timers[kind]);
}

void CasSpan::owe(std::size_t index, std::uint8_t what) {
  channels_[index].owed |= what;
  arm(index, kOwedTimer, 0);
}

void CasSpan::on_timer(std::uint64_t cookie, std::uint64_t /*now_ms*/) {
  if (events_ == nullptr) return;
  const std::size_t index = cookie / kKinds;
  if (index >= channels_.size()) return;
  Channel& c = channels_[index];
  switch (static_cast<TimerKind>(cookie % kKinds)) {
    case kDebounceTimer: {
      const std::uint8_t bits = io_->rx_abcd(index);
      if (bits == c.rx) return;
      const std::uint8_t old = c.rx;
      c.rx = bits;
      on_bits(index, old, bits);
      return;
    }
    case kOwedTimer:
      pay(index);
      return;
    case kToneTimer:
      if (role_ == Role::kFxs) {
        ring_gap(index);
        return;
      }
      // No long burst followed the short one: reorder.
      if (c.phase == Phase::kAwaitAnswer) {
        ++stats_.tones_heard;
        fail(index, cause::kSwitchCongestion);
      }
      return;
    case kPhaseTimer:
      on_phase_timer(index);
      return;
    case kKinds:
      return;
  }
}

void CasSpan::pay(std::size_t index) {
  Channel& c = channels_[index];
  const int channel = numbers_[index];
  if ((c.owed & kOweProceeding) != 0) {
    c.owed &= ~kOweProceeding;
    if (message(index, ChannelInput::kFarProceeding)) events_->on_proceeding(channel);
    if (events_ == nullptr) return;
  }
  if ((c.owed & kOweAlerting) != 0) {
    c.owed &= ~kOweAlerting;
    if (message(index, ChannelInput::kFarAlerting)) events_->on_alerting(channel);
    if (events_ == nullptr) return;
  }
  if ((c.owed & kOweConnected) != 0) {
    c.owed &= ~kOweConnected;
    if (message(index, ChannelInput::kFarConnect)) events_->on_connected(channel);
    if (events_ == nullptr) return;
  }
  if ((c.owed & kOweReleased) != 0) {
    c.owed = 0;
    c.local_only = false;
    if (message(index, ChannelInput::kFarReleaseComplete)) events_->on_released(channel);
  }
}

void CasSpan::on_phase_timer(std::size_t index) {
  Channel& c = channels_[index];
  switch (c.phase) {
    case Phase::kAwaitGround:
      violation(index, "no tip ground from the office within `start`");
      fail(index, cause::kRecoveryOnTimerExpiry);
      return;
    case Phase::kGroundGuard:
      // No ringing: the tip ground answered our ring ground. Loop closed, ring ground off;
      // the digits follow after `predial`.
      c.tx_ground = false;
      hook(index, true);
      c.phase = Phase::kAwaitStart;
      arm(index, kPhaseTimer, cas_.timers.predial);
      return;
    case Phase::kAwaitStart:
      if (cas_.start == config::CasStart::kEmWink || cas_.start == config::CasStart::kEmDelayDial) {
        violation(index, "no start signal (wink) from the far end within `start`");
        fail(index, cause::kRecoveryOnTimerExpiry);
      } else {
        start_dialing(index);  // predial is over
      }
      return;
    case Phase::kWinkSeen:
      // Off-hook longer than a wink: the far end seized the channel too (or is stuck).
      ++stats_.glare;
      violation(index, "far end off-hook longer than `rxwink` while we waited for a wink (glare)");
      fail(index, cause::kChannelUnavailable);
      return;
    case Phase::kPrewink:
      c.phase = Phase::kWinking;
      hook(index, true);
      arm(index, kPhaseTimer, cas_.timers.wink);
      return;
    case Phase::kWinking:
      hook(index, false);
      start_collecting(index);
      return;
    case Phase::kCollecting:
      if (c.setup.called.empty()) {
        violation(index, "seizure without a digit within `digit_timeout`; ignored");
        bearer_.unclaim(index);
        c.phase = Phase::kIgnored;
        return;
      }
      number_complete(index);
      return;
    case Phase::kRingingStation:
      c.tx_ring = !c.tx_ring;
      set_tx(index);
      arm(index, kPhaseTimer, c.tx_ring ? kRingOnMs : kRingOffMs);
      return;
    case Phase::kToneRefusal:
    case Phase::kAwaitFarIdle:
      violation(index,
                "far end still off-hook long after our clearing; channel held until it "
                "hangs up");
      bearer_.unclaim(index);
      c.tx_open = c.tx_ground = false;
      set_tx(index);
      c.phase = Phase::kIgnored;
      owe(index, kOweReleased);
      return;
    case Phase::kHoldSignal:
      clear_line(index);
      return;
    case Phase::kOpenLoop:
      // The open loop was long enough: the office's line is idle again; the station may
      // still be off-hook (it hangs up in its own time).
      c.tx_open = false;
      set_tx(index);
      if (far_off(c.rx)) {
        c.phase = Phase::kAwaitFarIdle;
        arm(index, kPhaseTimer, kReleaseGuardMs);
      } else {
        finish_release(index);
      }
      return;
    default:
      return;
  }
}

// --- Commands ------------------------------------------------------------------------------

bool CasSpan::command(int channel, ChannelInput input, std::size_t& index, ChannelState& next) {
  const int i = index_of(channel);
  if (events_ == nullptr || i < 0 ||
      !signalling::next_channel_state(channels_[static_cast<std::size_t>(i)].state, input, next)) {
    ++stats_.invalid_commands;
    return false;
  }
  index = static_cast<std::size_t>(i);
  return true;
}

bool CasSpan::message(std::size_t index, ChannelInput input) {
  ChannelState next;
  if (!signalling::next_channel_state(channels_[index].state, input, next)) {
    ++stats_.unexpected_events;
    return false;
  }
  set_state(index, next);
  return true;
}

void CasSpan::set_state(std::size_t index, ChannelState next) {
  channels_[index].state = next;
  bearer_.follow(index, next);
}

media::MediaResult CasSpan::media(int channel, const media::MediaCommand& command) {
  const int i = index_of(channel);
  if (i < 0 || timers_ == nullptr) return media::MediaResult::kNoBearer;
  return bearer_.command(static_cast<std::size_t>(i), command, timers_->now_ms());
}

bool CasSpan::place_call(int channel, const board::CallSetup& setup) {
  const int i = index_of(channel);
  if (i < 0 || events_ == nullptr || !status_.in_service() || !channel_free(channel)) return false;
  std::size_t index = 0;
  ChannelState next;
  if (!command(channel, ChannelInput::kPlaceCall, index, next)) return false;
  Channel& c = channels_[index];
  set_state(index, next);
  c.incoming = false;
  c.setup = setup;
  c.pending = setup.called;
  c.complete = setup.sending_complete;
  c.generating = false;
  ++stats_.calls_placed;
  if (role_ == Role::kFxo) {
    // We ring the station; it answers by going off-hook. Ground start: tip ground first, the
    // ringing after the lead (the phase timer turns it on).
    c.phase = Phase::kRingingStation;
    c.tx_ground = ground_;
    c.tx_ring = !ground_;
    set_tx(index);
    arm(index, kPhaseTimer, ground_ ? ground_lead_ms() : kRingOnMs);
    owe(index, kOweAlerting);
    return true;
  }
  if (ground_) {
    // Ring ground: the station's seizure; the office answers with tip ground.
    c.tx_ground = true;
    set_tx(index);
    c.phase = Phase::kAwaitGround;
    arm(index, kPhaseTimer, cas_.timers.start);
    return true;
  }
  hook(index, true);  // seize
  c.phase = Phase::kAwaitStart;
  const bool waits_for_far =
      cas_.start == config::CasStart::kEmWink || cas_.start == config::CasStart::kEmDelayDial;
  arm(index, kPhaseTimer, waits_for_far ? cas_.timers.start : cas_.timers.predial);
  return true;
}

void CasSpan::send_digits(int channel, std::string_view digits, bool complete) {
  std::size_t index = 0;
  ChannelState next;
  if (!command(channel, ChannelInput::kSendDigits, index, next)) return;
  Channel& c = channels_[index];
  if (c.complete) {
    ++stats_.invalid_commands;  // the number was already complete
    return;
  }
  c.pending.append(digits);
  c.setup.called.append(digits);
  c.complete = complete;
  if (c.phase == Phase::kSendingDigits && !c.generating) send_pending(index);
}

void CasSpan::accept(int channel) {
  std::size_t index = 0;
  ChannelState next;
  if (!command(channel, ChannelInput::kAccept, index, next)) return;
  set_state(index, next);
  // The office we are plays ringback to the caller (on loop start the office is the far end).
  if (role_ != Role::kFxs) play(index, ringback_tone_);
}

void CasSpan::answer(int channel) {
  std::size_t index = 0;
  ChannelState next;
  if (!command(channel, ChannelInput::kAnswer, index, next)) return;
  Channel& c = channels_[index];
  set_state(index, next);
  bearer_.unclaim(index);
  if (role_ == Role::kFxs) {
    cancel(index, kToneTimer);
    c.phase = Phase::kNone;
    c.ringing_heard = false;
  }
  if (role_ != Role::kFxo) hook(index, true);  // off-hook: answer (fxo: the station is through)
  owe(index, kOweConnected);
}

void CasSpan::release(int channel, std::uint8_t q850_cause) {
  std::size_t index = 0;
  ChannelState next;
  if (!command(channel, ChannelInput::kRelease, index, next)) return;
  Channel& c = channels_[index];
  const ChannelState was = c.state;
  set_state(index, next);
  c.owed &= kOweReleased;
  c.generating = false;
  if (c.local_only) {
    owe(index, kOweReleased);
    return;
  }
  if (role_ == Role::kFxs) {
    c.tx_ground = false;
    hook(index, false);
    bearer_.unclaim(index);
    cancel(index, kPhaseTimer);
    // While the office still rings the line takes no new call (the ring-gap timer runs on;
    // ground start: until the office removes tip ground). A glare loser's pending offer stays.
    if (c.phase != Phase::kOfferPending) {
      c.phase = c.ringing_heard ? Phase::kIgnored : Phase::kNone;
    }
    owe(index, kOweReleased);  // loop start: nothing to wait for
    return;
  }
  cancel(index, kToneTimer);
  cancel(index, kPhaseTimer);
  const bool unanswered_incoming =
      c.incoming && (was == ChannelState::kOffered || was == ChannelState::kAccepted);
  if (unanswered_incoming && far_off(c.rx)) {
    // CAS has no cause: the caller hears it (and hangs up).
    play(index, q850_cause == cause::kUserBusy ? busy_tone_
                : sit_cause(q850_cause)        ? sit_tone_
                                               : reorder_tone_);
    c.phase = Phase::kToneRefusal;
    arm(index, kPhaseTimer, kReleaseGuardMs);
    return;
  }
  bearer_.unclaim(index);
  if (role_ == Role::kFxo && ground_) {
    // Loop-current disconnect: tip ground off; the station opens its loop in its own time.
    c.tx_ring = c.tx_ground = false;
    set_tx(index);
    if (far_off(c.rx)) {
      wait_far_idle(index);
    } else {
      finish_release(index);
    }
    return;
  }
  if (role_ == Role::kFxo) {
    c.tx_ring = false;
    if (far_off(c.rx)) {
      c.tx_open = true;  // the office's disconnect
      set_tx(index);
      c.phase = Phase::kOpenLoop;
      arm(index, kPhaseTimer, kOpenLoopMs);
      return;
    }
    set_tx(index);
    finish_release(index);
    return;
  }
  clear_line(index);
}

void CasSpan::drop(int channel) {
  const int i = index_of(channel);
  if (i < 0 || events_ == nullptr) return;
  reset(static_cast<std::size_t>(i));
}

// --- Outgoing ------------------------------------------------------------------------------

void CasSpan::start_dialing(std::size_t index) {
  Channel& c = channels_[index];
  c.phase = Phase::kSendingDigits;
  cancel(index, kPhaseTimer);
  bearer_.claim(index, *this);
  send_pending(index);
}

void CasSpan::send_pending(std::size_t index) {
  Channel& c = channels_[index];
  media::MediaCommand cmd;
  cmd.op = media::MediaCommand::Op::kGenerateDigits;
  cmd.token = kDigitsToken;
  cmd.digit_on_ms = static_cast<std::uint16_t>(cas_.timers.digit_on);
  cmd.digit_off_ms = static_cast<std::uint16_t>(cas_.timers.digit_off);
  for (char d : c.pending.view()) {
    if (cmd.digit_count + 1u < cmd.digits.size() &&
        media::kDtmfDigits.find(d) != std::string_view::npos) {
      cmd.digits[cmd.digit_count++] = d;
    }
  }
  c.pending = board::Number{};
  if (c.complete) cmd.digits[cmd.digit_count++] = kEndOfNumber;
  if (cmd.digit_count == 0) return;  // overlap: wait for send_digits
  c.generating = bearer_.owned_command(index, cmd, timers_->now_ms()) == media::MediaResult::kOk;
  if (!c.generating) fail(index, cause::kTemporaryFailure);
}

void CasSpan::dialed(std::size_t index) {
  Channel& c = channels_[index];
  c.generating = false;
  if (!c.pending.empty() || !c.complete) {
    send_pending(index);  // overlap digits that came meanwhile (or wait for them)
    return;
  }
  if (role_ == Role::kFxs) {
    // Loop start has no answer supervision: the call is up once dialled.
    c.phase = Phase::kNone;
    bearer_.unclaim(index);
    owe(index, kOweProceeding | kOweConnected);
    return;
  }
  c.phase = Phase::kAwaitAnswer;
  monitor_progress(index);
  owe(index, kOweProceeding);
}

void CasSpan::monitor_progress(std::size_t index) {
  media::MediaCommand cmd;
  cmd.op = media::MediaCommand::Op::kMonitorTones;
  cmd.tones[kRingbackTone] = monitored(440, 480, 800);
  cmd.tones[kShortBurst] = monitored(480, 620, 200);
  cmd.tones[kLongBurst] = monitored(480, 620, 400);
  cmd.tones[kSit914] = monitored(914, 0, 200);
  cmd.tones[kSit950] = monitored(950, 0, 200);
  cmd.tones[kSit985] = monitored(985, 0, 200);
  cmd.tone_count = kProgressTones;
  bearer_.owned_command(index, cmd, timers_->now_ms());
}

void CasSpan::heard_tone(std::size_t index, std::uint8_t tone) {
  Channel& c = channels_[index];
  if (c.phase != Phase::kAwaitAnswer) return;
  switch (tone) {
    case kRingbackTone:
      if (c.state == ChannelState::kProceeding && message(index, ChannelInput::kFarAlerting)) {
        events_->on_alerting(numbers_[index]);
      }
      return;
    case kShortBurst:
      if (!c.timers[kToneTimer].armed()) arm(index, kToneTimer, kBurstDecisionMs);
      return;
    case kLongBurst:
      cancel(index, kToneTimer);
      ++stats_.tones_heard;
      fail(index, cause::kUserBusy);
      return;
    default:
      ++stats_.tones_heard;
      fail(index, cause::kUnallocatedNumber);
      return;
  }
}

void CasSpan::fail(std::size_t index, std::uint8_t q850_cause) {
  far_cleared(index, q850_cause);
}

void CasSpan::far_cleared(std::size_t index, std::uint8_t q850_cause) {
  Channel& c = channels_[index];
  cancel(index, kPhaseTimer);
  cancel(index, kToneTimer);
  c.generating = false;
  c.phase = Phase::kNone;
  bearer_.unclaim(index);
  // The line drops at once: an off-hook left behind would read as a new seizure.
  c.tx_ring = c.tx_ground = false;
  if (role_ != Role::kFxo) hook(index, false);
  set_tx(index);
  if (message(index, ChannelInput::kFarDisconnect)) {
    events_->on_disconnected(numbers_[index], q850_cause);
  }
}

// --- Incoming ------------------------------------------------------------------------------

void CasSpan::seized(std::size_t index) {
  Channel& c = channels_[index];
  c.incoming = true;
  c.setup = board::CallSetup{};
  if (ground_) {
    c.tx_ground = true;  // the office answers a ring ground with tip ground
    set_tx(index);
  }
  switch (cas_.start) {
    case config::CasStart::kEmWink:
      c.phase = Phase::kPrewink;
      arm(index, kPhaseTimer, cas_.timers.prewink);
      return;
    case config::CasStart::kEmDelayDial:
      c.phase = Phase::kWinking;  // off-hook until ready for digits
      hook(index, true);
      arm(index, kPhaseTimer, cas_.timers.wink);
      return;
    default:
      start_collecting(index);
      return;
  }
}

void CasSpan::start_collecting(std::size_t index) {
  Channel& c = channels_[index];
  c.phase = Phase::kCollecting;
  bearer_.claim(index, *this);
  media::MediaCommand cmd;
  cmd.op = media::MediaCommand::Op::kDetectDigits;
  cmd.on = true;
  bearer_.owned_command(index, cmd, timers_->now_ms());
  arm(index, kPhaseTimer, cas_.timers.digit_timeout);
}

void CasSpan::digit(std::size_t index, char d) {
  Channel& c = channels_[index];
  if (c.phase != Phase::kCollecting) return;
  ++stats_.digits_received;
  if (d == kEndOfNumber) {
    number_complete(index);
    return;
  }
  if (!c.setup.called.append(std::string_view(&d, 1))) {
    number_complete(index);  // as long as a number gets
    return;
  }
  arm(index, kPhaseTimer, cas_.timers.digit_timeout);
}

void CasSpan::number_complete(std::size_t index) {
  Channel& c = channels_[index];
  cancel(index, kPhaseTimer);
  c.phase = Phase::kNone;
  bearer_.unclaim(index);
  c.setup.sending_complete = true;
  ++stats_.calls_offered;
  if (message(index, ChannelInput::kFarSetup)) events_->on_incoming(numbers_[index], c.setup);
}

void CasSpan::on_owned_media(std::size_t index, const media::MediaEvent& event) {
  switch (event.kind) {
    case media::MediaEvent::Kind::kDigitDown:
      digit(index, event.digit);
      return;
    case media::MediaEvent::Kind::kGenerateDone:
      if (event.token == kDigitsToken && channels_[index].phase == Phase::kSendingDigits) {
        dialed(index);
      }
      return;
    case media::MediaEvent::Kind::kToneDetected:
      heard_tone(index, event.tone_index);
      return;
    default:
      return;
  }
}

void CasSpan::on_audio_frame(io::SpanAudio& audio, std::uint64_t now_ms) {
  bearer_.on_frame(audio, now_ms);
}

void CasSpan::play(std::size_t index, const media::ToneSpec& tone) {
  bearer_.claim(index, *this);
  media::MediaCommand cmd;
  cmd.op = media::MediaCommand::Op::kGenerateTone;
  cmd.tone = tone;
  bearer_.owned_command(index, cmd, timers_->now_ms());
}

// --- Clearing ------------------------------------------------------------------------------

void CasSpan::wait_far_idle(std::size_t index) {
  channels_[index].phase = Phase::kAwaitFarIdle;
  arm(index, kPhaseTimer, kReleaseGuardMs);
}

void CasSpan::finish_release(std::size_t index) {
  Channel& c = channels_[index];
  bearer_.unclaim(index);
  if (c.tx_ground) {
    c.tx_ground = false;  // fxo_gs: tip ground stood while our refusal tone played
    set_tx(index);
  }
  c.phase = Phase::kNone;
  if (c.state == ChannelState::kReleasing) owe(index, kOweReleased);
}

void CasSpan::reset(std::size_t index) {
  Channel& c = channels_[index];
  for (std::uint64_t k = 0; k < kKinds; ++k) timers_->cancel(c.timers[k]);
  bearer_.unclaim(index);
  c.phase = Phase::kNone;
  c.generating = false;
  c.owed = 0;
  c.local_only = false;
  c.tx_off = false;
  c.tx_ring = false;
  c.tx_open = false;
  c.tx_ground = false;
  set_tx(index);
  set_state(index, ChannelState::kIdle);
}

void CasSpan::violation(std::size_t index, const char* what) {
  ++stats_.protocol_errors;
  std::fprintf(stderr, "spantsp: CAS span %s channel %d: %s\n", name_.c_str(), numbers_[index],
               what);
}

// --- Alarms --------------------------------------------------------------------------------

void CasSpan::on_alarms(const io::SpanAlarms& alarms) {
  if (events_ == nullptr) return;
  const bool was = status_.in_service();
  signalling::take_alarms(status_, alarms);
  if (was && !status_.in_service()) {
    // Nothing crosses the span: every call ends here.
    for (std::size_t i = 0; i < channels_.size() && events_ != nullptr; ++i) {
      Channel& c = channels_[i];
      if (c.state == ChannelState::kIdle) {
        if (c.phase != Phase::kNone) reset(i);
        continue;
      }
      for (std::uint64_t k = 0; k < kKinds; ++k) {
        if (k != kOwedTimer) timers_->cancel(c.timers[k]);
      }
      bearer_.unclaim(i);
      c.phase = Phase::kNone;
      c.local_only = true;
      c.tx_off = c.tx_ring = c.tx_open = c.tx_ground = false;
      c.ringing_heard = false;
      set_tx(i);
      if (c.state == ChannelState::kReleasing) {
        owe(i, kOweReleased);
      } else if (message(i, ChannelInput::kFarDisconnect)) {
        events_->on_disconnected(numbers_[i], cause::kNetworkOutOfOrder);
      }
    }
  } else if (!was && status_.in_service()) {
    for (std::size_t i = 0; i < channels_.size(); ++i) channels_[i].rx = io_->rx_abcd(i);
  }
  report_status();
}

void CasSpan::report_status() {
  if (events_ == nullptr) return;
  if (!signalling::status_changed(status_, reported_)) return;
  reported_ = status_;
  events_->on_span_status(status_);
}

}  // namespace spantsp::cas
