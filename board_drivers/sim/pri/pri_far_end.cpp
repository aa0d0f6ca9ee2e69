#include "board_drivers/sim/pri/pri_far_end.h"

#include "board_drivers/signalling/pri/pri_event_channel.h"
#include "board_drivers/signalling/pri/pri_number.h"

namespace spantsp::pri {
namespace {

namespace cause = board::cause;
constexpr int kMaxChannelNumber = 255;

}  // namespace

PriFarEnd::PriFarEnd(const config::TrafficProfile& profile, std::uint32_t span_index,
                     const std::vector<int>& channels, int node_type, int switch_type, bool alaw)
    : numbers_(channels),
      channels_(channels.size()),
      far_(profile, span_index, channels.size()),
      controller_(node_type, switch_type),
      alaw_(alaw) {
  controller_.set_perf_role(pipeline::perf_role::Role::kFarEnd);
  for (std::size_t i = 0; i < channels_.size(); ++i) {
    channels_[i].t302.handler = this;
    channels_[i].t302.cookie = i;
  }
}

PriFarEnd::~PriFarEnd() {
  stop();
}

void PriFarEnd::start(io::DChannel& line, io::SpanIo& io, pipeline::TimerWheel& timers,
                      FarStatusObserver& observer) {
  if (timers_ != nullptr || io.d_channel() == nullptr) return;
  line_ = &line;
  timers_ = &timers;
  observer_ = &observer;
  controller_.start(*io.d_channel(), timers, *this);
  far_.start(*this, timers, &io);
}

void PriFarEnd::stop() {
  if (timers_ == nullptr) return;
  far_.stop();
  controller_.stop();
  for (auto& c : channels_) {
    timers_->cancel(c.t302);
    c.call = nullptr;
    c.responded = false;
    c.ours = false;
  }
  timers_ = nullptr;
  line_ = nullptr;
  observer_ = nullptr;
}

int PriFarEnd::index_of(int channel) const {
  if (channel <= 0 || channel > kMaxChannelNumber) return -1;
  for (std::size_t i = 0; i < numbers_.size(); ++i) {
    if (numbers_[i] == channel) return static_cast<int>(i);
  }
  return -1;
}

int PriFarEnd::find_call(const q931_call* call) const {
  if (call == nullptr) return -1;
  for (std::size_t i = 0; i < channels_.size(); ++i) {
    if (channels_[i].call == call) return static_cast<int>(i);
  }
  return -1;
}

void PriFarEnd::respond(std::size_t index) {
  Channel& c = channels_[index];
  if (c.ours || c.responded || c.call == nullptr) return;
  pri_proceeding(controller_.ctrl(), c.call, numbers_[index], 0);
  c.responded = true;
}

void PriFarEnd::end_locally(std::size_t index) {
  Channel& c = channels_[index];
  if (c.call != nullptr) pri_destroycall(controller_.ctrl(), c.call);
  c.call = nullptr;
  c.responded = false;
  c.ours = false;
  timers_->cancel(c.t302);
}

void PriFarEnd::restarted(std::size_t index) {
  Channel& c = channels_[index];
  const bool had_call = c.call != nullptr || !far_.channel_idle(index);
  end_locally(index);
  if (had_call) far_.on_release(index, cause::kTemporaryFailure);
}

bool PriFarEnd::seize_elsewhere(std::size_t taken, q931_call* call, const board::CallSetup& setup) {
  for (std::size_t i = 0; i < channels_.size(); ++i) {
    if (i == taken || channels_[i].call != nullptr || !far_.channel_idle(i)) continue;
    if (far_.on_setup(i, setup) != sim::FarEnd::Seize::kSeized) return false;
    Channel& c = channels_[i];
    c.call = call;
    c.held = false;
    c.far_hold_sent = c.far_held = c.retrieve_after_ack = false;
    c.ours = false;
    c.responded = true;
    // The first answer names the channel; with overlap sending it is SETUP ACKNOWLEDGE.
    if (setup.sending_complete) {
      pri_proceeding(controller_.ctrl(), call, numbers_[i], 0);
    } else {
      pri_need_more_info(controller_.ctrl(), call, numbers_[i], 0);
      timers_->arm(c.t302, timers_->now_ms() + kT302Ms);
    }
    ++moved_setups_;
    return true;
  }
  return false;
}

// --- Maintenance controls ------------------------------------------------------------------

board::ControlResult PriFarEnd::restart_channel(std::size_t index) {
  if (timers_ == nullptr || line_->cut() || !controller_.running()) {
    return board::ControlResult::kRejected;
  }
  restarted(index);
  pri_reset(controller_.ctrl(), numbers_[index]);
  ++restarts_sent_;
  controller_.reschedule();
  return board::ControlResult::kOk;
}

board::ControlResult PriFarEnd::remote_hold(std::size_t index, bool hold) {
  if (!pri_supports_hold(controller_.switch_type())) return board::ControlResult::kUnsupported;
  Channel& c = channels_[index];
  if (timers_ == nullptr || line_->cut() || !controller_.running() || c.call == nullptr || c.held ||
      c.far_hold_sent == hold || c.retrieve_after_ack) {
    return board::ControlResult::kRejected;
  }
  if (!hold && !c.far_held) {
    // HOLD ACKNOWLEDGE still on its way: the RETRIEVE follows it.
    c.retrieve_after_ack = true;
    return board::ControlResult::kOk;
  }
  // libpri refuses a HOLD outside an active call (or a RETRIEVE of a call not held).
  const int sent = hold ? pri_hold(controller_.ctrl(), c.call)
                        : pri_retrieve(controller_.ctrl(), c.call, numbers_[index]);
  if (sent != 0) return board::ControlResult::kRejected;
  c.far_hold_sent = hold;
  c.far_held = false;
  controller_.reschedule();
  return board::ControlResult::kOk;
}

board::ControlResult PriFarEnd::restart_span() {
  if (timers_ == nullptr || line_->cut() || !controller_.running()) {
    return board::ControlResult::kRejected;
  }
  // One RESTART per channel, as chan_dahdi sends them: libpri 1.6 cannot send the "all
  // interfaces" restart class.
  for (std::size_t i = 0; i < channels_.size(); ++i) restart_channel(i);
  return board::ControlResult::kOk;
}

board::ControlResult PriFarEnd::service_channel(std::size_t index, int change_status) {
  if (!pri_supports_service(controller_.switch_type())) return board::ControlResult::kUnsupported;
  if (timers_ == nullptr || line_->cut() || !controller_.running()) {
    return board::ControlResult::kRejected;
  }
  // Span 0: the interface the D-channel is on (no NFAS).
  pri_maintenance_service(controller_.ctrl(), 0, numbers_[index], change_status);
  controller_.reschedule();
  return board::ControlResult::kOk;
}

// --- The FarEnd's messages, as Q.931 -------------------------------------------------------

void PriFarEnd::far_setup(std::size_t index, const board::CallSetup& setup) {
  Channel& c = channels_[index];
  c.call = send_setup(controller_.ctrl(), numbers_[index], setup, alaw_);
  c.held = false;
  c.far_hold_sent = c.far_held = c.retrieve_after_ack = false;
  c.ours = true;
  c.responded = false;
  controller_.reschedule();
  if (c.call == nullptr) far_.on_release(index, cause::kTemporaryFailure);
}

void PriFarEnd::far_digits(std::size_t index, std::string_view digits, bool /*complete*/) {
  Channel& c = channels_[index];
  if (c.call == nullptr) return;
  for (char d : digits) pri_information(controller_.ctrl(), c.call, d);
  controller_.reschedule();
}

void PriFarEnd::far_proceeding(std::size_t index) {
  respond(index);
  controller_.reschedule();
}

void PriFarEnd::far_alerting(std::size_t index) {
  Channel& c = channels_[index];
  if (c.call == nullptr || c.ours) return;
  respond(index);
  pri_acknowledge(controller_.ctrl(), c.call, numbers_[index], 0);
  controller_.reschedule();
}

void PriFarEnd::far_progress(std::size_t index, std::uint8_t q850_cause) {
  Channel& c = channels_[index];
  if (c.call == nullptr || c.ours) return;
  respond(index);
  // info = 1: progress indicator 8, "in-band information or appropriate pattern now available".
  pri_progress_with_cause(controller_.ctrl(), c.call, numbers_[index], 1, q850_cause);
  controller_.reschedule();
}

void PriFarEnd::far_connect(std::size_t index) {
  Channel& c = channels_[index];
  // On a call the far end placed, this is the CONNECT ACKNOWLEDGE libpri already sent.
  if (c.call == nullptr || c.ours) return;
  respond(index);
  pri_answer(controller_.ctrl(), c.call, numbers_[index], 0);
  controller_.reschedule();
}

void PriFarEnd::far_disconnect(std::size_t index, std::uint8_t q850_cause) {
  Channel& c = channels_[index];
  if (line_->cut() || c.call == nullptr) {
    // Out of service: nothing crosses the span; the call ends on each side by itself.
    end_locally(index);
    far_.on_release(index, q850_cause);
    return;
  }
  timers_->cancel(c.t302);
  respond(index);  // gotcha 1.9.1: a DISCONNECT before any answer to SETUP is never sent
  pri_hangup(controller_.ctrl(), c.call, q850_cause);
  controller_.reschedule();
  if (releases_at_once(q850_cause)) {
    // RELEASE COMPLETE: the far record is gone and no event will say so; the FarEnd's
    // clearing is over on this side.
    c.call = nullptr;
    c.responded = false;
    c.ours = false;
    far_.on_release(index, q850_cause);
  }
}

void PriFarEnd::far_release_complete(std::size_t index) {
  Channel& c = channels_[index];
  timers_->cancel(c.t302);
  if (c.call == nullptr) return;  // libpri already freed it (HANGUP_ACK)
  // After HANGUP_REQ this sends RELEASE (HANGUP_ACK frees the record later); after HANGUP it
  // frees the record at once. Either way the record is no longer ours to use.
  pri_hangup(controller_.ctrl(), c.call, cause::kNormalClearing);
  c.call = nullptr;
  c.responded = false;
  c.ours = false;
  controller_.reschedule();
}

void PriFarEnd::on_facility(const pri_event_facility& facility) {
  if (facility.subcmds == nullptr) return;
  for (int k = 0; k < facility.subcmds->counter_subcmd; ++k) {
    const pri_subcommand& sub = facility.subcmds->subcmd[k];
    if (sub.cmd == PRI_SUBCMD_TRANSFER_CALL) {
      on_transfer_request(facility.call, sub.u.transfer);
      continue;
    }
    if (sub.cmd != PRI_SUBCMD_REROUTING) continue;
    const int invoke = sub.u.rerouting.invoke_id;
    const int i = find_call(facility.call);
    if (i < 0) {
      pri_rerouting_rsp(controller_.ctrl(), facility.call, invoke, PRI_REROUTING_RSP_NOT_AVAILABLE);
      continue;
    }
    board::Number to;
    bool digits = to.assign(sub.u.rerouting.deflection.to.number.str) && !to.empty();
    for (char ch : to.view())
      digits = digits && ((ch >= '0' && ch <= '9') || ch == '*' || ch == '#');
    if (!digits) {
      pri_rerouting_rsp(controller_.ctrl(), facility.call, invoke,
                        PRI_REROUTING_RSP_INVALID_NUMBER);
      continue;
    }
    // "Clear call on invocation": the answer rides on the DISCONNECT the FarEnd sends next.
    // On an answered call the switch takes it as a single-step transfer (lineBlindTransfer).
    const auto idx = static_cast<std::size_t>(i);
    board::ControlResult taken = far_.deflect(idx, to);
    if (taken == board::ControlResult::kRejected) taken = far_.transfer(idx, to);
    pri_rerouting_rsp(controller_.ctrl(), facility.call, invoke,
                      taken == board::ControlResult::kOk ? PRI_REROUTING_RSP_OK_CLEAR
                                                         : PRI_REROUTING_RSP_NOT_ALLOWED);
    ++deflections_;
  }
  controller_.reschedule();
}

void PriFarEnd::on_transfer_request(q931_call* call, const pri_subcmd_transfer& transfer) {
  const int a = find_call(transfer.call_1);
  const int b = find_call(transfer.call_2);
  // The held call is the one that stays "a" (connected); the other may still ring.
  const bool first_held = transfer.is_call_1_held != 0 || transfer.is_call_2_held == 0;
  const int held = first_held ? a : b;
  const int other = first_held ? b : a;
  const bool ok = held >= 0 && other >= 0 &&
                  far_.join(static_cast<std::size_t>(held), static_cast<std::size_t>(other)) ==
                      board::ControlResult::kOk;
  if (ok) ++transfers_;
  pri_transfer_rsp(controller_.ctrl(), call, transfer.invoke_id, ok ? 1 : 0);
}

void PriFarEnd::far_user_user(std::size_t index, std::string_view uui) {
  // No USER INFORMATION in libpri: it goes with the call's next ALERTING or DISCONNECT.
  Channel& c = channels_[index];
  if (c.call == nullptr) return;
  board::UserUser text;  // NUL-terminated for libpri
  text.assign(uui);
  pri_call_set_useruser(c.call, text.text.data());
}

void PriFarEnd::far_span_status(const board::SpanStatus& status) {
  line_->set_cut(!status.in_service());
  if (observer_ != nullptr) observer_->on_far_status(status);
}

// --- The far controller's events -----------------------------------------------------------

void PriFarEnd::on_timer(std::uint64_t cookie, std::uint64_t /*now_ms*/) {
  const pipeline::perf_role::Scope role(pipeline::perf_role::Role::kFarEnd);
  // T302: no more digits came; the number is complete.
  far_.on_digits(static_cast<std::size_t>(cookie), {}, true);
}

void PriFarEnd::on_pri_event(const pri_event& e) {
  if (mute_ && e.e != PRI_EVENT_DCHAN_UP && e.e != PRI_EVENT_DCHAN_DOWN) {
    ++muted_events_;
    controller_.reschedule();
    return;
  }
  switch (e.e) {
    case PRI_EVENT_RING: {
      q931_call* call = e.ring.call;
      const int i = index_of(event_channel(e.ring.channel));
      if (i < 0) {
        ++unmatched_events_;
        pri_hangup(controller_.ctrl(), call, cause::kChannelUnavailable);
        break;
      }
      const auto idx = static_cast<std::size_t>(i);
      const board::CallSetup setup = from_ring(e.ring);
      last_setup_ = setup;
      switch (far_.on_setup(idx, setup)) {
        case sim::FarEnd::Seize::kSeized: {
          Channel& c = channels_[idx];
          c.call = call;
          c.held = false;
          c.far_hold_sent = c.far_held = c.retrieve_after_ack = false;
          c.ours = false;
          c.responded = false;
          if (!setup.sending_complete) {
            pri_need_more_info(controller_.ctrl(), call, numbers_[idx], 0);
            c.responded = true;
            timers_->arm(c.t302, timers_->now_ms() + kT302Ms);
          }
          break;
        }
        case sim::FarEnd::Seize::kGlare:
          // Only preferred: the switch offers another idle channel in its first answer.
          if (!setup.channel_exclusive && seize_elsewhere(idx, call, setup)) break;
          // Causes 44 and 34 go out as RELEASE COMPLETE at once (gotcha 1.9.1).
          pri_hangup(controller_.ctrl(), call, cause::kChannelUnavailable);
          break;
        case sim::FarEnd::Seize::kRefused:
          pri_hangup(controller_.ctrl(), call, cause::kNoCircuitAvailable);
          break;
      }
      break;
    }
    case PRI_EVENT_INFO_RECEIVED: {
      const int i = find_call(e.ring.call);
      if (i < 0) break;
      const auto idx = static_cast<std::size_t>(i);
      board::Number digits;
      digits.assign(e.ring.callednum);
      const bool complete = e.ring.complete != 0;
      if (!complete) timers_->arm(channels_[idx].t302, timers_->now_ms() + kT302Ms);
      far_.on_digits(idx, digits.view(), complete);
      break;
    }
    case PRI_EVENT_RINGING: {
      const int i = find_call(e.ringing.call);
      if (i < 0) break;
      if (e.ringing.useruserinfo[0] != '\0') {
        far_.on_user_user(static_cast<std::size_t>(i), e.ringing.useruserinfo);
      }
      far_.on_alerting(static_cast<std::size_t>(i));
      break;
    }
    case PRI_EVENT_ANSWER: {
      const int i = find_call(e.answer.call);
      if (i < 0) break;
      if (e.answer.useruserinfo[0] != '\0') {
        far_.on_user_user(static_cast<std::size_t>(i), e.answer.useruserinfo);
      }
      far_.on_connect(static_cast<std::size_t>(i));
      break;
    }
    case PRI_EVENT_HANGUP_REQ:
    case PRI_EVENT_HANGUP:
    case PRI_EVENT_HANGUP_ACK: {
      const int i = find_call(e.hangup.call);
      if (i < 0) break;
      const auto idx = static_cast<std::size_t>(i);
      const auto q850 = static_cast<std::uint8_t>(e.hangup.cause & 0x7F);
      Channel& c = channels_[idx];
      timers_->cancel(c.t302);
      if (e.e == PRI_EVENT_HANGUP_ACK) c.call = nullptr;  // libpri freed it
      if (e.e != PRI_EVENT_HANGUP_ACK && e.hangup.useruserinfo[0] != '\0' &&
          !far_.channel_idle(idx)) {
        far_.on_user_user(idx, e.hangup.useruserinfo);  // with the DISCONNECT / RELEASE
      }
      const bool was_idle = far_.channel_idle(idx);
      far_.on_release(idx, q850);
      if (was_idle && c.call != nullptr && e.e == PRI_EVENT_HANGUP) {
        // The FarEnd had already finished with the channel: free the record here.
        pri_hangup(controller_.ctrl(), c.call, q850);
        c.call = nullptr;
      }
      break;
    }
    case PRI_EVENT_FACILITY:
      on_facility(e.facility);
      break;
    case PRI_EVENT_RESTART: {
      ++restarts_received_;
      for (std::size_t i = 0; i < channels_.size(); ++i) {
        if (event_covers(e.restart.channel, numbers_[i])) restarted(i);
      }
      break;
    }
    case PRI_EVENT_SERVICE_ACK:
      ++service_acks_;
      break;
    case PRI_EVENT_HOLD_ACK:
    case PRI_EVENT_HOLD_REJ: {
      // The answer to the far party's own HOLD (kSimRemoteHold).
      const int i = find_call(e.hold_ack.call);
      if (i < 0) break;
      Channel& c = channels_[static_cast<std::size_t>(i)];
      c.far_held = e.e == PRI_EVENT_HOLD_ACK;
      c.far_hold_sent = c.far_held;
      if (c.far_held && c.retrieve_after_ack &&
          pri_retrieve(controller_.ctrl(), c.call, numbers_[static_cast<std::size_t>(i)]) == 0) {
        c.far_held = c.far_hold_sent = false;
      }
      c.retrieve_after_ack = false;
      break;
    }
    case PRI_EVENT_HOLD: {
      // The network side of call hold: granted; the B-channel stays reserved for the call.
      const int i = find_call(e.hold.call);
      if (i < 0) {
        pri_hold_rej(controller_.ctrl(), e.hold.call, cause::kInvalidCallReference);
        break;
      }
      ++holds_granted_;
      channels_[static_cast<std::size_t>(i)].held = true;
      pri_hold_ack(controller_.ctrl(), e.hold.call);
      break;
    }
    case PRI_EVENT_RETRIEVE: {
      const int i = find_call(e.retrieve.call);
      if (i < 0 || !channels_[static_cast<std::size_t>(i)].held) {
        pri_retrieve_rej(controller_.ctrl(), e.retrieve.call, cause::kInvalidCallReference);
        break;
      }
      ++retrieves_granted_;
      channels_[static_cast<std::size_t>(i)].held = false;
      pri_retrieve_ack(controller_.ctrl(), e.retrieve.call, numbers_[static_cast<std::size_t>(i)]);
      break;
    }
    default:
      break;
  }
  controller_.reschedule();
}

}  // namespace spantsp::pri
