#pragma once
// One libpri controller (a D-channel's Q.921/Q.931 stack, CPE or NET) driven on a span
// worker: frames come from an io::HdlcPort, libpri's timers run on the worker's TimerWheel, and
// every event goes to one PriEventHandler.
//
// Threads (t1e1-notes §1.8): runs on the span worker only; libpri has no locks, so nothing
// else may touch the controller. Creation is serialised by a process-wide mutex (libpri's
// scheduler keeps process-wide counters); the log hooks are process-wide and set once, to a
// quiet sink (counted; printed only with SPANTSP_PRI_DEBUG=1). No lock on the call path.
//
// Re-entry: libpri's write callback only queues the frame on the port; frames are read on a
// later timer turn (on_frames_ready). Events are handed to the handler after libpri has
// returned, so the handler may call libpri (pri_hangup on HANGUP...) and then reschedule().
// The handler must copy what it needs from the event before calling libpri again (the event
// lives inside the controller, §1.2).
//
// Lifetime: libpri 1.6 has no pri_destroy(). stop() retires the controller: its callbacks are
// pointed at nothing (writes are swallowed, reads see no frame), it is never driven again, and
// it stays on a process-wide list (reachable, ≈ 18 kB each) until the process exits. A later
// start() creates a fresh one.
//
// Timers: libpri's deadlines are absolute gettimeofday() times; they are converted to the
// wheel's milliseconds at the moment they are armed. With a manually advanced wheel libpri's
// own timers only fire once real time has also passed, unless the test binary links the
// virtual-clock core (spantsp_pri_core_vclock: gettimeofday is the wheel's clock, see
// tests/board_drivers/signalling/pri/virtual_clock.h).
//
// Link confirmation: Q.921 has no handshake that ends both ends' link set-up. When the UA to
// our SABME brings the link up while a SABME of the peer's was lost (sent into a cut line),
// the peer still awaits establishment: it discards the I-frames we send, and when its T200
// runs out its SABME re-establishes the link, after which libpri has dropped our
// unacknowledged frames too. A SETUP sent in that window is lost (seen on the sim span: the
// switch then answers our STATUS with RELEASE COMPLETE). So the link counts as confirmed only
// once the peer has shown it is in step: a SABME or any I- or S-frame of its own since the link
// was last lost (at start-up the two SABMEs cross), or one T200 plus kConfirmMarginMs after
// the link came up with nothing heard (the peer answered our SABME from a settled state).
//
// Backlog (admission control, issue 17): the I-frames in libpri's Q.921 queue, sent and not yet
// acknowledged plus those waiting behind the window (k = 7). The controller follows the window
// from the frames it carries: V(S) from the N(S) of each new I-frame written, V(A) from the N(R)
// of every I- and S-frame read, both reset by SABME / UA. While the window is open libpri holds
// nothing back (it sends at once on an established link), so the backlog is V(S) - V(A),
// exactly. Behind a full window only libpri knows, and it tells only in pri_dump_info_str, a
// text of some 40 lines (about 30,000 instructions): so it is asked at most once per
// kBacklogRefreshMs, and only while the count we hold is below what the caller needs to know
// (`enough`). Between two answers, every new I-frame sent while frames were waiting takes one
// off the waiting count; frames libpri queued since are not seen, so the count is a lower
// bound, exact when read, and a bound compared with it is passed by at most what the span
// queued within one refresh period.
//
// Memory: libpri allocates per call (its call records, SETUP request); this class does not.

#include "board_drivers/signalling/pri/libpri_include.h"

#include <cstddef>
#include <cstdint>

#include "board_drivers/io/hdlc_port.h"
#include "config/config_model.h"
#include "pipeline/perf_role.h"
#include "pipeline/timer_wheel.h"

namespace spantsp::pri {

class PriEventHandler {
 public:
  // `e` is valid until the handler's next libpri call on this controller.
  virtual void on_pri_event(const pri_event& e) = 0;
  // The link is confirmed (see above): I-frames sent from now on reach the peer's layer 3.
  // Comes after the DCHAN_UP event, at once when the peer was already seen in step.
  virtual void on_link_confirmed() = 0;

