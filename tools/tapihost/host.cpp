// Host: construction, the callback trampolines, the session lifecycle (start/stop) and
// the worker thread that does TAPISRV's deferred work.

#include "tools/tapihost/host_internal.h"

#include <stdexcept>
#include <utility>

namespace spantsp::host {

using namespace detail;
using DownCall = ContractChecker::DownCall;
using Outcome = ContractChecker::Outcome;

// --- construction, callbacks ------------------------------------------------------------

Host::Host(Options options) : options_(std::move(options)), refuse_rng_(0) {
  Host* expected = nullptr;
  if (!instance_.compare_exchange_strong(expected, this)) {
    throw std::logic_error(
        "tapihost: only one Host may exist per process (TSPI callbacks carry no context)");
  }
  refuse_rng_.seed(options_.refuse_new_calls.seed);
  module_ = ProviderModule::load(options_.provider_path, last_error_);
}

Host::~Host() {
  if (started_) stop();
  instance_.store(nullptr);
  // A provider breaking the rules may still be inside a callback: wait before unloading it.
  while (callbacks_in_flight_.load() != 0) std::this_thread::yield();
  module_.reset();
}

namespace {

// Keeps the Host alive for the duration of a callback (see ~Host).
class CallbackScope {
 public:
  explicit CallbackScope(std::atomic<int>& in_flight) : in_flight_(in_flight) {
    in_flight_.fetch_add(1);
  }
  ~CallbackScope() { in_flight_.fetch_sub(1); }
  CallbackScope(const CallbackScope&) = delete;
  CallbackScope& operator=(const CallbackScope&) = delete;

