// A tiny fake TSP for the tapihost tests: a few TSPI_* exports that behave (by default) as the
// contract asks, with deliberate misbehaviour switched on by the environment variable
// FAKE_TSP_MISBEHAVE (comma-separated mode names, read at the session's first call,
// TSPI_lineNegotiateTSPIVersion(INITIALIZE_NEGOTIATION)). It records
// every TSPI_ call it sees; tests read the record through the fake_tsp_* hooks.
//
// Threads: TSPI_ functions run on the host's threads; every callback leaves from one
// dispatcher thread (started by providerInit, joined by providerShutdown), never while the
// fake's mutex is held - except where a mode says otherwise.

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tspi/abi/tspi_abi.h"
#include "tspi/abi/tspi_functions.h"
#include "tspi/spantsp_devspecific.h"

#define FAKE_EXPORT extern "C" __attribute__((visibility("default")))

namespace {

using Clock = std::chrono::steady_clock;

constexpr LONG err(auto value) {
  return static_cast<LONG>(value);
}

// Runs callbacks in order on one thread, like the real provider's dispatcher.
class Dispatcher {
 public:
  void start() {
    std::lock_guard lock(mutex_);
    if (thread_.joinable()) return;
    stop_ = false;
    thread_ = std::thread([this] { run(); });
  }
  void post(std::function<void()> work, std::chrono::milliseconds delay = {}) {
    {
      std::lock_guard lock(mutex_);
      queue_.push_back({Clock::now() + delay, std::move(work)});
    }
    cv_.notify_all();
  }
  // Waits until everything posted so far has run.
  void flush() {
    std::unique_lock lock(mutex_);
    if (!thread_.joinable() || std::this_thread::get_id() == thread_.get_id()) return;
    idle_cv_.wait(lock, [this] { return queue_.empty() && !busy_; });
  }
  void stop() {
    std::thread thread;
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
      thread = std::move(thread_);
    }
    cv_.notify_all();
    if (thread.joinable()) thread.join();
  }
  ~Dispatcher() { stop(); }

 private:
  struct Item {
    Clock::time_point when;
    std::function<void()> work;
  };
  void run() {
    std::unique_lock lock(mutex_);
    for (;;) {
      cv_.wait(lock, [this] { return stop_ || !queue_.empty(); });
      if (queue_.empty()) return;
      Item item = std::move(queue_.front());
      queue_.pop_front();
      busy_ = true;
      lock.unlock();
      std::this_thread::sleep_until(item.when);
      item.work();
      lock.lock();
      busy_ = false;
      idle_cv_.notify_all();
    }
  }
  std::mutex mutex_;
  std::condition_variable cv_;
  std::condition_variable idle_cv_;
  std::deque<Item> queue_;
  bool stop_ = false;
  bool busy_ = false;
  std::thread thread_;
};

struct FakeLine {
  HTAPILINE ht = nullptr;
  LINEEVENT proc = nullptr;
  bool open = false;
};

struct FakeCall {
  DWORD device = 0;
  HTAPICALL ht = nullptr;  // also the slot TAPI writes through in LINE_NEWCALL
  DWORD state = 0;
  bool closed = false;
  std::vector<DRV_REQUESTID> pending;  // requests not completed yet
};

struct Fake {
  std::mutex mutex;
  std::vector<std::string> log;
  std::set<std::string> modes;
  DWORD num_lines = 2;
  DWORD base = 0;
  DWORD version = 0;
  ASYNC_COMPLETION completion = nullptr;
  LINEEVENT create_proc = nullptr;
  HPROVIDER provider = nullptr;
  std::map<DWORD, FakeLine> lines;
  std::map<std::uintptr_t, std::unique_ptr<FakeCall>> calls;
  std::uintptr_t next_call = 1;
  std::string log_text;
  Dispatcher dispatcher;  // last: destroyed (joined) first when the library unloads
};

// On Windows never destroyed: a DLL's static destructors run at process exit after every other
// thread was terminated, and joining the dispatcher there never returns (seen under Wine).
// Elsewhere destroyed at unload, so LeakSanitizer sees no leak once the host dlclose()s it.
Fake& fake() {
#ifdef _WIN32
  static Fake& instance = *new Fake;
#else
  static Fake instance;
#endif
  return instance;
}

bool mode(const char* name) {
  std::lock_guard lock(fake().mutex);
  return fake().modes.count(name) != 0;
}

// FAKE_TSP_MISBEHAVE, read at the start of every session.
void load_modes() {
  std::lock_guard lock(fake().mutex);
  fake().modes.clear();
  if (const char* env = std::getenv("FAKE_TSP_MISBEHAVE"); env != nullptr) {
    std::stringstream list(env);
    std::string item;
    while (std::getline(list, item, ',')) {
      if (!item.empty()) fake().modes.insert(item);
    }
  }
}

