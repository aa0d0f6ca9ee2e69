#pragma once
// One span's strand (DESIGN.md §3): the call state machine of the span's lines and calls,
// driven by commands from TSPI threads and by events from the board.
//
// Threads:
// - post() may be called from any thread (TSPI callers, the dispatcher).
// - Everything else runs on the span's worker thread only: it is the single writer of the
//   span's lines and calls ("worker" fields of Line and Call) and their snapshots.
// Ordering rules it upholds (tspi-contract §2-§4): completion of lineMakeCall before the
// call's first LINE_CALLSTATE; LINE_NEWCALL first for an incoming call; nothing after IDLE;
// every pending request completed exactly once, and before lineClose / lineCloseCall return
// (their fences are queued behind the completions).
//
// Media (DESIGN.md §5): the strand owns each call's CallMedia (core/call_media.h) and its
// gather timer; the TSPI media functions reach it as kMedia commands whose sender waits for
// the answer, DSP results arrive as on_media from the signalling's media tick on this same
// worker, and media stops before the call's DISCONNECTED or IDLE is reported. The DSP state
// itself belongs to the signalling module (board_driver.h); the strand only sends commands.

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "board_drivers/board_driver.h"
#include "core/call.h"
#include "core/call_state.h"
#include "core/command.h"
#include "core/line_directory.h"
#include "pipeline/command_ring.h"
#include "pipeline/seqlock.h"
#include "pipeline/span_task.h"
#include "pipeline/span_worker.h"

