#include "core/line_status.h"

#include "core/var_struct_writer.h"
#include "tspi/spantsp_devspecific.h"

namespace spantsp::core {

// Every member of both structures exists from TSPI 2.0 on, so the fixed part is the whole.
LONG fill_line_dev_status(const LineSnapshot& line, DWORD, DWORD available_media_modes,
                          std::uint32_t calls_in_use, std::uint32_t call_capacity,
                          std::uint32_t close_calls_waited, LINEDEVSTATUS* status) {
  VarStructWriter<LINEDEVSTATUS> w(status, sizeof(LINEDEVSTATUS));
  if (w.too_small()) return LINEERR_STRUCTURETOOSMALL;
  // dwNumOpens, dwOpenMediaModes and AppInfo are TAPI's (it fills them after we return).
  w.preserve(&LINEDEVSTATUS::dwNumOpens);
  w.preserve(&LINEDEVSTATUS::dwOpenMediaModes);
  w.preserve(&LINEDEVSTATUS::dwAppInfoSize);
  w.preserve(&LINEDEVSTATUS::dwAppInfoOffset);
  LINEDEVSTATUS& f = w.fixed();
  f.dwNumActiveCalls = line.active_calls;
  f.dwLineFeatures =
      line.in_service &&
              line.active_calls + line.on_hold_calls + line.on_hold_pend_calls < line.max_calls
          ? LINEFEATURE_MAKECALL
          : 0;
  f.dwRingMode = 1;
  f.dwSignalLevel = line.in_service ? 0xFFFF : 0;
  f.dwBatteryLevel = 0xFFFF;
  f.dwDevStatusFlags =
      line.in_service ? LINEDEVSTATUSFLAGS_CONNECTED | LINEDEVSTATUSFLAGS_INSERVICE : 0;
  f.dwAvailableMediaModes = available_media_modes;
  const SpanTspLineDevStatus extra{
      kLineDevStatusMagic, kLineDevStatusVersion, line.span_in_service ? 1u : 0u,
      calls_in_use,        call_capacity,         line.call_state,
      close_calls_waited};
  w.append_bytes(&extra, sizeof extra, &LINEDEVSTATUS::dwDevSpecificSize,
                 &LINEDEVSTATUS::dwDevSpecificOffset);
  w.finish();
  return 0;
}

LONG fill_line_address_status(const LineSnapshot& line, DWORD, LINEADDRESSSTATUS* status) {
  VarStructWriter<LINEADDRESSSTATUS> w(status, sizeof(LINEADDRESSSTATUS));
  if (w.too_small()) return LINEERR_STRUCTURETOOSMALL;
  LINEADDRESSSTATUS& f = w.fixed();
  // TAPI: active calls are those not IDLE nor on hold; a held call still takes its channel.
  const std::uint32_t busy = line.active_calls + line.on_hold_calls + line.on_hold_pend_calls;
  f.dwNumInUse = busy > 0 ? 1 : 0;
  f.dwNumActiveCalls = line.active_calls;
  f.dwNumOnHoldCalls = line.on_hold_calls;
  f.dwNumOnHoldPendCalls = line.on_hold_pend_calls;
  f.dwAddressFeatures = line.in_service && busy < line.max_calls ? LINEADDRFEATURE_MAKECALL : 0;
  w.finish();
  return 0;
}

LONG fill_device_id(DWORD device_id, VARSTRING* out) {
  VarStructWriter<VARSTRING> w(out, sizeof(VARSTRING));
  if (w.too_small()) return LINEERR_STRUCTURETOOSMALL;
  w.fixed().dwStringFormat = STRINGFORMAT_BINARY;
  w.append_bytes(&device_id, sizeof device_id, &VARSTRING::dwStringSize,
                 &VARSTRING::dwStringOffset);
  w.finish();
  return 0;
}

}  // namespace spantsp::core