void record(std::string entry) {
  std::lock_guard lock(fake().mutex);
  fake().log.push_back(std::move(entry));
}

HDRVCALL to_hd(std::uintptr_t id) {
  return reinterpret_cast<HDRVCALL>(0xC000 + id);
}
std::uintptr_t from_hd(HDRVCALL hd) {
  return reinterpret_cast<std::uintptr_t>(hd) - 0xC000;
}
HDRVLINE line_hd(DWORD device) {
  return reinterpret_cast<HDRVLINE>(std::uintptr_t{0x100} + device);
}
DWORD line_device(HDRVLINE hd) {
  return static_cast<DWORD>(reinterpret_cast<std::uintptr_t>(hd) - 0x100);
}

// Upcalls, always made from the dispatcher thread without the fake's lock.
void complete(DRV_REQUESTID id, LONG result) {
  ASYNC_COMPLETION completion = nullptr;
  {
    std::lock_guard lock(fake().mutex);
    completion = fake().completion;
    for (auto& [key, call] : fake().calls) {
      std::erase(call->pending, id);
    }
  }
  if (completion != nullptr) completion(id, result);
}

void line_event(DWORD device, HTAPICALL ht_call, DWORD message, DWORD_PTR p1, DWORD_PTR p2,
                DWORD_PTR p3) {
  FakeLine line;
  {
    std::lock_guard lock(fake().mutex);
    line = fake().lines[device];
  }
  if (line.proc != nullptr) line.proc(line.ht, ht_call, message, p1, p2, p3);
}

void call_state(std::uintptr_t id, DWORD state, DWORD mode_param, DWORD media = 0) {
  DWORD device = 0;
  HTAPICALL ht = nullptr;
  {
    std::lock_guard lock(fake().mutex);
    const auto it = fake().calls.find(id);
    if (it == fake().calls.end()) return;
    if (it->second->closed && fake().modes.count("event_after_closecall") == 0) return;
    it->second->state = state;
    device = it->second->device;
    ht = it->second->ht;
  }
  line_event(device, ht, LINE_CALLSTATE, state, mode_param, media);
}

// Packs variable parts the way the contract asks (tspi-contract §5), or, in the
// "truncate_strings" mode, truncates what does not fit.
class Packer {
 public:
  Packer(void* structure, DWORD fixed) : base_(static_cast<unsigned char*>(structure)) {
    std::memcpy(&total_, base_, sizeof total_);
    used_ = needed_ = fixed;
  }
  void add(const void* data, DWORD size, DWORD* size_field, DWORD* offset_field) {
    needed_ += size;
    if (used_ + size <= total_) {
      std::memcpy(base_ + used_, data, size);
      *size_field = size;
      *offset_field = used_;
      used_ += size;
    } else if (mode("truncate_strings") && used_ < total_) {
      const DWORD room = (total_ - used_) & ~DWORD{1};
      std::memcpy(base_ + used_, data, room);
      *size_field = room;
      *offset_field = used_;
      used_ += room;
    }
  }
  void add_string(const std::u16string& text, DWORD* size_field, DWORD* offset_field) {
    add(text.c_str(), static_cast<DWORD>((text.size() + 1) * sizeof(char16_t)), size_field,
        offset_field);
  }
  void finish() {
    DWORD needed = needed_;
    if (mode("needed_size_varies") && total_ < needed_) needed += 2;
    std::memcpy(base_ + sizeof(DWORD), &needed, sizeof needed);
    std::memcpy(base_ + 2 * sizeof(DWORD), &used_, sizeof used_);
    if (mode("write_past_total")) base_[total_] = 0x5A;
  }

 private:
  unsigned char* base_;
  DWORD total_ = 0;
  DWORD used_ = 0;
  DWORD needed_ = 0;
};

// Independent of the host's tables on purpose: the sizes from the SDK headers per version.
DWORD devcaps_fixed(DWORD version) {
  return version >= 0x00030000 ? 292 : version >= 0x00020002 ? 268 : 252;
}

std::u16string to_u16(const std::string& text) {
  return std::u16string(text.begin(), text.end());
}

std::uintptr_t new_call(DWORD device, HTAPICALL ht, DRV_REQUESTID pending_request) {
  std::lock_guard lock(fake().mutex);
  const std::uintptr_t id = fake().next_call++;
  auto call = std::make_unique<FakeCall>();
  call->device = device;
  call->ht = ht;
  if (pending_request != 0) call->pending.push_back(pending_request);
  fake().calls[id] = std::move(call);
  return id;
}

