#include "media/tone_zone.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "media/media_command_check.h"

namespace spantsp::media {
namespace {

TEST(ToneZone, TheLibraryTableIsReadableAndHasTheCountriesWeNeed) {
  const auto countries = tone_zone_countries();
  for (const char* c : {"us", "uk", "de", "fr", "br", "mx", "ar", "cn", "au", "jp"}) {
    EXPECT_NE(std::find(countries.begin(), countries.end(), c), countries.end()) << c;
  }
}

TEST(ToneZone, EveryCountryHasValidDialRingbackBusyCongestionAndSit) {
  for (const std::string& country : tone_zone_countries()) {
    for (CallProgressTone tone :
         {CallProgressTone::kDial, CallProgressTone::kRingback, CallProgressTone::kBusy,
          CallProgressTone::kCongestion, CallProgressTone::kSpecialInformation}) {
      ToneSpec spec;
      ASSERT_EQ(country_tone(country, tone, spec), ToneZoneResult::kOk)
          << country << " " << static_cast<int>(tone);
      EXPECT_TRUE(tone_valid(spec)) << country << " " << static_cast<int>(tone);
    }
  }
}

TEST(ToneZone, UsTonesAreTheNorthAmericanOnes) {
  ToneSpec busy;
  ASSERT_EQ(country_tone("us", CallProgressTone::kBusy, busy, -20), ToneZoneResult::kOk);
  ASSERT_EQ(busy.segment_count, 2);
  EXPECT_EQ(busy.segments[0].frequencies, 2);
  EXPECT_EQ(busy.segments[0].frequency_hz[0], 480);
  EXPECT_EQ(busy.segments[0].frequency_hz[1], 620);
  EXPECT_EQ(busy.segments[0].ms, 500);
  EXPECT_EQ(busy.segments[0].level_dbm0, -20);
  EXPECT_EQ(busy.segments[1].frequencies, 0);
  EXPECT_EQ(busy.segments[1].ms, 500);
  EXPECT_TRUE(busy.repeat);
  EXPECT_EQ(busy.repeat_from, 0);

  ToneSpec dial;
  ASSERT_EQ(country_tone("us", CallProgressTone::kDial, dial), ToneZoneResult::kOk);
  ASSERT_EQ(dial.segment_count, 1);
  EXPECT_EQ(dial.segments[0].ms, 0);  // continuous

  ToneSpec sit;  // "!950/330,!1400/330,!1800/330,0": three tones once, then silence
  ASSERT_EQ(country_tone("us", CallProgressTone::kSpecialInformation, sit), ToneZoneResult::kOk);
  ASSERT_EQ(sit.segment_count, 4);
  EXPECT_EQ(sit.segments[2].frequency_hz[0], 1800);
  EXPECT_EQ(sit.repeat_from, 3);
  EXPECT_EQ(sit.segments[3].frequencies, 0);
}

TEST(ToneZone, ModulatedTonesBecomeCarrierAndSidebands) {
  ToneSpec spec;
  ASSERT_TRUE(parse_tone_zone_cadence("!600*120/100,0/50", spec, -13));
  EXPECT_EQ(spec.segments[0].frequencies, 3);
  EXPECT_EQ(spec.segments[0].frequency_hz[0], 480);
  EXPECT_EQ(spec.segments[0].frequency_hz[1], 600);
  EXPECT_EQ(spec.segments[0].frequency_hz[2], 720);
  EXPECT_EQ(spec.repeat_from, 1);
}

TEST(ToneZone, ALongPlayOnceSequenceFoldsIntoARepeatedPattern) {
  ToneSpec spec;
  ASSERT_TRUE(parse_tone_zone_cadence(
      "!950/330,!1400/330,!1800/330,!0/1000,!950/330,!1400/330,!1800/330,!0/1000,"
      "!950/330,!1400/330,!1800/330,!0/1000,0",
      spec, -13));
  EXPECT_EQ(spec.segment_count, 4);
  EXPECT_TRUE(spec.repeat);
  EXPECT_EQ(spec.duration_ms, 3u * (3u * 330u + 1000u));
  EXPECT_EQ(spec.segments[3].frequencies, 0);
  // Japan's warbling ringback.
  ASSERT_TRUE(parse_tone_zone_cadence("400+15/1000,0/2000", spec, -13));
  EXPECT_EQ(spec.segments[0].frequencies, 3);
  EXPECT_EQ(spec.segments[0].frequency_hz[0], 385);
}

TEST(ToneZone, BadInputIsRefused) {
  ToneSpec spec;
  spec.segment_count = 9;
  EXPECT_FALSE(parse_tone_zone_cadence("", spec, -13));
  EXPECT_FALSE(parse_tone_zone_cadence("440/", spec, -13));
  EXPECT_FALSE(parse_tone_zone_cadence("440+x", spec, -13));
  EXPECT_FALSE(parse_tone_zone_cadence("1+2+3+4", spec, -13));
  EXPECT_FALSE(parse_tone_zone_cadence("440,,0", spec, -13));
  EXPECT_FALSE(parse_tone_zone_cadence("9000", spec, -13));
  EXPECT_FALSE(parse_tone_zone_cadence("1/1,1/1,1/1,1/1,1/1,1/1,1/1,1/1,1/1", spec, -13));
  EXPECT_EQ(spec.segment_count, 9);  // untouched
  EXPECT_EQ(country_tone("zz", CallProgressTone::kDial, spec), ToneZoneResult::kUnknownCountry);
  EXPECT_EQ(country_tone("", CallProgressTone::kDial, spec), ToneZoneResult::kUnknownCountry);
  EXPECT_EQ(country_tone("united states", CallProgressTone::kDial, spec),
            ToneZoneResult::kUnknownCountry);
  // The US dial recall tone (7 segments) fits; a stutter-like cadence of 13 that ends in a
  // continuous tone does not fold.
  EXPECT_EQ(country_tone("us", CallProgressTone::kDialRecall, spec), ToneZoneResult::kOk);
  EXPECT_FALSE(parse_tone_zone_cadence(
      "!350+440/100,!0/100,!350+440/100,!0/100,!350+440/100,!0/100,!350+440/100,!0/100,"
      "!350+440/100,!0/100,350+440",
      spec, -13));
}

}  // namespace
}  // namespace spantsp::media
