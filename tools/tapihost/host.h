#pragma once
// Host: plays TAPISRV for one provider so it runs outside Windows. It loads the provider,
// performs the session lifecycle in TAPISRV's order (tspi-contract §1.2), assigns device IDs
// and htLine/htCall handles, makes the argument checks TAPI makes before calling a provider
// (tspi-contract §8 "What TAPI validates for us"), and feeds every down-call and upcall to a
// ContractChecker. Applications use the TAPI 2.x-shaped API below (line_open, line_make_call,
// get_message, ...), so TAPI application logic ports to it directly.
//
// Thread affinity:
// - Construction, start(), stop() and destruction: the owning thread, never concurrently with
//   any other member.
// - The application API (line_*, get_message, lines(), violations()): any thread, concurrently,
//   as TAPI allows; get_message() is meant for one consumer at a time.
// - Callbacks (ASYNC_COMPLETION, LINEEVENT, PHONEEVENT) arrive on the provider's threads
//   (its dispatcher). They only take the host's bookkeeping mutex for a short time and never
//   call into the provider. The host never holds that mutex while calling a TSPI_ function
//   (KB262290-style deadlocks are impossible by construction).
// - One internal worker thread does what TAPISRV does on its own threads after a callback:
//   TSPI_lineCloseCall after a failed lineMakeCall, TSPI_lineClose after LINE_CLOSE,
//   TSPI_providerCreateLineDevice after LINE_CREATE.
// Only one Host may exist per process at a time: the TSPI callbacks carry no context pointer,
// so they are routed through a static instance pointer, as in TAPISRV.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <memory_resource>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include "pipeline/perf_probe.h"
#include "tools/tapihost/contract_checker.h"
#include "tools/tapihost/latency_histogram.h"
#include "tools/tapihost/provider_module.h"
#include "tools/tapihost/struct_layout.h"
#include "tools/tapihost/var_struct_checker.h"
#include "tools/tapihost/violation.h"
#include "tspi/abi/tspi_abi.h"

namespace spantsp::host {

// Application-level handles, like TAPI's HLINE/HCALL: never 0, never reused by one Host.
using LineHandle = std::uint32_t;
using CallHandle = std::uint32_t;

// One line device as inventoried at start() (LINEDEVCAPS + LINEADDRESSCAPS of address 0).
struct LineInfo {
  DWORD device_id = 0;
  DWORD permanent_line_id = 0;
  DWORD tspi_version = 0;
  std::string name;           // dwLineName, UTF-8
  std::string number;         // LINEADDRESSCAPS dwAddress of address 0
  std::string provider_info;  // dwProviderInfo
  std::string switch_info;    // dwSwitchInfo
  bool has_span = false;      // a SpanTspLineDevSpecific block with the right magic was found
  std::uint32_t span = 0;
  std::uint32_t channel = 0;
  DWORD num_addresses = 0;
  DWORD max_active_calls = 0;
  DWORD media_modes = 0;
  DWORD bearer_modes = 0;
};

// A message as lineGetMessage returns it, with application handles only (never the
// provider's). LINE_NEWCALL surfaces as LINE_APPNEWCALL (param1 address ID, param2 the call,
// param3 LINECALLPRIVILEGE_OWNER); LINE_REPLY has param1 = request ID, param2 = result.
// Other messages keep the provider's dwParam1..3 (LINE_CALLSTATE param3 = media mode).
struct Message {
  DWORD message = 0;
  LineHandle line = 0;
  CallHandle call = 0;
  DWORD_PTR param1 = 0;
  DWORD_PTR param2 = 0;
  DWORD_PTR param3 = 0;
  std::string text = {};  // LINE_GATHERDIGITS: the digits gathered (UTF-8)
  // Probing hosts (event_latency.h): where a media event's time went inside the provider, and
  // when its LINEEVENT reached the host (steady_clock ns); zero otherwise.
  pipeline::perf_probe::MediaStages stages = {};
  std::uint64_t upcall_ns = 0;
};

// Answer NULL to LINE_NEWCALL to exercise the provider's backlog path (tspi-contract §3.3):
// the first `count` new calls, then each further one with `probability` (seeded).
struct RefuseNewCalls {
  std::uint32_t count = 0;
  double probability = 0.0;
  std::uint64_t seed = 1;
};

// What line_open asks for; TAPI pushes these to the provider right after TSPI_lineOpen.
struct OpenParams {
  DWORD media_modes = 0;                // 0: every mode of LINEDEVCAPS.dwMediaModes
  std::optional<DWORD> line_states;     // default: LINEDEVCAPS.dwLineStates
  std::optional<DWORD> address_states;  // default: LINEADDRESSCAPS.dwAddressStates
};

// A structure check_fill_at_every_size() fills (which object it concerns depends on kind).
struct FillTarget {
  StructKind kind = StructKind::kLineDevCaps;
  DWORD device_id = 0;   // kLineDevCaps, kLineAddressCaps
  DWORD address_id = 0;  // kLineAddressCaps, kLineAddressStatus
  LineHandle line = 0;   // kLineDevStatus, kLineAddressStatus
  CallHandle call = 0;   // kLineCallInfo, kLineCallStatus
};

class Host {
 public:
  struct Options {
    std::string provider_path;
    DWORD permanent_provider_id = 1;
    DWORD line_device_id_base = 0;
    DWORD low_version = 0x00020000;
    DWORD high_version = 0x00030001;
    RefuseNewCalls refuse_new_calls;
    // Run the var-struct checks on every structure the provider fills.
    bool check_structures = true;
    // Feed every down-call and upcall to the ContractChecker. Off only for pure-throughput
    // runs of the load tool (the checker's lock and maps then cost more than the provider);
    // violations() then reports nothing for the TSPI sequence rules.
    bool check_contract = true;
    // Tests: runs first in every LINEEVENT callback, on the provider's dispatcher thread, with
    // the message (it may block the dispatcher to force an interleaving). Empty: nothing.
    std::function<void(DWORD message)> line_event_hook;
  };

