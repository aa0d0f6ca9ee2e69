#pragma once
// ContractChecker: verifies a provider's behaviour at the TSPI boundary against
// tspi-contract §2-§4 and §8, from a stream of facts about down-calls (TSPI_* calls the host
// makes) and upcalls (ASYNC_COMPLETION / LINEEVENT / PHONEEVENT calls the provider makes).
// It knows nothing of the rest of the host: tests feed it synthetic sequences.
//
// Thread affinity: every member may be called from any thread, concurrently. Down-calls are
// reported from the host thread making them (begin_down_call before the TSPI_ call,
// end_down_call after it returned); upcalls from inside the callback, on the provider's
// dispatcher thread (begin_* first thing in the callback, end_upcall() last). The checker's
// own lock is held only inside its members, never across a TSPI_ call or a callback, so it
// cannot deadlock a provider (KB262290).
//
// Identity: lines are identified by the htLine and calls by the htCall the host assigned
// (unique for the life of the checker), requests by their DRV_REQUESTID.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory_resource>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "tools/tapihost/media_contract.h"
#include "tools/tapihost/tspi_exports.h"
#include "tools/tapihost/violation.h"
#include "tspi/abi/tspi_abi.h"

namespace spantsp::host {

class ContractChecker {
 public:
  // What a line's device advertised (LINEDEVCAPS, LINEADDRESSCAPS of address 0), as the
  // provider filled them. Caps tell the truth: every LINE_CALLSTATE (state and mode),
  // LINE_LINEDEVSTATE, LINE_ADDRESSSTATE and LINE_CALLINFO of the line is checked against
  // them, so a capability added later is checked by advertising it.
  struct LineCaps {
    DWORD line_states = 0;       // LINEDEVCAPS.dwLineStates
    DWORD address_states = 0;    // LINEADDRESSCAPS.dwAddressStates
    DWORD call_states = 0;       // LINEADDRESSCAPS.dwCallStates
    DWORD call_info_states = 0;  // LINEADDRESSCAPS.dwCallInfoStates
    DWORD busy_modes = 0;
    DWORD dial_tone_modes = 0;
    DWORD special_info = 0;
    DWORD connected_modes = 0;
    DWORD offering_modes = 0;
    DWORD disconnect_modes = 0;
    DWORD call_features = 0;  // LINEADDRESSCAPS.dwCallFeatures
  };

  // What a down-call is about. Unused members stay zero.
  struct DownCall {
    TspiFunction function;
    DRV_REQUESTID request_id = 0;  // async functions
    HTAPILINE ht_line = nullptr;   // lineOpen/lineClose/lineMakeCall/line-level functions
    HTAPICALL ht_call = nullptr;   // call-level functions; lineMakeCall: the new call
    DWORD tspi_version = 0;        // lineOpen: the version committed for the open
    DWORD low_version = 0;         // lineNegotiateTSPIVersion: the range asked for
    DWORD high_version = 0;
    MediaDownCall media = {};        // the media functions (tools/tapihost/media_contract.h)
    const LineCaps* caps = nullptr;  // lineOpen: the device's caps (none: not checked)
    DWORD line_states = 0;           // lineSetStatusMessages: the states enabled
    DWORD address_states = 0;
    // A call request the host let through because LINECALLSTATUS offered this
    // LINECALLFEATURE_: refusing it while the state stays the same is a violation.
    DWORD offered_feature = 0;
  };
  // What the down-call returned.
  struct Outcome {
    LONG result = 0;
    DWORD_PTR driver_handle = 0;  // lineOpen: *lphdLine; lineMakeCall: *lphdCall
    DWORD version = 0;            // lineNegotiateTSPIVersion: *lpdwTSPIVersion
  };
  using DownCallId = std::uint64_t;

  ContractChecker() = default;
  ContractChecker(const ContractChecker&) = delete;
  ContractChecker& operator=(const ContractChecker&) = delete;

  DownCallId begin_down_call(const DownCall& call);
  void end_down_call(DownCallId id, const Outcome& outcome);

  void begin_completion(DRV_REQUESTID request_id, LONG result);
  void begin_line_event(HTAPILINE ht_line, HTAPICALL ht_call, DWORD message, DWORD_PTR param1,
                        DWORD_PTR param2, DWORD_PTR param3);
  void begin_phone_event(DWORD message);
  // Inside a LINE_NEWCALL callback: what the host wrote through dwParam2 (null = refused).
  void new_call_answered(HTAPILINE ht_line, DWORD_PTR hd_call, HTAPICALL answered);
  void end_upcall();

  // For findings made elsewhere (the var-struct checks).
  void add_violation(Rule rule, std::string description);

  std::vector<Violation> violations() const;
  std::size_t violation_count() const;
  std::size_t count(Rule rule) const;
  // Requests issued and neither completed nor failed synchronously.
  std::size_t outstanding_requests() const;
  // Records kept for calls not closed yet (open calls plus their media state): 0 once every
  // call was closed or refused, so a host refusing calls for hours stays the same size.
  std::size_t open_call_records() const;
  void clear_violations();

 private:
  enum class Validity : unsigned char { kPending, kValid, kFailed };

