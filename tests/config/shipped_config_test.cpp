// The configurations shipped in config/: they load, expose the documented lines, and survive
// model -> to_toml -> load unchanged.

#include <gtest/gtest.h>

#include <algorithm>

#include "config/config_loader.h"
#include "config_test_support.h"

namespace spantsp::config {
namespace {

using testing::describe;
using testing::expect_same_config;
using testing::shipped_file;

ProviderConfig load_shipped(const std::string& name) {
  LoadResult result = load_config_file(shipped_file(name));
  EXPECT_TRUE(result.ok()) << describe(result.errors);
  return result.ok() ? *result.config : ProviderConfig{};
}

void expect_entry(const LineInventoryEntry& entry, const std::string& board, int span, int channel,
                  const std::string& name, const std::string& number) {
  EXPECT_EQ(entry.board, board);
  EXPECT_EQ(entry.span, span);
  EXPECT_EQ(entry.channel, channel);
  EXPECT_EQ(entry.name, name);
  EXPECT_EQ(entry.number, number);
}

TEST(ShippedConfig, Sim4E1PriExposes120EuroIsdnLines) {
  const ProviderConfig config = load_shipped("sim-4e1-pri.toml");
  ASSERT_EQ(config.boards.size(), 1u);
  const BoardConfig& board = config.boards[0];
  EXPECT_EQ(board.driver, "sim");
  ASSERT_EQ(board.spans.size(), 4u);
  for (const SpanConfig& span : board.spans) {
    EXPECT_EQ(span.type, SpanType::kE1);
    EXPECT_EQ(span.framing, Framing::kCcs);
    EXPECT_EQ(span.coding, LineCoding::kHdb3);
    EXPECT_TRUE(span.crc4);
    EXPECT_EQ(span.signalling, Signalling::kPri);
    EXPECT_EQ(span.node, NodeSide::kCpe);
    EXPECT_EQ(span.switch_type, SwitchType::kEuroIsdn);
  }
  // Call-center far end: a few calls per second per span, 1-3 s answer, 20-60 s holds.
  const TrafficProfile& traffic = board.traffic;
  EXPECT_GE(traffic.incoming_calls_per_second, 1.0);
  EXPECT_GE(traffic.answer_delay_ms, 1000u);
  EXPECT_LE(traffic.answer_delay_ms, 3000u);
  EXPECT_GE(traffic.hold_time_ms, 20000u);
  EXPECT_LE(traffic.hold_time_ms, 60000u);
  EXPECT_GT(traffic.busy_share, 0.0);
  EXPECT_GT(traffic.no_answer_share, 0.0);

  const std::vector<LineInventoryEntry> lines = line_inventory(config);
  ASSERT_EQ(lines.size(), 120u);
  expect_entry(lines.front(), "sim0", 1, 1, "Reception", "+493012300");
  // The override of channel 2 sets only the name; the number stays generated ({n} = 1).
  expect_entry(lines[1], "sim0", 1, 2, "Support hotline", "+4930123101");
  expect_entry(lines[15], "sim0", 1, 17, "E1 1/17", "+4930123115");
  expect_entry(lines.back(), "sim0", 4, 31, "E1 4/31", "+4930123429");
  EXPECT_TRUE(std::none_of(lines.begin(), lines.end(),
                           [](const LineInventoryEntry& e) { return e.channel == 16; }));
}

TEST(ShippedConfig, Sim32T1PriExposes736NationalLines) {
  const ProviderConfig config = load_shipped("sim-32t1-pri.toml");
  int spans = 0;
  for (const BoardConfig& board : config.boards) {
    for (const SpanConfig& span : board.spans) {
      ++spans;
      EXPECT_EQ(span.type, SpanType::kT1);
      EXPECT_EQ(span.framing, Framing::kEsf);
      EXPECT_EQ(span.coding, LineCoding::kB8zs);
      EXPECT_EQ(span.signalling, Signalling::kPri);
      EXPECT_EQ(span.switch_type, SwitchType::kNi2);
      EXPECT_EQ(span.channels.size(), 23u);
    }
  }
  EXPECT_EQ(spans, 32);

  const std::vector<LineInventoryEntry> lines = line_inventory(config);
  ASSERT_EQ(lines.size(), 736u);
  expect_entry(lines.front(), "sim0", 1, 1, "T1 1/1", "2125550101");
  expect_entry(lines[23], "sim0", 2, 1, "T1 2/1", "2125550201");
  expect_entry(lines.back(), "sim3", 32, 23, "T1 32/23", "2125553223");
  // Channel 24 carries each span's D channel.
  EXPECT_TRUE(std::none_of(lines.begin(), lines.end(),
                           [](const LineInventoryEntry& e) { return e.channel == 24; }));
}

TEST(ShippedConfig, Sim4E1IdealMatchesThePriFileExceptSignalling) {
  const ProviderConfig ideal = load_shipped("sim-4e1-ideal.toml");
  const ProviderConfig pri = load_shipped("sim-4e1-pri.toml");
  ASSERT_EQ(ideal.boards.size(), 1u);
  ASSERT_EQ(ideal.boards[0].spans.size(), 4u);
  for (const SpanConfig& span : ideal.boards[0].spans) {
    EXPECT_EQ(span.signalling, Signalling::kIdeal);
  }
  const std::vector<LineInventoryEntry> ideal_lines = line_inventory(ideal);
  const std::vector<LineInventoryEntry> pri_lines = line_inventory(pri);
  ASSERT_EQ(ideal_lines.size(), 120u);
  ASSERT_EQ(ideal_lines.size(), pri_lines.size());
  for (std::size_t i = 0; i < ideal_lines.size(); ++i) {
    expect_entry(ideal_lines[i], pri_lines[i].board, pri_lines[i].span, pri_lines[i].channel,
                 pri_lines[i].name, pri_lines[i].number);
  }
  testing::expect_same_traffic(ideal.boards[0].traffic, pri.boards[0].traffic);
}

TEST(ShippedConfig, Sim2E1CallCenterHasTwoGroupLinesAnd15AgentLines) {
  const ProviderConfig config = load_shipped("sim-2e1-pri-callcenter.toml");
  const std::vector<LineInventoryEntry> lines = line_inventory(config);
  ASSERT_EQ(lines.size(), 17u);
  // Span 1 is all group: its only line.
  expect_entry(lines[0], "sim0", 1, 0, "Dialer trunk", "+493055510");
  EXPECT_EQ(lines[0].group, 0);
  EXPECT_EQ(lines[0].group_channels.size(), 30u);
  EXPECT_EQ(lines[0].hunt, HuntPolicy::kRoundRobin);
  // Span 2: the agents' per-channel lines first, then the group.
  expect_entry(lines[1], "sim0", 2, 17, "Agent 17", "+4930555217");
  EXPECT_EQ(lines[1].group, -1);
  expect_entry(lines[15], "sim0", 2, 31, "Agent 31", "+4930555231");
  expect_entry(lines[16], "sim0", 2, 0, "Inbound queue", "+493055520");
  EXPECT_EQ(lines[16].group_channels,
            (std::vector<int>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}));
  EXPECT_EQ(lines[16].hunt, HuntPolicy::kLeastRecentlyUsed);
}

TEST(ShippedConfig, Sim2T1TrunkGroupIsOneLineOverBothSpansAndFourSupervisorLines) {
  const ProviderConfig config = load_shipped("sim-2t1-pri-trunkgroup.toml");
  // Span 2's part of the group is no line of its own: the group line and 4 per-channel lines.
  const std::vector<LineInventoryEntry> lines = line_inventory(config);
  ASSERT_EQ(lines.size(), 5u);
  expect_entry(lines[0], "sim0", 1, 0, "Outbound trunk", "2125551000");
  EXPECT_EQ(lines[0].group_channels.size(), 23u);
  expect_entry(lines[1], "sim0", 2, 20, "Supervisor 20", "2125552020");
  const GroupConfig& part = config.boards[0].spans[1].groups[0];
  EXPECT_EQ(part.join, "Outbound trunk");
  // The loader gives the joining part the group's number (the switch routes it) and hunt.
  EXPECT_EQ(part.number, "2125551000");
  EXPECT_EQ(part.hunt, HuntPolicy::kAscending);
  EXPECT_EQ(part.channels.size(), 19u);
}

class ShippedRoundTrip : public ::testing::TestWithParam<const char*> {};

TEST_P(ShippedRoundTrip, ToTomlThenLoadGivesAnEqualModel) {
  const ProviderConfig original = load_shipped(GetParam());
  const std::string text = to_toml(original);
  const LoadResult reloaded = load_config_string(text, original.source);
  ASSERT_TRUE(reloaded.ok()) << describe(reloaded.errors) << "\n" << text;
  expect_same_config(original, *reloaded.config);
  // Written twice, the text is stable.
  EXPECT_EQ(to_toml(*reloaded.config), text);
}

INSTANTIATE_TEST_SUITE_P(ShippedConfig, ShippedRoundTrip,
                         ::testing::Values("sim-4e1-pri.toml", "sim-32t1-pri.toml",
                                           "sim-2e1-pri-callcenter.toml",
                                           "sim-2t1-pri-trunkgroup.toml", "sim-4e1-ideal.toml",
                                           "sim-8t1-cas.toml", "sim-4e1-r2.toml"));

}  // namespace
}  // namespace spantsp::config
