// load_config_file / load_config_string beyond the error catalogue: defaults for keys left
// out, accepted spellings, file errors, ConfigError::to_string and default_config_path.

#include "config/config_loader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>

#include "config_test_support.h"

namespace spantsp::config {
namespace {

using testing::describe;
using testing::expect_errors;
using ::testing::HasSubstr;

constexpr std::string_view kMinimalT1 = R"(
[[board]]
name = "b"

[[board.span]]
id = 1
type = "t1"
signalling = "pri_net"
)";

TEST(ConfigLoader, LeftOutKeysTakeTheDocumentedDefaults) {
  const LoadResult result = load_config_string(kMinimalT1, "mem");
  ASSERT_TRUE(result.ok()) << describe(result.errors);
  const ProviderConfig& config = *result.config;
  EXPECT_EQ(config.source, "mem");
  EXPECT_EQ(config.name, "SpanTSP");
  EXPECT_EQ(config.engine.workers, 0);
  EXPECT_EQ(config.engine.spin_us, 20u);
  EXPECT_FALSE(config.engine.spin_always);
  EXPECT_EQ(config.engine.batch, 64u);
  const BoardConfig& board = config.boards[0];
  EXPECT_EQ(board.driver, "sim");
  const SpanConfig& span = board.spans[0];
  EXPECT_EQ(span.framing, Framing::kEsf);
  EXPECT_EQ(span.coding, LineCoding::kB8zs);
  EXPECT_EQ(span.node, NodeSide::kNet);
  EXPECT_EQ(span.switch_type, SwitchType::kNi2);
  EXPECT_FALSE(span.crc4);
  EXPECT_TRUE(span.channels.empty());
  EXPECT_TRUE(span.trace.empty());  // no capture
  const auto lines = line_inventory(config);
  ASSERT_EQ(lines.size(), 23u);
  EXPECT_EQ(lines.back().name, "Span 1 channel 23");
}

TEST(ConfigLoader, E1DefaultsFollowTheSignalling) {
  const LoadResult result = load_config_string(R"(
[[board]]
name = "b"
[[board.span]]
id = 1
type = "e1"
signalling = "mfcr2"
[[board.span]]
id = 2
type = "e1"
signalling = "pri_cpe"
)",
                                               "mem");
  ASSERT_TRUE(result.ok()) << describe(result.errors);
  const auto& spans = result.config->boards[0].spans;
  EXPECT_EQ(spans[0].framing, Framing::kCas);
  EXPECT_EQ(spans[0].coding, LineCoding::kHdb3);
  EXPECT_EQ(spans[1].framing, Framing::kCcs);
  EXPECT_EQ(spans[1].switch_type, SwitchType::kEuroIsdn);
}

TEST(ConfigLoader, IntegersAreAcceptedWhereNumbersAreAndInlineTablesWork) {
  const LoadResult result = load_config_string(R"(
board = [ { name = "b", traffic = { incoming_calls_per_second = 2, busy_share = 1 }, span = [ { id = 4, type = "e1", signalling = "ideal" } ] } ]
)",
                                               "mem");
  ASSERT_TRUE(result.ok()) << describe(result.errors);
  EXPECT_EQ(result.config->boards[0].traffic.incoming_calls_per_second, 2.0);
  EXPECT_EQ(result.config->boards[0].traffic.busy_share, 1.0);
  EXPECT_EQ(result.config->boards[0].spans[0].id, 4);
}

TEST(ConfigLoader, ErrorsLeaveNoConfig) {
  const LoadResult result = load_config_string("[[board]]\nname = \"\"\n", "mem");
  EXPECT_FALSE(result.ok());
  EXPECT_FALSE(result.config.has_value());
  EXPECT_EQ(result.errors.size(), 2u) << describe(result.errors);  // empty name, no span
}

TEST(ConfigLoader, EmptyArraysOfTablesAreEmptyNotMistyped) {
  expect_errors(load_config_string("board = []\n[provider]\nname = \"x\"\n", "mem"),
                {{1, 9, "board", "at least one [[board]]"}});
  expect_errors(load_config_string("[[board]]\nname = \"b\"\nspan = []\n", "mem"),
                {{3, 8, "board[0].span", "every board needs at least one span"}});
}

TEST(ConfigLoader, MixedArraysAreNotArraysOfTables) {
  expect_errors(load_config_string("board = [1, {name = \"b\"}]\n", "mem"),
                {{1, 9, "board", "must be an array of tables"}});
}

TEST(ConfigLoader, MissingFileIsOneErrorNamingThePath) {
  const std::string path = testing::data_file("does-not-exist.toml");
  const LoadResult result = load_config_file(path);
  expect_errors(result, {{0, 0, "", "no such file"}});
  EXPECT_EQ(result.errors[0].file, path);
  EXPECT_THAT(result.errors[0].message, HasSubstr(path));
  EXPECT_EQ(result.errors[0].to_string(),
            path + ": cannot read configuration file '" + path + "': no such file");
}

TEST(ConfigLoader, DirectoryIsOneError) {
  expect_errors(load_config_file(testing::data_file("")), {{0, 0, "", "it is a directory"}});
}

TEST(ConfigLoader, SyntaxErrorInAStringNamesTheSource) {
  const LoadResult result = load_config_string("a = 1\nb = \n", "inline.toml");
  expect_errors(result, {{2, 5, "", "expected value"}});
  EXPECT_EQ(result.errors[0].file, "inline.toml");
  EXPECT_THAT(result.errors[0].to_string(), HasSubstr("inline.toml:2:5: Error while parsing"));
}

TEST(ConfigLoader, DuplicateKeyIsASyntaxError) {
  expect_errors(load_config_string("[engine]\nbatch = 1\nbatch = 2\n", "mem"),
                {{3, 9, "", "cannot redefine existing integer 'batch'"}});
}

TEST(ConfigError, ToStringFormats) {
  EXPECT_EQ((ConfigError{"f.toml", 3, 7, "engine.batch", "too big"}).to_string(),
            "f.toml:3:7: engine.batch: too big");
  EXPECT_EQ((ConfigError{"f.toml", 3, 0, "", "bad"}).to_string(), "f.toml:3: bad");
  EXPECT_EQ((ConfigError{"f.toml", 0, 0, "x", "bad"}).to_string(), "f.toml: x: bad");
}

class DefaultConfigPath : public ::testing::Test {
 protected:
  void SetUp() override {
    if (const char* value = std::getenv("SPANTSP_CONFIG")) saved_ = value;
  }
  void TearDown() override {
    if (saved_) {
      setenv("SPANTSP_CONFIG", saved_->c_str(), 1);
    } else {
      unsetenv("SPANTSP_CONFIG");
    }
  }
  std::optional<std::string> saved_;
};

TEST_F(DefaultConfigPath, HonoursSpantspConfig) {
  setenv("SPANTSP_CONFIG", "/tmp/my-spans.toml", 1);
  EXPECT_EQ(default_config_path(), "/tmp/my-spans.toml");
}

TEST_F(DefaultConfigPath, FallsBackWhenUnsetOrEmpty) {
  unsetenv("SPANTSP_CONFIG");
  EXPECT_EQ(default_config_path(), "/etc/spantsp/spantsp.toml");
  setenv("SPANTSP_CONFIG", "", 1);
  EXPECT_EQ(default_config_path(), "/etc/spantsp/spantsp.toml");
}

}  // namespace
}  // namespace spantsp::config