void add_pending(std::uintptr_t id, DRV_REQUESTID request) {
  std::lock_guard lock(fake().mutex);
  if (const auto it = fake().calls.find(id); it != fake().calls.end()) {
    it->second->pending.push_back(request);
  }
}

bool valid_call(HDRVCALL hd) {
  std::lock_guard lock(fake().mutex);
  const auto it = fake().calls.find(from_hd(hd));
  return it != fake().calls.end() && !it->second->closed;
}

// Completes, on the dispatcher, every request of the calls matching `which` with
// LINEERR_OPERATIONFAILED and waits for that (tspi-contract §2: before close returns).
void fail_pending(const std::function<bool(std::uintptr_t, const FakeCall&)>& which) {
  std::vector<DRV_REQUESTID> requests;
  {
    std::lock_guard lock(fake().mutex);
    for (auto& [key, call] : fake().calls) {
      if (which(key, *call)) {
        requests.insert(requests.end(), call->pending.begin(), call->pending.end());
      }
    }
  }
  for (DRV_REQUESTID id : requests) {
    fake().dispatcher.post([id] { complete(id, err(LINEERR_OPERATIONFAILED)); });
  }
  fake().dispatcher.flush();
}

}  // namespace

// --- provider lifecycle ------------------------------------------------------------------------

