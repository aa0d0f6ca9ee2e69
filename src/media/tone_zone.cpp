#include "media/tone_zone.h"

#include <dahdi/tonezone.h>

#include <array>
#include <charconv>
#include <cstring>

namespace spantsp::media {
namespace {

int dahdi_tone_id(CallProgressTone tone) {
  switch (tone) {
    case CallProgressTone::kDial:
      return DAHDI_TONE_DIALTONE;
    case CallProgressTone::kRingback:
      return DAHDI_TONE_RINGTONE;
    case CallProgressTone::kBusy:
      return DAHDI_TONE_BUSY;
    case CallProgressTone::kCongestion:
      return DAHDI_TONE_CONGESTION;
    case CallProgressTone::kSpecialInformation:
      return DAHDI_TONE_INFO;
    case CallProgressTone::kCallWaiting:
      return DAHDI_TONE_CALLWAIT;
    case CallProgressTone::kRecord:
      return DAHDI_TONE_RECORDTONE;
    case CallProgressTone::kDialRecall:
      return DAHDI_TONE_DIALRECALL;
  }
  return -1;
}

// Our struct tone_zone (its array sizes come from tonezone_compat/dahdi/user.h) must match
// the library's: zone n of the library's lookup must sit at builtin_zones[n] as we index it,
// and the US zone's first tones must carry their own ids.
bool layout_matches() {
  static const bool matches = [] {
    tone_zone* first = tone_zone_find_by_num(0);
    tone_zone* second = tone_zone_find_by_num(1);
    if (first != &builtin_zones[0] || second != &builtin_zones[1]) return false;
    if (std::strncmp(first->country, "us", sizeof first->country) != 0) return false;
    for (int i = 0; i <= DAHDI_TONE_INFO; ++i) {
      if (first->tones[i].toneid != i) return false;
    }
    return true;
  }();
  return matches;
}

bool parse_number(std::string_view text, std::uint32_t& value) {
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  return ec == std::errc{} && ptr == end;
}

bool parse_segment(std::string_view text, ToneSegment& segment) {
  const std::size_t slash = text.find('/');
  std::uint32_t ms = 0;
  if (slash != std::string_view::npos) {
    if (!parse_number(text.substr(slash + 1), ms) || ms == 0 || ms > 0xFFFF) return false;
    text = text.substr(0, slash);
  }
  segment.ms = static_cast<std::uint16_t>(ms);
  segment.frequencies = 0;
  auto add = [&segment](std::uint32_t hz) {
    if (segment.frequencies == kMaxToneFrequencies) return false;
    if (hz < kMinToneHz || hz > kMaxToneHz) return false;
    segment.frequency_hz[segment.frequencies++] = static_cast<std::uint16_t>(hz);
    return true;
  };
  while (!text.empty()) {
    const std::size_t plus = text.find('+');
    std::string_view part = text.substr(0, plus);
    text = plus == std::string_view::npos ? std::string_view{} : text.substr(plus + 1);
    // '@' marks a tone DAHDI plays at another level; the frequency is what matters here.
    if (!part.empty() && part.back() == '@') part.remove_suffix(1);
    const std::size_t star = part.find('*');
    std::uint32_t hz = 0;
    if (star != std::string_view::npos) {
      std::uint32_t modulation = 0;
      if (!parse_number(part.substr(0, star), hz) ||
          !parse_number(part.substr(star + 1), modulation) || modulation >= hz) {
        return false;
      }
      if (!add(hz - modulation) || !add(hz) || !add(hz + modulation)) return false;
      continue;
    }
    if (!parse_number(part, hz)) return false;
    if (hz == 0) continue;  // silence
    if (!add(hz)) return false;
  }
  return true;
}

}  // namespace

bool parse_tone_zone_cadence(std::string_view text, ToneSpec& out, std::int8_t level_dbm0) {
  ToneSpec tone;
  bool repeat_found = false;
  while (!text.empty()) {
    const std::size_t comma = text.find(',');
    std::string_view item = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
    if (tone.segment_count == kMaxToneSegments) return false;
    const bool once = !item.empty() && item.front() == '!';
    if (once) item.remove_prefix(1);
    ToneSegment& segment = tone.segments[tone.segment_count];
    if (item.empty() || !parse_segment(item, segment)) return false;
    segment.level_dbm0 = level_dbm0;
    if (!once && !repeat_found) {
      repeat_found = true;
      tone.repeat_from = tone.segment_count;
    }
    ++tone.segment_count;
  }
  if (tone.segment_count == 0) return false;
  tone.repeat = repeat_found;
  out = tone;
  return true;
}

ToneZoneResult country_tone(std::string_view country, CallProgressTone tone, ToneSpec& out,
                            std::int8_t level_dbm0) {
  if (!layout_matches()) return ToneZoneResult::kUnavailable;
  std::array<char, sizeof(tone_zone::country)> code{};
  if (country.empty() || country.size() >= code.size()) return ToneZoneResult::kUnknownCountry;
  std::copy(country.begin(), country.end(), code.begin());
  const tone_zone* zone = tone_zone_find(code.data());
  if (zone == nullptr || country != std::string_view(zone->country)) {
    return ToneZoneResult::kUnknownCountry;
  }
  const int id = dahdi_tone_id(tone);
  for (const tone_zone_sound& sound : zone->tones) {
    if (sound.toneid != id || sound.data[0] == '\0') continue;
    const std::string_view text(sound.data, strnlen(sound.data, sizeof sound.data));
    return parse_tone_zone_cadence(text, out, level_dbm0) ? ToneZoneResult::kOk
                                                          : ToneZoneResult::kUnrepresentable;
  }
  return ToneZoneResult::kNoSuchTone;
}

std::vector<std::string> tone_zone_countries() {
  std::vector<std::string> countries;
  if (!layout_matches()) return countries;
  for (int n = 0; n < DAHDI_TONE_ZONE_MAX; ++n) {
    const tone_zone* zone = tone_zone_find_by_num(n);
    if (zone != nullptr) countries.emplace_back(zone->country);
  }
  return countries;
}

}  // namespace spantsp::media