 private:
  std::atomic<int>& in_flight_;
};

}  // namespace

void Host::completion_proc(DRV_REQUESTID request_id, LONG result) {
  CallbackScope scope(callbacks_in_flight_);
  HostCodeScope host_code;
  if (Host* host = instance_.load(); host != nullptr) host->on_completion(request_id, result);
}

void Host::line_event_proc(HTAPILINE ht_line, HTAPICALL ht_call, DWORD message, DWORD_PTR param1,
                           DWORD_PTR param2, DWORD_PTR param3) {
  CallbackScope scope(callbacks_in_flight_);
  HostCodeScope host_code;
  if (Host* host = instance_.load(); host != nullptr) {
    host->on_line_event(ht_line, ht_call, message, param1, param2, param3);
  }
}

void Host::phone_event_proc(HTAPIPHONE, DWORD message, DWORD_PTR, DWORD_PTR, DWORD_PTR) {
  CallbackScope scope(callbacks_in_flight_);
  HostCodeScope host_code;
  if (Host* host = instance_.load(); host != nullptr) {
    // No phone devices are used; the callback is still subject to the upcall rules.
    host->checker_.begin_phone_event(message);
    host->checker_.end_upcall();
  }
}

// --- lifecycle ----------------------------------------------------------------------------

LONG Host::start() {
  if (!module_) return err(LINEERR_NODRIVER);
  if (started_) {
    last_error_ = "start(): the session is already started";
    return err(LINEERR_OPERATIONFAILED);
  }
  last_error_.clear();
  const TspiTable& t = tspi();
  // TAPISRV refuses a provider without these (tspi-contract §6, mandatory core).
  for (const auto& [present, name] :
       {std::pair{t.TSPI_lineNegotiateTSPIVersion != nullptr, "TSPI_lineNegotiateTSPIVersion"},
        std::pair{t.TSPI_providerEnumDevices != nullptr, "TSPI_providerEnumDevices"},
        std::pair{t.TSPI_providerInit != nullptr, "TSPI_providerInit"},
        std::pair{t.TSPI_providerShutdown != nullptr, "TSPI_providerShutdown"},
        std::pair{t.TSPI_lineGetDevCaps != nullptr, "TSPI_lineGetDevCaps"}}) {
    if (!present) {
      last_error_ = std::string("provider does not export ") + name;
      return err(LINEERR_NODRIVER);
    }
  }
  const DWORD low = options_.low_version;
  const DWORD high = options_.high_version;

  // tspi-contract §1.2 step 2: the overall interface version first.
  DWORD version = 0;
  LONG result = call_down(DownCall{.function = TspiFunction::TSPI_lineNegotiateTSPIVersion,
                                   .low_version = low,
                                   .high_version = high},
                          [&](Outcome& o) {
                            o.result = t.TSPI_lineNegotiateTSPIVersion(
                                static_cast<DWORD>(INITIALIZE_NEGOTIATION), low, high, &version);
                            o.version = version;
                          });
  if (result != 0) {
    last_error_ =
        "TSPI_lineNegotiateTSPIVersion(INITIALIZE_NEGOTIATION) returned " + describe_result(result);
    return result;
  }
  if (version < low || version > high) {
    last_error_ = "provider negotiated an interface version outside the range asked for";
    return err(LINEERR_INCOMPATIBLEAPIVERSION);
  }
  provider_version_ = version;

  // Step 3: device counts, and our LINEEVENT for LINE_CREATE.
  DWORD num_lines = 0;
  DWORD num_phones = 0;
  result = call_down(DownCall{.function = TspiFunction::TSPI_providerEnumDevices}, [&](Outcome& o) {
    o.result = t.TSPI_providerEnumDevices(options_.permanent_provider_id, &num_lines, &num_phones,
                                          kProviderHandle, &Host::line_event_proc,
                                          &Host::phone_event_proc);
  });
  if (result != 0) {
    last_error_ = "TSPI_providerEnumDevices returned " + describe_result(result);
    return result;
  }

  // Step 4.
  DWORD tspi_options = 0;
  result = call_down(DownCall{.function = TspiFunction::TSPI_providerInit}, [&](Outcome& o) {
    o.result =
        t.TSPI_providerInit(version, options_.permanent_provider_id, options_.line_device_id_base,
                            0, num_lines, num_phones, &Host::completion_proc, &tspi_options);
  });
  if (result != 0) {
    last_error_ = "TSPI_providerInit returned " + describe_result(result);
    return result;
  }
  nonreentrant_ = (tspi_options & LINETSPIOPTION_NONREENTRANT) != 0;
  {
    std::lock_guard lock(mutex_);
    devices_.clear();
    stop_worker_ = false;
    // Buckets for two calls and requests per line, so the tables never rehash in a run.
    call_by_ht_.reserve(2 * std::size_t{num_lines} + 64);
    requests_.reserve(2 * std::size_t{num_lines} + 64);
  }
  started_ = true;
  worker_ = std::thread([this] { worker_main(); });

  // Step 5: the resource inventory, device by device.
  for (DWORD i = 0; i < num_lines; ++i) {
    Device device;
    inventory_device(options_.line_device_id_base + i, device);
    std::lock_guard lock(mutex_);
    devices_.push_back(std::move(device));
  }
  return 0;
}

LONG Host::stop() {
  if (!started_) return err(LINEERR_UNINITIALIZED);
  // TAPISRV's own deferred work first (closing failed calls, provider-closed lines).
  {
    std::lock_guard lock(mutex_);
    stop_worker_ = true;
  }
  work_cv_.notify_all();
  if (worker_.joinable()) worker_.join();

  std::vector<LineHandle> open;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [handle, line] : lines_) open.push_back(handle);
  }
  for (LineHandle handle : open) close_line(handle, false);

  // tspi-contract §1.2 step 9: the last TSPI call of the session.
  const TspiTable& t = tspi();
  const LONG result =
      call_down(DownCall{.function = TspiFunction::TSPI_providerShutdown}, [&](Outcome& o) {
        o.result = t.TSPI_providerShutdown(provider_version_, options_.permanent_provider_id);
      });
  {
    std::lock_guard lock(mutex_);
    lines_.clear();
    line_by_ht_.clear();
    calls_.clear();
    call_by_ht_.clear();
    requests_.clear();
    gathers_.clear();
    work_.clear();
  }
  nonreentrant_ = false;
  started_ = false;
  return result;
}

