#pragma once
// Private to the Host implementation (host*.cpp): shared constants and helpers, and the two
// member templates every TSPI_ call goes through. Thread affinity as in host.h.

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>

#include "tools/tapihost/code_scope.h"
#include "tools/tapihost/event_latency.h"
#include "tools/tapihost/host.h"
#include "tools/tapihost/lineerr_name.h"
#include "tools/tapihost/utf16.h"

namespace spantsp::host {

namespace detail {

inline constexpr LONG err(auto value) {
  return static_cast<LONG>(value);
}

// Opaque values the host makes up, as TAPISRV does with its own object pointers. Distinct
// ranges for lines and calls so a provider mixing them up is caught by the checker.
static_assert(sizeof(std::uintptr_t) == 8, "tapihost runs on 64-bit hosts");
inline constexpr std::uintptr_t kLineTag = 0x4C49'0000'0000;  // "LI"
inline constexpr std::uintptr_t kCallTag = 0x4341'0000'0000;  // "CA"
inline const HPROVIDER kProviderHandle = reinterpret_cast<HPROVIDER>(std::uintptr_t{0x5052'4F56});
// No process handles here; a non-null stand-in for the client process (TSPI_lineGetID).
inline const HANDLE kTargetProcess = reinterpret_cast<HANDLE>(std::uintptr_t{0x5052'4F43});

inline constexpr std::uint32_t kMaxStructSize = 1u << 20;
inline constexpr int kMaxGrowAttempts = 4;
inline constexpr DRV_REQUESTID kMaxRequestId = 0x7FFFFFFF;  // tspi-contract §2: 1..0x7FFFFFFF
inline constexpr DWORD kMaxGatherDigits = 1u << 16;

inline constexpr DWORD kAllMediaModes =
    LINEMEDIAMODE_UNKNOWN | LINEMEDIAMODE_INTERACTIVEVOICE | LINEMEDIAMODE_AUTOMATEDVOICE |
    LINEMEDIAMODE_DATAMODEM | LINEMEDIAMODE_G3FAX | LINEMEDIAMODE_TDD | LINEMEDIAMODE_G4FAX |
    LINEMEDIAMODE_DIGITALDATA | LINEMEDIAMODE_TELETEX | LINEMEDIAMODE_VIDEOTEX |
    LINEMEDIAMODE_TELEX | LINEMEDIAMODE_MIXED | LINEMEDIAMODE_ADSI | LINEMEDIAMODE_VOICEVIEW |
    LINEMEDIAMODE_VIDEO;
// TAPI reports these line states itself (tspi-contract §5: it ORs them into dwLineStates).
inline constexpr DWORD kTapiLineStates =
    LINEDEVSTATE_OPEN | LINEDEVSTATE_CLOSE | LINEDEVSTATE_REINIT | LINEDEVSTATE_TRANSLATECHANGE;

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

inline std::string read_string(const StructBuffer& buffer, DWORD size, DWORD offset) {
  if (size == 0 || std::uint64_t{offset} + size > buffer.total_size()) return {};
  return utf16_to_utf8(struct_string(buffer.data(), size, offset));
}

inline std::string device_text(const char* function, DWORD device_id) {
  return std::string(function) + "(device " + std::to_string(device_id) + ")";
}

}  // namespace detail

template <class Invoke>
LONG Host::call_down(const ContractChecker::DownCall& call, Invoke&& invoke) {
  ContractChecker::Outcome outcome;
  const bool check = options_.check_contract;
  const auto id = check ? checker_.begin_down_call(call) : ContractChecker::DownCallId{0};
  {
    std::unique_lock serial(serial_mutex_, std::defer_lock);
    if (nonreentrant_) serial.lock();
    ProviderCodeScope provider_code;  // allocations in here are the provider's
    invoke(outcome);
  }
  if (check) checker_.end_down_call(id, outcome);
  return outcome.result;
}

template <class Invoke>
LONG Host::call_request(CallHandle call, TspiFunction function, DWORD feature, bool exported,
                        Invoke&& invoke) {
  if (!started_) return detail::err(LINEERR_UNINITIALIZED);
  if (!exported) return detail::err(LINEERR_OPERATIONUNAVAIL);
  HDRVCALL hd = nullptr;
  HTAPICALL ht = nullptr;
  HTAPILINE ht_line = nullptr;
  DWORD address_features = 0;
  bool gated = false;
  {
    std::lock_guard lock(mutex_);
    const auto it = calls_.find(call);
    // tspi-contract §8: TAPI passes only handles the provider returned and validated.
    if (it == calls_.end() || it->second.phase != CallPhase::kValid) {
      return detail::err(LINEERR_INVALCALLHANDLE);
    }
    hd = it->second.hd;
    ht = it->second.ht;
    const LineRec& line = lines_.at(it->second.line);
    ht_line = line.ht;
    const Device& device = devices_[line.device_id - options_.line_device_id_base];
    gated = feature != 0 && device.has_address_caps;
    address_features = device.caps.call_features;
  }
  DWORD state = 0;
  if (gated) {
    if (const LONG refused = check_call_feature(ht, hd, address_features, feature, state)) {
      return refused;
    }
  }
  DRV_REQUESTID request_id = 0;
  {
    std::lock_guard lock(mutex_);
    const auto it = calls_.find(call);
    if (it == calls_.end() || it->second.phase != CallPhase::kValid) {
      return detail::err(LINEERR_INVALCALLHANDLE);  // closed meanwhile
    }
    request_id = next_request_id_locked();
    requests_[request_id] = RequestRec{
        .function = function, .line = it->second.line, .call = call, .issued_ns = steady_now_ns()};
  }
  const LONG result =
      call_down(ContractChecker::DownCall{.function = function,
                                          .request_id = request_id,
                                          .ht_line = ht_line,
                                          .ht_call = ht,
                                          .offered_feature = gated ? feature : 0},
                [&](ContractChecker::Outcome& o) { o.result = invoke(request_id, hd); });
  if (gated) check_refused_feature(ht, hd, function, feature, state, result);
  return after_async_return(request_id, result, nullptr);
}

}  // namespace spantsp::host
