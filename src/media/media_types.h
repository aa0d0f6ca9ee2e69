#pragma once
// The vocabulary of bearer media (DESIGN.md §5): what the span strand asks of a channel's DSP
// (MediaCommand) and what the DSP reports back (MediaEvent). Plain values: no pointers, no
// allocation, copyable through any queue.
//
// Who uses it: the core turns TSPI media functions into MediaCommands and MediaEvents into
// LINE_MONITORDIGITS / LINE_GENERATE / LINE_MONITORTONE / LINE_MONITORMEDIA; board drivers
// hand commands to their span's SpanMedia (media/span_media.h) and report its events through
// board::SpanEvents::on_media. The sim far end uses the same commands for what callers and
// switches play and listen for.
//
// Limits are the caps LINEDEVCAPS advertises (core/line_caps.cpp reads them from here), so
// what is advertised and what the DSP can do are one set of numbers.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace spantsp::media {

// G.711 companding of a span's bearers: A-law on E1, µ-law on T1.
enum class Law : std::uint8_t { kMulaw, kAlaw };

inline constexpr std::size_t kSampleRate = 8000;
inline constexpr std::uint32_t kDefaultFramePeriodMs = 20;
// SpanMedia takes frame periods of 1..kMaxFramePeriodMs.
inline constexpr std::uint32_t kMaxFramePeriodMs = 100;

// DTMF digits the detector reports and the generator plays (LINEDIGITMODE_DTMF).
inline constexpr std::string_view kDtmfDigits = "0123456789*#ABCD";
// Longest digit string one GenerateDigits command carries (spandsp's dtmf_tx queue holds 128);
// ',' in it is a pause of kPauseMs.
inline constexpr std::size_t kMaxGenerateDigits = 128;
inline constexpr std::uint32_t kPauseMs = 2000;

// lineGenerateTone / lineMonitorTones limits (LINEDEVCAPS dwGenerateToneMaxNumFreq,
// dwMonitorToneMaxNumFreq, dwMonitorToneMaxNumEntries).
inline constexpr std::size_t kMaxToneFrequencies = 3;
inline constexpr std::size_t kMaxMonitoredTones = 8;
inline constexpr std::uint32_t kMinToneHz = 100;
inline constexpr std::uint32_t kMaxToneHz = 3400;

// Media kinds detection can tell apart (bits; LINEMEDIAMODE mapping lives in the core).
enum MediaKind : std::uint32_t {
  kMediaNone = 0,
  kMediaFaxCng = 1u << 0,       // 1100 Hz calling tone: a fax machine calls (G3FAX)
  kMediaFaxCed = 1u << 1,       // 2100 Hz without phase reversals: a fax answers (G3FAX)
  kMediaModemAnswer = 1u << 2,  // 2100 Hz ANS with phase reversals or ANSam: a modem (DATAMODEM)
  kMediaSpeech = 1u << 3,       // voice-like energy that is not a tone (INTERACTIVEVOICE)
};

// A tone to play: a cadence of up to kMaxToneSegments segments played in turn (each up to
// three frequencies summed at one level, or silence with 0 frequencies), repeated while
// `repeat`, for duration_ms in all (0: until the cadence ends, or until cancelled when
// repeating). Country tones (dial, ringback, busy, congestion, SIT) and TAPI's LINETONEMODE
// tones are all of this shape. A segment of 0 ms plays until duration_ms ends or the tone is
// cancelled (a continuous tone). When repeating, the cadence restarts at segment
// `repeat_from`: the segments before it play once (libtonezone's '!' prefix).
inline constexpr std::size_t kMaxToneSegments = 8;
struct ToneSegment {
  std::array<std::uint16_t, kMaxToneFrequencies> frequency_hz{};
  std::uint8_t frequencies = 0;
  std::int8_t level_dbm0 = -13;
  std::uint16_t ms = 0;
};
struct ToneSpec {
  std::array<ToneSegment, kMaxToneSegments> segments{};
  std::uint8_t segment_count = 0;
  bool repeat = false;
  std::uint32_t duration_ms = 0;
  std::uint8_t repeat_from = 0;  // < segment_count
};

