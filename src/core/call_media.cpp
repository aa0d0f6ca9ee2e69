#include "core/call_media.h"

#include "tspi/spantsp_devspecific.h"

namespace spantsp::core {
namespace {

// LINE_* p3 is GetTickCount(): the worker's monotonic milliseconds, truncated as Windows does.
DWORD_PTR tick(std::uint64_t ms) {
  return static_cast<DWORD>(ms);
}

LONG error_of(media::MediaResult result) {
  switch (result) {
    case media::MediaResult::kOk:
      return 0;
    case media::MediaResult::kNoBearer:
      return LINEERR_INVALCALLSTATE;  // no audio on the channel now
    case media::MediaResult::kUnsupported:
      return LINEERR_OPERATIONUNAVAIL;
    case media::MediaResult::kNoResource:
      return LINEERR_RESOURCEUNAVAIL;  // the span's DSP pool is in use: later, or another span
    case media::MediaResult::kInvalid:
      break;
  }
  return LINEERR_OPERATIONFAILED;  // the boundary checked the limits: the DSP disagreed
}

media::MediaCommand command_of(media::MediaCommand::Op op) {
  media::MediaCommand command;
  command.op = op;
  return command;
}

}  // namespace

DWORD media_mode_of(std::uint32_t media_kind) {
  if ((media_kind & (media::kMediaFaxCng | media::kMediaFaxCed)) != 0) return LINEMEDIAMODE_G3FAX;
  if ((media_kind & media::kMediaModemAnswer) != 0) return LINEMEDIAMODE_DATAMODEM;
  if ((media_kind & media::kMediaSpeech) != 0) return LINEMEDIAMODE_INTERACTIVEVOICE;
  return 0;
}

std::uint32_t media_kinds_of(DWORD modes) {
  std::uint32_t kinds = 0;
  if ((modes & LINEMEDIAMODE_G3FAX) != 0) kinds |= media::kMediaFaxCng | media::kMediaFaxCed;
  if ((modes & LINEMEDIAMODE_DATAMODEM) != 0) kinds |= media::kMediaModemAnswer;
  if ((modes & LINEMEDIAMODE_INTERACTIVEVOICE) != 0) kinds |= media::kMediaSpeech;
  return kinds;
}

void CallMedia::reset() {
  *this = CallMedia{};
}

LONG CallMedia::handle(MediaPort& port, MediaRequest& request) {
  switch (request.kind) {
    case MediaRequest::Kind::kMonitorDigits: {
      const DWORD previous = monitor_digit_modes_;
      monitor_digit_modes_ = request.modes;
      const LONG error = apply_digits(port);
      if (error != 0) monitor_digit_modes_ = previous;
      return error;
    }
    case MediaRequest::Kind::kGatherDigits:
      return gather(port, request);
    case MediaRequest::Kind::kGenerate:
      return generate(port, request.command, request.end_to_end_id, false);
    case MediaRequest::Kind::kCancelGenerate:
      if (generate_.active) {
        port.command(command_of(media::MediaCommand::Op::kCancelGenerate));
        end_generate(port, LINEGENERATETERM_CANCEL);
      }
      return 0;
    case MediaRequest::Kind::kMonitorTones:
      return monitor_tones(port, request);
    case MediaRequest::Kind::kMonitorMedia: {
      const DWORD previous = monitor_media_modes_;
      monitor_media_modes_ = request.modes;
      const LONG error = apply_media(port);
      if (error != 0) monitor_media_modes_ = previous;
      return error;
    }
    case MediaRequest::Kind::kSetMediaControl:
      return set_media_control(port, request.control);
    case MediaRequest::Kind::kSetMediaMode:
      break;  // the call's own business (SpanRuntime), not its DSP's
  }
  return LINEERR_OPERATIONFAILED;
}

LONG CallMedia::dial_inband(MediaPort& port, std::string_view digits) {
  media::MediaCommand command = command_of(media::MediaCommand::Op::kGenerateDigits);
  for (const char c : digits) {
    if (command.digit_count == command.digits.size()) return LINEERR_INVALADDRESS;
    // '+' is a number's prefix, not a DTMF digit: nothing to play for it.
    if (media::kDtmfDigits.find(c) == std::string_view::npos) continue;
    command.digits[command.digit_count++] = c;
  }
  command.digit_on_ms = static_cast<std::uint16_t>(kDefaultDigitMs);
  command.digit_off_ms = static_cast<std::uint16_t>(kDefaultDigitMs);
  return generate(port, command, 0, true);
}

void CallMedia::settle_by_detection(MediaPort& port, DWORD candidates) {
  settle_candidates_ = candidates & kDetectableMediaModes;
  if (apply_media(port) != 0) settle_candidates_ = 0;  // nothing to detect with: stays UNKNOWN
}

// --- requests -------------------------------------------------------------------------------

LONG CallMedia::gather(MediaPort& port, const MediaRequest& request) {
  // tspi-contract §6: a new request (or a NULL buffer) ends the running one with
  // LINE_GATHERDIGITS(CANCEL) after the digits so far. [C] The legacy LINE_GATHERDIGITS page
  // says no message follows a cancel; TAPISRV frees the buffer on the message, so we send it.
  if (gathering()) end_gather(port, LINEGATHERTERM_CANCEL);
  if (request.buffer == nullptr) return 0;
  gather_ = Gather{.buffer = request.buffer,
                   .capacity = request.num_digits,
                   .end_to_end_id = request.end_to_end_id,
                   .terminators = request.terminators,
                   .first_timeout_ms = request.first_timeout_ms,
                   .inter_timeout_ms = request.inter_timeout_ms};
  if (const LONG error = apply_digits(port); error != 0) {
    gather_ = Gather{};
    return error;
  }
  if (gather_.first_timeout_ms != 0) port.arm_timer(port.now_ms() + gather_.first_timeout_ms);
  return 0;
}

LONG CallMedia::generate(MediaPort& port, media::MediaCommand command, DWORD end_to_end_id,
                         bool inband_dial) {
  // One generation per call: a new one cancels what plays (fn:TSPI_lineGenerateDigits).
  if (generate_.active) {
    port.command(command_of(media::MediaCommand::Op::kCancelGenerate));
    end_generate(port, LINEGENERATETERM_CANCEL);
  }
  const std::uint32_t token = next_token_++;
  command.token = token;
  if (command.op == media::MediaCommand::Op::kGenerateDigits && command.digit_count == 0) {
    // Only characters we skip (invalid digits are ignored, not errors): done at once.
    generate_ = Generate{true, inband_dial, end_to_end_id, token};
    end_generate(port, LINEGENERATETERM_DONE);
    return 0;
  }
  if (const LONG error = error_of(port.command(command)); error != 0) return error;
  generate_ = Generate{true, inband_dial, end_to_end_id, token};
  return 0;
}

LONG CallMedia::monitor_tones(MediaPort& port, const MediaRequest& request) {
  // fn:TSPI_lineMonitorTones: a list replaces the list of the same ID; others stay.
  const auto saved = tones_;
  const std::uint8_t saved_count = monitor_tone_count_;
  std::uint8_t kept = 0;
  for (std::uint8_t i = 0; i < monitor_tone_count_; ++i) {
    if (tones_[i].list_id != request.list_id) tones_[kept++] = tones_[i];
  }
  if (DWORD{kept} + request.tone_count + control_.tone_count > kMaxMonitoredTones) {
    tones_ = saved;
    return LINEERR_RESOURCEUNAVAIL;  // every tone slot of the call's DSP is taken
  }
  for (std::uint8_t i = 0; i < request.tone_count; ++i) tones_[kept++] = request.tones[i];
  monitor_tone_count_ = kept;
  if (const LONG error = apply_tones(port); error != 0) {
    tones_ = saved;
    monitor_tone_count_ = saved_count;
    apply_tones(port);
    return error;
  }
  return 0;
}

LONG CallMedia::set_media_control(MediaPort& port, const MediaControlLists& lists) {
  if (DWORD{lists.tone_count} + monitor_tone_count_ > kMaxMonitoredTones) {
    return LINEERR_RESOURCEUNAVAIL;
  }
  const MediaControlLists saved = control_;
  control_ = lists;  // replaces every control in effect (fn:TSPI_lineSetMediaControl)
  LONG error = apply_digits(port);
  if (error == 0) error = apply_media(port);
  if (error == 0) error = apply_tones(port);
  if (error != 0) {
    control_ = saved;
    apply_digits(port);
    apply_media(port);
    apply_tones(port);
  }
  return error;
}

// --- ends -----------------------------------------------------------------------------------

void CallMedia::end_gather(MediaPort& port, DWORD reason) {
  // The buffer holds dwNumDigits characters: NUL-terminated when there is room (a timeout with
  // no digit leaves a single NUL, fn:lineGatherDigits).
  if (gather_.count < gather_.capacity) gather_.buffer[gather_.count] = u'\0';
  const DWORD end_to_end_id = gather_.end_to_end_id;
  gather_ = Gather{};
  port.cancel_timer();
  // Every digit is written before the message is published: TAPI may read the buffer now.
  port.report(LINE_GATHERDIGITS, reason, end_to_end_id, tick(port.now_ms()));
  apply_digits(port);
}

void CallMedia::end_generate(MediaPort& port, DWORD reason) {
  const Generate ended = generate_;
  generate_ = Generate{};
  if (ended.inband_dial) {
    port.inband_dial_ended(reason == LINEGENERATETERM_DONE);
  } else {
    port.report(LINE_GENERATE, reason, ended.end_to_end_id, tick(port.now_ms()));
  }
}

void CallMedia::stop(MediaPort& port, bool report) {
  const bool running = digits_on_ || media_mask_ != 0 || tones_pushed_ || generate_.active;
  if (gathering()) {
    if (report) {
      end_gather(port, LINEGATHERTERM_CANCEL);
    } else {
      gather_ = Gather{};
      port.cancel_timer();
    }
  }
  if (generate_.active) {
    if (report || generate_.inband_dial) {
      end_generate(port, LINEGENERATETERM_CANCEL);
    } else {
      generate_ = Generate{};
    }
  }
  const std::uint32_t next_token = next_token_;
  reset();
  next_token_ = next_token;  // a late kGenerateDone of an old token never matches
  if (running) port.command(command_of(media::MediaCommand::Op::kReset));
}

// --- events ---------------------------------------------------------------------------------

void CallMedia::on_event(MediaPort& port, const media::MediaEvent& event) {
  switch (event.kind) {
    case media::MediaEvent::Kind::kDigitDown:
    case media::MediaEvent::Kind::kDigitUp:
      on_digit(port, event.digit, event.kind == media::MediaEvent::Kind::kDigitDown, event.at_ms);
      break;
    case media::MediaEvent::Kind::kGenerateDone:
      if (generate_.active && event.token == generate_.token) {
        end_generate(port, LINEGENERATETERM_DONE);
      }
      break;
    case media::MediaEvent::Kind::kToneDetected: {
      const std::size_t index = event.tone_index;
      if (index < monitor_tone_count_) {
        const ToneWatch& watch = tones_[index];
        port.report(LINE_MONITORTONE, watch.app_specific, watch.list_id, tick(event.at_ms));
      } else if (index - monitor_tone_count_ < control_.tone_count) {
        act(port, control_.tones[index - monitor_tone_count_].control);
      }
      break;
    }
    case media::MediaEvent::Kind::kMediaDetected:
      on_media(port, event.media, event.at_ms);
      break;
  }
}

void CallMedia::on_digit(MediaPort& port, char digit, bool down, std::uint64_t at_ms) {
  const DWORD edge = down ? LINEDIGITMODE_DTMF : LINEDIGITMODE_DTMFEND;
  // tspi-contract §6: with DTMF and DTMFEND both on, two messages per digit.
  if ((monitor_digit_modes_ & edge) != 0) {
    port.report(LINE_MONITORDIGITS, static_cast<unsigned char>(digit), edge, tick(at_ms));
  }
  if (down && gathering()) {
    gather_.buffer[gather_.count++] = static_cast<WCHAR>(digit);
    if (gather_.terminators.view().find(digit) != std::string_view::npos) {
      end_gather(port, LINEGATHERTERM_TERMDIGIT);  // the terminator is the buffer's last digit
    } else if (gather_.count == gather_.capacity) {
      end_gather(port, LINEGATHERTERM_BUFFERFULL);
    } else if (gather_.inter_timeout_ms != 0) {
      port.arm_timer(at_ms + gather_.inter_timeout_ms);
    } else {
      port.cancel_timer();  // the first-digit timeout is over
    }
  }
  DWORD action = 0;
  for (std::uint8_t i = 0; i < control_.digit_count; ++i) {
    const auto& entry = control_.digits[i];
    if (entry.digit == digit && (entry.modes & edge) != 0) action = entry.control;
  }
  if (action != 0) act(port, action);  // last: a drop ends everything above
}

void CallMedia::on_media(MediaPort& port, std::uint32_t kind, std::uint64_t at_ms) {
  const DWORD mode = media_mode_of(kind);
  if (mode == 0) return;
  if ((monitor_media_modes_ & mode) != 0) port.report(LINE_MONITORMEDIA, mode, 0, tick(at_ms));
  if ((settle_candidates_ & mode) != 0) {
    settle_candidates_ = 0;
    port.media_mode_detected(mode);
    apply_media(port);
  }
  DWORD action = 0;
  for (std::uint8_t i = 0; i < control_.media_count; ++i) {
    if ((control_.media[i].modes & mode) != 0) action = control_.media[i].control;
  }
  if (action != 0) act(port, action);
}

void CallMedia::on_timer(MediaPort& port, std::uint64_t) {
  if (!gathering()) return;
  end_gather(port, gather_.count == 0 ? LINEGATHERTERM_FIRSTTIMEOUT : LINEGATHERTERM_INTERTIMEOUT);
}

void CallMedia::on_call_state(MediaPort& port, DWORD state) {
  DWORD action = 0;
  for (std::uint8_t i = 0; i < control_.call_state_count; ++i) {
    if ((control_.call_states[i].states & state) != 0) action = control_.call_states[i].control;
  }
  if (action != 0) act(port, action);
}

void CallMedia::act(MediaPort& port, DWORD control) {
  // The actions a trunk's bearer gives meaning to (media_exports.cpp refuses the others): the
  // stream is what we play, so RESET ends it; and our device-specific drop.
  if (control == LINEMEDIACONTROL_RESET && generate_.active) {
    port.command(command_of(media::MediaCommand::Op::kCancelGenerate));
    end_generate(port, LINEGENERATETERM_CANCEL);
  } else if (control == kMediaControlDrop) {
    port.drop_call();
  }
}

// --- what the DSP runs ----------------------------------------------------------------------

LONG CallMedia::apply_digits(MediaPort& port) {
  const bool want = monitor_digit_modes_ != 0 || gathering() || control_.digit_count > 0;
  if (want == digits_on_) return 0;
  media::MediaCommand command = command_of(media::MediaCommand::Op::kDetectDigits);
  command.on = want;
  const LONG error = error_of(port.command(command));
  if (error != 0 && want) return error;
  digits_on_ = want;
  return 0;
}

LONG CallMedia::apply_media(MediaPort& port) {
  DWORD modes = monitor_media_modes_ | settle_candidates_;
  for (std::uint8_t i = 0; i < control_.media_count; ++i) modes |= control_.media[i].modes;
  const std::uint32_t mask = media_kinds_of(modes);
  if (mask == media_mask_) return 0;
  media::MediaCommand command = command_of(media::MediaCommand::Op::kDetectMedia);
  command.media_mask = mask;
  const LONG error = error_of(port.command(command));
  if (error != 0 && mask != 0) return error;
  media_mask_ = mask;
  return 0;
}

LONG CallMedia::apply_tones(MediaPort& port) {
  const std::size_t total = monitor_tone_count_ + control_.tone_count;
  if (total == 0 && !tones_pushed_) return 0;
  media::MediaCommand command = command_of(media::MediaCommand::Op::kMonitorTones);
  for (std::uint8_t i = 0; i < monitor_tone_count_; ++i) command.tones[i] = tones_[i].tone;
  for (std::uint8_t i = 0; i < control_.tone_count; ++i) {
    command.tones[monitor_tone_count_ + i] = control_.tones[i].tone;
  }
  command.tone_count = static_cast<std::uint8_t>(total);
  const LONG error = error_of(port.command(command));
  if (error != 0 && total != 0) return error;
  tones_pushed_ = total != 0;
  return 0;
}

}  // namespace spantsp::core