  // What the host measures as it goes (the perf suite, issue 5), without per-sample storage:
  // - request_completion: from the host issuing an async request (lineMakeCall, lineAnswer,
  //   lineDrop, ...; stamped when its request ID is assigned, just before the down-call and
  //   the checker's bookkeeping of it) to the start of its ASYNC_COMPLETION callback;
  // - event_delivery: from the moment the board event reached the provider's span worker to
  //   the start of the LINEEVENT callback it caused (tools/tapihost/event_latency.h; empty
  //   when the executable does not export the probe sink);
  struct Latency {
    LatencyHistogram request_completion;
    LatencyHistogram event_delivery;
    // TSPI_lineCloseCall's own duration, the checker's bookkeeping excluded (it returns once
    // the upcalls queued before it are made).
    LatencyHistogram close_call;
  };

  // Loads the provider (see last_error()). Throws std::logic_error if another Host exists.
  explicit Host(Options options);
  ~Host();  // stop() if started, then unload
  Host(const Host&) = delete;
  Host& operator=(const Host&) = delete;

  bool loaded() const { return module_ != nullptr; }
  // Why loading or start() failed (dlerror() text, the failing TSPI_ call); else empty.
  // Owning thread only.
  const std::string& last_error() const { return last_error_; }

  // One TAPI session: negotiate, TSPI_providerEnumDevices, TSPI_providerInit, then per device
  // negotiate + TSPI_lineGetDevCaps + TSPI_lineGetAddressCaps(address 0). 0 or a LINEERR_
  // (LINEERR_NODRIVER when the provider is not loaded or lacks mandatory exports).
  LONG start();
  // Closes every open line (its calls first), then TSPI_providerShutdown.
  LONG stop();
  bool started() const { return started_; }

  DWORD provider_version() const { return provider_version_; }
  DWORD num_lines() const;
  std::vector<LineInfo> lines() const;  // usable line devices, device ID order

