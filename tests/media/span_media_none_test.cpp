// The media library of the media-less build (SPANTSP_WITH_MEDIA=OFF, media/media_support.h):
// the same interface, no DSP. Built and run (under Wine) only in that build.

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "media/media_support.h"
#include "media/span_media.h"
#include "media/tone_zone.h"

namespace spantsp::media {
namespace {

class Recorder final : public MediaEvents {
 public:
  void on_media_event(std::size_t /*channel*/, const MediaEvent& /*event*/) override { ++events; }
  int events = 0;
};

MediaCommand op(MediaCommand::Op o) {
  MediaCommand c;
  c.op = o;
  c.on = true;
  return c;
}

TEST(SpanMediaNone, SaysThereIsNoDsp) {
  EXPECT_FALSE(dsp_available());
  EXPECT_EQ(SpanMedia::state_bytes_per_channel(), 0u);
}

TEST(SpanMediaNone, EveryCommandIsUnsupportedAndOutOfRangeChannelsInvalid) {
  Recorder recorder;
  SpanMedia media(24, Law::kMulaw, kDefaultFramePeriodMs, recorder);
  EXPECT_EQ(media.channels(), 24u);
  EXPECT_EQ(media.frame_samples(), 160u);
  EXPECT_EQ(media.law(), Law::kMulaw);
  for (const auto o : {MediaCommand::Op::kDetectDigits, MediaCommand::Op::kGenerateDigits,
                       MediaCommand::Op::kGenerateTone, MediaCommand::Op::kGenerateSignal,
                       MediaCommand::Op::kCancelGenerate, MediaCommand::Op::kMonitorTones,
                       MediaCommand::Op::kDetectMedia, MediaCommand::Op::kReset}) {
    EXPECT_EQ(media.command(0, op(o), 0), MediaResult::kUnsupported);
    EXPECT_EQ(media.command(23, op(o), 0), MediaResult::kUnsupported);
    EXPECT_EQ(media.command(24, op(o), 0), MediaResult::kInvalid);
  }
  EXPECT_FALSE(media.active(0));
}

TEST(SpanMediaNone, TickLeavesTheAudioAsItIsAndReportsNothing) {
  Recorder recorder;
  SpanMedia media(2, Law::kAlaw, 10, recorder);
  ASSERT_EQ(media.frame_samples(), 80u);
  std::vector<std::uint8_t> rx(2 * 80, 0x55);
  std::vector<std::uint8_t> tx(2 * 80, 0xD5);
  tx[3] = 0x12;
  const std::vector<std::uint8_t> rx_before = rx;
  const std::vector<std::uint8_t> tx_before = tx;
  media.command(0, op(MediaCommand::Op::kGenerateSignal), 0);
  for (std::uint64_t t = 10; t <= 1000; t += 10) media.tick(rx.data(), tx.data(), t);
  EXPECT_EQ(rx, rx_before);
  EXPECT_EQ(tx, tx_before);
  EXPECT_EQ(recorder.events, 0);
  EXPECT_EQ(media.stats().ticks, 100u);
  EXPECT_EQ(media.stats().events, 0u);
}

TEST(SpanMediaNone, RefusesFramePeriodsOutsideOneToOneHundredMs) {
  Recorder recorder;
  EXPECT_THROW(SpanMedia(1, Law::kMulaw, 0, recorder), std::invalid_argument);
  EXPECT_THROW(SpanMedia(1, Law::kMulaw, kMaxFramePeriodMs + 1, recorder), std::invalid_argument);
  EXPECT_NO_THROW(SpanMedia(1, Law::kMulaw, kMaxFramePeriodMs, recorder));
}

TEST(SpanMediaNone, KnowsNoCountryTones) {
  ToneSpec spec;
  spec.segment_count = 7;
  EXPECT_EQ(country_tone("us", CallProgressTone::kRingback, spec), ToneZoneResult::kUnavailable);
  EXPECT_EQ(spec.segment_count, 7u);  // untouched
  EXPECT_FALSE(parse_tone_zone_cadence("440+480/2000,0/4000", spec, -13));
  EXPECT_TRUE(tone_zone_countries().empty());
}

}  // namespace
}  // namespace spantsp::media
