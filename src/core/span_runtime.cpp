#include "core/span_runtime.h"

#include <algorithm>
#include <chrono>
#include <cstring>

#include "core/call_services.h"
#include "core/call_state.h"
#include "core/cause_map.h"
#include "core/channel_hunt.h"
#include "core/engine.h"
#include "core/group_parts.h"
#include "core/line_caps.h"
#include "pipeline/perf_probe.h"

namespace spantsp::core {
namespace {

// Media modes an incoming voice-bearer call may be: we cannot tell voice from fax before
// answering, so it is offered as UNKNOWN plus what the line monitors (tspi-contract §3 step 4);
// on a line with bearer media, detection settles it once connected (CallMedia).
DWORD incoming_media_mode(DWORD line_media_modes, DWORD supported) {
  return LINEMEDIAMODE_UNKNOWN | (line_media_modes & supported);
}

bool ends_bearer(DWORD state) {
  return state == LINECALLSTATE_DISCONNECTED || state == LINECALLSTATE_IDLE;
}

// LINECALLSTATUS.tStateEntryTime is wall-clock UTC.
std::uint64_t utc_now_ms() {
  using namespace std::chrono;
  return static_cast<std::uint64_t>(
      duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count());
}

// Stamps the upcalls a board event produces with the time the worker got the event
// (pipeline/perf_probe.h). A driver may raise an event from inside another (a release
// answered at once): the inner one keeps the outer, first stamp.
class BoardEventStamp {
 public:
  explicit BoardEventStamp(std::uint64_t& slot) : slot_(slot), previous_(slot) {
    if (slot_ == 0) slot_ = pipeline::perf_probe::stamp();
  }
  ~BoardEventStamp() { slot_ = previous_; }
  BoardEventStamp(const BoardEventStamp&) = delete;
  BoardEventStamp& operator=(const BoardEventStamp&) = delete;

 private:
  std::uint64_t& slot_;
  std::uint64_t previous_;
};

}  // namespace

// CallMedia's view of its strand for one call: commands to the call's channel, upcalls about
// the call, its gather timer. Built on the stack for each use (two references).
class SpanRuntime::CallPort final : public MediaPort {
 public:
  CallPort(SpanRuntime& span, Call& call) : span_(span), call_(call) {}

  media::MediaResult command(const media::MediaCommand& command) override {
    return span_.signalling_->media(call_.channel, command);
  }
  void report(DWORD message, DWORD_PTR p1, DWORD_PTR p2, DWORD_PTR p3) override {
    span_.call_event(call_, message, p1, p2, p3);
  }
  void arm_timer(std::uint64_t due_ms) override {
    call_.media_timer.handler = &span_;
    call_.media_timer.cookie =
        static_cast<std::uint64_t>(span_.index_of(call_)) << 32 | call_.worker_generation;
    span_.timers_->arm(call_.media_timer, due_ms);
  }
  void cancel_timer() override { span_.timers_->cancel(call_.media_timer); }
  void media_mode_detected(DWORD mode) override {
    call_.media_mode = mode;
    span_.publish_snapshot(call_);
    span_.call_event(call_, LINE_CALLINFO, LINECALLINFOSTATE_MEDIAMODE, 0, 0);
  }
  void drop_call() override { span_.drop_by_media_control(call_); }
  void inband_dial_ended(bool played) override {
    span_.finish_pending(call_, PendingOp::kDial, played ? 0 : LINEERR_OPERATIONFAILED);
  }
  std::uint64_t now_ms() const override { return span_.timers_->now_ms(); }