  // TAPI 2.x-style application API. Synchronous functions return 0 or a LINEERR_; async
  // ones a positive request ID (its LINE_REPLY follows through get_message) or a LINEERR_.
  LONG line_open(DWORD device_id, LineHandle& line, const OpenParams& params = {});
  LONG line_close(LineHandle line);
  LONG line_make_call(LineHandle line, std::optional<std::string_view> dest_utf8,
                      const LINECALLPARAMS* call_params, CallHandle& call);
  LONG line_dial(CallHandle call, std::string_view dest_utf8);
  LONG line_answer(CallHandle call, std::string_view user_user_info = {});
  LONG line_accept(CallHandle call, std::string_view user_user_info = {});
  LONG line_drop(CallHandle call, std::string_view user_user_info = {});
  // Call-center call control (host_call_control.cpp).
  LONG line_hold(CallHandle call);
  LONG line_unhold(CallHandle call);
  LONG line_swap_hold(CallHandle active, CallHandle held);
  // User-user information (host_call_control.cpp): TSPI_lineSendUserUserInfo gated on
  // LINECALLFEATURE_SENDUSERUSER, TSPI_lineReleaseUserUserInfo on RELEASEUSERUSERINFO.
  LONG line_send_user_user_info(CallHandle call, std::string_view user_user_info);
  LONG line_release_user_user_info(CallHandle call);
  // TSPI_lineRedirect, gated on LINECALLFEATURE_REDIRECT.
  LONG line_redirect(CallHandle call, std::string_view dest_utf8);
  // Transfer (host_call_control.cpp): TSPI_lineBlindTransfer gated on BLINDTRANSFER,
  // TSPI_lineSetupTransfer on SETUPTRANSFER (`consult` is the new consultation call, valid
  // once the LINE_REPLY says success, as lineMakeCall's), TSPI_lineCompleteTransfer on
  // COMPLETETRANSF of `call` (`mode` a LINETRANSFERMODE_; no conference call is created).
  LONG line_blind_transfer(CallHandle call, std::string_view dest_utf8);
  LONG line_setup_transfer(CallHandle call, CallHandle& consult);
  LONG line_complete_transfer(CallHandle call, CallHandle consult, DWORD mode);
  LONG line_deallocate_call(CallHandle call);  // TSPI_lineCloseCall
  // TAPISRV's own close: when a call's last owner goes away (lineShutdown, a dead application)
  // it calls TSPI_lineCloseCall whatever the call's state, pending included (tspi-contract §2
  // "PCH"). Returns TSPI_lineCloseCall's result.
  LONG line_close_call_now(CallHandle call);
  // The provider's handles behind an application handle, for tests that hand the provider
  // stale or forged handles directly; nullptr when unknown.
  HDRVCALL provider_call_handle(CallHandle call) const;
  HDRVLINE provider_line_handle(LineHandle line) const;
  LONG line_get_dev_caps(DWORD device_id, LINEDEVCAPS* caps);
  LONG line_get_address_caps(DWORD device_id, DWORD address_id, LINEADDRESSCAPS* caps);
  LONG line_get_call_info(CallHandle call, LINECALLINFO* info);
  LONG line_get_call_status(CallHandle call, LINECALLSTATUS* status);
  LONG line_get_line_dev_status(LineHandle line, LINEDEVSTATUS* status);
  LONG line_get_address_status(LineHandle line, DWORD address_id, LINEADDRESSSTATUS* status);
  LONG line_set_app_specific(CallHandle call, DWORD app_specific);
  LONG line_get_id(LineHandle line, DWORD address_id, CallHandle call, DWORD select,
                   VARSTRING* device_id, std::string_view device_class);
  // TSPI_lineDevSpecific (async). Like lineDevSpecific, `params` must stay valid until the
  // LINE_REPLY: the provider works on the host's copy, which is copied back on success.
  // `call` 0 addresses the line (or `address_id`) only.
  LONG line_dev_specific(LineHandle line, DWORD address_id, CallHandle call, void* params,
                         DWORD size);
  // --- media (tools/tapihost/host_media.cpp) ---
  LONG line_monitor_digits(CallHandle call, DWORD digit_modes);
  // The end-to-end ID the host chose comes back in LINE_GENERATE's param2. Empty digits
  // cancel (NULL lpszDigits).
  LONG line_generate_digits(CallHandle call, DWORD digit_mode, std::string_view digits,
                            DWORD duration, DWORD* end_to_end_id = nullptr);
  // Digits arrive in LINE_GATHERDIGITS (Message::text; param2 = the end-to-end ID).
  // num_digits 0 cancels (NULL lpsDigits).
  LONG line_gather_digits(CallHandle call, DWORD digit_modes, DWORD num_digits,
                          std::string_view termination_digits, DWORD first_digit_timeout,
                          DWORD inter_digit_timeout, DWORD* end_to_end_id = nullptr);
  // tone_mode 0 cancels; `tones` for LINETONEMODE_CUSTOM. LINE_GENERATE param2 = the ID.
  LONG line_generate_tone(CallHandle call, DWORD tone_mode, DWORD duration,
                          const std::vector<LINEGENERATETONE>& tones,
                          DWORD* end_to_end_id = nullptr);
  // lineMonitorTones: like TAPISRV, one tone list per call (an empty list stops it);
  // LINE_MONITORTONE param1 = the entry's dwAppSpecific. `list_id` overrides the host's ID
  // (several lists at once, as TAPISRV keeps one per application).
  LONG line_monitor_tones(CallHandle call, const std::vector<LINEMONITORTONE>& tones,
                          std::optional<DWORD> list_id = std::nullopt);
  LONG line_monitor_media(CallHandle call, DWORD media_modes);
  LONG line_set_media_mode(CallHandle call, DWORD media_modes);
  struct MediaControl {
    std::vector<LINEMEDIACONTROLDIGIT> digits = {};
    std::vector<LINEMEDIACONTROLMEDIA> media = {};
    std::vector<LINEMEDIACONTROLTONE> tones = {};
    std::vector<LINEMEDIACONTROLCALLSTATE> call_states = {};
  };
  // lineSetMediaControl for one call (LINECALLSELECT_CALL); `select` to try the others.
  LONG line_set_media_control(CallHandle call, const MediaControl& control,
                              DWORD select = LINECALLSELECT_CALL);
  // What TAPISRV asks when an application opens LINEMAPPER with these modes and parameters.
  LONG line_conditional_media_detection(LineHandle line, DWORD media_modes,
                                        const LINECALLPARAMS* params = nullptr);