extern "C" {

LONG TSPIAPI TSPI_lineNegotiateTSPIVersion(DWORD dwDeviceID, DWORD dwLowVersion,
                                           DWORD dwHighVersion, LPDWORD lpdwTSPIVersion) {
  if (dwDeviceID == static_cast<DWORD>(INITIALIZE_NEGOTIATION)) {
    load_modes();  // the first call of every session
    record("TSPI_lineNegotiateTSPIVersion(INIT)");
  } else {
    record("TSPI_lineNegotiateTSPIVersion(" + std::to_string(dwDeviceID) + ")");
  }
  if (mode("bad_version")) {
    *lpdwTSPIVersion = 0x00010003;
    return 0;
  }
  const DWORD mine = mode("version_2_0") ? 0x00020000 : 0x00030001;
  if (dwLowVersion > mine) return err(LINEERR_INCOMPATIBLEAPIVERSION);
  *lpdwTSPIVersion = std::min(mine, dwHighVersion);
  return 0;
}

LONG TSPIAPI TSPI_providerEnumDevices(DWORD, LPDWORD lpdwNumLines, LPDWORD lpdwNumPhones,
                                      HPROVIDER hProvider, LINEEVENT lpfnLineCreateProc,
                                      PHONEEVENT) {
  record("TSPI_providerEnumDevices");
  std::lock_guard lock(fake().mutex);
  fake().num_lines = 2;
  if (const char* env = std::getenv("FAKE_TSP_LINES"); env != nullptr) {
    fake().num_lines = static_cast<DWORD>(std::strtoul(env, nullptr, 10));
  }
  *lpdwNumLines = fake().num_lines;
  *lpdwNumPhones = 0;
  fake().provider = hProvider;
  fake().create_proc = lpfnLineCreateProc;
  return 0;
}

LONG TSPIAPI TSPI_providerInit(DWORD dwTSPIVersion, DWORD, DWORD dwLineDeviceIDBase, DWORD,
                               DWORD_PTR, DWORD_PTR, ASYNC_COMPLETION lpfnCompletionProc,
                               LPDWORD lpdwTSPIOptions) {
  record("TSPI_providerInit");
  if (mode("init_fails")) return err(LINEERR_NOMEM);
  {
    std::lock_guard lock(fake().mutex);
    fake().version = dwTSPIVersion;
    fake().base = dwLineDeviceIDBase;
    fake().completion = lpfnCompletionProc;
    fake().lines.clear();
    fake().calls.clear();
    if (fake().modes.count("nonreentrant") != 0) *lpdwTSPIOptions |= LINETSPIOPTION_NONREENTRANT;
  }
  fake().dispatcher.stop();  // a late thread of the previous session (upcall_after_shutdown)
  fake().dispatcher.start();
  return 0;
}

LONG TSPIAPI TSPI_providerShutdown(DWORD, DWORD) {
  record("TSPI_providerShutdown");
  if (mode("upcall_after_shutdown")) {
    fake().dispatcher.post([] { complete(4242, 0); }, std::chrono::milliseconds(30));
    return 0;  // the dispatcher is joined at the next providerInit or at unload
  }
  fake().dispatcher.flush();
  fake().dispatcher.stop();
  return 0;
}

LONG TSPIAPI TSPI_providerCreateLineDevice(DWORD_PTR dwTempID, DWORD dwDeviceID) {
  record("TSPI_providerCreateLineDevice(" + std::to_string(dwTempID) + "," +
         std::to_string(dwDeviceID) + ")");
  std::lock_guard lock(fake().mutex);
  ++fake().num_lines;
  return 0;
}

// --- capabilities --------------------------------------------------------------------------------

LONG TSPIAPI TSPI_lineGetDevCaps(DWORD dwDeviceID, DWORD dwTSPIVersion, DWORD,
                                 LPLINEDEVCAPS lpLineDevCaps) {
  record("TSPI_lineGetDevCaps(" + std::to_string(dwDeviceID) + "," +
         std::to_string(lpLineDevCaps->dwTotalSize) + ")");
  Packer packer(lpLineDevCaps, devcaps_fixed(dwTSPIVersion));
  LINEDEVCAPS& caps = *lpLineDevCaps;
  caps.dwPermanentLineID = 0x1000 + dwDeviceID;
  caps.dwStringFormat = STRINGFORMAT_UNICODE;
  caps.dwAddressModes = LINEADDRESSMODE_ADDRESSID;
  caps.dwNumAddresses = 1;
  caps.dwBearerModes = LINEBEARERMODE_VOICE;
  caps.dwMediaModes = LINEMEDIAMODE_INTERACTIVEVOICE | LINEMEDIAMODE_AUTOMATEDVOICE;
  caps.dwMaxNumActiveCalls = 1;
  caps.dwLineStates = LINEDEVSTATE_INSERVICE | LINEDEVSTATE_OUTOFSERVICE;
  packer.add_string(u"FakeTSP 1.0", &caps.dwProviderInfoSize, &caps.dwProviderInfoOffset);
  packer.add_string(u"fake switch", &caps.dwSwitchInfoSize, &caps.dwSwitchInfoOffset);
  packer.add_string(to_u16("Fake Line " + std::to_string(dwDeviceID)), &caps.dwLineNameSize,
                    &caps.dwLineNameOffset);
  const spantsp::SpanTspLineDevSpecific specific{spantsp::kLineDevSpecificMagic,
                                                 spantsp::kLineDevSpecificVersion,
                                                 dwDeviceID / 2 + 1,
                                                 dwDeviceID % 2 + 1,
                                                 1,
                                                 1,
                                                 0};
  packer.add(&specific, sizeof specific, &caps.dwDevSpecificSize, &caps.dwDevSpecificOffset);
  if (dwTSPIVersion >= 0x00020000) {
    const char16_t classes[] = u"tapi/line\0wave/in\0";  // + the literal's NUL: double NUL
    packer.add(classes, sizeof classes, &caps.dwDeviceClassesSize, &caps.dwDeviceClassesOffset);
  }
  packer.finish();
  return 0;
}

LONG TSPIAPI TSPI_lineGetAddressCaps(DWORD dwDeviceID, DWORD dwAddressID, DWORD, DWORD,
                                     LPLINEADDRESSCAPS lpAddressCaps) {
  record("TSPI_lineGetAddressCaps(" + std::to_string(dwDeviceID) + "," +
         std::to_string(dwAddressID) + "," + std::to_string(lpAddressCaps->dwTotalSize) + ")");
  if (dwAddressID != 0) return err(LINEERR_INVALADDRESSID);
  Packer packer(lpAddressCaps, sizeof(LINEADDRESSCAPS));
  lpAddressCaps->dwLineDeviceID = dwDeviceID;
  lpAddressCaps->dwAddressStates = LINEADDRESSSTATE_INUSEZERO | LINEADDRESSSTATE_INUSEONE;
  lpAddressCaps->dwMaxNumActiveCalls = 1;
  // What the fake really sends (the host's checker holds every upcall to these).
  lpAddressCaps->dwCallStates = LINECALLSTATE_IDLE | LINECALLSTATE_OFFERING |
                                LINECALLSTATE_ACCEPTED | LINECALLSTATE_DIALING |
                                LINECALLSTATE_PROCEEDING | LINECALLSTATE_RINGBACK |
                                LINECALLSTATE_CONNECTED | LINECALLSTATE_DISCONNECTED;
  lpAddressCaps->dwConnectedModes = LINECONNECTEDMODE_ACTIVE;
  lpAddressCaps->dwOfferingModes = LINEOFFERINGMODE_ACTIVE;
  lpAddressCaps->dwDisconnectModes = LINEDISCONNECTMODE_NORMAL;
  lpAddressCaps->dwCallInfoStates = LINECALLINFOSTATE_OTHER;
  lpAddressCaps->dwCallFeatures = LINECALLFEATURE_ACCEPT | LINECALLFEATURE_ANSWER |
                                  LINECALLFEATURE_DROP |
                                  (mode("no_dial_feature") ? 0 : LINECALLFEATURE_DIAL);
  packer.add_string(to_u16("100" + std::to_string(dwDeviceID)), &lpAddressCaps->dwAddressSize,
                    &lpAddressCaps->dwAddressOffset);
  packer.finish();
  return 0;
}

// --- lines -----------------------------------------------------------------------------------

LONG TSPIAPI TSPI_lineOpen(DWORD dwDeviceID, HTAPILINE htLine, LPHDRVLINE lphdLine, DWORD,
                           LINEEVENT lpfnEventProc) {
  record("TSPI_lineOpen(" + std::to_string(dwDeviceID) + ")");
  {
    std::lock_guard lock(fake().mutex);
    fake().lines[dwDeviceID] = FakeLine{htLine, lpfnEventProc, true};
  }
  *lphdLine = mode("null_hdline") ? nullptr : line_hd(dwDeviceID);
  if (mode("unadvertised_line_state")) {
    fake().dispatcher.post([dwDeviceID] {
      line_event(dwDeviceID, nullptr, LINE_LINEDEVSTATE, LINEDEVSTATE_RINGING, 0, 0);
      line_event(dwDeviceID, nullptr, LINE_ADDRESSSTATE, 0, LINEADDRESSSTATE_NUMCALLS, 0);
    });
  }
  if (mode("linedevstate_open")) {
    fake().dispatcher.post([dwDeviceID] {
      line_event(dwDeviceID, nullptr, LINE_LINEDEVSTATE, LINEDEVSTATE_OPEN, 0, 0);
    });
  }
  return 0;
}

LONG TSPIAPI TSPI_lineSetDefaultMediaDetection(HDRVLINE, DWORD dwMediaModes) {
  record("TSPI_lineSetDefaultMediaDetection(" + std::to_string(dwMediaModes) + ")");
  return 0;
}

LONG TSPIAPI TSPI_lineSetStatusMessages(HDRVLINE hdLine, DWORD dwLineStates,
                                        DWORD dwAddressStates) {
  record("TSPI_lineSetStatusMessages(" + std::to_string(dwLineStates) + "," +
         std::to_string(dwAddressStates) + ")");
  if (mode("unenabled_line_state")) {  // advertised, but sent whatever the mask says
    const DWORD device = line_device(hdLine);
    fake().dispatcher.post([device] {
      line_event(device, nullptr, LINE_LINEDEVSTATE, LINEDEVSTATE_OUTOFSERVICE, 0, 0);
    });
  }
  return 0;
}

LONG TSPIAPI TSPI_lineClose(HDRVLINE hdLine) {
  const DWORD device = line_device(hdLine);
  record("TSPI_lineClose(" + std::to_string(device) + ")");
  if (!mode("drop_never_completes"))
    fail_pending([device](std::uintptr_t, const FakeCall& call) { return call.device == device; });
  std::lock_guard lock(fake().mutex);
  fake().lines[device].open = false;
  for (auto& [key, call] : fake().calls) {
    if (call->device == device) call->closed = true;
  }
  return 0;
}

LONG TSPIAPI TSPI_lineGetLineDevStatus(HDRVLINE, LPLINEDEVSTATUS lpLineDevStatus) {
  record("TSPI_lineGetLineDevStatus");
  Packer packer(lpLineDevStatus, sizeof(LINEDEVSTATUS));
  lpLineDevStatus->dwDevStatusFlags = LINEDEVSTATUSFLAGS_CONNECTED | LINEDEVSTATUSFLAGS_INSERVICE;
  packer.finish();
  return 0;
}

LONG TSPIAPI TSPI_lineGetAddressStatus(HDRVLINE, DWORD, LPLINEADDRESSSTATUS lpAddressStatus) {
  record("TSPI_lineGetAddressStatus");
  Packer packer(lpAddressStatus, sizeof(LINEADDRESSSTATUS));
  packer.finish();
  return 0;
}

// --- calls -----------------------------------------------------------------------------------

LONG TSPIAPI TSPI_lineMakeCall(DRV_REQUESTID dwRequestID, HDRVLINE hdLine, HTAPICALL htCall,
                               LPHDRVCALL lphdCall, LPCWSTR lpszDestAddress, DWORD,
                               LPLINECALLPARAMS const) {
  const DWORD device = line_device(hdLine);
  std::u16string dest = lpszDestAddress != nullptr ? lpszDestAddress : u"";
  record("TSPI_lineMakeCall(" + std::to_string(device) + "," +
         std::string(dest.begin(), dest.end()) + ")");
  if (mode("makecall_sync_fail")) return err(LINEERR_CALLUNAVAIL);
  const std::uintptr_t id = new_call(device, htCall, dwRequestID);
  *lphdCall = to_hd(id);
  const DRV_REQUESTID request = dwRequestID;
  if (mode("makecall_async_fail")) {
    fake().dispatcher.post([request] { complete(request, err(LINEERR_CALLUNAVAIL)); });
    return static_cast<LONG>(dwRequestID);
  }
  if (mode("event_before_completion")) {
    fake().dispatcher.post([id] { call_state(id, LINECALLSTATE_PROCEEDING, 0); });
  }
  if (mode("inline_completion")) {
    complete(request, 0);  // on the caller's thread, inside TSPI_lineMakeCall
  } else {
    fake().dispatcher.post([request] { complete(request, 0); });
  }
  if (mode("double_completion")) fake().dispatcher.post([request] { complete(request, 0); });
  fake().dispatcher.post([id, device] {
    if (mode("unadvertised_state")) call_state(id, LINECALLSTATE_DIALTONE, 0);
    call_state(id, LINECALLSTATE_DIALING, 0);
    if (mode("unadvertised_callinfo")) {
      HTAPICALL ht = nullptr;
      {
        std::lock_guard lock(fake().mutex);
        ht = fake().calls[id]->ht;
      }
      line_event(device, ht, LINE_CALLINFO, LINECALLINFOSTATE_CALLERID, 0, 0);
    }
    call_state(id, LINECALLSTATE_PROCEEDING, 0);
    call_state(id, LINECALLSTATE_RINGBACK, 0);
    call_state(id, LINECALLSTATE_CONNECTED,
               mode("unadvertised_mode") ? LINECONNECTEDMODE_INACTIVE : LINECONNECTEDMODE_ACTIVE);
  });
  if (mode("makecall_returns_zero")) return 0;
  return static_cast<LONG>(dwRequestID);
}

LONG TSPIAPI TSPI_lineDial(DRV_REQUESTID dwRequestID, HDRVCALL hdCall, LPCWSTR, DWORD) {
  record("TSPI_lineDial");
  if (!valid_call(hdCall)) return err(LINEERR_INVALCALLHANDLE);
  // Offered in LINECALLSTATUS, then refused: what the checker must catch.
  if (mode("refuse_offered_dial")) return err(LINEERR_INVALCALLSTATE);
  const DRV_REQUESTID request = dwRequestID;
  const LONG result = mode("refuse_offered_dial_async") ? err(LINEERR_INVALCALLSTATE) : 0;
  fake().dispatcher.post([request, result] { complete(request, result); });
  return static_cast<LONG>(dwRequestID);
}

LONG TSPIAPI TSPI_lineAnswer(DRV_REQUESTID dwRequestID, HDRVCALL hdCall, LPCSTR, DWORD) {
  record("TSPI_lineAnswer");
  if (!valid_call(hdCall)) return err(LINEERR_INVALCALLHANDLE);
  const std::uintptr_t id = from_hd(hdCall);
  const DRV_REQUESTID request = dwRequestID;
  add_pending(id, request);
  fake().dispatcher.post([id, request] {
    call_state(id, LINECALLSTATE_CONNECTED, LINECONNECTEDMODE_ACTIVE);
    complete(request, 0);
  });
  return static_cast<LONG>(dwRequestID);
}

LONG TSPIAPI TSPI_lineAccept(DRV_REQUESTID dwRequestID, HDRVCALL hdCall, LPCSTR, DWORD) {
  record("TSPI_lineAccept");
  if (!valid_call(hdCall)) return err(LINEERR_INVALCALLHANDLE);
  const std::uintptr_t id = from_hd(hdCall);
  const DRV_REQUESTID request = dwRequestID;
  add_pending(id, request);
  fake().dispatcher.post([id, request] {
    call_state(id, LINECALLSTATE_ACCEPTED, 0);
    complete(request, 0);
  });
  return static_cast<LONG>(dwRequestID);
}

LONG TSPIAPI TSPI_lineDrop(DRV_REQUESTID dwRequestID, HDRVCALL hdCall, LPCSTR, DWORD) {
  record("TSPI_lineDrop");
  if (!valid_call(hdCall)) return err(LINEERR_INVALCALLHANDLE);
  const std::uintptr_t id = from_hd(hdCall);
  const DRV_REQUESTID request = dwRequestID;
  add_pending(id, request);
  if (mode("drop_never_completes")) return static_cast<LONG>(dwRequestID);
  fake().dispatcher.post([id, request] {
    call_state(id, LINECALLSTATE_IDLE, 0);
    if (mode("state_after_idle")) call_state(id, LINECALLSTATE_CONNECTED, LINECONNECTEDMODE_ACTIVE);
    if (mode("callinfo_after_idle")) {
      DWORD device = 0;
      HTAPICALL ht = nullptr;
      {
        std::lock_guard lock(fake().mutex);
        device = fake().calls[id]->device;
        ht = fake().calls[id]->ht;
      }
      line_event(device, ht, LINE_CALLINFO, LINECALLINFOSTATE_OTHER, 0, 0);
    }
    complete(request, 0);
  });
  return static_cast<LONG>(dwRequestID);
}

LONG TSPIAPI TSPI_lineCloseCall(HDRVCALL hdCall) {
  const std::uintptr_t id = from_hd(hdCall);
  record("TSPI_lineCloseCall");
  if (!mode("drop_never_completes")) {
    fail_pending([id](std::uintptr_t key, const FakeCall&) { return key == id; });
  }
  DWORD device = 0;
  HTAPICALL ht = nullptr;
  {
    std::lock_guard lock(fake().mutex);
    const auto it = fake().calls.find(id);
    if (it == fake().calls.end()) return 0;
    it->second->closed = true;
    device = it->second->device;
    ht = it->second->ht;
  }
  if (mode("event_after_closecall")) {
    fake().dispatcher.post(
        [device, ht] { line_event(device, ht, LINE_CALLINFO, LINECALLINFOSTATE_OTHER, 0, 0); },
        std::chrono::milliseconds(20));
  }
  return 0;
}

LONG TSPIAPI TSPI_lineGetCallInfo(HDRVCALL hdCall, LPLINECALLINFO lpCallInfo) {
  record("TSPI_lineGetCallInfo");
  if (!valid_call(hdCall)) return err(LINEERR_INVALCALLHANDLE);
  Packer packer(lpCallInfo, sizeof(LINECALLINFO));
  lpCallInfo->dwBearerMode = LINEBEARERMODE_VOICE;
  lpCallInfo->dwMediaMode = LINEMEDIAMODE_INTERACTIVEVOICE;
  lpCallInfo->dwCallStates = LINECALLSTATE_IDLE | LINECALLSTATE_CONNECTED;
  if (mode("tapi_owned_write")) lpCallInfo->dwNumOwners = 5;
  packer.add_string(u"5551234", &lpCallInfo->dwCallerIDSize, &lpCallInfo->dwCallerIDOffset);
  packer.add_string(u"Fake Caller", &lpCallInfo->dwCallerIDNameSize,
                    &lpCallInfo->dwCallerIDNameOffset);
  packer.finish();
  return 0;
}

LONG TSPIAPI TSPI_lineGetCallStatus(HDRVCALL hdCall, LPLINECALLSTATUS lpCallStatus) {
  record("TSPI_lineGetCallStatus");
  if (!valid_call(hdCall)) return err(LINEERR_INVALCALLHANDLE);
  Packer packer(lpCallStatus, sizeof(LINECALLSTATUS));
  {
    std::lock_guard lock(fake().mutex);
    lpCallStatus->dwCallState = fake().calls[from_hd(hdCall)]->state;
  }
  // The features the fake honours in each state (the host refuses the others first).
  DWORD features = LINECALLFEATURE_DROP;
  switch (lpCallStatus->dwCallState) {
    case LINECALLSTATE_IDLE:
      features = 0;
      break;
    case LINECALLSTATE_OFFERING:
      features |= LINECALLFEATURE_ACCEPT | LINECALLFEATURE_ANSWER;
      break;
    case LINECALLSTATE_ACCEPTED:
      features |= LINECALLFEATURE_ANSWER;
      break;
    case LINECALLSTATE_DIALING:
      features |= LINECALLFEATURE_DIAL;
      break;
    default:
      break;
  }
  if ((mode("refuse_offered_dial") || mode("refuse_offered_dial_async")) && features != 0) {
    features |= LINECALLFEATURE_DIAL;
  }
  lpCallStatus->dwCallFeatures = features;
  packer.finish();
  return 0;
}

LONG TSPIAPI TSPI_lineSetAppSpecific(HDRVCALL hdCall, DWORD) {
  record("TSPI_lineSetAppSpecific");
  return valid_call(hdCall) ? 0 : err(LINEERR_INVALCALLHANDLE);
}

// Writes 'X' into the first byte of the caller's buffer from the dispatcher, then completes:
// the buffer stays the caller's until the completion (lineDevSpecific).
LONG TSPIAPI TSPI_lineDevSpecific(DRV_REQUESTID dwRequestID, HDRVLINE, DWORD, HDRVCALL,
                                  LPVOID lpParams, DWORD dwSize) {
  record("TSPI_lineDevSpecific(" + std::to_string(dwSize) + ")");
  auto* bytes = static_cast<unsigned char*>(lpParams);
  const DRV_REQUESTID request = dwRequestID;
  fake().dispatcher.post([bytes, dwSize, request] {
    if (dwSize != 0) bytes[0] = 'X';
    complete(request, 0);
  });
  return static_cast<LONG>(dwRequestID);
}

LONG TSPIAPI TSPI_lineGetID(HDRVLINE, DWORD, HDRVCALL, DWORD, LPVARSTRING lpDeviceID,
                            LPCWSTR lpszDeviceClass, HANDLE) {
  record("TSPI_lineGetID");
  if (std::u16string(lpszDeviceClass) != u"wave/in") return err(LINEERR_INVALDEVICECLASS);
  Packer packer(lpDeviceID, sizeof(VARSTRING));
  lpDeviceID->dwStringFormat = STRINGFORMAT_UNICODE;
  packer.add_string(u"fake-wave-0", &lpDeviceID->dwStringSize, &lpDeviceID->dwStringOffset);
  packer.finish();
  return 0;
}

}  // extern "C"

