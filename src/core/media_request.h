#pragma once
// What a TSPI media function asks of one call (lineMonitorDigits ... lineSetMediaControl),
// checked and converted at the TSPI boundary into plain values, and handed to the call's span
// strand by address: the TSPI thread waits for the strand's answer (the request's `done`), so
// the record lives on that thread's stack and the Command carries one pointer, as a Fence
// does. Nothing is allocated; the strand copies what it keeps (tspi-contract §2 "copy every
// input buffer") before it answers. The one pointer kept past the call is lineGatherDigits'
// buffer (CallMedia owns it until LINE_GATHERDIGITS).
//
// Threads: filled by the TSPI thread, read and answered by the span worker, then read again by
// the TSPI thread after `done` (the semaphore orders the two).

#include <array>
#include <cstdint>
#include <semaphore>

#include "board_drivers/board_driver.h"
#include "core/line_caps.h"
#include "media/media_types.h"
#include "tspi/abi/tspi_abi.h"

namespace spantsp::core {

// A tone of a lineMonitorTones list or of a media-control tone entry, with what it reports.
struct ToneWatch {
  media::MonitoredTone tone;
  DWORD app_specific = 0;
  DWORD list_id = 0;
  DWORD control = 0;  // media control: its action; lineMonitorTones: 0
};

// TSPI_lineSetMediaControl's lists, checked: one action bit per entry, each one we perform.
struct MediaControlLists {
  struct Digit {
    char digit = 0;
    DWORD modes = 0;  // LINEDIGITMODE_DTMF and/or DTMFEND: on the digit's start or end
    DWORD control = 0;
  };
  struct Media {
    DWORD modes = 0;
    DWORD control = 0;
  };
  struct CallState {
    DWORD states = 0;
    DWORD control = 0;
  };
  std::array<Digit, kMedCtlDigitMaxListSize> digits{};
  std::array<Media, kMedCtlMediaMaxListSize> media{};
  std::array<ToneWatch, kMedCtlToneMaxListSize> tones{};
  std::array<CallState, kMedCtlCallStateMaxListSize> call_states{};
  std::uint8_t digit_count = 0, media_count = 0, tone_count = 0, call_state_count = 0;
};

struct MediaRequest {
  enum class Kind : std::uint8_t {
    kMonitorDigits,  // modes (0: stop)
    kGatherDigits,   // buffer (nullptr: cancel) ...
    kGenerate,       // command: digits or a tone (end_to_end_id); cancel: stop what plays
    kCancelGenerate,
    kMonitorTones,     // list_id, tones[0..tone_count) (0 entries: drop the list)
    kMonitorMedia,     // modes (0: stop)
    kSetMediaControl,  // control
    kSetMediaMode,     // modes
  };

  Kind kind = Kind::kMonitorDigits;
  DWORD modes = 0;
  DWORD end_to_end_id = 0;
  // kGatherDigits
  WCHAR* buffer = nullptr;
  DWORD num_digits = 0;
  board::FixedString<16> terminators;
  DWORD first_timeout_ms = 0;
  DWORD inter_timeout_ms = 0;
  // kGenerate (token and, for digits, timing filled in here; the strand sets the token)
  media::MediaCommand command;
  // kMonitorTones
  DWORD list_id = 0;
  std::array<ToneWatch, kMaxMonitoredTones> tones{};
  std::uint8_t tone_count = 0;
  // kSetMediaControl
  MediaControlLists control;

  // The strand's answer: 0 or a LINEERR_, published by releasing `done`.
  LONG result = 0;
  std::binary_semaphore done{0};
};

}  // namespace spantsp::core