 private:
  SpanRuntime& span_;
  Call& call_;
};

SpanRuntime::SpanRuntime(Engine& engine, std::uint32_t span_index, const SpanDescriptor& span,
                         std::unique_ptr<board::SpanSignalling> signalling,
                         std::size_t ring_capacity)
    : engine_(engine),
      span_index_(span_index),
      lines_(span.lines),
      ring_(ring_capacity),
      signalling_(std::move(signalling)) {
  const auto& lines = engine.directory().lines();
  for (std::uint32_t index : lines_) {
    const LineDescriptor& line = lines[index];
    if (line.is_group()) {
      for (int channel : line.group_channels) {
        if (static_cast<std::size_t>(channel) < channels_.size()) {
          channels_[static_cast<std::size_t>(channel)].line = index;
        }
      }
      // Round robin starts at the first channel.
      engine.line(index).hunt_cursor = static_cast<std::uint32_t>(line.group_channels.size() - 1);
    } else if (line.dev_specific.dwChannel < channels_.size()) {
      channels_[line.dev_specific.dwChannel].line = index;
    }
    if (line.cross_span) {
      // Before the workers start: every channel free and in service, every part too.
      Line& part = engine.line(index);
      part.counted_free = static_cast<int>(line.span_channels());
      part.free_claims.store(part.counted_free, std::memory_order_relaxed);
      if (!line.parts.empty()) {
        part.parts_in_service.store(static_cast<std::uint32_t>(line.parts.size()),
                                    std::memory_order_relaxed);
        // Round robin gives the first span the first turn.
        part.last_part.store(static_cast<std::uint32_t>(line.parts.size() - 1),
                             std::memory_order_relaxed);
      }
    }
  }
}

SpanRuntime::~SpanRuntime() = default;

bool SpanRuntime::post(const Command& command) {
  if (!ring_.try_push(command)) return false;
  worker_->notify();
  return true;
}

void SpanRuntime::attach(pipeline::TimerWheel& timers) {
  timers_ = &timers;
  now_ms_ = timers.now_ms();
  signalling_->start(*this, timers);
}

void SpanRuntime::detach() {
  signalling_->stop();
}

std::size_t SpanRuntime::run(std::uint64_t now_ms, std::size_t budget) {
  now_ms_ = now_ms;
  produced_ = 0;
  std::size_t done = 0;
  Command command;
  while (done < budget && ring_.try_pop(command)) {
    handle(command);
    ++done;
  }
  done += signalling_->poll(now_ms);
  publish_span_snapshot();
  return done + produced_;
}

// --- commands -------------------------------------------------------------------------------

void SpanRuntime::handle(const Command& c) {
  switch (c.op) {
    case Command::Op::kOpenLine:
      open_line(c);
      break;
    case Command::Op::kCloseLine:
      close_line(c);
      break;
    case Command::Op::kSetMediaDetection: {
      Line& line = engine_.line(c.line_index);
      line.media_modes = c.arg1;
      publish_snapshot(line);
      break;
    }
    case Command::Op::kSetStatusMessages: {
      Line& line = engine_.line(c.line_index);
      line.line_states = c.arg1;
      line.address_states = c.arg2;
      publish_snapshot(line);
      break;
    }
    case Command::Op::kMakeCall:
      make_call(c);
      count_handled(c);
      break;
    case Command::Op::kDial:
      dial(c);
      count_handled(c);
      break;
    case Command::Op::kAccept:
      accept(c);
      count_handled(c);
      break;
    case Command::Op::kAnswer:
      answer(c);
      count_handled(c);
      break;
    case Command::Op::kDrop:
      drop(c);
      count_handled(c);
      break;
    case Command::Op::kCloseCall:
      close_call(c);
      break;
    case Command::Op::kForgetCall:
      forget_call(c);
      break;
    case Command::Op::kAppSpecificChanged:
      if (Call* call = call_of(c);
          call != nullptr && call->valid && call->state != LINECALLSTATE_IDLE) {
        call_event(*call, LINE_CALLINFO, LINECALLINFOSTATE_APPSPECIFIC, 0, 0);
      }
      count_handled(c);
      break;
    case Command::Op::kNewCallRefused:
      new_call_refused(c);
      break;
    case Command::Op::kDevSpecific:
      dev_specific(c);
      break;
    case Command::Op::kMedia:
      media_request(c);
      count_handled(c);
      break;
    case Command::Op::kHold:
      hold(c);
      count_handled(c);
      break;
    case Command::Op::kUnhold:
      unhold(c);
      count_handled(c);
      break;
    case Command::Op::kSwapHold:
      swap_hold(c);
      count_handled(c);
      break;
    case Command::Op::kSendUserUser:
      send_user_user(c);
      count_handled(c);
      break;
    case Command::Op::kReleaseUserUser:
      release_user_user(c);
      count_handled(c);
      break;
    case Command::Op::kRedirect:
      redirect(c);
      count_handled(c);
      break;
    case Command::Op::kBlindTransfer:
      blind_transfer(c);
      count_handled(c);
      break;
    case Command::Op::kSetupTransfer:
      setup_transfer(c);
      count_handled(c);  // the consultation call's, as kMakeCall's
      break;
    case Command::Op::kCompleteTransfer:
      complete_transfer(c);
      count_handled(c);
      break;
  }
}

void SpanRuntime::open_line(const Command& c) {
  Line& line = engine_.line(c.line_index);
  line.worker_open = true;
  line.media_modes = 0;
  line.line_states = 0;
  line.address_states = 0;
  publish_snapshot(line);
}

void SpanRuntime::close_line(const Command& c) {
  Line& line = engine_.line(c.line_index);
  // tspi-contract §2: every outstanding request completed before lineClose returns; we
  // advertise LINEDEVCAPFLAGS_CLOSEDROP, so the line's calls are dropped on the trunk.
  while (line.calls_head != kNoIndex) {
    Call& call = engine_.call(line.calls_head);
    detach_call(call, LINEERR_OPERATIONFAILED, board::cause::kNormalClearing);
    publish_upcall(
        pipeline::Upcall{.kind = pipeline::Upcall::Kind::kFreeCall,
                         .call_index = static_cast<std::uint32_t>(&call - &engine_.call(0)),
                         .call_generation = call.generation.load(std::memory_order_acquire)});
  }
  line.worker_open = false;
  line.media_modes = 0;
  line.line_states = 0;
  line.address_states = 0;
  publish_snapshot(line);
  publish_upcall(pipeline::Upcall{.kind = pipeline::Upcall::Kind::kFence, .fence = c.fence});
}

void SpanRuntime::make_call(const Command& c) {
  Call* call = call_of(c);
  if (call == nullptr) {
    if (c.claimed) engine_.give_back_claim(c.line_index);
    complete(c.request, LINEERR_OPERATIONFAILED);  // closed before it started (contract §2)
    return;
  }
  Line& line = engine_.line(call->line_index);
  // Link first: whatever happens, TAPI will lineCloseCall it (or lineClose frees it).
  link_to_line(*call, c.call_index);

  LONG error = 0;
  if (!line.worker_open) {
    error = LINEERR_INVALLINEHANDLE;
  } else if (!status_.in_service()) {
    error = LINEERR_INVALLINESTATE;  // contract §4 step 2: the line is unusable
  } else if (!signalling_->admit_call()) {
    error = LINEERR_RESOURCEUNAVAIL;  // the span's signalling link is congested: retry later
  } else if (call->channel = pick_channel(line, call->line_index, *call); call->channel == 0) {
    error = LINEERR_CALLUNAVAIL;  // incoming calls took the channel(s) first
  } else if (!signalling_->place_call(call->channel, call->setup)) {
    error = LINEERR_CALLUNAVAIL;  // glare on the trunk
  }
  if (error != 0) {
    if (c.claimed) engine_.give_back_claim(call->line_index);
    ++counters_.outgoing_failed;
    complete(c.request, error);
    return;
  }
  ++counters_.outgoing_placed;
  call->trunk_busy = true;
  call->valid = true;
  channels_[static_cast<std::size_t>(call->channel)].call = c.call_index;
  // The claim already took this channel off the part's free count (publish_part below).
  if (c.claimed) --line.counted_free;
  // Completion as soon as the channel is seized, before any LINE_CALLSTATE (contract §2).
  complete(c.request, 0);
  const bool nothing_dialled = call->setup.called.empty();
  set_state(*call, nothing_dialled ? LINECALLSTATE_DIALTONE : LINECALLSTATE_DIALING,
            nothing_dialled ? LINEDIALTONEMODE_UNAVAIL : 0);
  publish_snapshot(line);
}

void SpanRuntime::link_to_line(Call& call, std::uint32_t index) {
  Line& line = engine_.line(call.line_index);
  call.prev_on_line = kNoIndex;
  call.next_on_line = line.calls_head;
  if (line.calls_head != kNoIndex) engine_.call(line.calls_head).prev_on_line = index;
  line.calls_head = index;
}

void SpanRuntime::dial(const Command& c) {
  Call* call = call_of(c);
  if (call == nullptr) return complete(c.request, LINEERR_INVALCALLHANDLE);
  if (!call->valid || !call_op_allowed(call->state, CallOp::kDial, traits_of(*call))) {
    return complete(c.request, LINEERR_INVALCALLSTATE);
  }
  if (call->state == LINECALLSTATE_CONNECTED) {
    // In-band DTMF on the bearer (DESIGN.md §5): done when played, no LINE_GENERATE. The
    // called number stays what the network was given.
    add_pending(*call, c.request, PendingOp::kDial);
    CallPort port(*this, *call);
    if (const LONG error = call->media.dial_inband(port, c.digits.view()); error != 0) {
      finish_pending(*call, PendingOp::kDial, error);
    }
    return;
  }
  // Overlap sending: only while the number is open (the table checked), so LINECALLINFO never
  // shows digits a board threw away.
  if (!call->setup.called.append(c.digits.view())) {
    return complete(c.request, LINEERR_INVALADDRESS);
  }
  if (!c.partial) call->setup.sending_complete = true;
  complete(c.request, 0);  // the digits are on their way: lineDial is done
  if (call->state == LINECALLSTATE_DIALTONE) set_state(*call, LINECALLSTATE_DIALING, 0);
  publish_snapshot(*call);
  call_event(*call, LINE_CALLINFO, LINECALLINFOSTATE_CALLEDID, 0, 0);
  signalling_->send_digits(call->channel, c.digits.view(), !c.partial);
}

void SpanRuntime::accept(const Command& c) {
  Call* call = call_of(c);
  if (call == nullptr) return complete(c.request, LINEERR_INVALCALLHANDLE);
  if (!call_op_allowed(call->state, CallOp::kAccept, traits_of(*call))) {
    return complete(c.request, LINEERR_INVALCALLSTATE);
  }
  if (!attach_user_user(*call, c)) return complete(c.request, LINEERR_OPERATIONFAILED);
  signalling_->accept(call->channel);
  complete(c.request, 0);
  set_state(*call, LINECALLSTATE_ACCEPTED, 0);
}

void SpanRuntime::answer(const Command& c) {
  Call* call = call_of(c);
  if (call == nullptr) return complete(c.request, LINEERR_INVALCALLHANDLE);
  if (!call_op_allowed(call->state, CallOp::kAnswer, traits_of(*call))) {
    return complete(c.request, LINEERR_INVALCALLSTATE);
  }
  if (!attach_user_user(*call, c)) return complete(c.request, LINEERR_OPERATIONFAILED);
  // Succeeds when the call is connected (tspi-contract §2 "meaning of success").
  add_pending(*call, c.request, PendingOp::kAnswer);
  signalling_->answer(call->channel);
}

void SpanRuntime::drop(const Command& c) {
  Call* call = call_of(c);
  if (call == nullptr) return complete(c.request, LINEERR_INVALCALLHANDLE);
  if (!call->valid || !call_op_allowed(call->state, CallOp::kDrop, traits_of(*call))) {
    return complete(c.request, LINEERR_INVALCALLSTATE);
  }
  if (call->trunk_busy) {
    // Best effort: a call the far end has already released has no message left to carry it,
    // and the drop goes on regardless.
    if (!call->releasing) attach_user_user(*call, c);
    // Done once the channel is released: IDLE first, then the completion (contract §2).
    add_pending(*call, c.request, PendingOp::kDrop);
    const std::uint8_t cause =
        call->state == LINECALLSTATE_OFFERING || call->state == LINECALLSTATE_ACCEPTED
            ? q850_from_disconnect_mode(LINEDISCONNECTMODE_REJECT)
            : q850_from_disconnect_mode(LINEDISCONNECTMODE_NORMAL);
    release_trunk(*call, cause);
    return;
  }
  reach_idle(*call);
  complete(c.request, 0);
}

void SpanRuntime::close_call(const Command& c) {
  if (Call* call = call_of(c)) {
    detach_call(*call, LINEERR_OPERATIONFAILED, board::cause::kNormalClearing);
  }
  // The TSPI thread frees the slot once this fence has passed the dispatcher.
  publish_upcall(pipeline::Upcall{.kind = pipeline::Upcall::Kind::kFence, .fence = c.fence});
}

void SpanRuntime::forget_call(const Command& c) {
  // Engine::close_call invalidated the handle (the command carries the new generation). A
  // lineClose that came first has unlinked and freed the call already: then only the close's
  // accounting is left.
  Call* call = call_of(c);
  if (call != nullptr) detach_call(*call, LINEERR_OPERATIONFAILED, board::cause::kNormalClearing);
  publish_upcall(pipeline::Upcall{
      .kind = pipeline::Upcall::Kind::kFreeCall,
      .p1 = 1,
      .call_index = call != nullptr ? c.call_index : pipeline::CallRegistry::kNoCall,
      .call_generation = c.call_generation});
}

void SpanRuntime::count_handled(const Command& c) {
  Call* call = call_of(c);
  if (call == nullptr) return;  // closed meanwhile: no closer waits for this count
  ++call->handled;
  // Behind the command's own upcalls: a closer that sees this count sees them made.
  if (call->settled_local) publish_settled(*call);
}

void SpanRuntime::publish_settled(const Call& call) {
  publish_upcall(
      pipeline::Upcall{.kind = pipeline::Upcall::Kind::kSettled,
                       .p1 = call.handled,
                       .call_index = static_cast<std::uint32_t>(&call - &engine_.call(0)),
                       .call_generation = call.worker_generation});
}

void SpanRuntime::new_call_refused(const Command& c) {
  Call* call = call_of(c);
  if (call == nullptr) return;
  ++counters_.incoming_refused;
  // tspi-contract §3 step 3: no further message for it; drop it on the trunk.
  call->valid = false;
  detach_call(*call, LINEERR_OPERATIONFAILED, board::cause::kTemporaryFailure);
  publish_upcall(pipeline::Upcall{.kind = pipeline::Upcall::Kind::kFreeCall,
                                  .call_index = c.call_index,
                                  .call_generation = c.call_generation});
}

void SpanRuntime::dev_specific(const Command& c) {
  // A group line has no one channel: its requests go to the span (channel 0).
  const int channel =
      static_cast<int>(engine_.directory().lines()[c.line_index].dev_specific.dwChannel);
  // The board may answer in place (a query); TAPI's buffer gets the answer only on success.
  auto blob = c.blob;
  switch (signalling_->device_specific(channel, blob.data(), c.blob_size)) {
    case board::ControlResult::kOk:
      if (c.reply != nullptr && c.blob_size != 0) std::memcpy(c.reply, blob.data(), c.blob_size);
      return complete(c.request, 0);
    case board::ControlResult::kUnsupported:
      return complete(c.request, LINEERR_OPERATIONUNAVAIL);
    case board::ControlResult::kInvalid:
      return complete(c.request, LINEERR_INVALPARAM);
    case board::ControlResult::kRejected:
      return complete(c.request, LINEERR_OPERATIONFAILED);
  }
}

// --- media --------------------------------------------------------------------------------

namespace {

CallOp op_of(const MediaRequest& r) {
  switch (r.kind) {
    case MediaRequest::Kind::kMonitorDigits:
      return CallOp::kMonitorDigits;
    case MediaRequest::Kind::kGatherDigits:
      return CallOp::kGatherDigits;
    case MediaRequest::Kind::kGenerate:
    case MediaRequest::Kind::kCancelGenerate:
      return r.command.op == media::MediaCommand::Op::kGenerateTone ? CallOp::kGenerateTone
                                                                    : CallOp::kGenerateDigits;
    case MediaRequest::Kind::kMonitorTones:
      return CallOp::kMonitorTones;
    case MediaRequest::Kind::kMonitorMedia:
      return CallOp::kMonitorMedia;
    case MediaRequest::Kind::kSetMediaControl:
    case MediaRequest::Kind::kSetMediaMode:
      break;
  }
  return CallOp::kSetMediaControl;
}

// Requests that only stop something: accepted in any live state (nothing runs outside
// CONNECTED, so they change nothing there).
bool only_stops(const MediaRequest& r) {
  switch (r.kind) {
    case MediaRequest::Kind::kMonitorDigits:
    case MediaRequest::Kind::kMonitorMedia:
      return r.modes == 0;
    case MediaRequest::Kind::kGatherDigits:
      return r.buffer == nullptr;
    case MediaRequest::Kind::kCancelGenerate:
      return true;
    case MediaRequest::Kind::kMonitorTones:
      return r.tone_count == 0;
    case MediaRequest::Kind::kSetMediaControl:
      return r.control.digit_count == 0 && r.control.media_count == 0 &&
             r.control.tone_count == 0 && r.control.call_state_count == 0;
    case MediaRequest::Kind::kGenerate:
    case MediaRequest::Kind::kSetMediaMode:
      break;
  }
  return false;
}

}  // namespace

void SpanRuntime::media_request(const Command& c) {
  MediaRequest& request = *c.media;
  Call* call = call_of(c);
  LONG result = 0;
  if (call == nullptr) {
    result = LINEERR_INVALCALLHANDLE;
  } else if (!call->valid || call->state == LINECALLSTATE_IDLE) {
    result = LINEERR_INVALCALLSTATE;  // the function pages: any state except IDLE
  } else if (request.kind == MediaRequest::Kind::kSetMediaMode) {
    result = set_media_mode(*call, request.modes);
  } else if (!only_stops(request) &&
             !call_op_allowed(call->state, op_of(request), traits_of(*call))) {
    result = LINEERR_INVALCALLSTATE;  // no audio in this state (core/call_state.h)
  } else {
    CallPort port(*this, *call);
    result = call->media.handle(port, request);
  }
  request.result = result;
  request.done.release();  // the TSPI thread owns `request` again from here
}

LONG SpanRuntime::set_media_mode(Call& call, DWORD modes) {
  if (modes == call.media_mode) return 0;
  call.media_mode = modes;
  publish_snapshot(call);
  call_event(call, LINE_CALLINFO, LINECALLINFOSTATE_MEDIAMODE, 0, 0);
  // Still UNKNOWN: detection keeps looking for the candidates; settled: it stops.
  if (call.state == LINECALLSTATE_CONNECTED && call.bearer_media) {
    CallPort port(*this, call);
    call.media.settle_by_detection(
        port, (modes & LINEMEDIAMODE_UNKNOWN) != 0 ? modes & ~LINEMEDIAMODE_UNKNOWN : 0);
  }
  return 0;
}

void SpanRuntime::drop_by_media_control(Call& call) {
  if (!call.valid || ends_bearer(call.state) || call.releasing) return;
  fail_pending(call, LINEERR_OPERATIONFAILED);  // an answer or dial can no longer succeed
  set_state(call, LINECALLSTATE_DISCONNECTED, LINEDISCONNECTMODE_NORMAL);
  release_trunk(call, board::cause::kNormalClearing);  // on_released brings IDLE
}

void SpanRuntime::on_timer(std::uint64_t cookie, std::uint64_t now_ms) {
  const auto index = static_cast<std::uint32_t>(cookie >> 32);
  Call& call = engine_.call(index);
  if (call.worker_generation != static_cast<std::uint32_t>(cookie) || !call.valid) return;
  CallPort port(*this, call);
  call.media.on_timer(port, now_ms);
}

void SpanRuntime::on_media(int channel, const media::MediaEvent& event) {
  const BoardEventStamp stamp(event_stamp_);
  Call* call = call_on_channel(channel);
  // Media runs only while CONNECTED; a late event of a call that ended is dropped here.
  if (call == nullptr || !call->valid || call->state != LINECALLSTATE_CONNECTED) return;
  if (event_stamp_ != 0) media_at_ns_ = event.at_ms * 1'000'000 + event.at_us * 1'000ull;
  CallPort port(*this, *call);
  call->media.on_event(port, event);
  media_at_ns_ = 0;
}

std::uint32_t SpanRuntime::index_of(const Call& call) {
  return static_cast<std::uint32_t>(&call - &engine_.call(0));
}

CallTraits SpanRuntime::traits_of(const Call& call) const {
  return CallTraits{.bearer_media = call.bearer_media,
                    .number_open = call.outgoing && !call.setup.sending_complete};
}

// --- board events -------------------------------------------------------------------------

void SpanRuntime::on_incoming(int channel, const board::CallSetup& setup) {
  const BoardEventStamp stamp(event_stamp_);
  Line* line = line_on_channel(channel);
  std::uint8_t refuse = 0;
  if (line == nullptr) {
    refuse = board::cause::kChannelUnavailable;  // a channel we do not expose as a line
  } else if (!line->worker_open) {
    refuse = board::cause::kNoCircuitAvailable;  // nobody owns the line: let the switch hunt
  } else if ((line->media_modes &
              supported_media_modes(engine_.directory().lines()[static_cast<std::uint32_t>(
                  line - &engine_.line(0))])) == 0) {
    refuse = board::cause::kIncompatibleDestination;  // contract §3 step 1: no app wants it
  } else if (!channel_free(channel)) {
    refuse = board::cause::kChannelUnavailable;
  }
  std::optional<std::uint32_t> index;
  if (refuse == 0) {
    index = engine_.allocate_call();
    if (!index) refuse = board::cause::kResourceUnavailable;  // pool exhausted
  }
  if (refuse != 0) {
    ++counters_.incoming_refused;
    signalling_->release(channel, refuse);
    return;
  }

  const std::uint32_t line_index = static_cast<std::uint32_t>(line - &engine_.line(0));
  Call& call = engine_.call(*index);
  call.line_index = line_index;
  call.channel = channel;
  call.state = kCallStateNone;
  call.state_mode = 0;
  const LineDescriptor& descriptor = engine_.directory().lines()[line_index];
  call.media_mode = incoming_media_mode(line->media_modes, supported_media_modes(descriptor));
  call.bearer_media = line_has_bearer_media(descriptor);
  call.media.reset();
  call.outgoing = false;
  call.valid = true;
  call.trunk_busy = true;
  call.releasing = false;
  call.swap_to = kNoIndex;
  call.transfer_consult = call.transfer_peer = kNoIndex;
  call.call_id = engine_.next_call_id();
  call.related_call_id = 0;
  call.setup = setup;
  call.pending = {};
  call.uui_head = 0;
  call.uui_count = 0;
  call.redirection = board::Number{};
  call.app_specific.store(0, std::memory_order_relaxed);
  call.worker_generation = call.generation.load(std::memory_order_acquire);
  call.handled = 0;
  call.settled_local = false;
  call.posted.store(0, std::memory_order_relaxed);  // TAPI learns the handle after this
  call.prev_on_line = kNoIndex;
  call.next_on_line = line->calls_head;
  if (line->calls_head != kNoIndex) engine_.call(line->calls_head).prev_on_line = *index;
  line->calls_head = *index;
  channels_[static_cast<std::size_t>(channel)].call = *index;
  ++counters_.incoming_offered;

  publish_snapshot(call);  // the dispatcher may need the line before OFFERING is published
  if (setup.uui.empty() || !receive_user_user(call, setup.uui.view())) publish_user_user(call);
  // tspi-contract §3: LINE_NEWCALL first, then OFFERING with the media mode, then CALLINFO.
  const std::uint32_t generation = call.generation.load(std::memory_order_relaxed);
  publish_upcall(
      pipeline::Upcall{.kind = pipeline::Upcall::Kind::kNewCall,
                       .p1 = reinterpret_cast<DWORD_PTR>(engine_.call_handle(*index, generation)),
                       .ht_line = line->ht_line,
                       .event_proc = line->event_proc,
                       .call_index = *index,
                       .call_generation = generation});
  set_state(call, LINECALLSTATE_OFFERING, LINEOFFERINGMODE_ACTIVE);
  DWORD info = LINECALLINFOSTATE_CALLERID | LINECALLINFOSTATE_CALLEDID;
  if (!setup.redirecting.empty()) info |= LINECALLINFOSTATE_REDIRECTINGID;
  if (call.uui_count > 0) info |= LINECALLINFOSTATE_USERUSERINFO;
  call_event(call, LINE_CALLINFO, info, 0, 0);
  publish_snapshot(*line);
}

void SpanRuntime::on_more_digits(int channel, std::string_view digits, bool) {
  const BoardEventStamp stamp(event_stamp_);
  Call* call = call_on_channel(channel);
  if (call == nullptr || call->outgoing || !call->valid) return;
  call->setup.called.append(digits);
  publish_snapshot(*call);
  call_event(*call, LINE_CALLINFO, LINECALLINFOSTATE_CALLEDID, 0, 0);
}

void SpanRuntime::on_proceeding(int channel) {
  const BoardEventStamp stamp(event_stamp_);
  Call* call = call_on_channel(channel);
  if (call == nullptr || !call->outgoing) return;
  if (call->state == LINECALLSTATE_DIALING || call->state == LINECALLSTATE_DIALTONE) {
    set_state(*call, LINECALLSTATE_PROCEEDING, 0);
  }
}

void SpanRuntime::on_alerting(int channel) {
  const BoardEventStamp stamp(event_stamp_);
  Call* call = call_on_channel(channel);
  if (call == nullptr || !call->outgoing) return;
  if (call->state == LINECALLSTATE_DIALING || call->state == LINECALLSTATE_PROCEEDING) {
    set_state(*call, LINECALLSTATE_RINGBACK, 0);
  }
}

void SpanRuntime::on_progress(int channel, bool) {
  const BoardEventStamp stamp(event_stamp_);
  Call* call = call_on_channel(channel);
  if (call == nullptr || !call->outgoing) return;
  if (call->state == LINECALLSTATE_DIALING) set_state(*call, LINECALLSTATE_PROCEEDING, 0);
}

void SpanRuntime::on_connected(int channel) {
  const BoardEventStamp stamp(event_stamp_);
  Call* call = call_on_channel(channel);
  if (call == nullptr || call->state == LINECALLSTATE_CONNECTED ||
      !call_transition_allowed(call->state, LINECALLSTATE_CONNECTED)) {
    return;
  }
  ++counters_.connected;
  finish_pending(*call, PendingOp::kAnswer, 0);
  set_state(*call, LINECALLSTATE_CONNECTED, LINECONNECTEDMODE_ACTIVE);
}

void SpanRuntime::on_disconnected(int channel, std::uint8_t q850_cause) {
  const BoardEventStamp stamp(event_stamp_);
  Call* call = call_on_channel(channel);
  if (call == nullptr) {
    // The far end cleared a call TAPI already closed (or one we refused): finish clearing.
    if (ChannelSlot* s = slot(channel); s != nullptr && s->orphan_releasing) return;
    signalling_->release(channel, board::cause::kNormalClearing);
    return;
  }
  if (call->state == LINECALLSTATE_DISCONNECTED || call->state == LINECALLSTATE_IDLE) return;
  if (redirected(*call, q850_cause) || transferred(*call, q850_cause)) return;
  const DWORD version = engine_.line(call->line_index).version;
  fail_pending(*call, LINEERR_OPERATIONFAILED);  // an answer or dial can no longer succeed
  abandon_swap(*call);
  if (call->outgoing && q850_cause == board::cause::kUserBusy &&
      call->state != LINECALLSTATE_CONNECTED) {
    set_state(*call, LINECALLSTATE_BUSY, busy_mode_from_q850(q850_cause));
  }
  set_state(*call, LINECALLSTATE_DISCONNECTED, disconnect_mode_from_q850(q850_cause, version));
  // The channel stays ours until the application drops (lineDrop -> release -> IDLE).
}

void SpanRuntime::on_released(int channel) {
  const BoardEventStamp stamp(event_stamp_);
  Line* line = line_on_channel(channel);
  if (line == nullptr) return;
  ChannelSlot& s = channels_[static_cast<std::size_t>(channel)];
  if (s.orphan_releasing) {
    s.orphan_releasing = false;
    s.released_seq = engine_.next_release_seq();
    ++counters_.released;
    publish_snapshot(*line);
    return;
  }
  Call* call = call_on_channel(channel);
  if (call == nullptr) return;
  ++counters_.released;
  call->trunk_busy = false;
  call->releasing = false;
  s.call = kNoIndex;
  s.released_seq = engine_.next_release_seq();
  // The line is free before anyone hears IDLE: an application that re-dials on IDLE must
  // find it free (the getters read this snapshot).
  publish_snapshot(*line);
  reach_idle(*call);
}

void SpanRuntime::on_span_status(const board::SpanStatus& status) {
  const BoardEventStamp stamp(event_stamp_);
  const bool was_in_service = status_.in_service();
  status_ = status;
  if (was_in_service == status.in_service()) return;
  const DWORD change = status.in_service() ? LINEDEVSTATE_INSERVICE : LINEDEVSTATE_OUTOFSERVICE;
  for (std::uint32_t index : lines_) {
    Line& line = engine_.line(index);
    publish_snapshot(line);
    // tspi-contract §6: send what the application selected with lineSetStatusMessages. A line
    // whose channel the switch took out of service stays out whatever the span does; a
    // cross-span group's only when the whole line changed (its last or first part).
    const bool changed = engine_.directory().lines()[index].cross_span
                             ? line.service_edge
                             : line_in_service(line, index);
    if (line.worker_open && changed && (line.line_states & change) != 0) {
      line_event(line, LINE_LINEDEVSTATE, change, 0, 0);
    }
  }
}

void SpanRuntime::on_channel_service(int channel, bool in_service) {
  Line* line = line_on_channel(channel);
  if (line == nullptr || slot(channel)->in_service == in_service) return;
  const std::uint32_t line_index = static_cast<std::uint32_t>(line - &engine_.line(0));
  const bool line_was_in_service = line_in_service(*line, line_index);
  slot(channel)->in_service = in_service;
  if (in_service) {
    --line->channels_out_of_service;
  } else {
    ++line->channels_out_of_service;
  }
  // The snapshot makes lineMakeCall on the line fail with LINEERR_INVALLINESTATE at once.
  publish_snapshot(*line);
  // A group line stays in service while one of its channels is (a cross-span group's while
  // one of its spans' parts is).
  if (engine_.directory().lines()[line_index].cross_span) {
    if (!line->service_edge) return;
  } else {
    if (line_was_in_service == line_in_service(*line, line_index)) return;
    if (!status_.in_service()) return;  // the line was and stays out of service with its span
  }
  const DWORD change = in_service ? LINEDEVSTATE_INSERVICE : LINEDEVSTATE_OUTOFSERVICE;
  if (line->worker_open && (line->line_states & change) != 0) {
    line_event(*line, LINE_LINEDEVSTATE, change, 0, 0);
  }
}

// --- helpers ------------------------------------------------------------------------------

Call* SpanRuntime::call_of(const Command& c) {
  Call& call = engine_.call(c.call_index);
  if (call.generation.load(std::memory_order_acquire) != c.call_generation) return nullptr;
  if (call.line_index == kNoIndex) return nullptr;
  return &call;
}

SpanRuntime::ChannelSlot* SpanRuntime::slot(int channel) {
  if (channel < 0 || static_cast<std::size_t>(channel) >= channels_.size()) return nullptr;
  ChannelSlot& s = channels_[static_cast<std::size_t>(channel)];
  return s.line == kNoIndex ? nullptr : &s;
}

Line* SpanRuntime::line_on_channel(int channel) {
  const ChannelSlot* s = slot(channel);
  return s == nullptr ? nullptr : &engine_.line(s->line);
}

Call* SpanRuntime::call_on_channel(int channel) {
  const ChannelSlot* s = slot(channel);
  return s == nullptr || s->call == kNoIndex ? nullptr : &engine_.call(s->call);
}

bool SpanRuntime::channel_free(int channel) {
  const ChannelSlot* s = slot(channel);
  return s != nullptr && s->call == kNoIndex && !s->orphan_releasing;
}

int SpanRuntime::pick_channel(Line& line, std::uint32_t line_index, const Call& call) {
  const LineDescriptor& descriptor = engine_.directory().lines()[line_index];
  if (!descriptor.is_group()) return channel_free(call.channel) ? call.channel : 0;
  return hunt_channel(descriptor.group_channels, descriptor.hunt, line.hunt_cursor,
                      [this](int channel) -> std::optional<std::uint64_t> {
                        const ChannelSlot& s = channels_[static_cast<std::size_t>(channel)];
                        if (!s.in_service || !channel_free(channel)) return std::nullopt;
                        return s.released_seq;
                      });
}

bool SpanRuntime::line_in_service(const Line& line, std::uint32_t line_index) const {
  return line.channels_out_of_service < engine_.directory().lines()[line_index].span_channels();
}

void SpanRuntime::set_state(Call& call, DWORD state, DWORD mode) {
  if (!call_transition_allowed(call.state, state)) return;  // contract §4.1 guard
  CallPort port(*this, call);
  // The bearer goes: a pending gather or generation ends with CANCEL before the call's
  // DISCONNECTED or IDLE, and nothing is reported for it afterwards (tspi-contract §6).
  if (ends_bearer(state)) call.media.stop(port, call.valid);
  call.state = state;
  call.state_mode = mode;
  publish_snapshot(call);
  // The line's snapshot carries its call's state (the UI monitor reads it, tspi-contract §7):
  // keep it current while this call holds the channel.
  if (call.trunk_busy && channels_[static_cast<std::size_t>(call.channel)].call ==
                             static_cast<std::uint32_t>(&call - &engine_.call(0))) {
    publish_snapshot(engine_.line(call.line_index));
  }
  if (call.valid) call_event(call, LINE_CALLSTATE, state, mode, call.media_mode);
  if (!call.valid || ends_bearer(state)) return;
  if (state == LINECALLSTATE_CONNECTED && call.bearer_media &&
      (call.media_mode & LINEMEDIAMODE_UNKNOWN) != 0) {
    call.media.settle_by_detection(port, call.media_mode & ~LINEMEDIAMODE_UNKNOWN);
  }
  call.media.on_call_state(port, state);  // media control's call-state triggers
}

void SpanRuntime::reach_idle(Call& call) {
  abandon_swap(call);
  if (call.state != LINECALLSTATE_IDLE) set_state(call, LINECALLSTATE_IDLE, 0);
  // Monitoring ends at IDLE; whatever was pending except the drop itself has failed.
  for (auto& p : call.pending) {
    if (p.op != PendingOp::kNone && p.op != PendingOp::kDrop) {
      complete(p.request, LINEERR_OPERATIONFAILED);
      p = PendingRequest{};
    }
  }
  finish_pending(call, PendingOp::kDrop, 0);
  // IDLE is final: from here on only commands produce upcalls for this call.
  call.settled_local = true;
  publish_settled(call);
}

void SpanRuntime::release_trunk(Call& call, std::uint8_t cause) {
  if (!call.trunk_busy || call.releasing) return;
  call.releasing = true;
  signalling_->release(call.channel, cause);
}

// Takes a call out of the span: pending requests fail, the channel is cleared without telling
// anyone, and the worker forgets the slot (the caller frees it behind a fence).
void SpanRuntime::detach_call(Call& call, LONG pending_result, std::uint8_t cause) {
  {
    // lineCloseCall / lineClose: media ends now, its last messages before the close returns.
    CallPort port(*this, call);
    call.media.stop(port, call.valid && call.state != LINECALLSTATE_IDLE);
  }
  fail_pending(call, pending_result);
  abandon_swap(call);
  const std::uint32_t index = static_cast<std::uint32_t>(&call - &engine_.call(0));
  Line& line = engine_.line(call.line_index);
  ChannelSlot* s = slot(call.channel);
  if (call.trunk_busy && s != nullptr) {
    s->orphan_releasing = true;
    if (!call.releasing) signalling_->release(call.channel, cause);
  }
  if (s != nullptr && s->call == index) s->call = kNoIndex;
  unlink_from_line(call);
  call.valid = false;
  call.trunk_busy = false;
  call.releasing = false;
  call.line_index = kNoIndex;
  publish_snapshot(line);
}

void SpanRuntime::unlink_from_line(Call& call) {
  const std::uint32_t index = static_cast<std::uint32_t>(&call - &engine_.call(0));
  Line& line = engine_.line(call.line_index);
  if (call.prev_on_line != kNoIndex) {
    engine_.call(call.prev_on_line).next_on_line = call.next_on_line;
  } else if (line.calls_head == index) {
    line.calls_head = call.next_on_line;
  }
  if (call.next_on_line != kNoIndex)
    engine_.call(call.next_on_line).prev_on_line = call.prev_on_line;
  call.prev_on_line = call.next_on_line = kNoIndex;
}

void SpanRuntime::add_pending(Call& call, DRV_REQUESTID request, PendingOp op) {
  for (auto& p : call.pending) {
    if (p.op == PendingOp::kNone) {
      p = PendingRequest{request, op};
      return;
    }
  }
  complete(request, LINEERR_RESOURCEUNAVAIL);  // bounded per call; never silently lost
}

void SpanRuntime::finish_pending(Call& call, PendingOp op, LONG result) {
  for (auto& p : call.pending) {
    if (p.op == op) {
      complete(p.request, result);
      p = PendingRequest{};
    }
  }
}

void SpanRuntime::fail_pending(Call& call, LONG result) {
  for (auto& p : call.pending) {
    if (p.op != PendingOp::kNone) {
      complete(p.request, result);
      p = PendingRequest{};
    }
  }
}

void SpanRuntime::complete(DRV_REQUESTID request, LONG result) {
  publish_upcall(pipeline::Upcall{
      .kind = pipeline::Upcall::Kind::kCompletion, .request = request, .result = result});
}

void SpanRuntime::call_event(const Call& call, DWORD msg, DWORD_PTR p1, DWORD_PTR p2,
                             DWORD_PTR p3) {
  const Line& line = engine_.line(call.line_index);
  publish_upcall(
      pipeline::Upcall{.kind = pipeline::Upcall::Kind::kCallEvent,
                       .msg = msg,
                       .p1 = p1,
                       .p2 = p2,
                       .p3 = p3,
                       .ht_line = line.ht_line,
                       .event_proc = line.event_proc,
                       .call_index = static_cast<std::uint32_t>(&call - &engine_.call(0)),
                       .call_generation = call.generation.load(std::memory_order_relaxed)});
}

void SpanRuntime::line_event(const Line& line, DWORD msg, DWORD_PTR p1, DWORD_PTR p2,
                             DWORD_PTR p3) {
  publish_upcall(pipeline::Upcall{.kind = pipeline::Upcall::Kind::kLineEvent,
                                  .msg = msg,
                                  .p1 = p1,
                                  .p2 = p2,
                                  .p3 = p3,
                                  .ht_line = line.ht_line,
                                  .event_proc = line.event_proc});
}

void SpanRuntime::publish_upcall(pipeline::Upcall upcall) {
  upcall.stamp_ns = event_stamp_;
  if (event_stamp_ != 0) {
    const pipeline::perf_probe::MediaStages& frame = pipeline::perf_probe::current_frame();
    upcall.wire_ns = media_at_ns_;
    upcall.frame_due_ns = frame.frame_due_ns;
    upcall.tick_ns = frame.tick_ns;
  }
  worker_->dispatcher().publish(worker_->producer(), upcall);
  ++produced_;
}

void SpanRuntime::publish_snapshot(Call& call) {
  CallSnapshot s;
  s.generation = call.generation.load(std::memory_order_relaxed);
  s.line_index = call.line_index;
  s.state = call.state;
  s.state_mode = call.state_mode;
  s.origin = call.outgoing ? LINECALLORIGIN_OUTBOUND : LINECALLORIGIN_EXTERNAL;
  s.reason = call.outgoing ? LINECALLREASON_DIRECT : LINECALLREASON_UNKNOWN;
  if (!call.outgoing && !call.setup.redirecting.empty()) s.reason = LINECALLREASON_REDIRECT;
  s.media_mode = call.media_mode;
  s.features = call.valid ? call_features(call.state, traits_of(call)) : 0;
  s.bearer_mode = LINEBEARERMODE_VOICE;
  s.rate = kMaxRate;
  s.call_id = call.call_id;
  s.related_call_id = call.related_call_id;
  s.channel = call.channel;
  if (call.line_index != kNoIndex) {
    const LineDescriptor& line = engine_.directory().lines()[call.line_index];
    s.service_features = service_call_features(call.state, line.services, line.max_calls);
  }
  if (call.valid) s.features |= s.service_features;
  const bool restricted = call.setup.calling_presentation != board::Presentation::kAllowed;
  s.caller_id_flags =
      restricted ? LINECALLPARTYID_BLOCKED
      : call.setup.calling.empty()
          ? LINECALLPARTYID_UNKNOWN
          : LINECALLPARTYID_ADDRESS | (call.setup.calling_name.empty() ? 0 : LINECALLPARTYID_NAME);
  s.called_id_flags = call.setup.called.empty() ? LINECALLPARTYID_UNKNOWN : LINECALLPARTYID_ADDRESS;
  s.redirecting_id_flags =
      call.setup.redirecting.empty() ? LINECALLPARTYID_UNKNOWN : LINECALLPARTYID_ADDRESS;
  s.number_complete = call.outgoing && call.setup.sending_complete;
  s.state_entered_ms = utc_now_ms();
  if (!restricted) {
    s.caller = call.setup.calling;
    s.caller_name = call.setup.calling_name;
  }
  s.called = call.setup.called;
  s.redirecting = call.setup.redirecting;
  s.redirection = call.redirection;
  s.r2_category = call.setup.r2_category;
  call.snapshot.store(s);
}

void SpanRuntime::publish_span_snapshot() {
  const board::SpanStatus& a = published_.status;
  if (published_.counters == counters_ && a.red == status_.red && a.yellow == status_.yellow &&
      a.blue == status_.blue && a.signalling_up == status_.signalling_up) {
    return;  // nothing changed: no store, no cache-line traffic for the readers
  }
  published_.status = status_;
  published_.counters = counters_;
  snapshot_.store(published_);
}

void SpanRuntime::publish_snapshot(Line& line) {
  LineSnapshot s;
  s.open = line.worker_open;
  s.span_in_service = status_.in_service();
  const std::uint32_t line_index = static_cast<std::uint32_t>(&line - &engine_.line(0));
  const LineDescriptor& descriptor = engine_.directory().lines()[line_index];
  // This span's channels; Engine::line_snapshot adds a cross-span group's parts up.
  s.max_calls = descriptor.span_channels();
  s.in_service = s.span_in_service && line.channels_out_of_service < s.max_calls;
  // The line's calls TAPI has not closed, newest first: one or two on a per-channel line.
  for (std::uint32_t i = line.calls_head; i != kNoIndex; i = engine_.call(i).next_on_line) {
    const Call& call = engine_.call(i);
    if (!call.trunk_busy) continue;
    if (s.call_state == 0) s.call_state = call.state;
    if (!call.valid || call.state == LINECALLSTATE_IDLE) continue;
    if (call.state == LINECALLSTATE_ONHOLD) {
      ++s.on_hold_calls;
    } else if (call.state == LINECALLSTATE_ONHOLDPENDTRANSFER) {
      ++s.on_hold_pend_calls;
    } else {
      ++s.active_calls;
    }
  }
  s.media_modes = line.media_modes;
  s.line_states = line.line_states;
  s.address_states = line.address_states;
  line.snapshot.store(s);
  if (descriptor.cross_span) publish_part(line, descriptor, s.in_service);
}

void SpanRuntime::publish_part(Line& part, const LineDescriptor& descriptor, bool in_service) {
  // What the TSPI threads' claims see (core/group_parts.h): the free in-service channels,
  // none while the span is out of service.
  int free = 0;
  std::uint64_t oldest = kNoFreeChannel;
  if (status_.in_service()) {
    for (int channel : descriptor.group_channels) {
      const ChannelSlot& s = channels_[static_cast<std::size_t>(channel)];
      if (!s.in_service || !channel_free(channel)) continue;
      ++free;
      oldest = std::min(oldest, s.released_seq);
    }
  }
  if (free != part.counted_free) {
    part.free_claims.fetch_add(free - part.counted_free, std::memory_order_acq_rel);
    part.counted_free = free;
  }
  part.oldest_free.store(oldest, std::memory_order_relaxed);
  part.service_edge = false;
  if (in_service == part.counted_in_service) return;
  part.counted_in_service = in_service;
  std::atomic<std::uint32_t>& parts_in_service =
      engine_.line(descriptor.group_line).parts_in_service;
  const std::uint32_t before = in_service
                                   ? parts_in_service.fetch_add(1, std::memory_order_acq_rel)
                                   : parts_in_service.fetch_sub(1, std::memory_order_acq_rel);
  part.service_edge = in_service ? before == 0 : before == 1;
}

}  // namespace spantsp::core
