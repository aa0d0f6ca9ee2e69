#pragma once
// Country call-progress tones from libtonezone's zone table (Debian libtonezone-dev, the
// tables DAHDI and Asterisk use): for a country code ("us", "uk", "de", "fr", "br", "mx",
// "ar", "cn", "au", "jp", ... tone_zone_countries() lists them) and a tone, the ToneSpec that
// plays it. Only the library's built-in table is read: no DAHDI device or kernel module is
// needed. Any thread (the table is read-only); nothing here allocates except
// tone_zone_countries().

#include <string>
#include <string_view>
#include <vector>

#include "media/media_types.h"

namespace spantsp::media {

enum class CallProgressTone : std::uint8_t {
  kDial,
  kRingback,
  kBusy,
  kCongestion,
  kSpecialInformation,  // SIT (info tone)
  kCallWaiting,
  kRecord,
  kDialRecall,
};

enum class ToneZoneResult : std::uint8_t {
  kOk,
  kUnknownCountry,
  kNoSuchTone,       // the zone has no such tone
  kUnrepresentable,  // its cadence does not fit a ToneSpec (e.g. 13-segment stutter dial)
  kUnavailable,      // libtonezone's table does not have the layout this build expects
};

// Fills `out` (its level: `level_dbm0` for every segment) or says why not; `out` is left
// untouched unless kOk.
ToneZoneResult country_tone(std::string_view country, CallProgressTone tone, ToneSpec& out,
                            std::int8_t level_dbm0 = -13);

// Parses one libtonezone tone description: comma-separated segments
// "[!]f1[+f2[+f3]][/ms]" ("0" is silence; "f*m" is f amplitude-modulated by m, played as
// f-m, f, f+m, as is "f+m" with m under kMinToneHz; a segment without /ms is continuous).
// Segments marked '!' play once; the cadence repeats from the first unmarked segment. A
// play-once sequence longer than kMaxToneSegments that repeats a pattern (then stops or goes
// silent) becomes that pattern repeated for its duration. False on anything else.
bool parse_tone_zone_cadence(std::string_view text, ToneSpec& out, std::int8_t level_dbm0);

std::vector<std::string> tone_zone_countries();

}  // namespace spantsp::media
