#pragma once
// The sim board's far-end switch for a PRI span: the sim FarEnd (traffic profile, "99CC" test
// numbers, sim_control.h controls; the same decisions as for `ideal` spans) speaking real
// Q.931 through a libpri controller of the opposite node type on the far side of the span's
// D-channel.
//
// Translation: the FarEnd's messages (FarEndLink) become libpri calls on the far controller
// (far_setup -> SETUP, far_proceeding -> CALL PROCEEDING, far_alerting -> ALERTING,
// far_progress -> PROGRESS (indicator 8, with the cause),
// far_connect -> CONNECT, far_disconnect -> DISCONNECT, far_release_complete -> RELEASE or
// the free of a released record); the far controller's events become the FarEnd's inputs
// (RING -> on_setup, INFO_RECEIVED -> on_digits, RINGING -> on_alerting, ANSWER ->
// on_connect, HANGUP_REQ / HANGUP / HANGUP_ACK -> on_release). User-user information both
// ways: our side's (SETUP, ALERTING, DISCONNECT) -> FarEnd::on_user_user; the FarEnd's
// far_user_user -> pri_call_set_useruser, sent with the far call's next ALERTING/DISCONNECT.
// Call deflection: a FACILITY with CallRerouting (PRI_SUBCMD_REROUTING) -> FarEnd::deflect
// (FarEnd::transfer when the call is answered: single-step transfer), answered with
// pri_rerouting_rsp (OK, clear call on invocation) on the DISCONNECT that follows. ECT
// (PRI_SUBCMD_TRANSFER_CALL) -> FarEnd::join, answered with pri_transfer_rsp.
//
// Overlap sending: libpri's INFORMATION carries no "sending complete", so the number is
// complete when no digit has come for kT302Ms (Q.931's T302), as on a real switch.
//
// Maintenance (sim_control.h kSimRestartChannel / kSimRestartSpan / kSimServiceChannel): the
// switch RESTARTs one channel or every channel (ending its own call there at once, as the
// peer will), or sends SERVICE (NI-2, 4ESS, 5ESS only). A RESTART from our side ends its call
// on that channel. It restarts nothing by itself when the D-channel comes up: a core placing
// calls as soon as the span is up would see them crossed by RESTARTs (PriSpan's policy).
//
// Preferred channels: a SETUP for a channel the switch holds is refused (44) when exclusive;
// when only preferred, the switch answers it on another idle channel, as a network may.
//
// Alarms: when the FarEnd takes the span out of service the D-channel is cut and the far
// controller's calls end locally (nothing can cross); the observer hears the new status.
//
// Threads: runs on the span worker; no locks. Memory: per-channel records sized at
// construction; libpri allocates its own call records.

#include <cstdint>
#include <vector>

#include "board_drivers/io/sim/d_channel.h"
#include "board_drivers/io/span_io.h"
#include "board_drivers/signalling/pri/pri_controller.h"
#include "board_drivers/sim/far_end.h"
#include "pipeline/timer_wheel.h"

namespace spantsp::pri {

inline constexpr std::uint64_t kT302Ms = 3'000;

class FarStatusObserver {
 public:
  virtual void on_far_status(const board::SpanStatus& status) = 0;

