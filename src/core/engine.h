#pragma once
// The call engine of one session (DESIGN.md §3): the line and call slots, the span strands,
// the workers that run them and the dispatcher that calls TAPISRV back.
//
// TSPI-facing functions (line_open ... dev_specific) run on any TAPISRV thread: they check
// handles and arguments, copy what they need into a Command, post it to the span's ring and
// return — the request id for async functions (tspi-contract §2). Synchronous getters read the
// snapshots the workers publish and never take a lock a worker could hold. line_close and
// close_call wait for a fence so that nothing is delivered for their object after they return
// (tspi-contract §2) — except close_call on a settled call (Call::settled: IDLE, every command
// handled and every upcall made, the strand holding the slot nowhere), which frees the slot at
// once: the usual close after IDLE costs no wake-up of the worker or the dispatcher.
//
// Created at TSPI_providerInit, stopped at TSPI_providerShutdown; after stop() returns no
// upcall is made.

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config/config_model.h"
#include "core/call.h"
#include "core/command.h"
#include "core/dial_string.h"
#include "core/handle.h"
#include "core/line.h"
#include "core/line_directory.h"
#include "core/span_runtime.h"
#include "pipeline/dispatcher.h"
#include "pipeline/index_pool.h"
#include "pipeline/span_worker.h"
#include "tspi/abi/tspi_abi.h"

namespace spantsp::core {

class Engine final : public pipeline::CallRegistry {
 public:
  // Throws std::runtime_error with a readable reason when a span cannot be built (e.g. its
  // signalling is not available on its board) or when there are more lines or call slots
  // than a handle can name (core/handle.h).
  Engine(const LineDirectory& directory, const config::ProviderConfig& config,
         ASYNC_COMPLETION completion);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  void start();
  // Closes lines TAPI left open, then stops workers and the dispatcher. The caller makes sure
  // no TSPI call is still inside the engine (Provider's session gate).
  void stop();

  // --- line functions (any TSPI thread) ---
  LONG line_open(std::uint32_t line_index, HTAPILINE ht_line, HDRVLINE* hd_line, DWORD version,
                 LINEEVENT event_proc);
  LONG line_close(HDRVLINE hd_line);
  LONG set_default_media_detection(HDRVLINE hd_line, DWORD media_modes);
  LONG set_status_messages(HDRVLINE hd_line, DWORD line_states, DWORD address_states);
  LONG get_line_dev_status(HDRVLINE hd_line, LINEDEVSTATUS* status);
  LONG get_address_status(HDRVLINE hd_line, DWORD address_id, LINEADDRESSSTATUS* status);
  LONG get_num_address_ids(HDRVLINE hd_line, DWORD* count);
  LONG get_address_id(HDRVLINE hd_line, DWORD* address_id, DWORD address_mode, const WCHAR* address,
                      DWORD size);
  LONG get_id(HDRVLINE hd_line, DWORD address_id, HDRVCALL hd_call, DWORD select,
              VARSTRING* device_id, const WCHAR* device_class);
  // lineGetID's "spantsp/media" (tspi/spantsp_media_stream.h) once the handles checked out.
  LONG get_media_stream_id(std::uint32_t line_index, DWORD select, HDRVCALL hd_call,
                           VARSTRING* device_id);
  // `params` is in/out: kept until the request completes, the board's answer is written back.
  LONG dev_specific(DRV_REQUESTID request, HDRVLINE hd_line, DWORD address_id, HDRVCALL hd_call,
                    void* params, DWORD size);

