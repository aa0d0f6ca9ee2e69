// Host: the inventory and every variable-size structure the provider fills (TAPI's
// size checks before the call, the var-struct checks after it, TAPI's own fields).

#include "tools/tapihost/host_internal.h"

#include "tspi/spantsp_devspecific.h"

namespace spantsp::host {

using namespace detail;
using DownCall = ContractChecker::DownCall;
using Outcome = ContractChecker::Outcome;

// --- inventory and structure fills -------------------------------------------------------

FillFunction Host::dev_caps_fill(DWORD device_id, DWORD version) {
  return [this, device_id, version](void* structure) {
    return call_down(DownCall{.function = TspiFunction::TSPI_lineGetDevCaps}, [&](Outcome& o) {
      o.result =
          tspi().TSPI_lineGetDevCaps(device_id, version, 0, static_cast<LPLINEDEVCAPS>(structure));
    });
  };
}

FillFunction Host::address_caps_fill(DWORD device_id, DWORD address_id, DWORD version) {
  return [this, device_id, address_id, version](void* structure) {
    return call_down(DownCall{.function = TspiFunction::TSPI_lineGetAddressCaps}, [&](Outcome& o) {
      o.result = tspi().TSPI_lineGetAddressCaps(device_id, address_id, version, 0,
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
  LONG result = call_down(DownCall{.function = TspiFunction::TSPI_lineNegotiateTSPIVersion,
                                   .low_version = options_.low_version,
                                   .high_version = options_.high_version},
                          [&](Outcome& o) {
                            o.result = t.TSPI_lineNegotiateTSPIVersion(
                                device_id, options_.low_version, options_.high_version, &version);
                            o.version = version;
                          });
  if (result != 0 || version < options_.low_version || version > options_.high_version) {
    return result != 0 ? result : err(LINEERR_INCOMPATIBLEAPIVERSION);
  }
  device.info.tspi_version = version;

  std::unique_ptr<StructBuffer> caps_buffer;
  result =
      fill_growing(StructKind::kLineDevCaps, version, device_text("TSPI_lineGetDevCaps", device_id),
                   dev_caps_fill(device_id, version), caps_buffer);
  if (result != 0) return result;
  const auto caps = fixed_part<LINEDEVCAPS>(*caps_buffer);
  LineInfo& info = device.info;
  info.permanent_line_id = caps.dwPermanentLineID;
  info.name = read_string(*caps_buffer, caps.dwLineNameSize, caps.dwLineNameOffset);
  info.provider_info =
      read_string(*caps_buffer, caps.dwProviderInfoSize, caps.dwProviderInfoOffset);
  info.switch_info = read_string(*caps_buffer, caps.dwSwitchInfoSize, caps.dwSwitchInfoOffset);
  info.num_addresses = caps.dwNumAddresses;
  info.max_active_calls = caps.dwMaxNumActiveCalls;
  info.media_modes = caps.dwMediaModes;
  info.bearer_modes = caps.dwBearerModes;
  device.line_states = caps.dwLineStates;
  device.caps.line_states = caps.dwLineStates;
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
    const LONG address_result =
        fill_growing(StructKind::kLineAddressCaps, version,
                     device_text("TSPI_lineGetAddressCaps", device_id) + " address 0",
                     address_caps_fill(device_id, 0, version), address_buffer);
    if (address_result == 0) {
      const auto address = fixed_part<LINEADDRESSCAPS>(*address_buffer);
      info.number = read_string(*address_buffer, address.dwAddressSize, address.dwAddressOffset);
      device.address_states = address.dwAddressStates;
      device.has_address_caps = true;
      ContractChecker::LineCaps& checked = device.caps;
      checked.address_states = address.dwAddressStates;
      checked.call_states = address.dwCallStates;
      checked.call_info_states = address.dwCallInfoStates;
      checked.busy_modes = address.dwBusyModes;
      checked.dial_tone_modes = address.dwDialToneModes;
      checked.special_info = address.dwSpecialInfo;
      checked.connected_modes = address.dwConnectedModes;
      checked.offering_modes = address.dwOfferingModes;
      checked.disconnect_modes = address.dwDisconnectModes;
      checked.call_features = address.dwCallFeatures;
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
                o.result =
                    tspi().TSPI_lineGetLineDevStatus(hd, static_cast<LPLINEDEVSTATUS>(structure));
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
          return call_down(DownCall{.function = TspiFunction::TSPI_lineGetCallInfo, .ht_call = ht},
                           [&](Outcome& o) {
                             o.result = tspi().TSPI_lineGetCallInfo(
                                 hd, static_cast<LPLINECALLINFO>(structure));
                           });
        };
        return 0;
      }
      if (t.TSPI_lineGetCallStatus == nullptr) return err(LINEERR_OPERATIONUNAVAIL);
      context = "TSPI_lineGetCallStatus(" + name;
      fill = [this, hd, ht](void* structure) {
        return call_down(DownCall{.function = TspiFunction::TSPI_lineGetCallStatus, .ht_call = ht},
                         [&](Outcome& o) {
                           o.result = tspi().TSPI_lineGetCallStatus(
                               hd, static_cast<LPLINECALLSTATUS>(structure));
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

LONG Host::line_get_dev_caps(DWORD device_id, LINEDEVCAPS* caps) {
  DWORD version = 0;
  std::string context;
  FillFunction fill;
  const LONG result = resolve_fill({.kind = StructKind::kLineDevCaps, .device_id = device_id},
                                   version, context, fill);
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

LONG Host::line_get_address_status(LineHandle line, DWORD address_id, LINEADDRESSSTATUS* status) {
  DWORD version = 0;
  std::string context;
  FillFunction fill;
  const LONG result =
      resolve_fill({.kind = StructKind::kLineAddressStatus, .address_id = address_id, .line = line},
                   version, context, fill);
  if (result != 0) return result;
  return fill_for_app(StructKind::kLineAddressStatus, version, status, context, fill, {});
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
  return fill_for_app(StructKind::kLineCallInfo, version, info, context, fill,
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
      std::memcpy(reinterpret_cast<unsigned char*>(device_id) + sizeof(VARSTRING), &tapi_device_id,
                  sizeof tapi_device_id);
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

}  // namespace spantsp::host