 protected:
  ~FarStatusObserver() = default;
};

class PriFarEnd final : private sim::FarEndLink,
                        private PriEventHandler,
                        private pipeline::TimerHandler {
 public:
  PriFarEnd(const config::TrafficProfile& profile, std::uint32_t span_index,
            const std::vector<int>& channels, int node_type, int switch_type, bool alaw);
  ~PriFarEnd();
  PriFarEnd(const PriFarEnd&) = delete;
  PriFarEnd& operator=(const PriFarEnd&) = delete;

  // `line` carries the alarm cut; `io` is the far end of the span's sim I/O (its D-channel
  // and its audio, which the sim FarEnd uses).
  void start(io::DChannel& line, io::SpanIo& io, pipeline::TimerWheel& timers,
             FarStatusObserver& observer);
  void stop();

  sim::FarEnd& far() { return far_; }
  const sim::FarEnd& far() const { return far_; }
  std::uint64_t unmatched_events() const { return unmatched_events_; }
  std::uint64_t restarts_received() const { return restarts_received_; }
  std::uint64_t restarts_sent() const { return restarts_sent_; }
  std::uint64_t service_acks() const { return service_acks_; }
  // Preferred-channel SETUPs the switch answered on another channel (its own was taken).
  std::uint64_t moved_setups() const { return moved_setups_; }
  // The network side of call hold: HOLDs and RETRIEVEs from our side it granted.
  std::uint64_t holds_granted() const { return holds_granted_; }
  std::uint64_t retrieves_granted() const { return retrieves_granted_; }
  bool held(std::size_t index) const { return channels_[index].held; }
  // CallRerouting invokes from our side it answered (FarEnd::record has where they went).
  std::uint64_t deflections() const { return deflections_; }
  std::uint64_t transfers() const { return transfers_; }  // ECT requests answered with a join
  // What the last SETUP from our side carried (numbers, exclusive or preferred channel).
  const board::CallSetup& last_setup() const { return last_setup_; }

  // Controls; kRejected while the D-channel is cut (nothing would cross it), kUnsupported for
  // SERVICE on a switch type without it. change_status: Q.931 0 in service, 1 maintenance,
  // 2 out of service.
  board::ControlResult restart_channel(std::size_t index);
  // sim_control.h kSimRemoteHold: HOLD (`hold`) or RETRIEVE for the connected call on `index`.
  board::ControlResult remote_hold(std::size_t index, bool hold);
  board::ControlResult restart_span();
  board::ControlResult service_channel(std::size_t index, int change_status);
  // The far libpri controller (tests); runs on the span worker only.
  PriController& controller() { return controller_; }

  // Tests: a switch whose call control stops answering while its layer 2 stays up. Q.931
  // events of the far controller are swallowed (counted) and nothing is sent in reply, so our
  // side's Q.931 timers (T303, T305, T308) run out. Calls caught meanwhile are left to
  // libpri's own timers.
  void set_mute(bool mute) { mute_ = mute; }
  std::uint64_t muted_events() const { return muted_events_; }

 private:
  struct Channel {
    q931_call* call = nullptr;
    bool responded = false;  // our SETUP answered (PROCEEDING / SETUP ACK)
    bool ours = false;       // the far end placed this call (towards our side)
    bool held = false;       // our side holds the call (HOLD granted, not yet retrieved)
    // kSimRemoteHold: the far party's HOLD sent (held once acknowledged), and a RETRIEVE asked
    // for before the acknowledgement came (sent with it).
    bool far_hold_sent = false;
    bool far_held = false;
    bool retrieve_after_ack = false;
    pipeline::TimerNode t302;
  };

  // FarEndLink
  void far_setup(std::size_t index, const board::CallSetup& setup) override;
  void far_digits(std::size_t index, std::string_view digits, bool complete) override;
  void far_proceeding(std::size_t index) override;
  void far_alerting(std::size_t index) override;
  // PROGRESS with progress indicator 8 (in-band information) and the refusal's cause.
  void far_progress(std::size_t index, std::uint8_t q850_cause) override;
  void far_connect(std::size_t index) override;
  void far_disconnect(std::size_t index, std::uint8_t q850_cause) override;
  void far_release_complete(std::size_t index) override;
  void far_span_status(const board::SpanStatus& status) override;
  void far_user_user(std::size_t index, std::string_view uui) override;
  // CallRerouting from our side (PRI_SUBCMD_REROUTING): FarEnd::deflect, answered with
  // pri_rerouting_rsp.
  void on_facility(const pri_event_facility& facility);
  // ECT from our side (PRI_SUBCMD_TRANSFER_CALL): FarEnd::join, answered with pri_transfer_rsp.
  void on_transfer_request(q931_call* call, const pri_subcmd_transfer& transfer);

  void on_pri_event(const pri_event& e) override;
  // Nothing waits for it: the switch places calls when told to, as a real one does; our
  // side only takes the span into service once its own link is up.
  void on_link_confirmed() override {}
  void on_timer(std::uint64_t cookie, std::uint64_t now_ms) override;

  int find_call(const q931_call* call) const;
  int index_of(int channel) const;
  void respond(std::size_t index);
  void end_locally(std::size_t index);
  // The channel was restarted (by either side): the far end's call there is over.
  void restarted(std::size_t index);
  // A preferred-channel SETUP for a channel the switch holds: seize another idle one and
  // answer on it; false when none is free.
  bool seize_elsewhere(std::size_t taken, q931_call* call, const board::CallSetup& setup);

  std::vector<int> numbers_;
  std::vector<Channel> channels_;
  sim::FarEnd far_;
  PriController controller_;
  bool alaw_;
  io::DChannel* line_ = nullptr;
  pipeline::TimerWheel* timers_ = nullptr;
  FarStatusObserver* observer_ = nullptr;
  std::uint64_t unmatched_events_ = 0;
  std::uint64_t restarts_received_ = 0;
  std::uint64_t restarts_sent_ = 0;
  std::uint64_t service_acks_ = 0;
  std::uint64_t moved_setups_ = 0;
  std::uint64_t holds_granted_ = 0;
  std::uint64_t retrieves_granted_ = 0;
  std::uint64_t deflections_ = 0;  // CallRerouting invokes answered
  std::uint64_t transfers_ = 0;
  board::CallSetup last_setup_;
  bool mute_ = false;
  std::uint64_t muted_events_ = 0;
};

}  // namespace spantsp::pri
