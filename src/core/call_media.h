#pragma once
// The bearer media of one call on its span strand (DESIGN.md §5): what the TSPI media
// functions asked for — digit monitoring, a gather, one generation (digits or a tone), tone
// lists, media monitoring, media control — turned into MediaCommands for the channel's DSP,
// and the DSP's MediaEvents turned into LINE_MONITORDIGITS, LINE_GATHERDIGITS, LINE_GENERATE,
// LINE_MONITORTONE and LINE_MONITORMEDIA (tspi-contract §6, §9).
//
// Threads: a CallMedia is part of its Call's worker fields. Every member runs on the span
// worker, the single writer of call state; DSP events reach it through SpanEvents::on_media on
// the same strand (board_driver.h), and its one timer (the gather's) is on the worker's
// TimerWheel. Nothing here is shared, nothing is locked.
//
// Memory: fixed-size members, reset in place for every call; no allocation.
//
// Lifetime rules it upholds: everything stops when the bearer goes (DISCONNECTED, IDLE, or the
// call is torn down by lineCloseCall / lineClose): a pending gather ends with
// LINE_GATHERDIGITS(CANCEL) and a pending generation with LINE_GENERATE(CANCEL) before the
// call's IDLE, and nothing is reported afterwards. lineGatherDigits' buffer is the one
// pointer into TAPI's memory kept past a TSPI call; it is written only until its
// LINE_GATHERDIGITS is published.

#include <array>
#include <cstdint>

#include "core/media_request.h"
#include "media/media_types.h"
#include "tspi/abi/tspi_abi.h"

namespace spantsp::core {

// What a CallMedia needs of its strand (SpanRuntime implements it per call; tests fake it).
class MediaPort {
 public:
  // To the DSP of the call's channel (SpanSignalling::media).
  virtual media::MediaResult command(const media::MediaCommand& command) = 0;
  // A LINEEVENT about the call.
  virtual void report(DWORD message, DWORD_PTR p1, DWORD_PTR p2, DWORD_PTR p3) = 0;
  // The gather's timer: armed for `due_ms` (re-arming moves it), or cancelled.
  virtual void arm_timer(std::uint64_t due_ms) = 0;
  virtual void cancel_timer() = 0;
  // Detection settled an UNKNOWN call as `mode` (LINE_CALLINFO MEDIAMODE follows).
  virtual void media_mode_detected(DWORD mode) = 0;
  // Media control's drop action (spantsp::kMediaControlDrop).
  virtual void drop_call() = 0;
  // lineDial's in-band digits have played (true) or were cut short (false).
  virtual void inband_dial_ended(bool played) = 0;
  virtual std::uint64_t now_ms() const = 0;

 protected:
  ~MediaPort() = default;
};

// LINEMEDIAMODE_ of a detected media::MediaKind bit (0 for none).
DWORD media_mode_of(std::uint32_t media_kind);
// media::MediaKind bits that detect the LINEMEDIAMODE_ bits in `modes`.
std::uint32_t media_kinds_of(DWORD modes);

class CallMedia {
 public:
  // A new call: nothing asked, nothing running.
  void reset();

  // The TSPI media functions on the strand, once the call's state allowed them: 0 or a
  // LINEERR_. A failure changes nothing.
  LONG handle(MediaPort& port, MediaRequest& request);
  // lineDial on a connected call: `digits` as in-band DTMF (no LINE_GENERATE; the port hears
  // inband_dial_ended). Cancels what was generating, as a new generation does.
  LONG dial_inband(MediaPort& port, std::string_view digits);
  // An UNKNOWN call detects until one of `candidates` (LINEMEDIAMODE_ bits) is recognised.
  void settle_by_detection(MediaPort& port, DWORD candidates);

  void on_event(MediaPort& port, const media::MediaEvent& event);
  void on_timer(MediaPort& port, std::uint64_t now_ms);
  // The call entered `state` (media control's call-state triggers).
  void on_call_state(MediaPort& port, DWORD state);
  // The bearer is gone: CANCEL for a pending gather and generation (when `report`), every
  // detector and generator off. Idempotent.
  void stop(MediaPort& port, bool report);

  // For tests and the snapshot.
  DWORD monitor_digit_modes() const { return monitor_digit_modes_; }
  bool gathering() const { return gather_.buffer != nullptr; }
  bool generating() const { return generate_.active; }

 private:
  struct Gather {
    WCHAR* buffer = nullptr;  // TAPI's, until LINE_GATHERDIGITS
    DWORD capacity = 0;
    DWORD count = 0;
    DWORD end_to_end_id = 0;
    board::FixedString<16> terminators;
    DWORD first_timeout_ms = 0;
    DWORD inter_timeout_ms = 0;
  };
  struct Generate {
    bool active = false;
    bool inband_dial = false;  // lineDial: no LINE_GENERATE
    DWORD end_to_end_id = 0;
    std::uint32_t token = 0;
  };

  LONG gather(MediaPort& port, const MediaRequest& request);
  LONG generate(MediaPort& port, media::MediaCommand command, DWORD end_to_end_id,
                bool inband_dial);
  LONG monitor_tones(MediaPort& port, const MediaRequest& request);
  LONG set_media_control(MediaPort& port, const MediaControlLists& lists);
  void end_gather(MediaPort& port, DWORD reason);
  void end_generate(MediaPort& port, DWORD reason);
  void on_digit(MediaPort& port, char digit, bool down, std::uint64_t at_ms);
  void on_media(MediaPort& port, std::uint32_t kind, std::uint64_t at_ms);
  void act(MediaPort& port, DWORD control);
  // Pushes the detector set the requests add up to, when it changed. 0 or a LINEERR_.
  LONG apply_digits(MediaPort& port);
  LONG apply_media(MediaPort& port);
  LONG apply_tones(MediaPort& port);

  DWORD monitor_digit_modes_ = 0;
  DWORD monitor_media_modes_ = 0;
  DWORD settle_candidates_ = 0;  // an UNKNOWN call's candidate modes until one is detected
  Gather gather_;
  Generate generate_;
  std::uint32_t next_token_ = 1;
  // lineMonitorTones entries of every list, then the media control's tone entries.
  std::array<ToneWatch, kMaxMonitoredTones> tones_{};
  std::uint8_t monitor_tone_count_ = 0;
  MediaControlLists control_;
  // What the DSP runs now (pushed only on change).
  bool digits_on_ = false;
  std::uint32_t media_mask_ = 0;
  bool tones_pushed_ = false;
};

}  // namespace spantsp::core