namespace spantsp::core {

class Engine;
struct Line;

struct SpanCounters {
  std::uint64_t incoming_offered = 0;  // announced with LINE_NEWCALL
  std::uint64_t incoming_refused = 0;  // rejected on the trunk (line closed, no media, pool)
  std::uint64_t outgoing_placed = 0;
  std::uint64_t outgoing_failed = 0;  // MakeCall completed with an error
  std::uint64_t connected = 0;
  std::uint64_t released = 0;
  std::uint64_t user_user_dropped = 0;  // received UUI beyond a call's kUserUserQueue
  bool operator==(const SpanCounters&) const = default;
};

// What the UI monitor reads of a span (tspi-contract §7): published by the worker, read by any
// thread through a seqlock, so the monitor never slows the worker down.
struct SpanSnapshot {
  board::SpanStatus status;
  SpanCounters counters;
};

class SpanRuntime final : public pipeline::SpanTask,
                          public board::SpanEvents,
                          private pipeline::TimerHandler {
 public:
  SpanRuntime(Engine& engine, std::uint32_t span_index, const SpanDescriptor& span,
              std::unique_ptr<board::SpanSignalling> signalling, std::size_t ring_capacity);
  ~SpanRuntime() override;

  void bind(pipeline::SpanWorker& worker) { worker_ = &worker; }
  pipeline::SpanWorker& worker() { return *worker_; }

  // Any thread: queue a command and wake the worker. False when the ring is full.
  bool post(const Command& command);

  // Worker thread (or after the worker stopped).
  const SpanCounters& counters() const { return counters_; }
  bool in_service() const { return status_.in_service(); }
  // Any thread: the last status and counters the worker published.
  SpanSnapshot snapshot() const { return snapshot_.load(); }
  // Any thread: the channel's application audio stream (SpanSignalling::media_stream).
  media::MediaStream* media_stream(int channel) const { return signalling_->media_stream(channel); }

  // pipeline::SpanTask
  void attach(pipeline::TimerWheel& timers) override;
  std::size_t run(std::uint64_t now_ms, std::size_t budget) override;
  bool has_commands() const override { return ring_.maybe_nonempty(); }
  void detach() override;

  // board::SpanEvents
  void on_incoming(int channel, const board::CallSetup& setup) override;
  void on_more_digits(int channel, std::string_view digits, bool complete) override;
  void on_proceeding(int channel) override;
  void on_alerting(int channel) override;
  void on_progress(int channel, bool inband) override;
  void on_connected(int channel) override;
  void on_disconnected(int channel, std::uint8_t q850_cause) override;
  void on_released(int channel) override;
  void on_span_status(const board::SpanStatus& status) override;
  void on_channel_service(int channel, bool in_service) override;
  void on_media(int channel, const media::MediaEvent& event) override;
  void on_hold_result(int channel, bool held, bool ok) override;  // core/span_hold.cpp
  void on_remote_hold(int channel, bool held) override;           // core/span_hold.cpp
  void on_user_user(int channel, std::string_view uui) override;  // core/span_user_user.cpp

 private:
  class CallPort;  // CallMedia's MediaPort for one call (span_runtime.cpp)

  void handle(const Command& command);
  void open_line(const Command& c);
  void close_line(const Command& c);
  void make_call(const Command& c);
  void dial(const Command& c);
  void accept(const Command& c);
  void answer(const Command& c);
  void drop(const Command& c);
  void close_call(const Command& c);
  void forget_call(const Command& c);
  // Counts a command about a call as handled (Call::handled) and re-announces a settled call.
  void count_handled(const Command& c);
  // Takes the call off its line's list of calls TAPI has not closed.
  void unlink_from_line(Call& call);
  void publish_settled(const Call& call);
  void new_call_refused(const Command& c);
  void dev_specific(const Command& c);
  void media_request(const Command& c);
  LONG set_media_mode(Call& call, DWORD modes);
  // Media control's drop action: DISCONNECTED(NORMAL) now, IDLE once the trunk is free.
  void drop_by_media_control(Call& call);
  // pipeline::TimerHandler: a call's gather timeout (cookie: call index and generation).
  void on_timer(std::uint64_t cookie, std::uint64_t now_ms) override;
  CallTraits traits_of(const Call& call) const;
  std::uint32_t index_of(const Call& call);
  // The hold service (core/span_hold.cpp).
  bool has_hold(const Call& call) const;
  void hold(const Command& c);
  void unhold(const Command& c);
  void swap_hold(const Command& c);
  // A call leaving the swap it was part of: the swap's request fails.
  void abandon_swap(Call& call);
  // User-user information (core/span_user_user.cpp). attach_user_user hands a request's
  // information to the board for the message it causes; false when the board refused it.
  bool attach_user_user(Call& call, const Command& c);
  void send_user_user(const Command& c);
  void release_user_user(const Command& c);
  // Queues received information; true when it is shown now (LINE_CALLINFO is the caller's).
  bool receive_user_user(Call& call, std::string_view uui);
  void publish_user_user(Call& call);
  // Call deflection (core/span_redirect.cpp). redirected() is on_disconnected's part: true
  // when the clearing was the network taking the call away, which then ends it here.
  void redirect(const Command& c);
  bool redirected(Call& call, std::uint8_t q850_cause);
  // Transfer (core/span_transfer.cpp). on_transfer_hold is on_hold_result's part for a call
  // lineSetupTransfer is holding (true: handled); transferred() on_disconnected's, as
  // redirected().
  void blind_transfer(const Command& c);
  void setup_transfer(const Command& c);
  bool on_transfer_hold(Call& original, bool ok);
  void complete_transfer(const Command& c);
  bool transferred(Call& call, std::uint8_t q850_cause);
  // Puts a call the strand just received on its line's list of calls TAPI has not closed.
  void link_to_line(Call& call, std::uint32_t index);

  // What the worker keeps per bearer channel: the line it belongs to (its own or a trunk
  // group's) and the call holding it.
  struct ChannelSlot {
    std::uint32_t line = kNoIndex;
    std::uint32_t call = kNoIndex;
    std::uint64_t released_seq = 0;  // when it was last freed, for least-recently-used hunting
    bool orphan_releasing = false;   // clearing a call TAPI already closed
    bool in_service = true;          // the switch has not taken it out (SERVICE)
  };

  Call* call_of(const Command& c);
  Call* call_on_channel(int channel);
  Line* line_on_channel(int channel);
  ChannelSlot* slot(int channel);
  bool channel_free(int channel);
  // The channel an outgoing call on `line` takes: its own, or one a group's policy hunts.
  // 0 when none is free.
  int pick_channel(Line& line, std::uint32_t line_index, const Call& call);
  bool line_in_service(const Line& line, std::uint32_t line_index) const;

  void set_state(Call& call, DWORD state, DWORD mode);
  void reach_idle(Call& call);
  void release_trunk(Call& call, std::uint8_t cause);
  void detach_call(Call& call, LONG pending_result, std::uint8_t cause);

  void add_pending(Call& call, DRV_REQUESTID request, PendingOp op);
  void finish_pending(Call& call, PendingOp op, LONG result);
  void fail_pending(Call& call, LONG result);

  void complete(DRV_REQUESTID request, LONG result);
  void call_event(const Call& call, DWORD msg, DWORD_PTR p1, DWORD_PTR p2, DWORD_PTR p3);
  void line_event(const Line& line, DWORD msg, DWORD_PTR p1, DWORD_PTR p2, DWORD_PTR p3);
  void publish_upcall(pipeline::Upcall upcall);  // stamped with event_stamp_
  void publish_snapshot(Call& call);
  void publish_snapshot(Line& line);
  // A cross-span group's part (core/group_parts.h): its free channels for the TSPI threads'
  // claims, and whether it took the whole line into or out of service (Line::service_edge).
  void publish_part(Line& part, const LineDescriptor& descriptor, bool in_service);
  void publish_span_snapshot();

  Engine& engine_;
  std::uint32_t span_index_;
  std::vector<std::uint32_t> lines_;        // its line slots (SpanDescriptor::lines)
  std::array<ChannelSlot, 32> channels_{};  // by channel number
  pipeline::CommandRing<Command> ring_;
  std::unique_ptr<board::SpanSignalling> signalling_;
  pipeline::SpanWorker* worker_ = nullptr;
  pipeline::TimerWheel* timers_ = nullptr;
  board::SpanStatus status_;
  std::uint64_t now_ms_ = 0;
  std::size_t produced_ = 0;
  // While a board event is handled: when it arrived (pipeline/perf_probe.h), else 0.
  std::uint64_t event_stamp_ = 0;
  std::uint64_t media_at_ns_ = 0;  // probing: the media event being handled, its sample's time
  SpanCounters counters_;
  SpanSnapshot published_;
  pipeline::Seqlock<SpanSnapshot> snapshot_;
};

}  // namespace spantsp::core