DWORD Host::num_lines() const {
  std::lock_guard lock(mutex_);
  return static_cast<DWORD>(devices_.size());
}

std::vector<LineInfo> Host::lines() const {
  std::lock_guard lock(mutex_);
  std::vector<LineInfo> out;
  for (const Device& device : devices_) {
    if (device.usable && !device.removed) out.push_back(device.info);
  }
  return out;
}

// --- TAPISRV's own thread --------------------------------------------------------------------

void Host::post_locked(WorkItem item) {
  if (stop_worker_) return;
  work_.push_back(item);
  work_cv_.notify_one();
}

void Host::worker_main() {
  HostCodeScope host_code;
  std::unique_lock lock(mutex_);
  for (;;) {
    work_cv_.wait(lock, [this] { return stop_worker_ || !work_.empty(); });
    if (work_.empty()) return;  // stopping, nothing left
    const WorkItem item = work_.front();
    work_.pop_front();
    lock.unlock();
    run_work(item);
    lock.lock();
  }
}

void Host::run_work(const WorkItem& item) {
  const TspiTable& t = tspi();
  switch (item.kind) {
    case WorkItem::Kind::kCloseFailedCall: {
      const auto handle = static_cast<CallHandle>(item.value);
      HDRVCALL hd = nullptr;
      HTAPICALL ht = nullptr;
      {
        std::lock_guard lock(mutex_);
        const auto it = calls_.find(handle);
        if (it == calls_.end() || it->second.phase != CallPhase::kFailed) return;
        it->second.phase = CallPhase::kClosing;
        hd = it->second.hd;
        ht = it->second.ht;
      }
      if (t.TSPI_lineCloseCall != nullptr) {
        call_down(DownCall{.function = TspiFunction::TSPI_lineCloseCall, .ht_call = ht},
                  [&](Outcome& o) { o.result = t.TSPI_lineCloseCall(hd); });
      }
      std::lock_guard lock(mutex_);
      call_by_ht_.erase(key(ht));
      calls_.erase(handle);
      return;
    }
    case WorkItem::Kind::kProviderClosedLine:
      close_line(static_cast<LineHandle>(item.value), true);
      return;
    case WorkItem::Kind::kCreateDevice: {
      if (t.TSPI_providerCreateLineDevice == nullptr) return;
      DWORD device_id = 0;
      {
        std::lock_guard lock(mutex_);
        device_id = options_.line_device_id_base + static_cast<DWORD>(devices_.size());
      }
      // tspi-contract §1.3: a failure means the device is silently ignored.
      const LONG result = call_down(
          DownCall{.function = TspiFunction::TSPI_providerCreateLineDevice}, [&](Outcome& o) {
            o.result =
                t.TSPI_providerCreateLineDevice(static_cast<DWORD_PTR>(item.value), device_id);
          });
      if (result != 0) return;
      Device device;
      inventory_device(device_id, device);
      std::lock_guard lock(mutex_);
      devices_.push_back(std::move(device));
      enqueue_locked(Message{.message = LINE_CREATE, .param1 = device_id});
      return;
    }
    case WorkItem::Kind::kRemoveDevice: {
      const auto device_id = static_cast<DWORD>(item.value);
      std::vector<LineHandle> open;
      {
        std::lock_guard lock(mutex_);
        const DWORD base = options_.line_device_id_base;
        if (device_id < base || device_id - base >= devices_.size()) return;
        devices_[device_id - base].removed = true;
        for (const auto& [handle, line] : lines_) {
          if (line.device_id == device_id) open.push_back(handle);
        }
      }
      // msg:LINE_REMOVE: TAPI closes the calls and the line, and never uses the ID again.
      for (LineHandle handle : open) close_line(handle, true);
      std::lock_guard lock(mutex_);
      enqueue_locked(Message{.message = LINE_REMOVE, .param1 = device_id});
      return;
    }
  }
}

}  // namespace spantsp::host