  // Like lineGetMessage: waits up to `timeout` for the next message (finer than TAPI's
  // milliseconds, so a paced application need not spin between sub-millisecond deadlines).
  bool get_message(Message& message, std::chrono::nanoseconds timeout);

  // Fills the target structure at every dwTotalSize from the fixed size to dwNeededSize and
  // records what the var-struct checker finds. Returns the number of new violations.
  std::size_t check_fill_at_every_size(const FillTarget& target);

  ContractChecker& checker() { return checker_; }
  Latency& latency() { return latency_; }
  std::vector<Violation> violations() const { return checker_.violations(); }
  std::size_t violation_count() const { return checker_.violation_count(); }

 private:
  enum class LinePhase : unsigned char { kOpening, kOpen, kClosing };
  enum class CallPhase : unsigned char {
    kPending,  // outgoing, its creating request has no successful LINE_REPLY yet
    kValid,
    kFailed,  // creating request failed; the worker closes it
    kClosing,
  };
  struct Device {
    bool usable = false;
    bool removed = false;
    LineInfo info;
    DWORD line_states = 0;           // LINEDEVCAPS.dwLineStates
    DWORD address_states = 0;        // LINEADDRESSCAPS.dwAddressStates (address 0)
    ContractChecker::LineCaps caps;  // what the checker holds the device's upcalls to
    bool has_address_caps = false;   // caps.call_features was read (TSPI_lineGetAddressCaps)
  };
  struct LineRec {
    LineHandle handle = 0;
    DWORD device_id = 0;
    HTAPILINE ht = nullptr;
    HDRVLINE hd = nullptr;
    DWORD version = 0;
    DWORD media_modes = 0;
    LinePhase phase = LinePhase::kOpening;
  };
  struct CallRec {
    CallHandle handle = 0;
    LineHandle line = 0;
    HTAPICALL ht = nullptr;
    HDRVCALL hd = nullptr;
    bool outgoing = false;
    CallPhase phase = CallPhase::kPending;
    bool released = false;  // messages flow to the app (after the creating LINE_REPLY)
    DWORD state = 0;        // last LINECALLSTATE_ reported
    DWORD monitor_digit_modes = 0;
    std::vector<Message> held;  // messages that arrived before the creating LINE_REPLY
  };
  struct RequestRec {
    TspiFunction function;
    LineHandle line = 0;
    CallHandle call = 0;
    bool returned = false;
    bool completed = false;
    LONG result = 0;
    // lineDevSpecific: the host's copy of the app's buffer, copied back on success.
    std::shared_ptr<std::vector<unsigned char>> params = {};
    void* app_params = nullptr;
    std::uint64_t issued_ns = 0;  // steady clock, just before the TSPI_ call
  };
  struct Gather {
    CallHandle call = 0;
    std::unique_ptr<char16_t[]> digits;  // handed to the provider until LINE_GATHERDIGITS
    DWORD size = 0;
  };
  struct WorkItem {
    enum class Kind : unsigned char {
      kCloseFailedCall,
      kProviderClosedLine,
      kCreateDevice,
      kRemoveDevice
    };
    Kind kind;
    std::uint64_t value;
  };

