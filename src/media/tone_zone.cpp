#include "media/tone_zone.h"

// libtonezone's header is C without extern "C" guards of its own.
extern "C" {
#include <dahdi/tonezone.h>
}

#include <algorithm>
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
  // f modulated by m: the carrier and its two sidebands.
  auto add_modulated = [&add](std::uint32_t hz, std::uint32_t modulation) {
    if (modulation >= hz) return false;
    return add(hz - modulation) && add(hz) && add(hz + modulation);
  };
  std::array<std::uint32_t, kMaxToneFrequencies + 1> parts{};
  std::size_t count = 0;
  while (!text.empty()) {
    const std::size_t plus = text.find('+');
    std::string_view part = text.substr(0, plus);
    text = plus == std::string_view::npos ? std::string_view{} : text.substr(plus + 1);
    // '@' marks a tone DAHDI plays at another level; the frequency is what matters here.
    if (!part.empty() && part.back() == '@') part.remove_suffix(1);
    const std::size_t star = part.find('*');
    if (star != std::string_view::npos) {
      std::uint32_t hz = 0;
      std::uint32_t modulation = 0;
      if (!parse_number(part.substr(0, star), hz) ||
          !parse_number(part.substr(star + 1), modulation) || !add_modulated(hz, modulation)) {
        return false;
      }
      continue;
    }
    if (count == parts.size() || !parse_number(part, parts[count])) return false;
    ++count;
  }
  // Japan's "400+15" (and "400+16") is a 400 Hz tone warbling at 15 Hz: a beat, played here
  // as the modulation it makes.
  if (count == 2 && parts[1] != 0 && parts[1] < kMinToneHz) {
    return add_modulated(parts[0], parts[1]);
  }
  for (std::size_t i = 0; i < count; ++i) {
    if (parts[i] != 0 && !add(parts[i])) return false;  // 0: silence
  }
  return true;
}

}  // namespace

bool parse_tone_zone_cadence(std::string_view text, ToneSpec& out, std::int8_t level_dbm0) {
  // Some zones spell a repeated cadence out ("!950/330,!1400/330,!1800/330,!0/1000" three
  // times, then "0"): parse up to this many items and fold such repeats below.
  constexpr std::size_t kMaxItems = 32;
  std::array<ToneSegment, kMaxItems> items{};
  std::size_t count = 0;
  std::size_t first_repeating = kMaxItems;  // the first item without '!'
  while (!text.empty()) {
    const std::size_t comma = text.find(',');
    std::string_view item = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
    // A segment of "/0" plays for no time (Estonia's SIT starts with "950/0"): skip it.
    if (item.size() > 2 && item.ends_with("/0")) continue;
    if (count == kMaxItems) return false;
    const bool once = !item.empty() && item.front() == '!';
    if (once) item.remove_prefix(1);
    if (item.empty() || !parse_segment(item, items[count])) return false;
    items[count].level_dbm0 = level_dbm0;
    if (!once && first_repeating == kMaxItems) first_repeating = count;
    ++count;
  }
  if (count == 0) return false;

  ToneSpec tone;
  if (count <= kMaxToneSegments) {
    std::copy_n(items.begin(), count, tone.segments.begin());
    tone.segment_count = static_cast<std::uint8_t>(count);
    tone.repeat = first_repeating != kMaxItems;
    tone.repeat_from = static_cast<std::uint8_t>(tone.repeat ? first_repeating : 0);
    out = tone;
    return true;
  }
  // Too long: fold a play-once prefix that repeats a short pattern, followed by nothing or by
  // continuous silence, into that pattern repeated for the prefix's length.
  const std::size_t prefix = std::min(first_repeating, count);
  const bool silent_tail = prefix == count || (prefix + 1 == count && items[prefix].ms == 0 &&
                                               items[prefix].frequencies == 0);
  if (!silent_tail) return false;
  auto same = [](const ToneSegment& a, const ToneSegment& b) {
    return a.ms == b.ms && a.frequencies == b.frequencies && a.frequency_hz == b.frequency_hz;
  };
  for (std::size_t period = 1; period <= kMaxToneSegments; ++period) {
    bool repeats = true;
    for (std::size_t i = period; i < prefix && repeats; ++i)
      repeats = same(items[i], items[i % period]);
    if (!repeats) continue;
    std::uint32_t total_ms = 0;
    for (std::size_t i = 0; i < prefix; ++i) {
      if (items[i].ms == 0) return false;
      total_ms += items[i].ms;
    }
    std::copy_n(items.begin(), period, tone.segments.begin());
    tone.segment_count = static_cast<std::uint8_t>(period);
    tone.repeat = true;
    tone.duration_ms = total_ms;
    out = tone;
    return true;
  }
  return false;
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
