// The board factory of board_driver.h: which driver/signalling pairs exist today.

#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "board_drivers/board_driver.h"
#include "board_drivers/signalling/ideal/ideal_span.h"
#include "media/media_support.h"

namespace spantsp::sim {
namespace {

using ideal::IdealSpan;
using signalling::ChannelState;

config::BoardConfig board(const char* driver, config::SpanType type, config::Signalling sig) {
  config::BoardConfig b;
  b.name = "b1";
  b.driver = driver;
  config::SpanConfig span;
  span.id = 1;
  span.type = type;
  span.signalling = sig;
  b.spans.push_back(span);
  return b;
}

TEST(SimBoardFactory, SimIdealIsAnIdealSpanOnTheSpansBearerChannels) {
  const auto e1 = board("sim", config::SpanType::kE1, config::Signalling::kIdeal);
  auto span = board::make_span_signalling(e1, e1.spans[0], 0);
  ASSERT_NE(span, nullptr);
  auto* ideal = dynamic_cast<IdealSpan*>(span.get());
  ASSERT_NE(ideal, nullptr);
  ASSERT_EQ(ideal->channels().size(), 30u);  // E1: 1-15, 17-31
  EXPECT_EQ(ideal->channels().front(), 1);
  EXPECT_EQ(ideal->channels()[15], 17);

  auto t1 = board("sim", config::SpanType::kT1, config::Signalling::kIdeal);
  t1.spans[0].channels = {1, 2, 3};
  auto listed = board::make_span_signalling(t1, t1.spans[0], 0);
  ASSERT_NE(listed, nullptr);
  EXPECT_EQ(dynamic_cast<IdealSpan&>(*listed).channels(), (std::vector<int>{1, 2, 3}));
}

TEST(SimBoardFactory, EveryR2VariantIsBuiltWhereTheDspIsAndAnUnknownOneIsNot) {
  auto b = board("sim", config::SpanType::kE1, config::Signalling::kR2);
  for (config::R2Variant v :
       {config::R2Variant::kItu, config::R2Variant::kArgentina, config::R2Variant::kBrazil,
        config::R2Variant::kChina, config::R2Variant::kColombia, config::R2Variant::kMexico,
        config::R2Variant::kVenezuela}) {
    b.spans[0].r2.variant = v;
    EXPECT_EQ(board::make_span_signalling(b, b.spans[0], 0) != nullptr, media::dsp_available())
        << static_cast<int>(v);
  }
  // A value no table has (a configuration error the loader cannot produce): null.
  b.spans[0].r2.variant = static_cast<config::R2Variant>(99);
  EXPECT_EQ(board::make_span_signalling(b, b.spans[0], 0), nullptr);
}

TEST(SimBoardFactory, CasAndR2AreAvailableExactlyWhereTheDspIs) {
  // CAS addresses calls in-band and R2 registers in MF tones, so the media-less build
  // (SPANTSP_WITH_MEDIA=OFF) has neither.
  EXPECT_EQ(board::signalling_available("sim", config::Signalling::kCas), media::dsp_available());
  EXPECT_EQ(board::signalling_available("sim", config::Signalling::kR2), media::dsp_available());
  const auto b = board("sim", config::SpanType::kT1, config::Signalling::kCas);
  EXPECT_EQ(board::make_span_signalling(b, b.spans[0], 0) != nullptr, media::dsp_available());
  const auto e1 = board("sim", config::SpanType::kE1, config::Signalling::kR2);
  EXPECT_EQ(board::make_span_signalling(e1, e1.spans[0], 0) != nullptr, media::dsp_available());
}

TEST(SimBoardFactory, PriOnTheSimBoardIsTheLibpriModuleNotTheIdealModel) {
  // The factory loads spantsp_pri.so (beside the provider, else from the build tree).
  const auto b = board("sim", config::SpanType::kT1, config::Signalling::kPri);
  const auto span = board::make_span_signalling(b, b.spans[0], 0);
  ASSERT_NE(span, nullptr);
  EXPECT_EQ(dynamic_cast<IdealSpan*>(span.get()), nullptr);
}

TEST(SimBoardFactory, DahdiAndUnknownDriversGiveNull) {
  for (const char* driver : {"dahdi", "nonesuch"}) {
    const auto b = board(driver, config::SpanType::kE1, config::Signalling::kIdeal);
    EXPECT_EQ(board::make_span_signalling(b, b.spans[0], 0), nullptr);
  }
}

}  // namespace
}  // namespace spantsp::sim
