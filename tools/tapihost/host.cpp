#include "tools/tapihost/host.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <utility>

#include "tspi/spantsp_devspecific.h"
#include "tools/tapihost/lineerr_name.h"
#include "tools/tapihost/utf16.h"

namespace spantsp::host {

namespace {

using DownCall = ContractChecker::DownCall;
using Outcome = ContractChecker::Outcome;

constexpr LONG err(auto value) { return static_cast<LONG>(value); }

// Opaque values the host makes up, as TAPISRV does with its own object pointers. Distinct
// ranges for lines and calls so a provider mixing them up is caught by the checker.
static_assert(sizeof(std::uintptr_t) == 8, "tapihost runs on 64-bit hosts");
constexpr std::uintptr_t kLineTag = 0x4C49'0000'0000;  // "LI"
constexpr std::uintptr_t kCallTag = 0x4341'0000'0000;  // "CA"
const HPROVIDER kProviderHandle = reinterpret_cast<HPROVIDER>(std::uintptr_t{0x5052'4F56});
// No process handles here; a non-null stand-in for the client process (TSPI_lineGetID).
const HANDLE kTargetProcess = reinterpret_cast<HANDLE>(std::uintptr_t{0x5052'4F43});

constexpr std::uint32_t kMaxStructSize = 1u << 20;
constexpr int kMaxGrowAttempts = 4;
constexpr DRV_REQUESTID kMaxRequestId = 0x7FFFFFFF;  // tspi-contract §2: 1..0x7FFFFFFF
constexpr DWORD kMaxGatherDigits = 1u << 16;

constexpr DWORD kAllMediaModes =
    LINEMEDIAMODE_UNKNOWN | LINEMEDIAMODE_INTERACTIVEVOICE | LINEMEDIAMODE_AUTOMATEDVOICE |
    LINEMEDIAMODE_DATAMODEM | LINEMEDIAMODE_G3FAX | LINEMEDIAMODE_TDD | LINEMEDIAMODE_G4FAX |
    LINEMEDIAMODE_DIGITALDATA | LINEMEDIAMODE_TELETEX | LINEMEDIAMODE_VIDEOTEX |
    LINEMEDIAMODE_TELEX | LINEMEDIAMODE_MIXED | LINEMEDIAMODE_ADSI | LINEMEDIAMODE_VOICEVIEW |
    LINEMEDIAMODE_VIDEO;
// TAPI reports these line states itself (tspi-contract §5: it ORs them into dwLineStates).
constexpr DWORD kTapiLineStates = LINEDEVSTATE_OPEN | LINEDEVSTATE_CLOSE | LINEDEVSTATE_REINIT |
                                  LINEDEVSTATE_TRANSLATECHANGE;

template <class Handle>
std::uintptr_t key(Handle handle) {
  return reinterpret_cast<std::uintptr_t>(handle);
}

template <class Handle>
DWORD_PTR as_param(Handle handle) {
  return static_cast<DWORD_PTR>(reinterpret_cast<std::uintptr_t>(handle));
}

// A copy of the structure's fixed part that exists in the buffer (the rest stays zero).
template <class T>
T fixed_part(const StructBuffer& buffer) {
  T value{};
  std::memcpy(&value, buffer.data(), std::min<std::size_t>(sizeof(T), buffer.total_size()));
  return value;
}

std::string read_string(const StructBuffer& buffer, DWORD size, DWORD offset) {
  if (size == 0 || std::uint64_t{offset} + size > buffer.total_size()) return {};
  return utf16_to_utf8(struct_string(buffer.data(), size, offset));
}

std::string device_text(const char* function, DWORD device_id) {
  return std::string(function) + "(device " + std::to_string(device_id) + ")";
}

}  // namespace

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
  if (Host* host = instance_.load(); host != nullptr) host->on_completion(request_id, result);
}

void Host::line_event_proc(HTAPILINE ht_line, HTAPICALL ht_call, DWORD message,
                           DWORD_PTR param1, DWORD_PTR param2, DWORD_PTR param3) {
  CallbackScope scope(callbacks_in_flight_);
  if (Host* host = instance_.load(); host != nullptr) {
    host->on_line_event(ht_line, ht_call, message, param1, param2, param3);
  }
}

void Host::phone_event_proc(HTAPIPHONE, DWORD message, DWORD_PTR, DWORD_PTR, DWORD_PTR) {
  CallbackScope scope(callbacks_in_flight_);
  if (Host* host = instance_.load(); host != nullptr) {
    // No phone devices are used; the callback is still subject to the upcall rules.
    host->checker_.begin_phone_event(message);
    host->checker_.end_upcall();
  }
}

template <class Invoke>
LONG Host::call_down(const DownCall& call, Invoke&& invoke) {
  Outcome outcome;
  const auto id = checker_.begin_down_call(call);
  {
    std::unique_lock serial(serial_mutex_, std::defer_lock);
    if (nonreentrant_) serial.lock();
    invoke(outcome);
  }
  checker_.end_down_call(id, outcome);
  return outcome.result;
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
  LONG result = call_down(
      DownCall{.function = TspiFunction::TSPI_lineNegotiateTSPIVersion,
               .low_version = low,
               .high_version = high},
      [&](Outcome& o) {
        o.result = t.TSPI_lineNegotiateTSPIVersion(static_cast<DWORD>(INITIALIZE_NEGOTIATION),
                                                   low, high, &version);
        o.version = version;
      });
  if (result != 0) {
    last_error_ = "TSPI_lineNegotiateTSPIVersion(INITIALIZE_NEGOTIATION) returned " +
                  describe_result(result);
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
  result = call_down(DownCall{.function = TspiFunction::TSPI_providerEnumDevices},
                     [&](Outcome& o) {
                       o.result = t.TSPI_providerEnumDevices(
                           options_.permanent_provider_id, &num_lines, &num_phones,
                           kProviderHandle, &Host::line_event_proc, &Host::phone_event_proc);
                     });
  if (result != 0) {
    last_error_ = "TSPI_providerEnumDevices returned " + describe_result(result);
    return result;
  }

  // Step 4.
  DWORD tspi_options = 0;
  result = call_down(DownCall{.function = TspiFunction::TSPI_providerInit}, [&](Outcome& o) {
    o.result = t.TSPI_providerInit(version, options_.permanent_provider_id,
                                   options_.line_device_id_base, 0, num_lines, num_phones,
                                   &Host::completion_proc, &tspi_options);
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

// --- inventory and structure fills -------------------------------------------------------

FillFunction Host::dev_caps_fill(DWORD device_id, DWORD version) {
  return [this, device_id, version](void* structure) {
    return call_down(DownCall{.function = TspiFunction::TSPI_lineGetDevCaps}, [&](Outcome& o) {
      o.result = tspi().TSPI_lineGetDevCaps(device_id, version, 0,
                                            static_cast<LPLINEDEVCAPS>(structure));
    });
  };
}

FillFunction Host::address_caps_fill(DWORD device_id, DWORD address_id, DWORD version) {
  return [this, device_id, address_id, version](void* structure) {
    return call_down(DownCall{.function = TspiFunction::TSPI_lineGetAddressCaps},
                     [&](Outcome& o) {
                       o.result = tspi().TSPI_lineGetAddressCaps(
                           device_id, address_id, version, 0,
                           static_cast<LPLINEADDRESSCAPS>(structure));
                     });
  };
}

void Host::check_struct(StructKind kind, DWORD version, const StructBuffer& buffer,
                        const std::string& context) {
  if (!options_.check_structures) return;
  std::vector<Violation> found;
  check_filled_struct(kind, version, buffer, context, found);
  for (Violation& violation : found) {
    checker_.add_violation(violation.rule, std::move(violation.description));
  }
}

LONG Host::fill_growing(StructKind kind, DWORD version, const std::string& context,
                        const FillFunction& fill, std::unique_ptr<StructBuffer>& result) {
  // As TAPI does: first the fixed size, then again with dwNeededSize.
  std::uint32_t total = fixed_size(kind, version);
  for (int attempt = 0; attempt < kMaxGrowAttempts; ++attempt) {
    auto buffer = std::make_unique<StructBuffer>(total);
    const LONG status = fill(buffer->data());
    if (status != 0) return status;
    check_struct(kind, version, *buffer, context);
    const DWORD needed = buffer->word(1);
    result = std::move(buffer);
    if (needed <= total) return 0;
    if (needed > kMaxStructSize) {
      checker_.add_violation(Rule::kSizeFields, context + ": dwNeededSize " +
                                                    std::to_string(needed) + " is implausible");
      return 0;
    }
    total = needed;
  }
  checker_.add_violation(Rule::kNeededSizeUnstable,
                         context + ": dwNeededSize kept growing after filling at dwNeededSize");
  return 0;
}

LONG Host::inventory_device(DWORD device_id, Device& device) {
  const TspiTable& t = tspi();
  device.info.device_id = device_id;
  DWORD version = 0;
  LONG result = call_down(
      DownCall{.function = TspiFunction::TSPI_lineNegotiateTSPIVersion,
               .low_version = options_.low_version,
               .high_version = options_.high_version},
      [&](Outcome& o) {
        o.result = t.TSPI_lineNegotiateTSPIVersion(device_id, options_.low_version,
                                                   options_.high_version, &version);
        o.version = version;
      });
  if (result != 0 || version < options_.low_version || version > options_.high_version) {
    return result != 0 ? result : err(LINEERR_INCOMPATIBLEAPIVERSION);
  }
  device.info.tspi_version = version;

  std::unique_ptr<StructBuffer> caps_buffer;
  result = fill_growing(StructKind::kLineDevCaps, version,
                        device_text("TSPI_lineGetDevCaps", device_id),
                        dev_caps_fill(device_id, version), caps_buffer);
  if (result != 0) return result;
  const auto caps = fixed_part<LINEDEVCAPS>(*caps_buffer);
  LineInfo& info = device.info;
  info.permanent_line_id = caps.dwPermanentLineID;
  info.name = read_string(*caps_buffer, caps.dwLineNameSize, caps.dwLineNameOffset);
  info.provider_info = read_string(*caps_buffer, caps.dwProviderInfoSize, caps.dwProviderInfoOffset);
  info.switch_info = read_string(*caps_buffer, caps.dwSwitchInfoSize, caps.dwSwitchInfoOffset);
  info.num_addresses = caps.dwNumAddresses;
  info.max_active_calls = caps.dwMaxNumActiveCalls;
  info.media_modes = caps.dwMediaModes;
  info.bearer_modes = caps.dwBearerModes;
  device.line_states = caps.dwLineStates;
  if (caps.dwDevSpecificSize >= sizeof(SpanTspLineDevSpecific) &&
      std::uint64_t{caps.dwDevSpecificOffset} + caps.dwDevSpecificSize <=
          caps_buffer->total_size()) {
    SpanTspLineDevSpecific specific{};
    std::memcpy(&specific, caps_buffer->bytes() + caps.dwDevSpecificOffset, sizeof specific);
    if (specific.dwMagic == kLineDevSpecificMagic && specific.dwVersion >= 1) {
      info.has_span = true;
      info.span = specific.dwSpan;
      info.channel = specific.dwChannel;
    }
  }
  device.usable = true;

  if (t.TSPI_lineGetAddressCaps != nullptr && caps.dwNumAddresses > 0) {
    std::unique_ptr<StructBuffer> address_buffer;
    const LONG address_result = fill_growing(
        StructKind::kLineAddressCaps, version,
        device_text("TSPI_lineGetAddressCaps", device_id) + " address 0",
        address_caps_fill(device_id, 0, version), address_buffer);
    if (address_result == 0) {
      const auto address = fixed_part<LINEADDRESSCAPS>(*address_buffer);
      info.number = read_string(*address_buffer, address.dwAddressSize, address.dwAddressOffset);
      device.address_states = address.dwAddressStates;
    }
  }
  return 0;
}

LONG Host::resolve_fill(const FillTarget& target, DWORD& version, std::string& context,
                        FillFunction& fill) {
  if (!started_) return err(LINEERR_UNINITIALIZED);
  const TspiTable& t = tspi();
  std::lock_guard lock(mutex_);
  switch (target.kind) {
    case StructKind::kLineDevCaps:
    case StructKind::kLineAddressCaps: {
      const DWORD base = options_.line_device_id_base;
      if (target.device_id < base || target.device_id - base >= devices_.size()) {
        return err(LINEERR_BADDEVICEID);
      }
      const Device& device = devices_[target.device_id - base];
      if (device.removed) return err(LINEERR_NODEVICE);
      if (!device.usable) return err(LINEERR_INCOMPATIBLEAPIVERSION);
      version = device.info.tspi_version;
      if (target.kind == StructKind::kLineDevCaps) {
        context = device_text("TSPI_lineGetDevCaps", target.device_id);
        fill = dev_caps_fill(target.device_id, version);
        return 0;
      }
      if (t.TSPI_lineGetAddressCaps == nullptr) return err(LINEERR_OPERATIONUNAVAIL);
      if (target.address_id >= device.info.num_addresses) return err(LINEERR_INVALADDRESSID);
      context = device_text("TSPI_lineGetAddressCaps", target.device_id) + " address " +
                std::to_string(target.address_id);
      fill = address_caps_fill(target.device_id, target.address_id, version);
      return 0;
    }
    case StructKind::kLineDevStatus:
    case StructKind::kLineAddressStatus: {
      const auto it = lines_.find(target.line);
      if (it == lines_.end() || it->second.phase != LinePhase::kOpen) {
        return err(LINEERR_INVALLINEHANDLE);
      }
      const LineRec& line = it->second;
      version = line.version;
      const HDRVLINE hd = line.hd;
      const HTAPILINE ht = line.ht;
      if (target.kind == StructKind::kLineDevStatus) {
        if (t.TSPI_lineGetLineDevStatus == nullptr) return err(LINEERR_OPERATIONUNAVAIL);
        context = device_text("TSPI_lineGetLineDevStatus", line.device_id);
        fill = [this, hd, ht](void* structure) {
          return call_down(
              DownCall{.function = TspiFunction::TSPI_lineGetLineDevStatus, .ht_line = ht},
              [&](Outcome& o) {
                o.result = tspi().TSPI_lineGetLineDevStatus(
                    hd, static_cast<LPLINEDEVSTATUS>(structure));
              });
        };
        return 0;
      }
      if (t.TSPI_lineGetAddressStatus == nullptr) return err(LINEERR_OPERATIONUNAVAIL);
      const Device& device = devices_[line.device_id - options_.line_device_id_base];
      if (target.address_id >= device.info.num_addresses) return err(LINEERR_INVALADDRESSID);
      context = device_text("TSPI_lineGetAddressStatus", line.device_id) + " address " +
                std::to_string(target.address_id);
      const DWORD address_id = target.address_id;
      fill = [this, hd, ht, address_id](void* structure) {
        return call_down(
            DownCall{.function = TspiFunction::TSPI_lineGetAddressStatus, .ht_line = ht},
            [&](Outcome& o) {
              o.result = tspi().TSPI_lineGetAddressStatus(
                  hd, address_id, static_cast<LPLINEADDRESSSTATUS>(structure));
            });
      };
      return 0;
    }
    case StructKind::kLineCallInfo:
    case StructKind::kLineCallStatus: {
      const auto it = calls_.find(target.call);
      if (it == calls_.end() || it->second.phase != CallPhase::kValid) {
        return err(LINEERR_INVALCALLHANDLE);
      }
      const CallRec& call = it->second;
      version = lines_.at(call.line).version;
      const HDRVCALL hd = call.hd;
      const HTAPICALL ht = call.ht;
      const std::string name = "call " + std::to_string(call.handle) + ")";
      if (target.kind == StructKind::kLineCallInfo) {
        if (t.TSPI_lineGetCallInfo == nullptr) return err(LINEERR_OPERATIONUNAVAIL);
        context = "TSPI_lineGetCallInfo(" + name;
        fill = [this, hd, ht](void* structure) {
          return call_down(
              DownCall{.function = TspiFunction::TSPI_lineGetCallInfo, .ht_call = ht},
              [&](Outcome& o) {
                o.result = tspi().TSPI_lineGetCallInfo(hd, static_cast<LPLINECALLINFO>(structure));
              });
        };
        return 0;
      }
      if (t.TSPI_lineGetCallStatus == nullptr) return err(LINEERR_OPERATIONUNAVAIL);
      context = "TSPI_lineGetCallStatus(" + name;
      fill = [this, hd, ht](void* structure) {
        return call_down(
            DownCall{.function = TspiFunction::TSPI_lineGetCallStatus, .ht_call = ht},
            [&](Outcome& o) {
              o.result =
                  tspi().TSPI_lineGetCallStatus(hd, static_cast<LPLINECALLSTATUS>(structure));
            });
      };
      return 0;
    }
    case StructKind::kVarString:
    case StructKind::kLineCallParams:
      break;
  }
  return err(LINEERR_OPERATIONUNAVAIL);
}

LONG Host::fill_for_app(StructKind kind, DWORD version, void* app_struct,
                        const std::string& context, const FillFunction& fill,
                        const std::function<void(StructBuffer&)>& finish) {
  if (app_struct == nullptr) return err(LINEERR_INVALPOINTER);
  DWORD total = 0;
  std::memcpy(&total, app_struct, sizeof total);
  // tspi-contract §5: TAPI checks dwTotalSize covers the fixed part, and lends the provider a
  // zeroed buffer of that size (our own, as TAPISRV marshals the client's).
  if (total < fixed_size(kind, version)) return err(LINEERR_STRUCTURETOOSMALL);
  if (total > kMaxStructSize) return err(LINEERR_INVALPOINTER);
  StructBuffer buffer(total);
  const LONG result = fill(buffer.data());
  if (result != 0) return result;
  check_struct(kind, version, buffer, context);
  if (finish) finish(buffer);
  std::memcpy(app_struct, buffer.data(), total);
  return 0;
}

std::size_t Host::check_fill_at_every_size(const FillTarget& target) {
  DWORD version = 0;
  std::string context;
  FillFunction fill;
  if (resolve_fill(target, version, context, fill) != 0) return 0;
  std::vector<Violation> found;
  host::check_fill_at_every_size(target.kind, version, fill, context, found, kMaxStructSize);
  for (Violation& violation : found) {
    checker_.add_violation(violation.rule, std::move(violation.description));
  }
  return found.size();
}

// --- lines -----------------------------------------------------------------------------------

LONG Host::line_open(DWORD device_id, LineHandle& line, const OpenParams& params) {
  line = 0;
  if (!started_) return err(LINEERR_UNINITIALIZED);
  const TspiTable& t = tspi();
  HTAPILINE ht = nullptr;
  LineHandle handle = 0;
  DWORD version = 0;
  DWORD media_modes = 0;
  DWORD line_states = 0;
  DWORD address_states = 0;
  {
    std::lock_guard lock(mutex_);
    const DWORD base = options_.line_device_id_base;
    // tspi-contract §8 / KB108923: device IDs are TAPI's to check.
    if (device_id < base || device_id - base >= devices_.size()) return err(LINEERR_BADDEVICEID);
    const Device& device = devices_[device_id - base];
    if (device.removed) return err(LINEERR_NODEVICE);
    if (!device.usable) return err(LINEERR_INCOMPATIBLEAPIVERSION);
    for (const auto& [other, rec] : lines_) {
      // One TSPI-level open per device (tspi-contract §1.2 step 6); this host has one app.
      if (rec.device_id == device_id) return err(LINEERR_ALLOCATED);
    }
    media_modes = params.media_modes != 0 ? params.media_modes : device.info.media_modes;
    if ((media_modes & ~kAllMediaModes) != 0) return err(LINEERR_INVALMEDIAMODE);
    if (t.TSPI_lineOpen == nullptr) return err(LINEERR_OPERATIONUNAVAIL);
    line_states = params.line_states.value_or(device.line_states & ~kTapiLineStates);
    address_states = params.address_states.value_or(device.address_states);
    version = device.info.tspi_version;
    handle = next_line_handle_++;
    ht = reinterpret_cast<HTAPILINE>(kLineTag + next_ht_++);
    LineRec& rec = lines_[handle];
    rec.handle = handle;
    rec.device_id = device_id;
    rec.ht = ht;
    rec.version = version;
    rec.media_modes = media_modes;
    line_by_ht_[key(ht)] = handle;
  }

  HDRVLINE hd = nullptr;
  LONG result = call_down(
      DownCall{.function = TspiFunction::TSPI_lineOpen, .ht_line = ht, .tspi_version = version},
      [&](Outcome& o) {
        o.result = t.TSPI_lineOpen(device_id, ht, &hd, version, &Host::line_event_proc);
        o.driver_handle = as_param(hd);
      });
  if (result != 0) {
    std::lock_guard lock(mutex_);
    line_by_ht_.erase(key(ht));
    lines_.erase(handle);
    return result;
  }
  {
    std::lock_guard lock(mutex_);
    lines_.at(handle).hd = hd;
  }

  // tspi-contract §1.2 step 6: TAPI pushes the media detection and status message masks.
  if (t.TSPI_lineSetDefaultMediaDetection != nullptr) {
    result = call_down(
        DownCall{.function = TspiFunction::TSPI_lineSetDefaultMediaDetection, .ht_line = ht},
        [&](Outcome& o) { o.result = t.TSPI_lineSetDefaultMediaDetection(hd, media_modes); });
  }
  if (result == 0 && t.TSPI_lineSetStatusMessages != nullptr) {
    result = call_down(
        DownCall{.function = TspiFunction::TSPI_lineSetStatusMessages, .ht_line = ht},
        [&](Outcome& o) { o.result = t.TSPI_lineSetStatusMessages(hd, line_states, address_states); });
  }
  {
    std::lock_guard lock(mutex_);
    lines_.at(handle).phase = LinePhase::kOpen;
  }
  if (result != 0) {
    close_line(handle, false);
    return result;
  }
  line = handle;
  return 0;
}

LONG Host::line_close(LineHandle line) {
  if (!started_) return err(LINEERR_UNINITIALIZED);
  return close_line(line, false);
}

LONG Host::close_line(LineHandle handle, bool provider_initiated) {
  const TspiTable& t = tspi();
  HDRVLINE hd = nullptr;
  HTAPILINE ht = nullptr;
  struct Closing {
    HDRVCALL hd;
    HTAPICALL ht;
  };
  std::vector<Closing> closing;
  {
    std::lock_guard lock(mutex_);
    const auto it = lines_.find(handle);
    if (it == lines_.end() || it->second.phase != LinePhase::kOpen) {
      return err(LINEERR_INVALLINEHANDLE);
    }
    it->second.phase = LinePhase::kClosing;
    hd = it->second.hd;
    ht = it->second.ht;
    for (auto& [call_handle, call] : calls_) {
      if (call.line != handle || call.phase == CallPhase::kClosing) continue;
      // Calls live inside their line's open (tspi-contract §1.2 step 7): TAPI closes them
      // first. A call whose MakeCall is still pending is closed too (the provider must then
      // complete it with LINEERR_OPERATIONFAILED, §2).
      call.phase = CallPhase::kClosing;
      closing.push_back({call.hd, call.ht});
    }
  }
  if (t.TSPI_lineCloseCall != nullptr) {
    for (const Closing& call : closing) {
      call_down(DownCall{.function = TspiFunction::TSPI_lineCloseCall, .ht_call = call.ht},
                [&](Outcome& o) { o.result = t.TSPI_lineCloseCall(call.hd); });
    }
  }
  LONG result = 0;
  if (t.TSPI_lineClose != nullptr) {
    result = call_down(DownCall{.function = TspiFunction::TSPI_lineClose, .ht_line = ht},
                       [&](Outcome& o) { o.result = t.TSPI_lineClose(hd); });
  }
  std::lock_guard lock(mutex_);
  for (auto it = calls_.begin(); it != calls_.end();) {
    if (it->second.line == handle) {
      call_by_ht_.erase(key(it->second.ht));
      it = calls_.erase(it);
    } else {
      ++it;
    }
  }
  for (auto it = gathers_.begin(); it != gathers_.end();) {
    it = calls_.count(it->second.call) == 0 ? gathers_.erase(it) : std::next(it);
  }
  for (auto it = requests_.begin(); it != requests_.end();) {
    it = it->second.line == handle ? requests_.erase(it) : std::next(it);
  }
  line_by_ht_.erase(key(ht));
  lines_.erase(handle);
  if (provider_initiated) enqueue_locked(Message{.message = LINE_CLOSE, .line = handle});
  return result;
}

LONG Host::line_get_dev_caps(DWORD device_id, LINEDEVCAPS* caps) {
  DWORD version = 0;
  std::string context;
  FillFunction fill;
  const LONG result =
      resolve_fill({.kind = StructKind::kLineDevCaps, .device_id = device_id}, version, context,
                   fill);
  if (result != 0) return result;
  return fill_for_app(StructKind::kLineDevCaps, version, caps, context, fill,
                      [](StructBuffer& buffer) {
                        // tspi-contract §5: TAPI ORs in the states it reports itself.
                        buffer.as<LINEDEVCAPS>()->dwLineStates |= kTapiLineStates;
                      });
}

LONG Host::line_get_address_caps(DWORD device_id, DWORD address_id, LINEADDRESSCAPS* caps) {
  DWORD version = 0;
  std::string context;
  FillFunction fill;
  const LONG result = resolve_fill(
      {.kind = StructKind::kLineAddressCaps, .device_id = device_id, .address_id = address_id},
      version, context, fill);
  if (result != 0) return result;
  return fill_for_app(StructKind::kLineAddressCaps, version, caps, context, fill, {});
}

LONG Host::line_get_line_dev_status(LineHandle line, LINEDEVSTATUS* status) {
  DWORD version = 0;
  std::string context;
  FillFunction fill;
  const LONG result =
      resolve_fill({.kind = StructKind::kLineDevStatus, .line = line}, version, context, fill);
  if (result != 0) return result;
  DWORD media_modes = 0;
  {
    std::lock_guard lock(mutex_);
    if (const auto it = lines_.find(line); it != lines_.end()) media_modes = it->second.media_modes;
  }
  return fill_for_app(StructKind::kLineDevStatus, version, status, context, fill,
                      [media_modes](StructBuffer& buffer) {
                        // TAPI-owned: its own clients of the line (tspi-contract §5).
                        auto* filled = buffer.as<LINEDEVSTATUS>();
                        filled->dwNumOpens = 1;
                        filled->dwOpenMediaModes = media_modes;
                      });
}

LONG Host::line_get_address_status(LineHandle line, DWORD address_id,
                                   LINEADDRESSSTATUS* status) {
  DWORD version = 0;
  std::string context;
  FillFunction fill;
  const LONG result = resolve_fill(
      {.kind = StructKind::kLineAddressStatus, .address_id = address_id, .line = line}, version,
      context, fill);
  if (result != 0) return result;
  return fill_for_app(StructKind::kLineAddressStatus, version, status, context, fill, {});
}

// --- calls -----------------------------------------------------------------------------------

DRV_REQUESTID Host::next_request_id_locked() {
  // tspi-contract §2: 1..0x7FFFFFFF, not reused until completed.
  for (;;) {
    const DRV_REQUESTID id = next_request_id_;
    next_request_id_ = next_request_id_ >= kMaxRequestId ? 1 : next_request_id_ + 1;
    if (requests_.count(id) == 0) return id;
  }
}

LONG Host::after_async_return(DRV_REQUESTID request_id, LONG result, HDRVCALL hd_call) {
  std::lock_guard lock(mutex_);
  const auto it = requests_.find(request_id);
  if (it == requests_.end()) return result;  // its line was closed meanwhile
  RequestRec& request = it->second;
  if (result < 0) {
    // Failed synchronously: no completion will come, no LINE_REPLY is sent, and a call it
    // would have created never existed (no TSPI_lineCloseCall, fn:TSPI_lineCloseCall).
    if (request.function == TspiFunction::TSPI_lineMakeCall) {
      if (const auto call = calls_.find(request.call); call != calls_.end()) {
        call_by_ht_.erase(key(call->second.ht));
        calls_.erase(call);
      }
    }
    requests_.erase(it);
    return result;
  }
  // Any other non-negative value is a violation the checker recorded; the request is treated
  // as pending, as its id is what the application gets.
  request.returned = true;
  if (request.function == TspiFunction::TSPI_lineMakeCall) {
    if (const auto call = calls_.find(request.call); call != calls_.end()) call->second.hd = hd_call;
  }
  // tspi-contract §2: the app sees LINE_REPLY only after the request returned.
  if (request.completed) release_reply_locked(request_id);
  return static_cast<LONG>(request_id);
}

void Host::release_reply_locked(DRV_REQUESTID request_id) {
  const auto it = requests_.find(request_id);
  if (it == requests_.end()) return;
  const RequestRec request = std::move(it->second);
  requests_.erase(it);
  if (request.result == 0 && request.params && request.app_params != nullptr) {
    std::memcpy(request.app_params, request.params->data(), request.params->size());
  }
  enqueue_locked(Message{.message = LINE_REPLY,
                         .line = request.line,
                         .call = request.call,
                         .param1 = request_id,
                         .param2 = static_cast<DWORD_PTR>(static_cast<DWORD>(request.result))});
  if (request.function != TspiFunction::TSPI_lineMakeCall) return;
  const auto call = calls_.find(request.call);
  if (call == calls_.end() || call->second.phase != CallPhase::kPending) return;
  CallRec& rec = call->second;
  if (request.result == 0) {
    rec.phase = CallPhase::kValid;
    rec.released = true;
    for (Message& held : rec.held) enqueue_locked(std::move(held));
    rec.held.clear();
  } else {
    // TAPI closes the failed call itself (fn:TSPI_lineCloseCall; tspi-contract §2 [C]).
    rec.phase = CallPhase::kFailed;
    rec.held.clear();
    post_locked({WorkItem::Kind::kCloseFailedCall, rec.handle});
  }
}

LONG Host::line_make_call(LineHandle line, std::optional<std::string_view> dest_utf8,
                          const LINECALLPARAMS* call_params, CallHandle& call) {
  call = 0;
  if (!started_) return err(LINEERR_UNINITIALIZED);
  const TspiTable& t = tspi();
  if (t.TSPI_lineMakeCall == nullptr) return err(LINEERR_OPERATIONUNAVAIL);

  // TAPISRV marshals the inputs into its own buffers; they die when the call returns, which
  // catches providers that keep pointers into them (tspi-contract §2, §8.9).
  std::u16string dest;
  if (dest_utf8) dest = utf8_to_utf16(*dest_utf8);
  std::vector<std::uint64_t> params_copy;

  DRV_REQUESTID request_id = 0;
  HDRVLINE hd_line = nullptr;
  HTAPILINE ht_line = nullptr;
  HTAPICALL ht_call = nullptr;
  {
    std::lock_guard lock(mutex_);
    const auto it = lines_.find(line);
    if (it == lines_.end() || it->second.phase != LinePhase::kOpen) {
      return err(LINEERR_INVALLINEHANDLE);
    }
    if (call_params != nullptr) {
      const std::uint32_t fixed = fixed_size(StructKind::kLineCallParams, it->second.version);
      const DWORD total = call_params->dwTotalSize;
      if (total < fixed) return err(LINEERR_STRUCTURETOOSMALL);
      if (total > kMaxStructSize) return err(LINEERR_INVALPOINTER);
      const auto* bytes = reinterpret_cast<const unsigned char*>(call_params);
      for (const VarField& field : struct_layout(StructKind::kLineCallParams).fields) {
        if (!field_exists(field, fixed)) continue;
        DWORD size = 0;
        DWORD offset = 0;
        std::memcpy(&size, bytes + field.size_at, sizeof size);
        std::memcpy(&offset, bytes + field.offset_at, sizeof offset);
        if (size != 0 && (offset < fixed || std::uint64_t{offset} + size > total)) {
          return err(LINEERR_INVALCALLPARAMS);
        }
      }
      params_copy.resize((total + sizeof(std::uint64_t) - 1) / sizeof(std::uint64_t));
      std::memcpy(params_copy.data(), call_params, total);
    }
    hd_line = it->second.hd;
    ht_line = it->second.ht;
    request_id = next_request_id_locked();
    const CallHandle handle = next_call_handle_++;
    ht_call = reinterpret_cast<HTAPICALL>(kCallTag + next_ht_++);
    CallRec& rec = calls_[handle];
    rec.handle = handle;
    rec.line = line;
    rec.ht = ht_call;
    rec.outgoing = true;
    call_by_ht_[key(ht_call)] = handle;
    requests_[request_id] = RequestRec{TspiFunction::TSPI_lineMakeCall, line, handle};
    call = handle;
  }

  HDRVCALL hd_call = nullptr;
  auto* params = params_copy.empty() ? nullptr : reinterpret_cast<LPLINECALLPARAMS>(params_copy.data());
  const LONG result = call_down(
      DownCall{.function = TspiFunction::TSPI_lineMakeCall,
               .request_id = request_id,
               .ht_line = ht_line,
               .ht_call = ht_call},
      [&](Outcome& o) {
        o.result = t.TSPI_lineMakeCall(request_id, hd_line, ht_call, &hd_call,
                                       dest_utf8 ? dest.c_str() : nullptr, 0, params);
        o.driver_handle = as_param(hd_call);
      });
  std::fill(dest.begin(), dest.end(), u'\xDDDD');
  std::fill(params_copy.begin(), params_copy.end(), 0xDDDDDDDDDDDDDDDDull);
  const LONG returned = after_async_return(request_id, result, hd_call);
  if (returned < 0) call = 0;
  return returned;
}

template <class Invoke>
LONG Host::call_request(CallHandle call, TspiFunction function, bool exported, Invoke&& invoke) {
  if (!started_) return err(LINEERR_UNINITIALIZED);
  if (!exported) return err(LINEERR_OPERATIONUNAVAIL);
  DRV_REQUESTID request_id = 0;
  HDRVCALL hd = nullptr;
  HTAPICALL ht = nullptr;
  HTAPILINE ht_line = nullptr;
  {
    std::lock_guard lock(mutex_);
    const auto it = calls_.find(call);
    // tspi-contract §8: TAPI passes only handles the provider returned and validated.
    if (it == calls_.end() || it->second.phase != CallPhase::kValid) {
      return err(LINEERR_INVALCALLHANDLE);
    }
    hd = it->second.hd;
    ht = it->second.ht;
    ht_line = lines_.at(it->second.line).ht;
    request_id = next_request_id_locked();
    requests_[request_id] = RequestRec{function, it->second.line, call};
  }
  const LONG result = call_down(
      DownCall{.function = function, .request_id = request_id, .ht_line = ht_line, .ht_call = ht},
      [&](Outcome& o) { o.result = invoke(request_id, hd); });
  return after_async_return(request_id, result, nullptr);
}

LONG Host::line_dial(CallHandle call, std::string_view dest_utf8) {
  const std::u16string dest = utf8_to_utf16(dest_utf8);
  const TspiTable& t = tspi();
  return call_request(call, TspiFunction::TSPI_lineDial, t.TSPI_lineDial != nullptr,
                      [&](DRV_REQUESTID id, HDRVCALL hd) {
                        return t.TSPI_lineDial(id, hd, dest.c_str(), 0);
                      });
}

LONG Host::line_answer(CallHandle call, std::string_view user_user_info) {
  const std::string uui(user_user_info);
  const TspiTable& t = tspi();
  return call_request(call, TspiFunction::TSPI_lineAnswer, t.TSPI_lineAnswer != nullptr,
                      [&](DRV_REQUESTID id, HDRVCALL hd) {
                        return t.TSPI_lineAnswer(id, hd, uui.empty() ? nullptr : uui.data(),
                                                 static_cast<DWORD>(uui.size()));
                      });
}

LONG Host::line_accept(CallHandle call, std::string_view user_user_info) {
  const std::string uui(user_user_info);
  const TspiTable& t = tspi();
  return call_request(call, TspiFunction::TSPI_lineAccept, t.TSPI_lineAccept != nullptr,
                      [&](DRV_REQUESTID id, HDRVCALL hd) {
                        return t.TSPI_lineAccept(id, hd, uui.empty() ? nullptr : uui.data(),
                                                 static_cast<DWORD>(uui.size()));
                      });
}

LONG Host::line_drop(CallHandle call, std::string_view user_user_info) {
  const std::string uui(user_user_info);
  const TspiTable& t = tspi();
  return call_request(call, TspiFunction::TSPI_lineDrop, t.TSPI_lineDrop != nullptr,
                      [&](DRV_REQUESTID id, HDRVCALL hd) {
                        return t.TSPI_lineDrop(id, hd, uui.empty() ? nullptr : uui.data(),
                                               static_cast<DWORD>(uui.size()));
                      });
}

LONG Host::line_deallocate_call(CallHandle call) {
  if (!started_) return err(LINEERR_UNINITIALIZED);
  const TspiTable& t = tspi();
  HDRVCALL hd = nullptr;
  HTAPICALL ht = nullptr;
  {
    std::lock_guard lock(mutex_);
    const auto it = calls_.find(call);
    if (it == calls_.end() || it->second.phase != CallPhase::kValid) {
      return err(LINEERR_INVALCALLHANDLE);
    }
    // lineDeallocateCall: the sole owner may only deallocate an IDLE call.
    if (it->second.state != LINECALLSTATE_IDLE) return err(LINEERR_INVALCALLSTATE);
    it->second.phase = CallPhase::kClosing;
    hd = it->second.hd;
    ht = it->second.ht;
  }
  LONG result = 0;
  if (t.TSPI_lineCloseCall != nullptr) {
    result = call_down(DownCall{.function = TspiFunction::TSPI_lineCloseCall, .ht_call = ht},
                       [&](Outcome& o) { o.result = t.TSPI_lineCloseCall(hd); });
  }
  std::lock_guard lock(mutex_);
  call_by_ht_.erase(key(ht));
  calls_.erase(call);
  for (auto it = gathers_.begin(); it != gathers_.end();) {
    it = it->second.call == call ? gathers_.erase(it) : std::next(it);
  }
  return result;
}

LONG Host::line_get_call_info(CallHandle call, LINECALLINFO* info) {
  DWORD version = 0;
  std::string context;
  FillFunction fill;
  const LONG result =
      resolve_fill({.kind = StructKind::kLineCallInfo, .call = call}, version, context, fill);
  if (result != 0) return result;
  DWORD monitor_digit_modes = 0;
  LineHandle line = 0;
  {
    std::lock_guard lock(mutex_);
    if (const auto it = calls_.find(call); it != calls_.end()) {
      monitor_digit_modes = it->second.monitor_digit_modes;
      line = it->second.line;
    }
  }
  return fill_for_app(
      StructKind::kLineCallInfo, version, info, context, fill,
      [line, monitor_digit_modes](StructBuffer& buffer) {
        // The members TAPI owns (tspi-contract §5), and dwCallStates |= UNKNOWN.
        auto* filled = buffer.as<LINECALLINFO>();
        filled->hLine = static_cast<HLINE>(line);
        filled->dwMonitorDigitModes = monitor_digit_modes;
        filled->dwNumOwners = 1;
        filled->dwCallStates |= LINECALLSTATE_UNKNOWN;
      });
}

LONG Host::line_get_call_status(CallHandle call, LINECALLSTATUS* status) {
  DWORD version = 0;
  std::string context;
  FillFunction fill;
  const LONG result =
      resolve_fill({.kind = StructKind::kLineCallStatus, .call = call}, version, context, fill);
  if (result != 0) return result;
  return fill_for_app(StructKind::kLineCallStatus, version, status, context, fill,
                      [](StructBuffer& buffer) {
                        buffer.as<LINECALLSTATUS>()->dwCallPrivilege = LINECALLPRIVILEGE_OWNER;
                      });
}

LONG Host::line_set_app_specific(CallHandle call, DWORD app_specific) {
  if (!started_) return err(LINEERR_UNINITIALIZED);
  const TspiTable& t = tspi();
  if (t.TSPI_lineSetAppSpecific == nullptr) return err(LINEERR_OPERATIONUNAVAIL);
  HDRVCALL hd = nullptr;
  HTAPICALL ht = nullptr;
  {
    std::lock_guard lock(mutex_);
    const auto it = calls_.find(call);
    if (it == calls_.end() || it->second.phase != CallPhase::kValid) {
      return err(LINEERR_INVALCALLHANDLE);
    }
    hd = it->second.hd;
    ht = it->second.ht;
  }
  return call_down(DownCall{.function = TspiFunction::TSPI_lineSetAppSpecific, .ht_call = ht},
                   [&](Outcome& o) { o.result = t.TSPI_lineSetAppSpecific(hd, app_specific); });
}

LONG Host::line_get_id(LineHandle line, DWORD address_id, CallHandle call, DWORD select,
                       VARSTRING* device_id, std::string_view device_class) {
  if (!started_) return err(LINEERR_UNINITIALIZED);
  if (device_id == nullptr) return err(LINEERR_INVALPOINTER);
  if (device_class.empty()) return err(LINEERR_INVALDEVICECLASS);
  const TspiTable& t = tspi();
  HDRVLINE hd_line = nullptr;
  HDRVCALL hd_call = nullptr;
  HTAPILINE ht_line = nullptr;
  HTAPICALL ht_call = nullptr;
  DWORD version = 0;
  DWORD tapi_device_id = 0;
  {
    std::lock_guard lock(mutex_);
    const LineRec* rec = nullptr;
    if (select == LINECALLSELECT_CALL) {
      const auto it = calls_.find(call);
      if (it == calls_.end() || it->second.phase != CallPhase::kValid) {
        return err(LINEERR_INVALCALLHANDLE);
      }
      hd_call = it->second.hd;
      ht_call = it->second.ht;
      rec = &lines_.at(it->second.line);
    } else if (select == LINECALLSELECT_LINE || select == LINECALLSELECT_ADDRESS) {
      const auto it = lines_.find(line);
      if (it == lines_.end() || it->second.phase != LinePhase::kOpen) {
        return err(LINEERR_INVALLINEHANDLE);
      }
      rec = &it->second;
    } else {
      return err(LINEERR_INVALCALLSELECT);
    }
    hd_line = rec->hd;
    ht_line = rec->ht;
    version = rec->version;
    tapi_device_id = rec->device_id;
  }
  if (device_class == "tapi/line") {
    // TAPI answers this class itself (tspi-contract §6): the line's device ID, as binary.
    if (device_id->dwTotalSize < sizeof(VARSTRING)) return err(LINEERR_STRUCTURETOOSMALL);
    const DWORD total = device_id->dwTotalSize;
    std::memset(device_id, 0, sizeof(VARSTRING));
    device_id->dwTotalSize = total;
    device_id->dwNeededSize = sizeof(VARSTRING) + sizeof(DWORD);
    device_id->dwUsedSize = sizeof(VARSTRING);
    device_id->dwStringFormat = STRINGFORMAT_BINARY;
    if (total >= device_id->dwNeededSize) {
      std::memcpy(reinterpret_cast<unsigned char*>(device_id) + sizeof(VARSTRING),
                  &tapi_device_id, sizeof tapi_device_id);
      device_id->dwStringSize = sizeof(DWORD);
      device_id->dwStringOffset = sizeof(VARSTRING);
      device_id->dwUsedSize = device_id->dwNeededSize;
    }
    return 0;
  }
  if (t.TSPI_lineGetID == nullptr) return err(LINEERR_OPERATIONUNAVAIL);
  const std::u16string device_class16 = utf8_to_utf16(device_class);
  const FillFunction fill = [&](void* structure) {
    return call_down(
        DownCall{.function = TspiFunction::TSPI_lineGetID, .ht_line = ht_line, .ht_call = ht_call},
        [&](Outcome& o) {
          o.result = t.TSPI_lineGetID(hd_line, address_id, hd_call, select,
                                      static_cast<LPVARSTRING>(structure), device_class16.c_str(),
                                      kTargetProcess);
        });
  };
  return fill_for_app(StructKind::kVarString, version, device_id,
                      "TSPI_lineGetID(\"" + std::string(device_class) + "\")", fill, {});
}

LONG Host::line_dev_specific(LineHandle line, DWORD address_id, CallHandle call, void* params,
                             DWORD size) {
  if (!started_) return err(LINEERR_UNINITIALIZED);
  const TspiTable& t = tspi();
  if (t.TSPI_lineDevSpecific == nullptr) return err(LINEERR_OPERATIONUNAVAIL);
  if ((params == nullptr && size != 0) || size > kMaxStructSize) return err(LINEERR_INVALPOINTER);
  DRV_REQUESTID request_id = 0;
  HDRVLINE hd_line = nullptr;
  HDRVCALL hd_call = nullptr;
  HTAPILINE ht_line = nullptr;
  HTAPICALL ht_call = nullptr;
  void* buffer = nullptr;
  {
    std::lock_guard lock(mutex_);
    const auto it = lines_.find(line);
    if (it == lines_.end() || it->second.phase != LinePhase::kOpen) {
      return err(LINEERR_INVALLINEHANDLE);
    }
    const Device& device = devices_[it->second.device_id - options_.line_device_id_base];
    if (address_id >= device.info.num_addresses) return err(LINEERR_INVALADDRESSID);
    hd_line = it->second.hd;
    ht_line = it->second.ht;
    if (call != 0) {
      const auto found = calls_.find(call);
      if (found == calls_.end() || found->second.phase != CallPhase::kValid ||
          found->second.line != line) {
        return err(LINEERR_INVALCALLHANDLE);
      }
      hd_call = found->second.hd;
      ht_call = found->second.ht;
    }
    request_id = next_request_id_locked();
    RequestRec& request = requests_[request_id];
    request = RequestRec{TspiFunction::TSPI_lineDevSpecific, line, call};
    if (size != 0) {
      const auto* bytes = static_cast<const unsigned char*>(params);
      request.params = std::make_shared<std::vector<unsigned char>>(bytes, bytes + size);
      request.app_params = params;
      buffer = request.params->data();
    }
  }
  const LONG result = call_down(DownCall{.function = TspiFunction::TSPI_lineDevSpecific,
                                         .request_id = request_id,
                                         .ht_line = ht_line,
                                         .ht_call = ht_call},
                                [&](Outcome& o) {
                                  o.result = t.TSPI_lineDevSpecific(request_id, hd_line,
                                                                    address_id, hd_call, buffer,
                                                                    size);
                                });
  return after_async_return(request_id, result, nullptr);
}

LONG Host::line_monitor_digits(CallHandle call, DWORD digit_modes) {
  if (!started_) return err(LINEERR_UNINITIALIZED);
  const TspiTable& t = tspi();
  if (t.TSPI_lineMonitorDigits == nullptr) return err(LINEERR_OPERATIONUNAVAIL);
  if ((digit_modes & ~(LINEDIGITMODE_PULSE | LINEDIGITMODE_DTMF | LINEDIGITMODE_DTMFEND)) != 0) {
    return err(LINEERR_INVALDIGITMODE);
  }
  HDRVCALL hd = nullptr;
  HTAPICALL ht = nullptr;
  {
    std::lock_guard lock(mutex_);
    const auto it = calls_.find(call);
    if (it == calls_.end() || it->second.phase != CallPhase::kValid) {
      return err(LINEERR_INVALCALLHANDLE);
    }
    hd = it->second.hd;
    ht = it->second.ht;
  }
  const LONG result =
      call_down(DownCall{.function = TspiFunction::TSPI_lineMonitorDigits, .ht_call = ht},
                [&](Outcome& o) { o.result = t.TSPI_lineMonitorDigits(hd, digit_modes); });
  if (result == 0) {
    std::lock_guard lock(mutex_);
    if (const auto it = calls_.find(call); it != calls_.end()) {
      it->second.monitor_digit_modes = digit_modes;
    }
  }
  return result;
}

LONG Host::line_generate_digits(CallHandle call, DWORD digit_mode, std::string_view digits,
                                DWORD duration, DWORD* end_to_end_id) {
  if (!started_) return err(LINEERR_UNINITIALIZED);
  const TspiTable& t = tspi();
  if (t.TSPI_lineGenerateDigits == nullptr) return err(LINEERR_OPERATIONUNAVAIL);
  if (digit_mode != LINEDIGITMODE_PULSE && digit_mode != LINEDIGITMODE_DTMF) {
    return err(LINEERR_INVALDIGITMODE);
  }
  const std::u16string digits16 = utf8_to_utf16(digits);
  HDRVCALL hd = nullptr;
  HTAPICALL ht = nullptr;
  DWORD id = 0;
  {
    std::lock_guard lock(mutex_);
    const auto it = calls_.find(call);
    if (it == calls_.end() || it->second.phase != CallPhase::kValid) {
      return err(LINEERR_INVALCALLHANDLE);
    }
    hd = it->second.hd;
    ht = it->second.ht;
    id = next_end_to_end_id_++;
  }
  if (end_to_end_id != nullptr) *end_to_end_id = id;
  // Empty digits cancel a running generation (NULL lpszDigits).
  return call_down(DownCall{.function = TspiFunction::TSPI_lineGenerateDigits, .ht_call = ht},
                   [&](Outcome& o) {
                     o.result = t.TSPI_lineGenerateDigits(
                         hd, id, digit_mode, digits.empty() ? nullptr : digits16.c_str(),
                         duration);
                   });
}

LONG Host::line_gather_digits(CallHandle call, DWORD digit_modes, DWORD num_digits,
                              std::string_view termination_digits, DWORD first_digit_timeout,
                              DWORD inter_digit_timeout, DWORD* end_to_end_id) {
  if (!started_) return err(LINEERR_UNINITIALIZED);
  const TspiTable& t = tspi();
  if (t.TSPI_lineGatherDigits == nullptr) return err(LINEERR_OPERATIONUNAVAIL);
  if ((digit_modes & ~(LINEDIGITMODE_PULSE | LINEDIGITMODE_DTMF)) != 0) {
    return err(LINEERR_INVALDIGITMODE);
  }
  if (num_digits > kMaxGatherDigits) return err(LINEERR_INVALPOINTER);
  const std::u16string terminators = utf8_to_utf16(termination_digits);
  HDRVCALL hd = nullptr;
  HTAPICALL ht = nullptr;
  DWORD id = 0;
  char16_t* buffer = nullptr;
  {
    std::lock_guard lock(mutex_);
    const auto it = calls_.find(call);
    if (it == calls_.end() || it->second.phase != CallPhase::kValid) {
      return err(LINEERR_INVALCALLHANDLE);
    }
    hd = it->second.hd;
    ht = it->second.ht;
    id = next_end_to_end_id_++;
    if (num_digits != 0) {
      // The provider writes into this until it sends LINE_GATHERDIGITS (one WCHAR for the NUL).
      Gather& gather = gathers_[id];
      gather.call = call;
      gather.size = num_digits + 1;
      gather.digits = std::make_unique<char16_t[]>(gather.size);
      buffer = gather.digits.get();
    }
  }
  if (end_to_end_id != nullptr) *end_to_end_id = id;
  // num_digits 0 cancels a running gather (NULL lpsDigits).
  const LONG result =
      call_down(DownCall{.function = TspiFunction::TSPI_lineGatherDigits, .ht_call = ht},
                [&](Outcome& o) {
                  o.result = t.TSPI_lineGatherDigits(
                      hd, id, digit_modes, buffer, num_digits,
                      terminators.empty() ? nullptr : terminators.c_str(), first_digit_timeout,
                      inter_digit_timeout);
                });
  if (result != 0) {
    std::lock_guard lock(mutex_);
    gathers_.erase(id);
  }
  return result;
}

// --- upcalls ---------------------------------------------------------------------------------

void Host::on_completion(DRV_REQUESTID request_id, LONG result) {
  checker_.begin_completion(request_id, result);
  {
    std::lock_guard lock(mutex_);
    const auto it = requests_.find(request_id);
    if (it != requests_.end() && !it->second.completed) {
      it->second.completed = true;
      it->second.result = result;
      if (it->second.returned) release_reply_locked(request_id);
    }
  }
  checker_.end_upcall();
}

void Host::on_line_event(HTAPILINE ht_line, HTAPICALL ht_call, DWORD message, DWORD_PTR param1,
                         DWORD_PTR param2, DWORD_PTR param3) {
  checker_.begin_line_event(ht_line, ht_call, message, param1, param2, param3);
  switch (message) {
    case LINE_NEWCALL:
      on_new_call(ht_line, param1, param2);
      break;
    case LINE_CREATE: {
      std::lock_guard lock(mutex_);
      if (started_) post_locked({WorkItem::Kind::kCreateDevice, param2});
      break;
    }
    case LINE_REMOVE: {
      std::lock_guard lock(mutex_);
      if (started_) post_locked({WorkItem::Kind::kRemoveDevice, param1});
      break;
    }
    case LINE_CLOSE: {
      // tspi-contract §1.3: TAPI answers with TSPI_lineClose (from its own thread, never
      // from inside the callback), then tells the application.
      std::lock_guard lock(mutex_);
      const auto it = line_by_ht_.find(key(ht_line));
      if (it != line_by_ht_.end()) post_locked({WorkItem::Kind::kProviderClosedLine, it->second});
      break;
    }
    case LINE_CREATEDIALOGINSTANCE:
    case LINE_SENDDIALOGINSTANCEDATA:
      break;  // UI dialogs are not hosted here
    default:
      deliver_event(ht_line, ht_call, message, param1, param2, param3);
      break;
  }
  checker_.end_upcall();
}

bool Host::refuse_new_call_locked() {
  const RefuseNewCalls& refuse = options_.refuse_new_calls;
  if (refused_new_calls_ < refuse.count) {
    ++refused_new_calls_;
    return true;
  }
  if (refuse.probability > 0.0) {
    std::bernoulli_distribution coin(std::min(refuse.probability, 1.0));
    if (coin(refuse_rng_)) {
      ++refused_new_calls_;
      return true;
    }
  }
  return false;
}

void Host::on_new_call(HTAPILINE ht_line, DWORD_PTR hd_call, DWORD_PTR ht_call_slot) {
  HTAPICALL answer = nullptr;
  {
    std::lock_guard lock(mutex_);
    const auto line = line_by_ht_.find(key(ht_line));
    const bool line_usable =
        line != line_by_ht_.end() && lines_.at(line->second).phase != LinePhase::kClosing;
    if (line_usable && hd_call != 0 && !refuse_new_call_locked()) {
      const CallHandle handle = next_call_handle_++;
      answer = reinterpret_cast<HTAPICALL>(kCallTag + next_ht_++);
      CallRec& rec = calls_[handle];
      rec.handle = handle;
      rec.line = line->second;
      rec.ht = answer;
      rec.hd = reinterpret_cast<HDRVCALL>(hd_call);
      rec.phase = CallPhase::kValid;
      rec.released = true;
      call_by_ht_[key(answer)] = handle;
      enqueue_locked(Message{.message = LINE_APPNEWCALL,
                             .line = line->second,
                             .call = handle,
                             .param1 = 0,
                             .param2 = handle,
                             .param3 = LINECALLPRIVILEGE_OWNER});
    }
    // tspi-contract §3.2: TAPI writes its htCall through dwParam2 during the callback.
    if (ht_call_slot != 0) *reinterpret_cast<HTAPICALL*>(ht_call_slot) = answer;
  }
  checker_.new_call_answered(ht_line, hd_call, answer);
}

void Host::deliver_event(HTAPILINE ht_line, HTAPICALL ht_call, DWORD message, DWORD_PTR param1,
                         DWORD_PTR param2, DWORD_PTR param3) {
  std::lock_guard lock(mutex_);
  const auto line = line_by_ht_.find(key(ht_line));
  if (line == line_by_ht_.end()) return;  // the checker has recorded why
  Message out{.message = message,
              .line = line->second,
              .param1 = param1,
              .param2 = param2,
              .param3 = param3};
  if (ht_call == nullptr) {
    if (message == LINE_CALLSTATE || message == LINE_CALLINFO) return;
    enqueue_locked(std::move(out));
    return;
  }
  const auto handle = call_by_ht_.find(key(ht_call));
  if (handle == call_by_ht_.end()) return;
  CallRec& call = calls_.at(handle->second);
  if (call.phase == CallPhase::kClosing || call.phase == CallPhase::kFailed) return;
  out.call = call.handle;
  out.line = call.line;
  if (message == LINE_CALLSTATE) call.state = static_cast<DWORD>(param1) & 0x00FFFFFF;
  if (message == LINE_GATHERDIGITS) {
    if (const auto gather = gathers_.find(static_cast<DWORD>(param2)); gather != gathers_.end()) {
      const char16_t* digits = gather->second.digits.get();
      std::size_t length = 0;
      while (length < gather->second.size && digits[length] != u'\0') ++length;
      out.text = utf16_to_utf8(std::u16string_view(digits, length));
      gathers_.erase(gather);
    }
  }
  // tspi-contract §2: the app hears of a new outgoing call only after its LINE_REPLY.
  if (!call.released) {
    call.held.push_back(std::move(out));
    return;
  }
  enqueue_locked(std::move(out));
}

void Host::enqueue_locked(Message message) {
  queue_.push_back(std::move(message));
  queue_cv_.notify_one();
}

bool Host::get_message(Message& message, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  if (!queue_cv_.wait_for(lock, timeout, [this] { return !queue_.empty(); })) return false;
  message = std::move(queue_.front());
  queue_.pop_front();
  return true;
}

// --- TAPISRV's own thread --------------------------------------------------------------------

void Host::post_locked(WorkItem item) {
  if (stop_worker_) return;
  work_.push_back(item);
  work_cv_.notify_one();
}

void Host::worker_main() {
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
            o.result = t.TSPI_providerCreateLineDevice(static_cast<DWORD_PTR>(item.value),
                                                       device_id);
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
