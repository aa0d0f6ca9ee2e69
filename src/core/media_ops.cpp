// Engine: the TSPI media functions (any TAPISRV thread). Each checks its arguments against the
// limits LINEDEVCAPS advertises (core/line_caps.h), converts them into a MediaRequest and
// waits for the call's span strand to answer (core/media_request.h). Errors follow the
// function pages of Microsoft's TSPI reference; choices the pages leave open are noted.

#include <bit>
#include <stdexcept>

#include "core/call_params.h"
#include "core/engine.h"
#include "core/line_caps.h"
#include "text/utf16.h"
#include "tspi/spantsp_devspecific.h"

namespace spantsp::core {
namespace {

// Far beyond any digit string a generator queue takes (media::kMaxGenerateDigits).
constexpr std::size_t kMaxDigitStringUnits = 1024;

// A DTMF digit as TAPI spells it ('0'-'9', 'A'-'D', '*', '#'; 'a'-'d' accepted), or 0.
char dtmf_digit(char16_t c) {
  if (c >= u'a' && c <= u'd') c = static_cast<char16_t>(c - u'a' + u'A');
  if (c > 0x7F) return 0;
  const char digit = static_cast<char>(c);
  return media::kDtmfDigits.find(digit) != std::string_view::npos ? digit : 0;
}

bool tone_frequency_ok(DWORD hz) {
  return hz >= media::kMinToneHz && hz <= media::kMaxToneHz;
}

// LINEMONITORTONE / LINEMEDIACONTROLTONE frequencies: 0 is "unused"; all 0 is silence.
bool monitored_tone(DWORD duration, DWORD f1, DWORD f2, DWORD f3, media::MonitoredTone& out) {
  out = media::MonitoredTone{};
  for (const DWORD hz : {f1, f2, f3}) {
    if (hz == 0) continue;
    if (!tone_frequency_ok(hz)) return false;
    out.frequency_hz[out.frequencies++] = static_cast<std::uint16_t>(hz);
  }
  // A tone shorter than one frame cannot be told from a click: 0 means "as soon as heard".
  out.duration_ms =
      duration < media::kDefaultFramePeriodMs ? media::kDefaultFramePeriodMs : duration;
  return true;
}

// The media-control actions a trunk's bearer gives meaning to: NONE, RESET (the stream is what
// we play: it ends), and our device-specific drop. START, PAUSE, RESUME and the RATE/VOLUME
// steps need a stream we could hold or re-time, which a generator of DTMF and tones is not:
// they are refused with the list's LINEERR_INVAL*LIST.
bool control_supported(DWORD control) {
  return control == LINEMEDIACONTROL_NONE || control == LINEMEDIACONTROL_RESET ||
         control == kMediaControlDrop;
}

std::uint16_t clamp_ms(DWORD ms) {
  return static_cast<std::uint16_t>(ms > 0xFFFF ? 0xFFFF : ms);
}

// LINEGENERATETONE.dwVolume (0..0xFFFF, 0: default) as a level in dBm0 (-40 .. -3).
std::int8_t level_of(DWORD volume) {
  if (volume == 0) return -13;
  const DWORD v = volume > 0xFFFF ? 0xFFFF : volume;
  return static_cast<std::int8_t>(-40 + static_cast<int>(v * 37 / 0xFFFF));
}

media::ToneSegment segment(std::initializer_list<std::uint16_t> hz, std::uint16_t ms,
                           std::int8_t level = -13) {
  media::ToneSegment s;
  for (const std::uint16_t f : hz) s.frequency_hz[s.frequencies++] = f;
  s.ms = ms;
  s.level_dbm0 = level;
  return s;
}

// LINETONEMODE_ standard tones (North American precise tones; dwDuration 0 plays them until
// cancelled, BILLING once, as the lineGenerateTone page gives the defaults).
media::ToneSpec standard_tone(DWORD mode) {
  media::ToneSpec spec;
  switch (mode) {
    case LINETONEMODE_BEEP:
      spec.segments[0] = segment({1000}, 1000);
      spec.segment_count = 1;
      spec.repeat = true;
      break;
    case LINETONEMODE_BILLING:
      spec.segments[0] = segment({1000}, 200);
      spec.segment_count = 1;
      break;
    case LINETONEMODE_BUSY:
      spec.segments[0] = segment({480, 620}, 500);
      spec.segments[1] = segment({}, 500);
      spec.segment_count = 2;
      spec.repeat = true;
      break;
    case LINETONEMODE_RINGBACK:
    default:
      spec.segments[0] = segment({440, 480}, 2000);
      spec.segments[1] = segment({}, 4000);
      spec.segment_count = 2;
      spec.repeat = true;
      break;
  }
  return spec;
}

}  // namespace

LONG Engine::media_request(HDRVCALL hd_call, MediaRequest& request) {
  std::uint32_t index = 0, generation = 0;
  CallSnapshot snapshot;
  pipeline::GateEntry call_entry, line_entry;
  Call* call = enter_call(hd_call, &index, &generation, &snapshot, call_entry, line_entry);
  if (call == nullptr) return LINEERR_INVALCALLHANDLE;
  // A line whose signalling has no bearer offers none of it (LINEDEVCAPS says so too).
  if (request.kind != MediaRequest::Kind::kSetMediaMode &&
      !line_has_bearer_media(directory_.lines()[snapshot.line_index])) {
    return LINEERR_OPERATIONUNAVAIL;
  }
  // The answer passes through the worker, which may wait for the dispatcher: waiting on the
  // dispatcher thread would never return. TAPI never calls in from a callback (contract §8).
  if (dispatcher_.on_dispatcher_thread()) {
    throw std::logic_error("a media function called from inside a provider callback");
  }
  Command command;
  command.op = Command::Op::kMedia;
  command.line_index = snapshot.line_index;
  command.call_index = index;
  command.call_generation = generation;
  command.media = &request;
  if (const LONG error = post_for_call(*call, snapshot.line_index, command); error != 0) {
    return error;
  }
  request.done.acquire();
  return request.result;
}

LONG Engine::monitor_digits(HDRVCALL hd_call, DWORD digit_modes) {
  if ((digit_modes & ~kMonitorDigitModes) != 0) return LINEERR_INVALDIGITMODE;  // no pulse
  MediaRequest request;
  request.kind = MediaRequest::Kind::kMonitorDigits;
  request.modes = digit_modes;
  return media_request(hd_call, request);
}

LONG Engine::gather_digits(HDRVCALL hd_call, DWORD end_to_end_id, DWORD digit_modes, WCHAR* digits,
                           DWORD num_digits, const WCHAR* termination_digits, DWORD first_timeout,
                           DWORD inter_timeout) {
  MediaRequest request;
  request.kind = MediaRequest::Kind::kGatherDigits;
  request.end_to_end_id = end_to_end_id;
  if (digits != nullptr) {  // NULL cancels: nothing else is read
    if (digit_modes == 0 || (digit_modes & ~kGatherDigitModes) != 0) {
      return LINEERR_INVALDIGITMODE;
    }
    if (num_digits == 0) return LINEERR_INVALPARAM;  // fn:TSPI_lineGatherDigits
    if (termination_digits != nullptr) {
      constexpr std::size_t kMaxTerminatorUnits = 64;  // 16 digits, however repeated
      const std::size_t length = text::bounded_u16_length(termination_digits, kMaxTerminatorUnits);
      if (length > kMaxTerminatorUnits) return LINEERR_INVALDIGITS;
      for (std::size_t i = 0; i < length; ++i) {
        const char digit = dtmf_digit(termination_digits[i]);
        if (digit == 0) return LINEERR_INVALDIGITS;
        if (request.terminators.view().find(digit) == std::string_view::npos &&
            !request.terminators.append(std::string_view(&digit, 1))) {
          return LINEERR_INVALDIGITS;
        }
      }
    }
    // TAPI does not check the timeouts (contract §8); 0 means none.
    for (const DWORD timeout : {first_timeout, inter_timeout}) {
      if (timeout != 0 && (timeout < kGatherMinTimeoutMs || timeout > kGatherMaxTimeoutMs)) {
        return LINEERR_INVALTIMEOUT;
      }
    }
    request.buffer = digits;
    request.num_digits = num_digits;
    request.first_timeout_ms = first_timeout;
    request.inter_timeout_ms = inter_timeout;
  }
  return media_request(hd_call, request);
}

LONG Engine::generate_digits(HDRVCALL hd_call, DWORD end_to_end_id, DWORD digit_mode,
                             const WCHAR* digits, DWORD duration) {
  MediaRequest request;
  request.end_to_end_id = end_to_end_id;
  request.command.op = media::MediaCommand::Op::kGenerateDigits;
  if (digits == nullptr) {
    request.kind = MediaRequest::Kind::kCancelGenerate;
    return media_request(hd_call, request);
  }
  if (digit_mode != LINEDIGITMODE_DTMF) return LINEERR_INVALDIGITMODE;  // one mode; no pulse
  request.kind = MediaRequest::Kind::kGenerate;
  media::MediaCommand& command = request.command;
  const std::size_t length = text::bounded_u16_length(digits, kMaxDigitStringUnits);
  if (length > kMaxDigitStringUnits) return LINEERR_RESOURCEUNAVAIL;
  for (std::size_t i = 0; i < length; ++i) {
    // Invalid digits are skipped, not errors (fn:TSPI_lineGenerateDigits); ',' is a pause.
    const char digit = digits[i] == u',' ? ',' : dtmf_digit(digits[i]);
    if (digit == 0) continue;
    if (command.digit_count == command.digits.size()) return LINEERR_RESOURCEUNAVAIL;
    command.digits[command.digit_count++] = digit;
  }
  // dwDuration is both the tone and the gap; 0 is the default, the rest is clamped to
  // MinDialParams..MaxDialParams (TAPI does not check it).
  DWORD ms = duration == 0 ? kDefaultDigitMs : duration;
  ms = ms < kMinDigitMs ? kMinDigitMs : ms > kMaxDigitMs ? kMaxDigitMs : ms;
  command.digit_on_ms = command.digit_off_ms = static_cast<std::uint16_t>(ms);
  return media_request(hd_call, request);
}

LONG Engine::generate_tone(HDRVCALL hd_call, DWORD end_to_end_id, DWORD tone_mode, DWORD duration,
                           DWORD num_tones, const LINEGENERATETONE* tones) {
  MediaRequest request;
  request.end_to_end_id = end_to_end_id;
  request.command.op = media::MediaCommand::Op::kGenerateTone;
  if (tone_mode == 0) {
    request.kind = MediaRequest::Kind::kCancelGenerate;
    return media_request(hd_call, request);
  }
  if (std::popcount(tone_mode) != 1 || (tone_mode & ~kGenerateToneModes) != 0) {
    return LINEERR_INVALTONEMODE;
  }
  request.kind = MediaRequest::Kind::kGenerate;
  media::ToneSpec& spec = request.command.tone;
  if (tone_mode == LINETONEMODE_CUSTOM) {
    if (num_tones == 0 || num_tones > kMaxToneFrequencies) return LINEERR_INVALTONE;
    if (tones == nullptr) return LINEERR_INVALPOINTER;
    // One cadence for every frequency: our generator sums them into one segment.
    media::ToneSegment on;
    on.level_dbm0 = level_of(tones[0].dwVolume);
    for (DWORD i = 0; i < num_tones; ++i) {
      if (!tone_frequency_ok(tones[i].dwFrequency) ||
          tones[i].dwCadenceOn != tones[0].dwCadenceOn ||
          tones[i].dwCadenceOff != tones[0].dwCadenceOff) {
        return LINEERR_INVALTONE;
      }
      on.frequency_hz[on.frequencies++] = static_cast<std::uint16_t>(tones[i].dwFrequency);
    }
    // CadenceOn 0: a steady tone.
    on.ms = tones[0].dwCadenceOn == 0 ? 1000 : clamp_ms(tones[0].dwCadenceOn);
    spec.segments[0] = on;
    spec.segment_count = 1;
    if (tones[0].dwCadenceOn != 0 && tones[0].dwCadenceOff != 0) {
      spec.segments[1] = segment({}, clamp_ms(tones[0].dwCadenceOff));
      spec.segment_count = 2;
    }
    spec.repeat = true;
  } else {
    spec = standard_tone(tone_mode);
  }
  spec.duration_ms = duration;
  return media_request(hd_call, request);
}

LONG Engine::monitor_tones(HDRVCALL hd_call, DWORD tone_list_id, const LINEMONITORTONE* tones,
                           DWORD num_entries) {
  MediaRequest request;
  request.kind = MediaRequest::Kind::kMonitorTones;
  request.list_id = tone_list_id;
  if (tones != nullptr) {  // NULL drops the list
    // More than a call can monitor at once is not a list we can take.
    if (num_entries > kMaxMonitoredTones) return LINEERR_INVALTONE;
    for (DWORD i = 0; i < num_entries; ++i) {
      ToneWatch& watch = request.tones[i];
      if (!monitored_tone(tones[i].dwDuration, tones[i].dwFrequency1, tones[i].dwFrequency2,
                          tones[i].dwFrequency3, watch.tone)) {
        return LINEERR_INVALTONE;
      }
      watch.app_specific = tones[i].dwAppSpecific;
      watch.list_id = tone_list_id;
    }
    request.tone_count = static_cast<std::uint8_t>(num_entries);
  }
  return media_request(hd_call, request);
}

LONG Engine::monitor_media(HDRVCALL hd_call, DWORD media_modes) {
  // Only what detection tells apart (LINEDEVCAPS.dwMediaModes minus what it cannot hear).
  if ((media_modes & ~kDetectableMediaModes) != 0) return LINEERR_INVALMEDIAMODE;
  MediaRequest request;
  request.kind = MediaRequest::Kind::kMonitorMedia;
  request.modes = media_modes;
  return media_request(hd_call, request);
}

LONG Engine::set_media_mode(HDRVCALL hd_call, DWORD media_modes) {
  std::uint32_t index = 0, generation = 0;
  Call* call = resolve_call(hd_call, &index, &generation);
  if (call == nullptr) return LINEERR_INVALCALLHANDLE;
  const std::uint32_t line_index = call->snapshot.load().line_index;
  if (line_index == kNoIndex) return LINEERR_INVALCALLHANDLE;
  // One mode, or UNKNOWN with the candidates still possible; each one the line supports.
  if (media_modes == 0 || (media_modes & ~supported_media_modes(directory_.lines()[line_index])) ||
      ((media_modes & LINEMEDIAMODE_UNKNOWN) == 0 && std::popcount(media_modes) != 1)) {
    return LINEERR_INVALMEDIAMODE;
  }
  MediaRequest request;
  request.kind = MediaRequest::Kind::kSetMediaMode;
  request.modes = media_modes;
  return media_request(hd_call, request);
}

LONG Engine::set_media_control(HDRVLINE hd_line, DWORD, HDRVCALL hd_call, DWORD select,
                               const LINEMEDIACONTROLDIGIT* digits, DWORD digit_entries,
                               const LINEMEDIACONTROLMEDIA* media, DWORD media_entries,
                               const LINEMEDIACONTROLTONE* tones, DWORD tone_entries,
                               const LINEMEDIACONTROLCALLSTATE* states, DWORD state_entries) {
  if (select == LINECALLSELECT_LINE || select == LINECALLSELECT_ADDRESS) {
    // Defaults for the calls of a line or address are not offered: a control is set on the
    // connected call it applies to.
    std::uint32_t line_index = 0;
    if (resolve_line(hd_line, &line_index) == nullptr) return LINEERR_INVALLINEHANDLE;
    return LINEERR_OPERATIONUNAVAIL;
  }
  if (select != LINECALLSELECT_CALL) return LINEERR_INVALCALLSELECT;
  MediaRequest request;
  request.kind = MediaRequest::Kind::kSetMediaControl;
  MediaControlLists& lists = request.control;
  // Longer lists than LINEDEVCAPS.dwMedCtl*MaxListSize, or an entry we cannot act on, are
  // refused with the list's own error.
  if (digits != nullptr) {
    if (digit_entries > kMedCtlDigitMaxListSize) return LINEERR_INVALDIGITLIST;
    for (DWORD i = 0; i < digit_entries; ++i) {
      const char digit = dtmf_digit(static_cast<char16_t>(digits[i].dwDigit & 0xFF));
      const DWORD modes = digits[i].dwDigitModes;
      if (digit == 0 || modes == 0 || (modes & ~kMonitorDigitModes) != 0 ||
          !control_supported(digits[i].dwMediaControl)) {
        return LINEERR_INVALDIGITLIST;
      }
      lists.digits[i] = {digit, modes, digits[i].dwMediaControl};
    }
    lists.digit_count = static_cast<std::uint8_t>(digit_entries);
  }
  if (media != nullptr) {
    if (media_entries > kMedCtlMediaMaxListSize) return LINEERR_INVALMEDIALIST;
    for (DWORD i = 0; i < media_entries; ++i) {
      const DWORD modes = media[i].dwMediaModes;
      if (modes == 0 || (modes & ~kDetectableMediaModes) != 0 ||
          !control_supported(media[i].dwMediaControl)) {
        return LINEERR_INVALMEDIALIST;
      }
      lists.media[i] = {modes, media[i].dwMediaControl};
    }
    lists.media_count = static_cast<std::uint8_t>(media_entries);
  }
  if (tones != nullptr) {
    if (tone_entries > kMedCtlToneMaxListSize) return LINEERR_INVALTONELIST;
    for (DWORD i = 0; i < tone_entries; ++i) {
      ToneWatch& watch = lists.tones[i];
      if (!monitored_tone(tones[i].dwDuration, tones[i].dwFrequency1, tones[i].dwFrequency2,
                          tones[i].dwFrequency3, watch.tone) ||
          !control_supported(tones[i].dwMediaControl)) {
        return LINEERR_INVALTONELIST;
      }
      watch.app_specific = tones[i].dwAppSpecific;
      watch.control = tones[i].dwMediaControl;
    }
    lists.tone_count = static_cast<std::uint8_t>(tone_entries);
  }
  if (states != nullptr) {
    if (state_entries > kMedCtlCallStateMaxListSize) return LINEERR_INVALCALLSTATELIST;
    for (DWORD i = 0; i < state_entries; ++i) {
      const DWORD call_states = states[i].dwCallStates;
      if (call_states == 0 || (call_states & ~kReportedCallStates) != 0 ||
          !control_supported(states[i].dwMediaControl)) {
        return LINEERR_INVALCALLSTATELIST;
      }
      lists.call_states[i] = {call_states, states[i].dwMediaControl};
    }
    lists.call_state_count = static_cast<std::uint8_t>(state_entries);
  }
  return media_request(hd_call, request);
}

LONG Engine::conditional_media_detection(HDRVLINE hd_line, DWORD media_modes,
                                         const LINECALLPARAMS* params) {
  std::uint32_t index = 0;
  if (resolve_line(hd_line, &index) == nullptr) return LINEERR_INVALLINEHANDLE;
  // A check only: can this line detect these modes together and honour the call parameters?
  // The line's detection stays as it is (fn:TSPI_lineConditionalMediaDetection).
  const DWORD supported = supported_media_modes(directory_.lines()[index]);
  if (media_modes == 0 || (media_modes & ~supported) != 0) return LINEERR_INVALMEDIAMODE;
  bool block_caller_id = false;
  DWORD media_mode = 0;
  return check_call_params(params, supported, block_caller_id, media_mode);
}

}  // namespace spantsp::core