  // --- call functions (any TSPI thread) ---
  LONG make_call(DRV_REQUESTID request, HDRVLINE hd_line, HTAPICALL ht_call, HDRVCALL* hd_call,
                 const WCHAR* destination, DWORD country_code, const LINECALLPARAMS* params);
  LONG dial(DRV_REQUESTID request, HDRVCALL hd_call, const WCHAR* destination, DWORD country_code);
  // `uui`/`uui_size`: user-user information sent with the request (core/user_user.h).
  LONG accept(DRV_REQUESTID request, HDRVCALL hd_call, const char* uui, DWORD uui_size);
  LONG answer(DRV_REQUESTID request, HDRVCALL hd_call, const char* uui, DWORD uui_size);
  LONG drop(DRV_REQUESTID request, HDRVCALL hd_call, const char* uui, DWORD uui_size);
  // User-user information service (core/user_user_ops.cpp).
  LONG send_user_user(DRV_REQUESTID request, HDRVCALL hd_call, const char* uui, DWORD uui_size);
  LONG release_user_user(DRV_REQUESTID request, HDRVCALL hd_call);
  // Call deflection of an offering call (core/redirect_ops.cpp).
  LONG redirect(DRV_REQUESTID request, HDRVCALL hd_call, const WCHAR* destination,
                DWORD country_code);
  // Transfer service (core/transfer_ops.cpp): LINEERR_OPERATIONUNAVAIL where the span (or a
  // per-channel line, for the consultation call) has none.
  LONG blind_transfer(DRV_REQUESTID request, HDRVCALL hd_call, const WCHAR* destination,
                      DWORD country_code);
  LONG setup_transfer(DRV_REQUESTID request, HDRVCALL hd_call, HTAPICALL ht_consult,
                      HDRVCALL* hd_consult, const LINECALLPARAMS* params);
  LONG complete_transfer(DRV_REQUESTID request, HDRVCALL hd_call, HDRVCALL hd_consult,
                         HTAPICALL ht_conf, HDRVCALL* hd_conf, DWORD transfer_mode);
  // Hold service (core/hold_ops.cpp): LINEERR_OPERATIONUNAVAIL where the span has none.
  LONG hold(DRV_REQUESTID request, HDRVCALL hd_call);
  LONG unhold(DRV_REQUESTID request, HDRVCALL hd_call);
  LONG swap_hold(DRV_REQUESTID request, HDRVCALL hd_active, HDRVCALL hd_held);
  LONG close_call(HDRVCALL hd_call);
  LONG get_call_info(HDRVCALL hd_call, LINECALLINFO* info);
  LONG get_call_status(HDRVCALL hd_call, LINECALLSTATUS* status);
  LONG set_app_specific(HDRVCALL hd_call, DWORD app_specific);
  LONG get_call_address_id(HDRVCALL hd_call, DWORD* address_id);
  LONG get_call_ids(HDRVCALL hd_call, DWORD* address_id, DWORD* call_id, DWORD* related_id);

  // --- media functions (any TSPI thread; core/media_ops.cpp) ---
  // Synchronous: arguments are checked here, then the span strand answers (the TSPI thread
  // waits for it, as lineClose waits for its fence), so the result tells whether the
  // monitoring or generation really started (tspi-contract §2 "meaning of success").
  LONG monitor_digits(HDRVCALL hd_call, DWORD digit_modes);
  LONG gather_digits(HDRVCALL hd_call, DWORD end_to_end_id, DWORD digit_modes, WCHAR* digits,
                     DWORD num_digits, const WCHAR* termination_digits, DWORD first_timeout,
                     DWORD inter_timeout);
  LONG generate_digits(HDRVCALL hd_call, DWORD end_to_end_id, DWORD digit_mode, const WCHAR* digits,
                       DWORD duration);
  LONG generate_tone(HDRVCALL hd_call, DWORD end_to_end_id, DWORD tone_mode, DWORD duration,
                     DWORD num_tones, const LINEGENERATETONE* tones);
  LONG monitor_tones(HDRVCALL hd_call, DWORD tone_list_id, const LINEMONITORTONE* tones,
                     DWORD num_entries);
  LONG monitor_media(HDRVCALL hd_call, DWORD media_modes);
  LONG set_media_mode(HDRVCALL hd_call, DWORD media_modes);
  LONG set_media_control(HDRVLINE hd_line, DWORD address_id, HDRVCALL hd_call, DWORD select,
                         const LINEMEDIACONTROLDIGIT* digits, DWORD digit_entries,
                         const LINEMEDIACONTROLMEDIA* media, DWORD media_entries,
                         const LINEMEDIACONTROLTONE* tones, DWORD tone_entries,
                         const LINEMEDIACONTROLCALLSTATE* states, DWORD state_entries);
  LONG conditional_media_detection(HDRVLINE hd_line, DWORD media_modes,
                                   const LINECALLPARAMS* params);