  struct Request {
    TspiFunction function;
    std::uintptr_t line = 0;
    std::uintptr_t call = 0;
    bool returned = false;
    bool failed_sync = false;
    bool completed = false;
    bool reported_stuck = false;     // already named in a "still outstanding" finding
    DWORD offered_feature = 0;       // DownCall::offered_feature
    std::uint32_t state_events = 0;  // the call's LINE_CALLSTATE count when it was issued
  };
  struct Call {
    std::uintptr_t line = 0;
    bool outgoing = false;
    DRV_REQUESTID creating_request = 0;
    Validity validity = Validity::kPending;
    bool closed = false;
    bool any_message = false;
    bool any_state = false;
    DWORD state = 0;                 // last LINECALLSTATE_ bit reported
    DWORD mode = 0;                  // its dwParam2
    std::uint32_t state_events = 0;  // LINE_CALLSTATEs so far
    DWORD_PTR hd = 0;
  };
  struct Line {
    DWORD version = 0;
    bool closed = false;
    std::unordered_set<DWORD_PTR> refused;  // hdCalls whose LINE_NEWCALL was answered NULL
    bool has_caps = false;
    LineCaps caps;
    // Every state TSPI_lineSetStatusMessages enabled since the open: a disabled state may
    // still be in flight when the call returns (the provider applies it asynchronously).
    DWORD enabled_line_states = 0;
    DWORD enabled_address_states = 0;
  };
  struct Active {
    std::thread::id thread;
    DownCall call;
  };

  // A violation's description, built only when a rule is broken: the checker runs on every
  // upcall, and formatting handles for each one cost more than the checks. Wraps a callable
  // that must outlive it (bind the lambda to a name first).
  class Text {
   public:
    template <class F>
    explicit Text(const F& build)
        : object_(&build),
          build_([](const void* o) { return std::string((*static_cast<const F*>(o))()); }) {}
    template <class F>
    explicit Text(const F&& build) = delete;
    std::string operator()() const { return build_(object_); }

   private:
    const void* object_;
    std::string (*build_)(const void*);
  };
  void upcall_enter(const Text& what);  // takes the lock itself
  void add_locked(Rule rule, std::string description);
  MediaContract::Add media_add();  // add_locked for media_, under the lock
  bool pending(const Request& request) const { return !request.completed && !request.failed_sync; }
  // Names the outstanding requests among `candidates` not reported yet, and marks them
  // reported: one stuck request makes one finding, not one per close that follows.
  // `returned_only`: skip requests whose TSPI call has not returned yet — on another thread it
  // may still fail synchronously (a close racing it); if it completes after the close
  // instead, completion-after-close names it.
  std::string pending_list_locked(std::vector<DRV_REQUESTID> candidates, bool returned_only);
  // The outstanding requests of one call or one line (indexed: a close must not scan every
  // request in flight, which made the checker the host's slowest stage at 960 lines).
  using PendingIndex = std::pmr::unordered_multimap<std::uintptr_t, DRV_REQUESTID>;
  std::vector<DRV_REQUESTID> pending_of_locked(const PendingIndex& index, std::uintptr_t key) const;
  void add_pending_locked(DRV_REQUESTID id, const Request& request);
  void remove_pending_locked(DRV_REQUESTID id, const Request& request);
  void retire_request_locked(DRV_REQUESTID id);
  void retire_call_locked(std::uintptr_t ht_call);
  void check_call_event_locked(std::uintptr_t ht_line, Line& line, std::uintptr_t ht_call,
                               DWORD message, DWORD_PTR param1, DWORD_PTR param2);
  void check_call_state_locked(Call& call, const Text& who, DWORD state, DWORD mode,
                               const Line& line);
  // Caps tell the truth: the parts of an upcall the line's caps must cover.
  void check_call_state_caps_locked(const Text& text, DWORD state, DWORD mode, const Line& line);
  void check_status_bits_locked(const Text& what, DWORD bits, DWORD advertised, DWORD enabled,
                                Rule not_advertised, Rule not_enabled);

  mutable std::mutex mutex_;
  std::vector<Violation> violations_;
  // The tables below take their nodes from this pool, which keeps freed nodes for the next
  // call or down-call (mutex_ serialises it): the checker runs on every TSPI call and upcall of
  // the main job, and a malloc/free pair per node was a large share of its cost (issue 17).
  std::pmr::unsynchronized_pool_resource nodes_;
  std::pmr::unordered_map<DRV_REQUESTID, Request> requests_{&nodes_};
  // The ids in requests_ still outstanding: close checks scan these, not the retired ones.
  std::pmr::unordered_set<DRV_REQUESTID> pending_ids_{&nodes_};
  PendingIndex pending_by_call_{&nodes_};  // htCall -> id
  PendingIndex pending_by_line_{&nodes_};  // htLine -> id
  std::deque<DRV_REQUESTID> retired_requests_;
  std::pmr::unordered_map<std::uintptr_t, Call> calls_{&nodes_};
  // htLine -> htCall of the calls not closed yet, for lineClose.
  std::pmr::unordered_multimap<std::uintptr_t, std::uintptr_t> open_calls_by_line_{&nodes_};
  std::deque<std::uintptr_t> retired_calls_;
  std::pmr::unordered_map<DWORD_PTR, std::uintptr_t> live_hd_calls_{&nodes_};  // hdCall -> htCall
  std::pmr::unordered_map<std::uintptr_t, Line> lines_{&nodes_};
  std::pmr::unordered_map<DownCallId, Active> active_{&nodes_};
  DownCallId next_id_ = 1;
  bool shutdown_returned_ = false;
  std::atomic<int> in_upcall_{0};
  MediaContract media_;
};

}  // namespace spantsp::host