  // TSPI callbacks: routed through instance_ (they carry no context, tspi-contract §8).
  static void completion_proc(DRV_REQUESTID request_id, LONG result);
  static void line_event_proc(HTAPILINE ht_line, HTAPICALL ht_call, DWORD message, DWORD_PTR param1,
                              DWORD_PTR param2, DWORD_PTR param3);
  static void phone_event_proc(HTAPIPHONE ht_phone, DWORD message, DWORD_PTR param1,
                               DWORD_PTR param2, DWORD_PTR param3);
  void on_completion(DRV_REQUESTID request_id, LONG result);
  void on_line_event(HTAPILINE ht_line, HTAPICALL ht_call, DWORD message, DWORD_PTR param1,
                     DWORD_PTR param2, DWORD_PTR param3);
  void on_new_call(HTAPILINE ht_line, DWORD_PTR hd_call, DWORD_PTR ht_call_slot);
  void deliver_event(HTAPILINE ht_line, HTAPICALL ht_call, DWORD message, DWORD_PTR param1,
                     DWORD_PTR param2, DWORD_PTR param3);

  // Every TSPI_ call goes through here: reported to the checker, serialized when the provider
  // asked for LINETSPIOPTION_NONREENTRANT, never under mutex_. `invoke` sets the outcome.
  template <class Invoke>
  LONG call_down(const ContractChecker::DownCall& call, Invoke&& invoke);

  const TspiTable& tspi() const { return module_->tspi(); }
  LONG inventory_device(DWORD device_id, Device& device);
  FillFunction dev_caps_fill(DWORD device_id, DWORD version);
  FillFunction address_caps_fill(DWORD device_id, DWORD address_id, DWORD version);
  // Resolves what `target` names into a fill function, its version and a context text, making
  // TAPI's checks; 0 or the LINEERR_ TAPI would return.
  LONG resolve_fill(const FillTarget& target, DWORD& version, std::string& context,
                    FillFunction& fill);
  // Fills as TAPI does at start: the fixed size first, then dwNeededSize.
  LONG fill_growing(StructKind kind, DWORD version, const std::string& context,
                    const FillFunction& fill, std::unique_ptr<StructBuffer>& result);
  // Fills into a host buffer of the app's dwTotalSize, checks, lets `finish` add TAPI's own
  // fields, copies back.
  LONG fill_for_app(StructKind kind, DWORD version, void* app_struct, const std::string& context,
                    const FillFunction& fill, const std::function<void(StructBuffer&)>& finish);
  void check_struct(StructKind kind, DWORD version, const StructBuffer& buffer,
                    const std::string& context);

