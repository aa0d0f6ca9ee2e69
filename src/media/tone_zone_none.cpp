// Country tones in the media-less build (SPANTSP_WITH_MEDIA=OFF, media/media_support.h): no
// libtonezone table, so no country is known and nothing parses. The sim far end then plays no
// call-progress tones, which it could not play anyway without the DSP.

#include "media/tone_zone.h"

namespace spantsp::media {

ToneZoneResult country_tone(std::string_view /*country*/, CallProgressTone /*tone*/,
                            ToneSpec& /*out*/, std::int8_t /*level_dbm0*/) {
  return ToneZoneResult::kUnavailable;
}

bool parse_tone_zone_cadence(std::string_view /*text*/, ToneSpec& /*out*/,
                             std::int8_t /*level_dbm0*/) {
  return false;
}

std::vector<std::string> tone_zone_countries() {
  return {};
}

}  // namespace spantsp::media
