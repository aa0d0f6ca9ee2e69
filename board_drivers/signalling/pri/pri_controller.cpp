#include "board_drivers/signalling/pri/pri_controller.h"

#include <sys/time.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <vector>

namespace spantsp::pri {
namespace {

std::atomic<std::uint64_t> g_log_errors{0};
bool g_log_verbose = false;

// libpri's default hooks print to stdout/stderr, which tapihost and the tests own.
void log_error(struct pri* /*ctrl*/, char* text) {
  g_log_errors.fetch_add(1, std::memory_order_relaxed);
  if (g_log_verbose) std::fprintf(stderr, "libpri error: %s", text);
}

void log_message(struct pri* /*ctrl*/, char* text) {
  if (g_log_verbose) std::fprintf(stderr, "libpri: %s", text);
}

// Process-wide libpri state: creation order and the retired controllers (§1.8; no
// pri_destroy in 1.6).
struct Registry {
  std::mutex mutex;
  std::vector<struct pri*> retired;
};

// Never destroyed: retired controllers must stay reachable after static destructors run
// (they are not leaks, and LeakSanitizer must see them as reachable at exit).
Registry& registry() {
  static Registry* r = new Registry;
  return *r;
}

void set_log_hooks_once() {
  static std::once_flag once;
  std::call_once(once, [] {
    const char* debug = std::getenv("SPANTSP_PRI_DEBUG");
    g_log_verbose = debug != nullptr && debug[0] == '1';
    pri_set_error(log_error);
    pri_set_message(log_message);
  });
}

}  // namespace

int pri_switch_type(config::SwitchType type, config::SpanType span) {
  switch (type) {
    case config::SwitchType::kNi2:
      return PRI_SWITCH_NI2;
    case config::SwitchType::kDms100:
      return PRI_SWITCH_DMS100;
    case config::SwitchType::kLucent5e:
      return PRI_SWITCH_LUCENT5E;
    case config::SwitchType::kAtt4ess:
      return PRI_SWITCH_ATT4ESS;
    case config::SwitchType::kEuroIsdn:
      return span == config::SpanType::kE1 ? PRI_SWITCH_EUROISDN_E1 : PRI_SWITCH_EUROISDN_T1;
    case config::SwitchType::kNi1:
      return PRI_SWITCH_NI1;
    case config::SwitchType::kQsig:
      return PRI_SWITCH_QSIG;
  }
  return PRI_SWITCH_NI2;
}

bool pri_supports_service(int switch_type) {
  return switch_type == PRI_SWITCH_NI2 || switch_type == PRI_SWITCH_ATT4ESS ||
         switch_type == PRI_SWITCH_LUCENT5E;
}

bool pri_supports_hold(int switch_type) {
  return switch_type == PRI_SWITCH_EUROISDN_E1 || switch_type == PRI_SWITCH_EUROISDN_T1 ||
         switch_type == PRI_SWITCH_QSIG;
}

bool pri_supports_deflection(int switch_type) {
  return pri_supports_hold(switch_type);  // the same three: ETSI and Q.SIG supplementary services
}

bool pri_supports_ect(int switch_type) {
  return switch_type == PRI_SWITCH_EUROISDN_E1 || switch_type == PRI_SWITCH_EUROISDN_T1;
}

std::uint64_t pri_log_errors() {
  return g_log_errors.load(std::memory_order_relaxed);
}

PriController::PriController(int node_type, int switch_type)
    : node_type_(node_type), switch_type_(switch_type) {
  timer_.handler = this;
  timer_.cookie = kLibpriTimer;
  confirm_timer_.handler = this;
  confirm_timer_.cookie = kConfirmTimer;
}

PriController::~PriController() {
  stop();
}

void PriController::start(io::HdlcPort& port, pipeline::TimerWheel& timers,
                          PriEventHandler& handler) {
  if (ctrl_ != nullptr) return;
  set_log_hooks_once();
  port_ = &port;
  timers_ = &timers;
  handler_ = &handler;
  link_up_ = false;
  link_confirmed_ = false;
  peer_in_step_ = false;
  port.set_receiver(this);
  {
    // pri_new_cb() already writes (SABME): port and userdata are ready before the call.
    std::lock_guard<std::mutex> lock(registry().mutex);
    ctrl_ = pri_new_cb(-1, node_type_, switch_type_, read_cb, write_cb, this);
  }
  if (ctrl_ == nullptr) return;
  // Overlap dialling both ways (digits in INFORMATION messages, §1.3).
  pri_set_overlapdial(ctrl_, 1);
  // Without this libpri acknowledges SERVICE itself and reports nothing (gotcha 1.9.3).
  if (pri_supports_service(switch_type_)) pri_set_service_message_support(ctrl_, 1);
  // Q.SIG carries the calling name in a ROSE facility (ECMA-164 callingName), which libpri
  // only encodes and decodes with facility support enabled.
  if (switch_type_ == PRI_SWITCH_QSIG) pri_facility_enable(ctrl_);
  if (pri_supports_hold(switch_type_)) pri_hold_enable(ctrl_, 1);
  // CallRerouting / CallDeflection both ways (the network answers it only when enabled).
  if (pri_supports_deflection(switch_type_)) pri_reroute_enable(ctrl_, 1);
  // ECT: the network hands out link ids (EctLinkIdRequest) and reports the transfer request.
  if (pri_supports_ect(switch_type_)) pri_transfer_enable(ctrl_, 1);
  const int k = pri_get_timer(ctrl_, PRI_TIMER_K);
  window_ = static_cast<std::uint8_t>(k > 0 && k < 128 ? k : 7);
  v_s_ = 0;
  v_a_ = 0;
  waiting_ = 0;
  waiting_read_ = false;
  reschedule();
}

void PriController::stop() {
  if (timers_ != nullptr) {
    timers_->cancel(timer_);
    timers_->cancel(confirm_timer_);
  }
  link_up_ = false;
  link_confirmed_ = false;
  if (port_ != nullptr) port_->set_receiver(nullptr);
  if (ctrl_ != nullptr) {
    pri_set_userdata(ctrl_, nullptr);  // its callbacks now lead nowhere
    std::lock_guard<std::mutex> lock(registry().mutex);
    registry().retired.push_back(ctrl_);
  }
  ctrl_ = nullptr;
  port_ = nullptr;
  timers_ = nullptr;
  handler_ = nullptr;
}

std::uint32_t PriController::backlog(std::uint32_t enough) {
  if (ctrl_ == nullptr) return 0;
  const std::uint32_t outstanding = static_cast<std::uint8_t>(v_s_ - v_a_) & 0x7F;
  if (outstanding < window_) {
    waiting_ = 0;  // an open window: libpri holds nothing back
    return outstanding;
  }
  const std::uint64_t now = timers_->now_ms();
  if (outstanding + waiting_ < enough &&
      (!waiting_read_ || now - waiting_read_ms_ >= kBacklogRefreshMs)) {
    // Behind the full window only libpri's own text knows.
    if (char* info = pri_dump_info_str(ctrl_)) {
      static constexpr char kKey[] = "Q921 Outstanding: ";
      if (const char* at = std::strstr(info, kKey)) {
        const auto queued =
            static_cast<std::uint32_t>(std::strtoul(at + sizeof kKey - 1, nullptr, 10));
        waiting_ = queued > outstanding ? queued - outstanding : 0;
      }
      std::free(info);
    }
    waiting_read_ = true;
    waiting_read_ms_ = now;
  }
  return outstanding + waiting_;
}

void PriController::reschedule() {
  if (ctrl_ == nullptr) return;
  const struct timeval* next = pri_schedule_next(ctrl_);
  if (next == nullptr) {
    timers_->cancel(timer_);
    return;
  }
  struct timeval now;
  gettimeofday(&now, nullptr);
  const std::int64_t delta_us = (static_cast<std::int64_t>(next->tv_sec) - now.tv_sec) * 1'000'000 +
                                (static_cast<std::int64_t>(next->tv_usec) - now.tv_usec);
  const std::uint64_t delta_ms =
      delta_us <= 0 ? 0 : static_cast<std::uint64_t>((delta_us + 999) / 1000);
  const std::uint64_t due = timers_->now_ms() + delta_ms;
  if (!timer_.armed() || timer_.due_ms != due) timers_->arm(timer_, due);
}

void PriController::deliver(const pri_event& e) {
  const int type = e.e;  // `e` is libpri's: read before the handler calls libpri again
  const bool came_up = type == PRI_EVENT_DCHAN_UP && !link_up_;
  if (type == PRI_EVENT_DCHAN_DOWN) {
    link_up_ = false;
    link_confirmed_ = false;
    peer_in_step_ = false;
    timers_->cancel(confirm_timer_);
  } else if (type == PRI_EVENT_DCHAN_UP) {
    link_up_ = true;
  }
  handler_->on_pri_event(e);
  if (!came_up || ctrl_ == nullptr) return;
  if (peer_in_step_) {
    confirm_link();
    return;
  }
  const int t200 = pri_get_timer(ctrl_, PRI_TIMER_T200);
  const std::uint64_t wait_ms =
      (t200 > 0 ? static_cast<std::uint64_t>(t200) : 1'000) + kConfirmMarginMs;
  timers_->arm(confirm_timer_, timers_->now_ms() + wait_ms);
}

void PriController::confirm_link() {
  timers_->cancel(confirm_timer_);
  link_confirmed_ = true;
  handler_->on_link_confirmed();
}

void PriController::on_frames_ready() {
  const pipeline::perf_role::Scope role(perf_role_);
  // One frame per pri_check_event (§1.2); the handler may stop us from inside an event.
  while (ctrl_ != nullptr && port_->frame_ready()) {
    const pri_event* e = pri_check_event(ctrl_);
    if (e != nullptr) deliver(*e);
    // A peer re-establishing the link has just been answered (UA): it is in step now.
    if (ctrl_ != nullptr && link_up_ && !link_confirmed_ && peer_in_step_) confirm_link();
  }
  reschedule();
}

void PriController::on_timer(std::uint64_t cookie, std::uint64_t /*now_ms*/) {
  const pipeline::perf_role::Scope role(perf_role_);
  if (cookie == kConfirmTimer) {
    if (link_up_ && !link_confirmed_) confirm_link();
    reschedule();
    return;
  }
  // pri_schedule_run returns at the first timer that produced an event: loop until none.
  while (ctrl_ != nullptr) {
    const pri_event* e = pri_schedule_run(ctrl_);
    if (e == nullptr) break;
    deliver(*e);
  }
  reschedule();
}

void PriController::follow_window(const std::uint8_t* frame, std::size_t size, bool sent) {
  if (size < 3) return;
  const std::uint8_t control = frame[2];
  if ((control & 0x03) == 0x03) {
    // SABME (011P1111) or UA (011F0011) either way (re-)establishes: both counts start at 0.
    const std::uint8_t u = control & 0xEF;
    if (u == 0x6F || u == 0x63) {
      v_s_ = v_a_ = 0;
      waiting_ = 0;
      waiting_read_ = false;
    }
    return;
  }
  if (size < 4) return;
  const auto nr = static_cast<std::uint8_t>(frame[3] >> 1);
  if (sent) {
    // A new I-frame carries N(S) = V(S); a retransmission an older one.
    const auto ns = static_cast<std::uint8_t>(control >> 1);
    if ((control & 0x01) == 0 && ns == v_s_) {
      v_s_ = static_cast<std::uint8_t>((ns + 1) & 0x7F);
      // libpri sends in order: while frames wait, a new one is the queue's head.
      if (waiting_ > 0) --waiting_;
    }
  } else {
    v_a_ = nr;  // the peer's I- and S-frames acknowledge ours up to N(R) - 1
  }
}

int PriController::read_cb(struct pri* ctrl, void* buffer, int size) {
  auto* self = static_cast<PriController*>(pri_get_userdata(ctrl));
  if (self == nullptr || self->port_ == nullptr || size <= 0) return 0;
  auto* frame = static_cast<std::uint8_t*>(buffer);
  const std::size_t got = self->port_->receive_frame(frame, static_cast<std::size_t>(size));
  // Q.921 control field (octet 3): I-frames end in 0, S-frames in 01, U-frames in 11; SABME is
  // 011P1111. Only a peer awaiting establishment sends nothing but U-frames.
  if (got >= 3) {
    const std::uint8_t control = frame[2];
    const bool u_frame = (control & 0x03) == 0x03;
    if (!u_frame || (control & 0xEF) == 0x6F) self->peer_in_step_ = true;
    self->follow_window(frame, got, false);
  }
  return static_cast<int>(got);
}

int PriController::write_cb(struct pri* ctrl, void* buffer, int size) {
  // Must return `size` (anything else is a "short write" to libpri); a lost frame is the
  // line's business, recovered by Q.921 as on a real span.
  auto* self = static_cast<PriController*>(pri_get_userdata(ctrl));
  if (self != nullptr && self->port_ != nullptr && size > 0) {
    const auto* frame = static_cast<const std::uint8_t*>(buffer);
    self->follow_window(frame, static_cast<std::size_t>(size), true);
    self->port_->send_frame(frame, static_cast<std::size_t>(size));
  }
  return size;
}

}  // namespace spantsp::pri
