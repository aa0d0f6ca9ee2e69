// [board.span.cas]: the shipped CAS configuration loads and survives the writer; unknown
// words, unknown keys, timers out of range, addressing not available and a cas table on a span
// of another signalling are errors naming the file's line and the key.
#include <gtest/gtest.h>

#include "config/cas_config.h"
#include "config/config_loader.h"
#include "config_test_support.h"

namespace spantsp::config {
namespace {

using testing::data_file;
using testing::describe;
using testing::expect_errors;
using testing::expect_same_config;
using testing::shipped_file;

TEST(CasConfig, ShippedEightT1CasFileHasWinkLoopAndGroundStartSpans) {
  LoadResult result = load_config_file(shipped_file("sim-8t1-cas.toml"));
  ASSERT_TRUE(result.ok()) << describe(result.errors);
  const ProviderConfig& config = *result.config;
  ASSERT_EQ(config.boards.size(), 1u);
  const auto& spans = config.boards[0].spans;
  ASSERT_EQ(spans.size(), 8u);
  for (std::size_t i = 0; i < spans.size(); ++i) {
    EXPECT_EQ(spans[i].signalling, Signalling::kCas);
    constexpr CasStart kStarts[] = {CasStart::kEmWink,  CasStart::kEmWink,   CasStart::kEmWink,
                                    CasStart::kEmWink,  CasStart::kFxsLoop,  CasStart::kFxsGround,
                                    CasStart::kFxoLoop, CasStart::kFxoGround};
    const CasStart expected = kStarts[i];
    EXPECT_EQ(spans[i].cas.start, expected);
    EXPECT_EQ(spans[i].cas.timers.wink, 150u);
  }
  EXPECT_EQ(line_inventory(config).size(), 192u);  // CAS: all 24 channels are bearers
  const LoadResult reloaded = load_config_string(to_toml(config), config.source);
  ASSERT_TRUE(reloaded.ok()) << describe(reloaded.errors);
  expect_same_config(config, *reloaded.config);
}

TEST(CasConfig, DefaultsAreChanDahdis) {
  const LoadResult result = load_config_string(
      "[[board]]\nname = \"b\"\n[[board.span]]\nid = 1\ntype = \"t1\"\nsignalling = \"cas\"\n",
      "inline");
  ASSERT_TRUE(result.ok()) << describe(result.errors);
  const CasConfig& cas = result.config->boards[0].spans[0].cas;
  EXPECT_EQ(cas.start, CasStart::kEmWink);
  EXPECT_EQ(cas.timers.prewink, 50u);
  EXPECT_EQ(cas.timers.rxwink, 300u);
  EXPECT_EQ(cas.timers.start, 1500u);
}

TEST(CasConfig, BadCasTablesNameLineAndKey) {
  expect_errors(
      load_config_file(data_file("cas_errors.toml")),
      {
          {10, 14, "board[0].span[0].cas.signalling",
           "unknown signalling 'em_x'; allowed: em_w, em, em_dd, fxs_ls, fxo_ls, fxs_gs, fxo_gs"},
          {11, 11, "board[0].span[0].cas.dialing", "\"mf\" (Bell MF, KP...ST) is not"},
          {12, 8, "board[0].span[0].cas.wink", "wink must be between 50 and 1000 ms; got 20"},
          {13, 17, "board[0].span[0].cas.digit_timeout", "between 500 and 60000 ms; got 70000"},
          {14, 1, "board[0].span[0].cas.winc", "(did you mean 'wink'?)"},
          {21, 1, "board[0].span[1].cas",
           "[board.span.cas] applies only to spans with signalling \"cas\""},
      });
}

}  // namespace
}  // namespace spantsp::config
