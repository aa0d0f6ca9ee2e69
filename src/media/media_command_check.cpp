#include "media/media_command_check.h"

#include <algorithm>

namespace spantsp::media {
namespace {
constexpr int kMaxLevelDbm0 = 3;
constexpr int kMinLevelDbm0 = -60;
constexpr std::uint32_t kAllMediaKinds =
    kMediaFaxCng | kMediaFaxCed | kMediaModemAnswer | kMediaSpeech;

bool frequencies_valid(const std::uint16_t* hz, std::size_t count) {
  if (count > kMaxToneFrequencies) return false;
  return std::all_of(hz, hz + count,
                     [](std::uint16_t f) { return f >= kMinToneHz && f <= kMaxToneHz; });
}

bool level_valid(int dbm0) {
  return dbm0 >= kMinLevelDbm0 && dbm0 <= kMaxLevelDbm0;
}
}  // namespace

bool digits_valid(std::string_view digits) {
  if (digits.empty() || digits.size() > kMaxGenerateDigits) return false;
  return std::all_of(digits.begin(), digits.end(), [](char c) {
    return c == ',' || kDtmfDigits.find(c) != std::string_view::npos;
  });
}

bool tone_valid(const ToneSpec& tone) {
  if (tone.segment_count == 0 || tone.segment_count > kMaxToneSegments) return false;
  if (tone.repeat_from >= tone.segment_count) return false;
  bool sounds = false;
  for (std::size_t i = 0; i < tone.segment_count; ++i) {
    const ToneSegment& s = tone.segments[i];
    if (!frequencies_valid(s.frequency_hz.data(), s.frequencies)) return false;
    if (!level_valid(s.level_dbm0)) return false;
    sounds = sounds || s.frequencies > 0;
  }
  return sounds;
}

bool monitored_tone_valid(const MonitoredTone& tone) {
  return frequencies_valid(tone.frequency_hz.data(), tone.frequencies);
}

bool command_valid(const MediaCommand& command) {
  using Op = MediaCommand::Op;
  switch (command.op) {
    case Op::kDetectDigits:
    case Op::kCancelGenerate:
    case Op::kReset:
      return true;
    case Op::kGenerateDigits:
      return command.digit_count <= kMaxGenerateDigits && digits_valid(command.digit_view()) &&
             command.digit_on_ms > 0 && level_valid(command.digit_level_dbm0);
    case Op::kGenerateTone:
      return tone_valid(command.tone);
    case Op::kGenerateSignal:
      return command.signal == Signal::kFaxCng || command.signal == Signal::kFaxCed ||
             command.signal == Signal::kModemAnswer || command.signal == Signal::kSpeechLike;
    case Op::kMonitorTones:
      if (command.tone_count > kMaxMonitoredTones) return false;
      return std::all_of(command.tones.begin(), command.tones.begin() + command.tone_count,
                         monitored_tone_valid);
    case Op::kDetectMedia:
      return (command.media_mask & ~kAllMediaKinds) == 0;
  }
  return false;
}

}  // namespace spantsp::media
