// Host: opening and closing lines, and line-level requests.

#include "tools/tapihost/host_internal.h"

namespace spantsp::host {

using namespace detail;
using DownCall = ContractChecker::DownCall;
using Outcome = ContractChecker::Outcome;

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
  ContractChecker::LineCaps caps;
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
    caps = device.caps;
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
  LONG result =
      call_down(DownCall{.function = TspiFunction::TSPI_lineOpen,
                         .ht_line = ht,
                         .tspi_version = version,
                         .caps = &caps},
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
    result = call_down(DownCall{.function = TspiFunction::TSPI_lineSetStatusMessages,
                                .ht_line = ht,
                                .line_states = line_states,
                                .address_states = address_states},
                       [&](Outcome& o) {
                         o.result = t.TSPI_lineSetStatusMessages(hd, line_states, address_states);
                       });
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
      // A lineMakeCall still running on another thread has given TAPI no hdCall yet: there is
      // nothing to close it with, and lineClose closes it in the provider.
      if (call.hd == nullptr) continue;
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
    request = RequestRec{.function = TspiFunction::TSPI_lineDevSpecific,
                         .line = line,
                         .call = call,
                         .issued_ns = steady_now_ns()};
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
                                  o.result = t.TSPI_lineDevSpecific(request_id, hd_line, address_id,
                                                                    hd_call, buffer, size);
                                });
  return after_async_return(request_id, result, nullptr);
}

}  // namespace spantsp::host
