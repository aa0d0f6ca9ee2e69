// Host: the call-center call-control functions (lineHold, lineUnhold, lineSwapHold,
// lineSendUserUserInfo, lineReleaseUserUserInfo, lineRedirect), made as
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

}  // namespace spantsp::host
