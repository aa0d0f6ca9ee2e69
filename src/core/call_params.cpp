#include "core/call_params.h"

#include "core/line_caps.h"

namespace spantsp::core {

// tspi-contract §8 "what the TSP still validates": LINECALLPARAMS contents.
LONG check_call_params(const LINECALLPARAMS* params, DWORD supported_media_modes,
                       bool& block_caller_id, DWORD& media_mode) {
  block_caller_id = false;
  media_mode = LINEMEDIAMODE_INTERACTIVEVOICE;
  if (params == nullptr) return 0;  // NULL: 3.1 kHz voice on any address
  if (params->dwBearerMode != 0 && (params->dwBearerMode & (params->dwBearerMode - 1)) != 0) {
    return LINEERR_INVALBEARERMODE;  // exactly one bearer mode
  }
  if (params->dwBearerMode != 0 && (params->dwBearerMode & kSupportedBearerModes) == 0) {
    return LINEERR_BEARERMODEUNAVAIL;
  }
  if (params->dwMediaMode != 0) {
    if ((params->dwMediaMode & ~supported_media_modes) != 0) return LINEERR_INVALMEDIAMODE;
    media_mode = params->dwMediaMode;
  }
  if (params->dwMinRate > kMaxRate ||
      (params->dwMaxRate != 0 && params->dwMaxRate < params->dwMinRate)) {
    return LINEERR_INVALRATE;
  }
  if (params->dwAddressMode == LINEADDRESSMODE_ADDRESSID && params->dwAddressID != 0) {
    return LINEERR_INVALADDRESSID;
  }
  constexpr DWORD kHonouredFlags = LINECALLPARAMFLAGS_IDLE | LINECALLPARAMFLAGS_BLOCKID |
                                   LINECALLPARAMFLAGS_ORIGOFFHOOK | LINECALLPARAMFLAGS_DESTOFFHOOK;
  if ((params->dwCallParamFlags & ~kHonouredFlags) != 0) return LINEERR_INVALCALLPARAMS;
  if (params->dwUserUserInfoSize != 0) return LINEERR_USERUSERINFOTOOBIG;  // we carry none
  block_caller_id = (params->dwCallParamFlags & LINECALLPARAMFLAGS_BLOCKID) != 0;
  return 0;
}

}  // namespace spantsp::core