// --- test hooks ------------------------------------------------------------------------------

// The TSPI_ calls seen since the last clear, one per line.
FAKE_EXPORT const char* fake_tsp_log() {
  std::lock_guard lock(fake().mutex);
  fake().log_text.clear();
  for (const std::string& entry : fake().log) fake().log_text += entry + "\n";
  return fake().log_text.c_str();
}

FAKE_EXPORT void fake_tsp_clear_log() {
  std::lock_guard lock(fake().mutex);
  fake().log.clear();
}

FAKE_EXPORT void fake_tsp_flush() {
  fake().dispatcher.flush();
}

// A call arrives on `device`: LINE_NEWCALL, then OFFERING if TAPI took it.
FAKE_EXPORT void fake_tsp_incoming_call(DWORD device) {
  const std::uintptr_t id = new_call(device, nullptr, 0);
  fake().dispatcher.post([id, device] {
    HTAPICALL* slot = nullptr;
    {
      std::lock_guard lock(fake().mutex);
      slot = &fake().calls[id]->ht;
    }
    line_event(device, nullptr, LINE_NEWCALL, reinterpret_cast<DWORD_PTR>(to_hd(id)),
               reinterpret_cast<DWORD_PTR>(slot), 0);
    HTAPICALL ht = nullptr;
    {
      std::lock_guard lock(fake().mutex);
      ht = fake().calls[id]->ht;
    }
    if (ht == nullptr && !mode("ignore_newcall_null")) {
      std::lock_guard lock(fake().mutex);
      fake().calls.erase(id);  // tspi-contract §3.3: drop it on the trunk, say nothing more
      return;
    }
    call_state(id, LINECALLSTATE_OFFERING, LINEOFFERINGMODE_ACTIVE, LINEMEDIAMODE_INTERACTIVEVOICE);
  });
}

