// [board.span.mfcr2]: the shipped MFC/R2 configuration loads and survives the writer; unknown
// variants and categories, a category the variant has no signal for, ANI/DNIS limits and
// timers out of range, unknown keys, double_answer / allow_collect_calls that are not booleans
// and an mfcr2 table on a span of another signalling are errors naming the file's line and
// the key.
#include <gtest/gtest.h>

#include "config/config_loader.h"
#include "config/r2_config.h"
#include "config_test_support.h"

namespace spantsp::config {
namespace {

using testing::data_file;
using testing::describe;
using testing::expect_errors;
using testing::expect_same_config;
using testing::shipped_file;

TEST(R2Config, ShippedE1R2FileHasFiveVariants) {
  LoadResult result = load_config_file(shipped_file("sim-4e1-r2.toml"));
  ASSERT_TRUE(result.ok()) << describe(result.errors);
  const ProviderConfig& config = *result.config;
  ASSERT_EQ(config.boards.size(), 1u);
  const auto& spans = config.boards[0].spans;
  ASSERT_EQ(spans.size(), 5u);
  const R2Variant expected[] = {R2Variant::kItu, R2Variant::kBrazil, R2Variant::kChina,
                                R2Variant::kVenezuela, R2Variant::kMexico};
  for (std::size_t i = 0; i < spans.size(); ++i) {
    EXPECT_EQ(spans[i].signalling, Signalling::kR2);
    EXPECT_EQ(spans[i].framing, Framing::kCas);
    EXPECT_EQ(spans[i].r2.variant, expected[i]);
    EXPECT_EQ(spans[i].r2.max_dnis, 4u);
  }
  EXPECT_EQ(spans[3].r2.get_ani_first, 0);
  EXPECT_EQ(spans[0].r2.get_ani_first, -1);
  EXPECT_TRUE(spans[1].r2.double_answer);
  EXPECT_FALSE(spans[1].r2.allow_collect_calls);
  EXPECT_FALSE(spans[0].r2.double_answer);
  EXPECT_EQ(line_inventory(config).size(), 150u);
  const LoadResult reloaded = load_config_string(to_toml(config), config.source);
  ASSERT_TRUE(reloaded.ok()) << describe(reloaded.errors);
  expect_same_config(config, *reloaded.config);
}

TEST(R2Config, DefaultsAreOpenr2s) {
  const LoadResult result = load_config_string(
      "[[board]]\nname = \"b\"\n[[board.span]]\nid = 1\ntype = \"e1\"\nsignalling = "
      "\"mfcr2\"\n",
      "inline");
  ASSERT_TRUE(result.ok()) << describe(result.errors);
  const R2Config& r2 = result.config->boards[0].spans[0].r2;
  EXPECT_EQ(r2.variant, R2Variant::kItu);
  EXPECT_EQ(r2.max_ani, 10u);
  EXPECT_EQ(r2.max_dnis, 4u);
  EXPECT_EQ(r2.category, R2Category::kNationalSubscriber);
  EXPECT_EQ(r2.timers.mf_back, 2000u);
  EXPECT_EQ(r2.timers.mf_fwd, 30000u);
  EXPECT_EQ(r2.timers.seize_ack, 2000u);
  EXPECT_EQ(r2.timers.double_answer, 400u);
  EXPECT_FALSE(r2.double_answer);
  EXPECT_FALSE(r2.allow_collect_calls);  // chan_dahdi's default
}

TEST(R2Config, BadR2TablesNameLineAndKey) {
  expect_errors(
      load_config_file(data_file("r2_errors.toml")),
      {
          {10, 11, "board[0].span[0].mfcr2.variant",
           "unknown variant 'xx'; allowed: itu, ar, br, cn, co, mx, ve"},
          {11, 12, "board[0].span[0].mfcr2.max_dnis", "max_dnis must be between 1 and 40; got 0"},
          {12, 11, "board[0].span[0].mfcr2.max_ani", "max_ani must be between 0 and 40; got 41"},
          {13, 18, "board[0].span[0].mfcr2.mfback_timeout",
           "mfback_timeout must be between 500 and 30000 ms; got 100"},
          {14, 12, "board[0].span[0].mfcr2.category", "has no group II signal in variant"},
          {15, 1, "board[0].span[0].mfcr2.varient", "(did you mean 'variant'?)"},
          {24, 17, "board[0].span[1].mfcr2.double_answer", "a boolean (true or false)"},
          {25, 23, "board[0].span[1].mfcr2.allow_collect_calls", "a boolean (true or false)"},
          {26, 25, "board[0].span[1].mfcr2.double_answer_timeout",
           "double_answer_timeout must be between 100 and 5000 ms; got 50"},
          {27, 12, "board[0].span[1].mfcr2.category",
           "category 'collect_call' has no group II signal in variant 'mx'"},
          {34, 1, "board[0].span[2].mfcr2",
           "[board.span.mfcr2] applies only to spans with signalling \"mfcr2\""},
      });
}

}  // namespace
}  // namespace spantsp::config
