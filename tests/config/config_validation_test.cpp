// validate() on models built in code, as the UI DLL will: the same rules without a file, and
// the SourceMap that gives TOML-loaded models their positions. Also line_inventory defaults.

#include "config/config_validation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

#include "config/config_loader.h"
#include "config_test_support.h"

namespace spantsp::config {
namespace {

using testing::describe;
using ::testing::HasSubstr;

SpanConfig e1_pri_span(int id) {
  SpanConfig span;
  span.id = id;
  span.type = SpanType::kE1;
  span.framing = Framing::kCcs;
  span.coding = LineCoding::kHdb3;
  span.signalling = Signalling::kPri;
  return span;
}

ProviderConfig one_board(std::vector<SpanConfig> spans) {
  ProviderConfig config;
  config.source = "ui";
  BoardConfig& board = config.boards.emplace_back();
  board.name = "sim0";
  board.spans = std::move(spans);
  return config;
}

TEST(Validation, AModelBuiltInCodePasses) {
  const ProviderConfig config = one_board({e1_pri_span(1), e1_pri_span(2)});
  const std::vector<ConfigError> errors = validate(config);
  EXPECT_TRUE(errors.empty()) << describe(errors);
}

TEST(Validation, ErrorsWithoutASourceMapCarryFileAndFieldButNoPosition) {
  ProviderConfig config = one_board({e1_pri_span(1), e1_pri_span(1)});
  config.boards[0].spans[1].framing = Framing::kCas;
  const std::vector<ConfigError> errors = validate(config);
  ASSERT_EQ(errors.size(), 2u) << describe(errors);
  EXPECT_EQ(errors[0].file, "ui");
  EXPECT_EQ(errors[0].line, 0);
  EXPECT_EQ(errors[0].column, 0);
  EXPECT_EQ(errors[0].field, "board[0].span[1].id");
  EXPECT_THAT(errors[0].message, HasSubstr("span id 1 is already used by board[0].span[0]"));
  EXPECT_EQ(errors[1].field, "board[0].span[1].framing");
  EXPECT_THAT(errors[1].message, HasSubstr("PRI on E1 requires ccs framing"));
  EXPECT_EQ(errors[1].to_string(),
            "ui: board[0].span[1].framing: PRI on E1 requires ccs framing (the D channel "
            "occupies timeslot 16)");
}

TEST(Validation, AllRulesRunOnOneModel) {
  ProviderConfig config = one_board({e1_pri_span(300)});
  config.name = "";
  config.engine.workers = -1;
  config.engine.batch = 5000;
  BoardConfig& board = config.boards[0];
  board.driver = "zaptel";
  SpanConfig t1;
  t1.id = 2;
  t1.type = SpanType::kT1;
  t1.framing = Framing::kEsf;
  t1.coding = LineCoding::kAmi;
  t1.signalling = Signalling::kPri;
  t1.crc4 = true;
  t1.channels = {1, 2, 2, 24};
  t1.line_name = " ";
  t1.line_number = "x{n}";
  t1.lines = {LineConfig{24, "D", ""}, LineConfig{1, "", "+1"}, LineConfig{1, "", ""}};
  board.spans.push_back(t1);
  const std::vector<ConfigError> errors = validate(config);
  std::vector<std::string> fields;
  for (const ConfigError& error : errors) fields.push_back(error.field);
  EXPECT_THAT(fields, ::testing::ElementsAre(
                          "provider.name", "engine.workers", "engine.batch", "board[0].driver",
                          "board[0].span[0].id", "board[0].span[1].crc4", "board[0].span[1].coding",
                          "board[0].span[1].channels", "board[0].span[1].channels",
                          "board[0].span[1].line_name", "board[0].span[1].line_number",
                          // line[0] names channel 24: it is in the (wrong) list, reported once.
                          "board[0].span[1].line[2].channel"))
      << describe(errors);
}

TEST(Validation, TrafficIsCheckedOnlyForTheSimDriver) {
  ProviderConfig config = one_board({e1_pri_span(1)});
  config.boards[0].traffic.busy_share = 7.0;
  EXPECT_EQ(validate(config).size(), 1u);
  config.boards[0].driver = "dahdi";
  EXPECT_TRUE(validate(config).empty());
}

TEST(Validation, ShareSumAllowsDecimalRounding) {
  ProviderConfig config = one_board({e1_pri_span(1)});
  TrafficProfile& traffic = config.boards[0].traffic;
  traffic.busy_share = 0.1;
  traffic.no_answer_share = 0.2;
  traffic.reject_share = 0.7;  // 1.0000000000000002 in binary
  EXPECT_TRUE(validate(config).empty()) << describe(validate(config));
  traffic.reject_share = 0.71;
  ASSERT_EQ(validate(config).size(), 1u);
  EXPECT_EQ(validate(config)[0].field, "board[0].traffic");
}

TEST(Validation, NegativeAndNonFiniteNumbersAreRejected) {
  ProviderConfig config = one_board({e1_pri_span(1)});
  TrafficProfile& traffic = config.boards[0].traffic;
  traffic.incoming_calls_per_second = std::numeric_limits<double>::infinity();
  traffic.glare_share = std::numeric_limits<double>::quiet_NaN();
  traffic.ani = Range{-5, 10};
  traffic.seed = ~std::uint64_t{0};
  std::vector<std::string> fields;
  for (const ConfigError& error : validate(config)) fields.push_back(error.field);
  EXPECT_THAT(fields, ::testing::ElementsAre("board[0].traffic.incoming_calls_per_second",
                                             "board[0].traffic.glare_share", "board[0].traffic.ani",
                                             "board[0].traffic.seed"));
}

TEST(SourceMap, FallsBackToTheNearestEnclosingTable) {
  SourceMap sources;
  sources.set_position("", {1, 1});
  sources.set_position("board[0]", {4, 1});
  sources.set_position("board[0].span[1]", {20, 1});
  sources.set_position("board[0].span[1].framing", {23, 11});
  EXPECT_EQ(sources.position_of("board[0].span[1].framing").line, 23);
  EXPECT_EQ(sources.position_of("board[0].span[1].framing").column, 11);
  EXPECT_EQ(sources.position_of("board[0].span[1].id").line, 20);
  EXPECT_EQ(sources.position_of("board[0].span[0].id").line, 4);
  EXPECT_EQ(sources.position_of("board[0].traffic.seed").line, 4);
  EXPECT_EQ(sources.position_of("engine.batch").line, 1);
  EXPECT_EQ(SourceMap{}.position_of("engine.batch").line, 0);
}

TEST(SourceMap, ARejectedFieldSilencesRulesOnItAndBelowIt) {
  ProviderConfig config = one_board({e1_pri_span(0)});
  config.boards[0].spans[0].framing = Framing::kEsf;
  SourceMap sources;
  EXPECT_EQ(validate(config, sources).size(), 2u);
  sources.mark_rejected("board[0].span[0].id");
  ASSERT_EQ(validate(config, sources).size(), 1u);
  EXPECT_EQ(validate(config, sources)[0].field, "board[0].span[0].framing");
  sources.mark_rejected("board[0].span[0]");
  EXPECT_TRUE(validate(config, sources).empty());
  EXPECT_TRUE(sources.is_rejected("board[0].span[0].line[3].name"));
  EXPECT_FALSE(sources.is_rejected("board[0].span[1]"));
}

TEST(LineInventory, EmptyChannelListMeansEveryBearer) {
  SpanConfig e1 = e1_pri_span(1);
  SpanConfig t1_pri = e1_pri_span(2);
  t1_pri.type = SpanType::kT1;
  SpanConfig t1_cas = t1_pri;
  t1_cas.id = 3;
  t1_cas.signalling = Signalling::kCas;
  const std::vector<LineInventoryEntry> lines = line_inventory(one_board({e1, t1_pri, t1_cas}));
  ASSERT_EQ(lines.size(), 30u + 23u + 24u);
  EXPECT_EQ(lines[14].channel, 15);
  EXPECT_EQ(lines[15].channel, 17);
  EXPECT_EQ(lines[29].channel, 31);
  EXPECT_EQ(lines[30 + 22].channel, 23);
  EXPECT_EQ(lines[30 + 23].span, 3);
  EXPECT_EQ(lines.back().channel, 24);
  EXPECT_EQ(lines[0].name, "Span 1 channel 1");
  EXPECT_EQ(lines[0].number, "");
}

TEST(LineInventory, OverridesAreTemplatesAndReplaceOnlyWhatTheySet) {
  SpanConfig span = e1_pri_span(7);
  span.channels = {31, 30};
  span.line_number = "55{n}";
  span.lines = {LineConfig{30, "Fax {span}.{channel}", ""}, LineConfig{31, "", "999"}};
  const std::vector<LineInventoryEntry> lines = line_inventory(one_board({span}));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].channel, 31);
  EXPECT_EQ(lines[0].name, "Span 7 channel 31");
  EXPECT_EQ(lines[0].number, "999");
  EXPECT_EQ(lines[1].channel, 30);
  EXPECT_EQ(lines[1].name, "Fax 7.30");
  EXPECT_EQ(lines[1].number, "551");
}

}  // namespace
}  // namespace spantsp::config
