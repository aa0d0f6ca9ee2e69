#pragma once
// The limits of media_types.h applied to one MediaCommand before it touches a channel, so a
// refused command (MediaResult::kInvalid) leaves the channel exactly as it was. Pure function.
//
// Invalid: an unknown op or signal; a digit string that is empty, longer than
// kMaxGenerateDigits or holds a character outside kDtmfDigits and ','; a digit on-time of 0;
// a tone of 0 or more than kMaxToneSegments segments or repeat_from past its last, a segment of
// more than kMaxToneFrequencies frequencies, a frequency outside kMinToneHz..kMaxToneHz, a level
// above +3 dBm0 or below -60 dBm0, or no segment that sounds at all; more than kMaxMonitoredTones
// monitored tones, one with more than kMaxToneFrequencies frequencies or a frequency outside
// the range; media bits other than the MediaKind bits.

#include "media/media_types.h"

namespace spantsp::media {

bool command_valid(const MediaCommand& command);

// The same rules for one piece, for callers that build commands (the core checks TSPI input
// with them before queueing, so the TSPI error comes back synchronously).
bool digits_valid(std::string_view digits);
bool tone_valid(const ToneSpec& tone);
bool monitored_tone_valid(const MonitoredTone& tone);

}  // namespace spantsp::media