 protected:
  ~PriEventHandler() = default;
};

// PRI_SWITCH_* for a configured switch type (EuroISDN: the E1 or T1 variant by span type).
int pri_switch_type(config::SwitchType type, config::SpanType span);

// Whether SERVICE / SERVICE ACKNOWLEDGE (B-channel maintenance) exist on this switch type:
// the AT&T and National ISDN maintenance protocols only (t1e1-notes §1.3); controllers of
// these types enable them at start().
bool pri_supports_service(int switch_type);
// Q.931 HOLD / RETRIEVE: libpri 1.6 sends and answers them on EuroISDN and Q.SIG only
// (pri_hold_enable; board::call_services advertises the same).
bool pri_supports_hold(int switch_type);
// CallRerouting (ETSI EN 300 207-1 / Q.SIG ECMA-174): libpri 1.6 encodes it for EuroISDN and
// Q.SIG only (pri_reroute_call refuses other types); enabled at start() (pri_reroute_enable).
bool pri_supports_deflection(int switch_type);
// ETSI explicit call transfer (EN 300 369-1): libpri 1.6 sends it through pri_channel_bridge
// and answers it on the network side (pri_transfer_enable) for EuroISDN only
// (board::kServiceTransfer says why not the other types).
bool pri_supports_ect(int switch_type);

// Messages libpri logged process-wide (errors and notices), for tests and stats.
std::uint64_t pri_log_errors();

class PriController final : private pipeline::TimerHandler, private io::FrameReceiver {
 public:
  // node_type: PRI_CPE or PRI_NETWORK; switch_type: PRI_SWITCH_*.
  PriController(int node_type, int switch_type);
  ~PriController();
  PriController(const PriController&) = delete;
  PriController& operator=(const PriController&) = delete;

  // Creates the libpri controller on `port` (it sends SABME at once).
  void start(io::HdlcPort& port, pipeline::TimerWheel& timers, PriEventHandler& handler);
  void stop();
  bool running() const { return ctrl_ != nullptr; }

  struct pri* ctrl() const {
    return ctrl_;
  }
  // Re-arms the wheel timer at libpri's next deadline; call after every command.
  void reschedule();
  // I-frames in libpri's Q.921 queue (see "Backlog" above), a lower bound behind a full window;
  // libpri is asked again when the bound is below `enough` and its last answer older than
  // kBacklogRefreshMs. 0 while stopped.
  std::uint32_t backlog(std::uint32_t enough = ~std::uint32_t{0});
  static constexpr std::uint64_t kBacklogRefreshMs = 50;
  int node_type() const { return node_type_; }
  int switch_type() const { return switch_type_; }
  bool hold_enabled() const { return pri_supports_hold(switch_type_); }
  // The link is up and the peer in step with it (see "Link confirmation" above).
  bool link_confirmed() const { return link_confirmed_; }

  // Time a link that came up with nothing heard from the peer waits beyond one T200: the
  // peer's retransmitted SABME crossing the line and the worker's timer granularity.
  static constexpr std::uint64_t kConfirmMarginMs = 100;

  // Whose CPU time libpri's work here is (pipeline/perf_role.h): the sim's far end sets kFarEnd.
  void set_perf_role(pipeline::perf_role::Role role) { perf_role_ = role; }

 private:
  enum TimerCookie : std::uint64_t { kLibpriTimer = 0, kConfirmTimer = 1 };

  // Hands one libpri event to the handler, tracking the link's state around it.
  void deliver(const pri_event& e);
  void confirm_link();
  void on_frames_ready() override;
  void on_timer(std::uint64_t cookie, std::uint64_t now_ms) override;
  // Follows V(S) / V(A) from a frame we send (`sent`) or read (see "Backlog").
  void follow_window(const std::uint8_t* frame, std::size_t size, bool sent);
  static int read_cb(struct pri* ctrl, void* buffer, int size);
  static int write_cb(struct pri* ctrl, void* buffer, int size);

  int node_type_;
  int switch_type_;
  struct pri* ctrl_ = nullptr;
  io::HdlcPort* port_ = nullptr;
  pipeline::TimerWheel* timers_ = nullptr;
  PriEventHandler* handler_ = nullptr;
  pipeline::TimerNode timer_;
  pipeline::TimerNode confirm_timer_;
  bool link_up_ = false;
  bool link_confirmed_ = false;
  pipeline::perf_role::Role perf_role_ = pipeline::perf_role::Role::kProvider;
  bool peer_in_step_ = false;  // a SABME, I- or S-frame from the peer since the link was lost
  // Q.921 window as seen on the wire (see "Backlog"): next new N(S), last N(R) heard, k.
  std::uint8_t v_s_ = 0;
  std::uint8_t v_a_ = 0;
  std::uint8_t window_ = 7;
  std::uint32_t waiting_ = 0;  // frames behind the window, as of libpri's last answer (lower bound)
  std::uint64_t waiting_read_ms_ = 0;
  bool waiting_read_ = false;  // libpri was asked since the link was (re-)established
};

}  // namespace spantsp::pri