  // An async call request. `feature` (a LINECALLFEATURE_, 0 for none) is checked first as
  // TAPISRV does (check_call_feature).
  template <class Invoke>
  LONG call_request(CallHandle call, TspiFunction function, DWORD feature, bool exported,
                    Invoke&& invoke);
  // A synchronous call-level TSPI_ function (the media functions): TAPI's handle checks, then
  // the down-call with what the checker needs to know of it.
  template <class Invoke>
  LONG call_sync(CallHandle call, TspiFunction function, bool exported, const MediaDownCall& media,
                 Invoke&& invoke);
  // TAPISRV refuses a call function the call does not offer, before the provider sees it:
  // LINEERR_OPERATIONUNAVAIL when the address never offers it (LINEADDRESSCAPS.dwCallFeatures),
  // LINEERR_INVALCALLSTATE when LINECALLSTATUS.dwCallFeatures does not offer it now. 0 when
  // offered; `state` gets the call state it was offered in.
  LONG check_call_feature(HTAPICALL ht, HDRVCALL hd, DWORD address_features, DWORD feature,
                          DWORD& state);
  // After the provider refused (synchronously) a feature it offered: a violation when it still
  // offers it in the same state (the refusal was not a race with a state change).
  void check_refused_feature(HTAPICALL ht, HDRVCALL hd, TspiFunction function, DWORD feature,
                             DWORD state, LONG result);
  using UuiFunction = LONG(TSPIAPI*)(DRV_REQUESTID, HDRVCALL, LPCSTR, DWORD);
  LONG uui_request(CallHandle call, TspiFunction function, DWORD feature, UuiFunction tspi_function,
                   std::string_view user_user_info);
  LONG after_async_return(DRV_REQUESTID request_id, LONG result, HDRVCALL hd_call);
  LONG close_line(LineHandle handle, bool provider_initiated);
  // The provider's handles of a valid application call (under mutex_); false when unknown.
  bool valid_call(CallHandle call, HDRVCALL& hd, HTAPICALL& ht) const;
  // TSPI_lineCloseCall for an application deallocation (valid and IDLE calls only) or for
  // TAPISRV's own close (any state).
  LONG close_call(CallHandle call, bool app_deallocation);
  DRV_REQUESTID next_request_id_locked();
  void release_reply_locked(DRV_REQUESTID request_id);
  void enqueue_locked(Message message);
  void post_locked(WorkItem item);
  bool refuse_new_call_locked();
  void worker_main();
  void run_work(const WorkItem& item);

  static inline std::atomic<Host*> instance_{nullptr};
  static inline std::atomic<int> callbacks_in_flight_{0};

  Options options_;
  std::unique_ptr<ProviderModule> module_;
  std::string last_error_;
  ContractChecker checker_;
  Latency latency_;
  std::atomic<bool> started_{false};
  bool nonreentrant_ = false;
  std::mutex serial_mutex_;  // held across TSPI_ calls only when nonreentrant_
  DWORD provider_version_ = 0;

  // Bookkeeping, guarded by mutex_ (never held across a TSPI_ call).
  mutable std::mutex mutex_;
  std::condition_variable queue_cv_;
  std::condition_variable work_cv_;
  std::vector<Device> devices_;  // index = device ID - line_device_id_base
  std::map<LineHandle, LineRec> lines_;
  std::unordered_map<std::uintptr_t, LineHandle> line_by_ht_;
  // The per-call tables' nodes come from a pool that keeps freed nodes for the next call (the
  // mutex_ above serialises it), so a call costs no malloc/free in steady state (issue 17).
  std::pmr::unsynchronized_pool_resource call_nodes_;
  std::pmr::map<CallHandle, CallRec> calls_{&call_nodes_};
  std::pmr::unordered_map<std::uintptr_t, CallHandle> call_by_ht_{&call_nodes_};
  std::pmr::unordered_map<DRV_REQUESTID, RequestRec> requests_{&call_nodes_};
  std::unordered_map<DWORD, Gather> gathers_;  // by end-to-end ID
  std::deque<Message> queue_;
  std::deque<WorkItem> work_;
  bool stop_worker_ = false;
  std::thread worker_;
  LineHandle next_line_handle_ = 1;
  CallHandle next_call_handle_ = 1;
  std::uint64_t next_ht_ = 1;
  DRV_REQUESTID next_request_id_ = 1;
  DWORD next_end_to_end_id_ = 1;
  std::uint32_t refused_new_calls_ = 0;
  std::mt19937_64 refuse_rng_;
};

}  // namespace spantsp::host
