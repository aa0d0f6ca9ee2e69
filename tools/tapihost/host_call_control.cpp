// Host: the call-center call-control functions (lineHold, lineUnhold, lineSwapHold,
// lineSendUserUserInfo, lineReleaseUserUserInfo, lineRedirect, lineBlindTransfer,
// lineSetupTransfer, lineCompleteTransfer), made as
// TAPI makes them: TAPI's handle checks here, state and service checks are the provider's.

#include "tools/tapihost/host.h"
#include "tools/tapihost/host_internal.h"

namespace spantsp::host {

LONG Host::line_hold(CallHandle call) {
  const TspiTable& t = tspi();
  return call_request(call, TspiFunction::TSPI_lineHold, LINECALLFEATURE_HOLD,
                      t.TSPI_lineHold != nullptr,
                      [&](DRV_REQUESTID id, HDRVCALL hd) { return t.TSPI_lineHold(id, hd); });
}

LONG Host::line_unhold(CallHandle call) {
  const TspiTable& t = tspi();
  return call_request(call, TspiFunction::TSPI_lineUnhold, LINECALLFEATURE_UNHOLD,
                      t.TSPI_lineUnhold != nullptr,
                      [&](DRV_REQUESTID id, HDRVCALL hd) { return t.TSPI_lineUnhold(id, hd); });
}

LONG Host::line_swap_hold(CallHandle active, CallHandle held) {
  const TspiTable& t = tspi();
  // TAPI resolves both handles before the provider sees either. Not gated on the active call's
  // SWAPHOLD feature: a refusal may concern the held call (not on hold), which that bit cannot say.
  const HDRVCALL hd_held = provider_call_handle(held);
  if (started_ && hd_held == nullptr) return detail::err(LINEERR_INVALCALLHANDLE);
  return call_request(
      active, TspiFunction::TSPI_lineSwapHold, /*feature*/ 0, t.TSPI_lineSwapHold != nullptr,
      [&](DRV_REQUESTID id, HDRVCALL hd) { return t.TSPI_lineSwapHold(id, hd, hd_held); });
}

LONG Host::line_send_user_user_info(CallHandle call, std::string_view user_user_info) {
  return uui_request(call, TspiFunction::TSPI_lineSendUserUserInfo, LINECALLFEATURE_SENDUSERUSER,
                     tspi().TSPI_lineSendUserUserInfo, user_user_info);
}

LONG Host::line_release_user_user_info(CallHandle call) {
  const TspiTable& t = tspi();
  return call_request(
      call, TspiFunction::TSPI_lineReleaseUserUserInfo, LINECALLFEATURE_RELEASEUSERUSERINFO,
      t.TSPI_lineReleaseUserUserInfo != nullptr,
      [&](DRV_REQUESTID id, HDRVCALL hd) { return t.TSPI_lineReleaseUserUserInfo(id, hd); });
}

LONG Host::line_redirect(CallHandle call, std::string_view dest_utf8) {
  const std::u16string dest = utf8_to_utf16(dest_utf8);
  const TspiTable& t = tspi();
  return call_request(call, TspiFunction::TSPI_lineRedirect, LINECALLFEATURE_REDIRECT,
                      t.TSPI_lineRedirect != nullptr, [&](DRV_REQUESTID id, HDRVCALL hd) {
                        return t.TSPI_lineRedirect(id, hd, dest.c_str(), 0);
                      });
}

LONG Host::line_blind_transfer(CallHandle call, std::string_view dest_utf8) {
  const std::u16string dest = utf8_to_utf16(dest_utf8);
  const TspiTable& t = tspi();
  return call_request(call, TspiFunction::TSPI_lineBlindTransfer, LINECALLFEATURE_BLINDTRANSFER,
                      t.TSPI_lineBlindTransfer != nullptr, [&](DRV_REQUESTID id, HDRVCALL hd) {
                        return t.TSPI_lineBlindTransfer(id, hd, dest.c_str(), 0);
                      });
}

LONG Host::line_complete_transfer(CallHandle call, CallHandle consult, DWORD mode) {
  const TspiTable& t = tspi();
  const HDRVCALL hd_consult = provider_call_handle(consult);
  if (started_ && hd_consult == nullptr) return detail::err(LINEERR_INVALCALLHANDLE);
  // TAPI hands htConfCall / lphdConfCall only for LINETRANSFERMODE_CONFERENCE.
  HDRVCALL hd_conf = nullptr;
  // (A conference call is never created here: the provider refuses that mode.)
  const auto ht_conf = reinterpret_cast<HTAPICALL>(detail::kCallTag);
  return call_request(call, TspiFunction::TSPI_lineCompleteTransfer, LINECALLFEATURE_COMPLETETRANSF,
                      t.TSPI_lineCompleteTransfer != nullptr, [&](DRV_REQUESTID id, HDRVCALL hd) {
                        const bool conference = mode == LINETRANSFERMODE_CONFERENCE;
                        return t.TSPI_lineCompleteTransfer(id, hd, hd_consult,
                                                           conference ? ht_conf : nullptr,
                                                           conference ? &hd_conf : nullptr, mode);
                      });
}

LONG Host::line_setup_transfer(CallHandle call, CallHandle& consult) {
  consult = 0;
  if (!started_) return detail::err(LINEERR_UNINITIALIZED);
  const TspiTable& t = tspi();
  if (t.TSPI_lineSetupTransfer == nullptr) return detail::err(LINEERR_OPERATIONUNAVAIL);
  HDRVCALL hd = nullptr;
  HTAPICALL ht = nullptr;
  DWORD address_features = 0;
  bool gated = false;
  {
    std::lock_guard lock(mutex_);
    const auto it = calls_.find(call);
    if (it == calls_.end() || it->second.phase != CallPhase::kValid) {
      return detail::err(LINEERR_INVALCALLHANDLE);
    }
    hd = it->second.hd;
    ht = it->second.ht;
    const LineRec& line = lines_.at(it->second.line);
    const Device& device = devices_[line.device_id - options_.line_device_id_base];
    gated = device.has_address_caps;
    address_features = device.caps.call_features;
  }
  DWORD state = 0;
  if (gated) {
    if (const LONG refused =
            check_call_feature(ht, hd, address_features, LINECALLFEATURE_SETUPTRANSFER, state)) {
      return refused;
    }
  }
  DRV_REQUESTID request_id = 0;
  HTAPILINE ht_line = nullptr;
  HTAPICALL ht_consult = nullptr;
  {
    std::lock_guard lock(mutex_);
    const auto it = calls_.find(call);
    if (it == calls_.end() || it->second.phase != CallPhase::kValid) {
      return detail::err(LINEERR_INVALCALLHANDLE);  // closed meanwhile
    }
    const LineHandle line = it->second.line;
    ht_line = lines_.at(line).ht;
    request_id = next_request_id_locked();
    // The consultation call is created as lineMakeCall's is: pending until the LINE_REPLY.
    const CallHandle handle = next_call_handle_++;
    ht_consult = reinterpret_cast<HTAPICALL>(detail::kCallTag + next_ht_++);
    CallRec& rec = calls_[handle];
    rec.handle = handle;
    rec.line = line;
    rec.ht = ht_consult;
    rec.outgoing = true;
    call_by_ht_[detail::key(ht_consult)] = handle;
    requests_[request_id] = RequestRec{.function = TspiFunction::TSPI_lineSetupTransfer,
                                       .line = line,
                                       .call = handle,
                                       .issued_ns = steady_now_ns()};
    consult = handle;
  }
  HDRVCALL hd_consult = nullptr;
  const LONG result = call_down(
      ContractChecker::DownCall{.function = TspiFunction::TSPI_lineSetupTransfer,
                                .request_id = request_id,
                                .ht_line = ht_line,
                                .ht_call = ht_consult},
      [&](ContractChecker::Outcome& o) {
        o.result = t.TSPI_lineSetupTransfer(request_id, hd, ht_consult, &hd_consult, nullptr);
        o.driver_handle = detail::as_param(hd_consult);
      });
  const LONG returned = after_async_return(request_id, result, hd_consult);
  if (returned < 0) consult = 0;
  return returned;
}

}  // namespace spantsp::host