  // --- for span strands (worker threads) ---
  Line& line(std::uint32_t index) { return lines_[index]; }
  Call& call(std::uint32_t index) { return calls_[index]; }
  const LineDirectory& directory() const { return directory_; }
  // A free call slot, or nothing when the pool is exhausted.
  std::optional<std::uint32_t> allocate_call();
  // For TSPI threads only (a worker must never wait for its own queue): also waits for slots
  // closed by lineCloseCall's fast path that are still on their way back to the pool.
  std::optional<std::uint32_t> allocate_call_waiting_for_closed();
  std::uint32_t next_call_id() { return next_call_id_.fetch_add(1, std::memory_order_relaxed); }
  HDRVCALL call_handle(std::uint32_t index, std::uint32_t generation) const;
  HDRVLINE line_handle(std::uint32_t index, std::uint32_t generation) const;

  // --- pipeline::CallRegistry (dispatcher thread) ---
  HTAPICALL* ht_call_slot(std::uint32_t index, std::uint32_t generation) override;
  void new_call_refused(std::uint32_t index, std::uint32_t generation) override;
  bool retry_deferred() override;
  void free_call(std::uint32_t index, std::uint32_t generation, bool closed_by_tapi) override;
  void call_settled(std::uint32_t index, std::uint32_t generation, std::uint32_t handled) override;

  // Call slots TAPI has not closed (a closed slot on its way back to the pool is not counted;
  // exact when no close is in flight).
  std::uint32_t calls_in_use() const;

  // Any thread: a TAPI line's snapshot, for a cross-span group its parts' added up
  // (core/group_line_ops.cpp).
  LineSnapshot line_snapshot(std::uint32_t line_index) const;
  // Worker threads: the sequence number of a channel release, one order for every span
  // (least-recently-used hunting compares spans).
  std::uint64_t next_release_seq() {
    return release_seq_.fetch_add(1, std::memory_order_relaxed) + 1;
  }
  // Any thread: a claimed part's free channel the call did not take after all.
  void give_back_claim(std::uint32_t part_index);

  // Any thread (the UI monitor): span `index` of directory().spans(), as its worker published it.
  SpanSnapshot span_snapshot(std::uint32_t index) const { return spans_[index]->snapshot(); }