// The far end clears the most recent call on `device`.
FAKE_EXPORT void fake_tsp_remote_hangup(DWORD device) {
  std::uintptr_t id = 0;
  {
    std::lock_guard lock(fake().mutex);
    for (const auto& [key, call] : fake().calls) {
      if (call->device == device && !call->closed) id = key;
    }
  }
  if (id == 0) return;
  const DWORD disconnect_mode =
      mode("bad_disconnect_mode") ? 0x00100000 : LINEDISCONNECTMODE_NORMAL;
  fake().dispatcher.post(
      [id, disconnect_mode] { call_state(id, LINECALLSTATE_DISCONNECTED, disconnect_mode); });
}

FAKE_EXPORT void fake_tsp_send_line_close(DWORD device) {
  fake().dispatcher.post([device] { line_event(device, nullptr, LINE_CLOSE, 0, 0, 0); });
}

FAKE_EXPORT void fake_tsp_send_line_create(DWORD_PTR temp_id) {
  fake().dispatcher.post([temp_id] {
    LINEEVENT proc = nullptr;
    HPROVIDER provider = nullptr;
    {
      std::lock_guard lock(fake().mutex);
      proc = fake().create_proc;
      provider = fake().provider;
    }
    if (proc != nullptr) {
      proc(nullptr, nullptr, LINE_CREATE, reinterpret_cast<DWORD_PTR>(provider), temp_id, 0);
    }
  });
}