// A tone to listen for (LINEMONITORTONE): all its frequencies present (0 frequencies: silence)
// for at least duration_ms; reported once per onset with its index in the list.
struct MonitoredTone {
  std::array<std::uint16_t, kMaxToneFrequencies> frequency_hz{};
  std::uint8_t frequencies = 0;
  std::uint32_t duration_ms = 0;
};

// Ready-made signals the sim's callers and switches play (fax and modem tones, speech-like
// audio); the core never sends these.
enum class Signal : std::uint8_t { kFaxCng, kFaxCed, kModemAnswer, kSpeechLike };

struct MediaCommand {
  enum class Op : std::uint8_t {
    kDetectDigits,    // on: report every DTMF digit (down and up edges); off: stop
    kGenerateDigits,  // play `digits` with on_ms/off_ms; kGenerateDone{token} when played
    kGenerateTone,    // play `tone`; kGenerateDone{token} when its duration has run
    kGenerateSignal,  // play `signal` for duration_ms (sim far end); kGenerateDone{token}
    kCancelGenerate,  // stop what is playing; no event for it (the core reports CANCEL itself)
    kMonitorTones,    // replace the list of monitored tones (count 0: stop)
    kDetectMedia,     // report the media kinds in media_mask once each (0: stop)
    kReset,           // the call ended: everything stops, no event follows
  };

  Op op = Op::kReset;
  bool on = false;               // kDetectDigits
  std::uint32_t token = 0;       // generate ops: handed back in kGenerateDone
  std::uint32_t media_mask = 0;  // kDetectMedia: MediaKind bits
  // kGenerateDigits
  std::array<char, kMaxGenerateDigits> digits{};
  std::uint8_t digit_count = 0;
  std::uint16_t digit_on_ms = 100;
  std::uint16_t digit_off_ms = 100;
  std::int8_t digit_level_dbm0 = -10;
  // kGenerateTone
  ToneSpec tone;
  // kGenerateSignal
  Signal signal = Signal::kSpeechLike;
  std::uint32_t duration_ms = 0;  // 0: until cancelled
  std::uint32_t seed = 0;         // kSpeechLike: the same seed plays the same audio
  // kMonitorTones
  std::array<MonitoredTone, kMaxMonitoredTones> tones{};
  std::uint8_t tone_count = 0;

  std::string_view digit_view() const { return {digits.data(), digit_count}; }
};

struct MediaEvent {
  enum class Kind : std::uint8_t {
    kDigitDown,      // a DTMF digit started (LINEDIGITMODE_DTMF)
    kDigitUp,        // ... and ended (LINEDIGITMODE_DTMFEND)
    kGenerateDone,   // a generate command finished playing (token)
    kToneDetected,   // monitored tone `tone_index` was heard for its duration
    kMediaDetected,  // `media` (one MediaKind bit) was recognised
  };

  Kind kind = Kind::kDigitDown;
  char digit = 0;
  std::uint8_t tone_index = 0;
  std::uint32_t token = 0;
  std::uint32_t media = kMediaNone;
  std::uint64_t at_ms = 0;  // the worker's clock at the sample the event refers to
  // ... and the microseconds past at_ms (0..999), where the detector knows the sample exactly
  // (a digit's end); 0 elsewhere. at_ms alone is the TSPI tick count.
  std::uint16_t at_us = 0;
};

enum class MediaResult : std::uint8_t {
  kOk,
  kInvalid,      // a parameter outside the limits above
  kNoBearer,     // the channel has no audio now (no call, or signalling owns the bearer)
  kUnsupported,  // this signalling has no bearer at all
  kNoResource,   // every DSP state of the span's pool is in use (SpanMediaOptions::dsp_states)
};

}  // namespace spantsp::media