 private:
  Line* resolve_line(HDRVLINE hd_line, std::uint32_t* index);
  Call* resolve_call(HDRVCALL hd_call, std::uint32_t* index, std::uint32_t* generation);
  // For requests that post about a line or call: resolve the handle inside the object's gate
  // (pipeline/request_gate.h), so the command is queued ahead of any lineClose/lineCloseCall
  // that closes it, or the request fails here. A call enters its own gate and its line's.
  Line* enter_line(HDRVLINE hd_line, std::uint32_t* index, pipeline::GateEntry& entry);
  Call* enter_call(HDRVCALL hd_call, std::uint32_t* index, std::uint32_t* generation,
                   CallSnapshot* snapshot, pipeline::GateEntry& call_entry,
                   pipeline::GateEntry& line_entry);
  SpanRuntime& span_of_line(std::uint32_t line_index);
  // For async requests: posts, or fails with LINEERR_RESOURCEUNAVAIL when the span's ring is
  // full (a documented error the application retries; never unbounded growth).
  LONG post(std::uint32_t line_index, const Command& command);
  // For synchronous functions that only record a setting (lineOpen, SetDefaultMediaDetection,
  // SetStatusMessages): waits for room, since TAPI expects them to succeed and the worker
  // always drains. A burst of opens on many lines fills a ring for microseconds, not longer.
  void post_waiting(std::uint32_t line_index, const Command& command);
  // Posts (waiting for room if the ring is full), then waits for the fence to pass.
  void post_and_wait(std::uint32_t line_index, Command command);
  LONG call_request(DRV_REQUESTID request, HDRVCALL hd_call, Command::Op op,
                    const char* uui = nullptr, DWORD uui_size = 0);
  // Frees the slot if it still holds `generation` (only one closer wins: a racing lineClose may
  // have freed it already). The span must no longer refer to it (a fence has passed).
  void free_closed_call(Call& call, std::uint32_t index, std::uint32_t generation);
  // Hands `request` to the call's strand and waits for its answer (core/media_request.h).
  LONG media_request(HDRVCALL hd_call, MediaRequest& request);
  // lineRedirect / lineBlindTransfer: a request about `hd_call` that sends it to one complete
  // number (LINEERR_INVALADDRESS otherwise), where the line's span has `service` and the
  // call's state passes `state_allowed`; posted as `op` with the number (core/redirect_ops.cpp).
  LONG number_request(DRV_REQUESTID request, HDRVCALL hd_call, const WCHAR* destination,
                      std::uint32_t service, bool (*state_allowed)(DWORD), Command::Op op);
  // An outgoing call's slot, filled for `line_index` as lineMakeCall leaves it for the strand
  // (state none, published snapshot, `*hd_call` set): the slot index, or nothing when the
  // pool is full. The caller posts the command that publishes it (posted = 1 counts it).
  std::optional<std::uint32_t> claim_outgoing_call(std::uint32_t line_index, HTAPICALL ht_call,
                                                   const DialString& dial, bool block_caller_id,
                                                   DWORD media_mode, const board::UserUser& uui,
                                                   HDRVCALL* hd_call);
  // Cross-span group (core/group_parts.h): the part an outgoing call on TAPI line
  // `line_index` goes to, one of its free channels claimed; nothing when no part has one.
  std::optional<std::uint32_t> claim_part(std::uint32_t line_index);
  // post_waiting() of `command` once for every part of TAPI line `line_index` (line requests).
  void post_to_parts(std::uint32_t line_index, Command command);
  // post() for a command about `call`, counted in Call::posted (lineCloseCall's fast path).
  LONG post_for_call(Call& call, std::uint32_t line_index, const Command& command);

  const LineDirectory& directory_;
  std::unique_ptr<Line[]> lines_;
  std::uint32_t call_capacity_;
  // Sized at start for the lines and call slots (core/handle.h): as many generation bits as
  // the handle width leaves; a configuration too large for the width refuses to start.
  HandleCodec line_handles_;
  HandleCodec call_handles_;
  std::unique_ptr<Call[]> calls_;
  pipeline::IndexPool call_pool_;
  pipeline::Dispatcher dispatcher_;
  std::vector<std::unique_ptr<SpanRuntime>> spans_;
  std::vector<std::unique_ptr<pipeline::SpanWorker>> workers_;
  std::atomic<std::uint32_t> next_call_id_{1};
  std::atomic<std::uint64_t> release_seq_{0};
  std::atomic<std::uint32_t> close_calls_waited_{0};  // SpanTspLineDevStatus::dwCloseCallsWaited
  // Slots lineCloseCall's fast path handed back to their worker, not yet in the pool again.
  std::atomic<std::uint32_t> closed_not_freed_{0};
  // Refusals of LINE_NEWCALL the dispatcher could not post yet (ring full). Dispatcher thread
  // only; reserved for every call slot at start, so it never grows on the call path.
  std::vector<Command> refused_backlog_;
  bool started_ = false;
};

}  // namespace spantsp::core
