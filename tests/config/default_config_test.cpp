// The configuration TUISPI_providerInstall writes (config/default_config.h): both variants
// load without an error, expose the same 30 lines, and differ only in the signalling, so the
// variant without PRI starts where the PRI module is not built (the Windows build).

#include <gtest/gtest.h>

#include "config/config_loader.h"
#include "config/default_config.h"

namespace spantsp::config {
namespace {

ProviderConfig load_default(bool pri_available) {
  const LoadResult loaded =
      load_config_string(default_configuration(pri_available), "default_configuration");
  EXPECT_TRUE(loaded.errors.empty()) << loaded.errors.front().message;
  return loaded.ok() ? *loaded.config : ProviderConfig{};
}

TEST(DefaultConfiguration, WithPriIsOneE1PriSpanOfThirtyLines) {
  const ProviderConfig config = load_default(true);
  ASSERT_EQ(config.boards.size(), 1u);
  ASSERT_EQ(config.boards[0].spans.size(), 1u);
  const SpanConfig& span = config.boards[0].spans[0];
  EXPECT_EQ(span.type, SpanType::kE1);
  EXPECT_EQ(span.signalling, Signalling::kPri);
  EXPECT_EQ(span.switch_type, SwitchType::kEuroIsdn);
  EXPECT_EQ(line_inventory(config).size(), 30u);
}

TEST(DefaultConfiguration, WithoutPriIsTheSameSpanWithIdealSignalling) {
  const ProviderConfig config = load_default(false);
  ASSERT_EQ(config.boards.size(), 1u);
  ASSERT_EQ(config.boards[0].spans.size(), 1u);
  const SpanConfig& span = config.boards[0].spans[0];
  EXPECT_EQ(span.type, SpanType::kE1);
  EXPECT_EQ(span.signalling, Signalling::kIdeal);
  EXPECT_EQ(config.boards[0].driver, "sim");
  const auto pri_lines = line_inventory(load_default(true));
  const auto lines = line_inventory(config);
  ASSERT_EQ(lines.size(), pri_lines.size());
  for (std::size_t i = 0; i < lines.size(); ++i) EXPECT_EQ(lines[i].name, pri_lines[i].name) << i;
  EXPECT_EQ(default_configuration(false).find("pri"), std::string::npos);
}

}  // namespace
}  // namespace spantsp::config
