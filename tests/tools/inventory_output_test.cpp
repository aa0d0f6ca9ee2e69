// The CLI's inventory output: table, summary line and JSON.

#include "tools/tapihost/inventory_output.h"

#include <gtest/gtest.h>

namespace spantsp::host {
namespace {

LineInfo line(DWORD device, std::uint32_t span, std::uint32_t channel, bool has_span = true) {
  LineInfo info;
  info.device_id = device;
  info.permanent_line_id = 0x100 + device;
  info.tspi_version = 0x00030001;
  info.name = "Span " + std::to_string(span) + " B" + std::to_string(channel);
  info.number = "55510" + std::to_string(device);
  info.has_span = has_span;
  info.span = span;
  info.channel = channel;
  return info;
}

TEST(TapihostInventoryOutput, SummaryCountsLinesAndDistinctSpans) {
  EXPECT_EQ(inventory_summary({}), "0 lines on 0 spans");
  EXPECT_EQ(inventory_summary({line(0, 1, 1)}), "1 line on 1 span");
  EXPECT_EQ(inventory_summary({line(0, 1, 1), line(1, 1, 2), line(2, 2, 1)}), "3 lines on 2 spans");
  EXPECT_EQ(inventory_summary({line(0, 1, 1), line(1, 0, 0, false)}), "2 lines on 1 span");
}

TEST(TapihostInventoryOutput, TableHasOneRowPerLineThenTheSummary) {
  const std::string table = format_inventory_table({line(0, 1, 1), line(1, 0, 0, false)});
  EXPECT_EQ(table,
            "DEVICE  NAME       PERMANENT ID  SPAN  CHANNEL  NUMBER\n"
            "0       Span 1 B1  256           1     1        555100\n"
            "1       Span 0 B0  257           -     -        555101\n"
            "2 lines on 1 span\n");
}

TEST(TapihostInventoryOutput, JsonCarriesEveryField) {
  const auto json = inventory_json({line(3, 2, 5), line(4, 0, 0, false)});
  ASSERT_EQ(json["lines"].size(), 2u);
  EXPECT_EQ(json["lines"][0]["device_id"], 3);
  EXPECT_EQ(json["lines"][0]["span"], 2);
  EXPECT_EQ(json["lines"][0]["channel"], 5);
  EXPECT_EQ(json["lines"][0]["tspi_version"], "3.1");
  EXPECT_EQ(json["lines"][0]["number"], "555103");
  EXPECT_TRUE(json["lines"][1]["span"].is_null());
  EXPECT_EQ(json["summary"]["lines"], 2);
  EXPECT_EQ(json["summary"]["spans"], 1);
}

}  // namespace
}  // namespace spantsp::host
