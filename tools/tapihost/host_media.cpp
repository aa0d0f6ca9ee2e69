// Host: the media functions of the application API (lineMonitorDigits ... lineSetMediaControl)
// with TAPI's own checks, and what the contract checker must know of each down-call.

#include "tools/tapihost/host_internal.h"

namespace spantsp::host {

using namespace detail;
using DownCall = ContractChecker::DownCall;
using Outcome = ContractChecker::Outcome;

template <class Invoke>
LONG Host::call_sync(CallHandle call, TspiFunction function, bool exported,
                     const MediaDownCall& media, Invoke&& invoke) {
  if (!started_) return err(LINEERR_UNINITIALIZED);
  if (!exported) return err(LINEERR_OPERATIONUNAVAIL);
  HDRVCALL hd = nullptr;
  HTAPICALL ht = nullptr;
  if (!valid_call(call, hd, ht)) return err(LINEERR_INVALCALLHANDLE);
  return call_down(DownCall{.function = function, .ht_call = ht, .media = media},
                   [&](Outcome& o) { o.result = invoke(hd); });
}

LONG Host::line_monitor_digits(CallHandle call, DWORD digit_modes) {
  const TspiTable& t = tspi();
  // TAPI rejects undefined bits itself; which defined modes work is the provider's to say.
  if ((digit_modes & ~(LINEDIGITMODE_PULSE | LINEDIGITMODE_DTMF | LINEDIGITMODE_DTMFEND)) != 0) {
    return err(LINEERR_INVALDIGITMODE);
  }
  const LONG result =
      call_sync(call, TspiFunction::TSPI_lineMonitorDigits, t.TSPI_lineMonitorDigits != nullptr,
                {.modes = digit_modes},
                [&](HDRVCALL hd) { return t.TSPI_lineMonitorDigits(hd, digit_modes); });
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
  const TspiTable& t = tspi();
  if (digit_mode != LINEDIGITMODE_PULSE && digit_mode != LINEDIGITMODE_DTMF) {
    return err(LINEERR_INVALDIGITMODE);
  }
  const std::u16string digits16 = utf8_to_utf16(digits);
  DWORD id = 0;
  {
    std::lock_guard lock(mutex_);
    id = next_end_to_end_id_++;
  }
  if (end_to_end_id != nullptr) *end_to_end_id = id;
  // Empty digits cancel a running generation (NULL lpszDigits).
  return call_sync(call, TspiFunction::TSPI_lineGenerateDigits,
                   t.TSPI_lineGenerateDigits != nullptr,
                   {.end_to_end_id = id, .starts = !digits.empty()}, [&](HDRVCALL hd) {
                     return t.TSPI_lineGenerateDigits(
                         hd, id, digit_mode, digits.empty() ? nullptr : digits16.c_str(), duration);
                   });
}

LONG Host::line_gather_digits(CallHandle call, DWORD digit_modes, DWORD num_digits,
                              std::string_view termination_digits, DWORD first_digit_timeout,
                              DWORD inter_digit_timeout, DWORD* end_to_end_id) {
  const TspiTable& t = tspi();
  if ((digit_modes & ~(LINEDIGITMODE_PULSE | LINEDIGITMODE_DTMF)) != 0) {
    return err(LINEERR_INVALDIGITMODE);
  }
  if (num_digits > kMaxGatherDigits) return err(LINEERR_INVALPOINTER);
  const std::u16string terminators = utf8_to_utf16(termination_digits);
  DWORD id = 0;
  char16_t* buffer = nullptr;
  {
    std::lock_guard lock(mutex_);
    if (calls_.count(call) == 0) return err(LINEERR_INVALCALLHANDLE);
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
  const LONG result = call_sync(
      call, TspiFunction::TSPI_lineGatherDigits, t.TSPI_lineGatherDigits != nullptr,
      {.end_to_end_id = id, .starts = buffer != nullptr}, [&](HDRVCALL hd) {
        return t.TSPI_lineGatherDigits(hd, id, digit_modes, buffer, num_digits,
                                       terminators.empty() ? nullptr : terminators.c_str(),
                                       first_digit_timeout, inter_digit_timeout);
      });
  if (result != 0) {
    std::lock_guard lock(mutex_);
    gathers_.erase(id);
  }
  return result;
}

LONG Host::line_generate_tone(CallHandle call, DWORD tone_mode, DWORD duration,
                              const std::vector<LINEGENERATETONE>& tones, DWORD* end_to_end_id) {
  const TspiTable& t = tspi();
  DWORD id = 0;
  {
    std::lock_guard lock(mutex_);
    id = next_end_to_end_id_++;
  }
  if (end_to_end_id != nullptr) *end_to_end_id = id;
  // TAPI marshals the array into its own buffer, which dies when the call returns.
  std::vector<LINEGENERATETONE> copy = tones;
  const LONG result = call_sync(
      call, TspiFunction::TSPI_lineGenerateTone, t.TSPI_lineGenerateTone != nullptr,
      {.end_to_end_id = id, .starts = tone_mode != 0}, [&](HDRVCALL hd) {
        return t.TSPI_lineGenerateTone(hd, id, tone_mode, duration, static_cast<DWORD>(copy.size()),
                                       copy.empty() ? nullptr : copy.data());
      });
  std::fill(copy.begin(), copy.end(), LINEGENERATETONE{0xDDDDDDDD, 0xDDDDDDDD, 0xDDDDDDDD, 0});
  return result;
}

LONG Host::line_monitor_tones(CallHandle call, const std::vector<LINEMONITORTONE>& tones,
                              std::optional<DWORD> list_id) {
  const TspiTable& t = tspi();
  const DWORD id = list_id.value_or(call);  // one list per call, as TAPISRV per application
  std::vector<LINEMONITORTONE> copy = tones;
  const LONG result =
      call_sync(call, TspiFunction::TSPI_lineMonitorTones, t.TSPI_lineMonitorTones != nullptr,
                {.tone_list_id = id, .starts = !tones.empty()}, [&](HDRVCALL hd) {
                  return t.TSPI_lineMonitorTones(hd, id, copy.empty() ? nullptr : copy.data(),
                                                 static_cast<DWORD>(copy.size()));
                });
  std::fill(copy.begin(), copy.end(), LINEMONITORTONE{});
  return result;
}

LONG Host::line_monitor_media(CallHandle call, DWORD media_modes) {
  const TspiTable& t = tspi();
  if ((media_modes & ~kAllMediaModes) != 0) return err(LINEERR_INVALMEDIAMODE);
  return call_sync(call, TspiFunction::TSPI_lineMonitorMedia, t.TSPI_lineMonitorMedia != nullptr,
                   {.modes = media_modes},
                   [&](HDRVCALL hd) { return t.TSPI_lineMonitorMedia(hd, media_modes); });
}

LONG Host::line_set_media_mode(CallHandle call, DWORD media_modes) {
  const TspiTable& t = tspi();
  if ((media_modes & ~kAllMediaModes) != 0) return err(LINEERR_INVALMEDIAMODE);
  return call_sync(call, TspiFunction::TSPI_lineSetMediaMode, t.TSPI_lineSetMediaMode != nullptr,
                   {}, [&](HDRVCALL hd) { return t.TSPI_lineSetMediaMode(hd, media_modes); });
}

LONG Host::line_set_media_control(CallHandle call, const MediaControl& control, DWORD select) {
  const TspiTable& t = tspi();
  HDRVLINE hd_line = nullptr;
  {
    std::lock_guard lock(mutex_);
    const auto it = calls_.find(call);
    if (it == calls_.end()) return err(LINEERR_INVALCALLHANDLE);
    hd_line = lines_.at(it->second.line).hd;
  }
  MediaControl copy = control;
  auto data = [](auto& v) { return v.empty() ? nullptr : v.data(); };
  auto size = [](const auto& v) { return static_cast<DWORD>(v.size()); };
  return call_sync(call, TspiFunction::TSPI_lineSetMediaControl,
                   t.TSPI_lineSetMediaControl != nullptr, {}, [&](HDRVCALL hd) {
                     return t.TSPI_lineSetMediaControl(
                         hd_line, 0, hd, select, data(copy.digits), size(copy.digits),
                         data(copy.media), size(copy.media), data(copy.tones), size(copy.tones),
                         data(copy.call_states), size(copy.call_states));
                   });
}

LONG Host::line_conditional_media_detection(LineHandle line, DWORD media_modes,
                                            const LINECALLPARAMS* params) {
  if (!started_) return err(LINEERR_UNINITIALIZED);
  const TspiTable& t = tspi();
  if (t.TSPI_lineConditionalMediaDetection == nullptr) return err(LINEERR_OPERATIONUNAVAIL);
  // TAPI guarantees at least one mode and no reserved bit (fn page).
  if (media_modes == 0 || (media_modes & ~kAllMediaModes) != 0) {
    return err(LINEERR_INVALMEDIAMODE);
  }
  HDRVLINE hd = nullptr;
  HTAPILINE ht = nullptr;
  {
    std::lock_guard lock(mutex_);
    const auto it = lines_.find(line);
    if (it == lines_.end() || it->second.phase != LinePhase::kOpen) {
      return err(LINEERR_INVALLINEHANDLE);
    }
    hd = it->second.hd;
    ht = it->second.ht;
  }
  return call_down(
      DownCall{.function = TspiFunction::TSPI_lineConditionalMediaDetection, .ht_line = ht},
      [&](Outcome& o) {
        o.result = t.TSPI_lineConditionalMediaDetection(hd, media_modes,
                                                        const_cast<LPLINECALLPARAMS>(params));
      });
}

}  // namespace spantsp::host
