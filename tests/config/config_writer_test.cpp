// to_toml: what the UI DLL saves must load back to an equal model (shipped files are covered
// in shipped_config_test.cpp); here, models built in code with awkward values.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config/config_loader.h"
#include "config/config_validation.h"
#include "config_test_support.h"

namespace spantsp::config {
namespace {

using testing::describe;
using testing::expect_same_config;
using ::testing::HasSubstr;
using ::testing::Not;

ProviderConfig awkward_config() {
  ProviderConfig config;
  config.source = "saved-by-ui";
  config.name = "Quote \" backslash \\ tab\t newline\n bell\x07 Zürich ☎";
  config.engine.workers = 3;
  config.engine.spin_us = 0;
  config.engine.spin_always = true;
  config.engine.batch = 4096;

  BoardConfig& sim = config.boards.emplace_back();
  sim.name = "sim \"A\"";
  sim.traffic.incoming_calls_per_second = 0.1;
  sim.traffic.ani = Range{5, 5};
  sim.traffic.dnis = Range{0, 2147483647};
  sim.traffic.answer_delay_ms = 4294967295u;
  sim.traffic.busy_share = 1.0 / 3.0;
  sim.traffic.no_answer_share = 1e-7;
  sim.traffic.reject_share = 0.0;
  sim.traffic.hold_time_ms = 0;
  sim.traffic.remote_hangup_share = 1.0;
  sim.traffic.glare_share = 0.25;
  sim.frame_ms = 40;
  sim.traffic.dtmf_share = 0.5;
  sim.traffic.dtmf_digits = "12,#*ABCD";
  sim.traffic.dtmf_delay_ms = 0;
  sim.traffic.dtmf_on_ms = 40;
  sim.traffic.dtmf_off_ms = 1000;
  sim.traffic.dtmf_level_dbm0 = -40;
  sim.traffic.fax_share = 0.75;
  sim.traffic.modem_share = 0.25;
  sim.traffic.speech_share = 1.0;
  sim.traffic.tone_zone = "de";
  sim.traffic.progress_tones = true;
  sim.traffic.refusal_tone_ms = 2500;
  sim.traffic.listen = true;
  sim.traffic.seed = 9223372036854775807u;
  sim.traffic.callers.push_back({"barge \"in\"", 0.25, "2", 1500, 0, 0, 0});
  sim.traffic.callers.push_back({"speaks", 0.5, "", 0, 60000, 1000, 4000});

  SpanConfig t1;
  t1.id = 255;
  t1.type = SpanType::kT1;
  t1.framing = Framing::kD4;
  t1.coding = LineCoding::kB8zs;
  t1.signalling = Signalling::kPri;
  t1.node = NodeSide::kNet;
  t1.switch_type = SwitchType::kAtt4ess;
  t1.line_name = "{span:03}-{channel:02} \\ {n}";
  t1.trace = "/tmp/span \"255\".pcap";
  sim.spans.push_back(t1);

  SpanConfig e1;
  e1.id = 1;
  e1.type = SpanType::kE1;
  e1.framing = Framing::kCas;
  e1.coding = LineCoding::kAmi;
  e1.crc4 = false;
  e1.signalling = Signalling::kR2;
  e1.channels = {31, 1, 2, 3, 17};
  e1.line_number = "+1{n:018}";
  e1.lines = {LineConfig{17, "Only a name", ""}, LineConfig{1, "", "123"},
              LineConfig{2, "Both {channel}", "+44"}};
  e1.groups = {GroupConfig{"Group \"{x}\"", "+4420", {31}, HuntPolicy::kLeastRecentlyUsed, ""},
               GroupConfig{"Second", "", {3}, HuntPolicy::kDescending, ""}};
  sim.spans.push_back(e1);

  BoardConfig& hw = config.boards.emplace_back();
  hw.name = "dahdi0";
  hw.driver = "dahdi";
  SpanConfig cas;
  cas.id = 9;
  cas.type = SpanType::kE1;
  cas.framing = Framing::kCas;
  cas.crc4 = true;
  cas.signalling = Signalling::kCas;
  hw.spans.push_back(cas);
  return config;
}

TEST(ConfigWriter, AwkwardModelRoundTripsToAnEqualModel) {
  const ProviderConfig original = awkward_config();
  ASSERT_TRUE(validate(original).empty()) << describe(validate(original));
  const std::string text = to_toml(original);
  const LoadResult reloaded = load_config_string(text, original.source);
  ASSERT_TRUE(reloaded.ok()) << describe(reloaded.errors) << "\n" << text;
  expect_same_config(original, *reloaded.config);
  EXPECT_EQ(to_toml(*reloaded.config), text);
}

TEST(ConfigWriter, WritesOnlyKeysThatApply) {
  const std::string text = to_toml(awkward_config());
  // One switchtype (the PRI span), one [board.traffic] (the sim board), crc4 only on E1.
  EXPECT_THAT(text, HasSubstr("switchtype = \"4ess\""));
  EXPECT_EQ(text.find("switchtype"), text.rfind("switchtype"));
  EXPECT_EQ(text.find("[board.traffic]"), text.rfind("[board.traffic]"));
  EXPECT_THAT(text, HasSubstr("signalling = \"pri_net\""));
  EXPECT_THAT(text, HasSubstr("signalling = \"mfcr2\""));
  EXPECT_THAT(text, HasSubstr("channels = \"31,1-3,17\""));
  EXPECT_THAT(text, HasSubstr("ani = \"5\""));
  EXPECT_THAT(text, HasSubstr("crc4 = true"));
  EXPECT_THAT(text, HasSubstr("frame_ms = 40"));
  EXPECT_THAT(text, HasSubstr("crc4 = false"));
  EXPECT_THAT(text, Not(HasSubstr("\x07")));
  EXPECT_THAT(text, HasSubstr("bell\\u0007"));
}

TEST(ConfigWriter, FloatsAlwaysReadBackAsFloats) {
  ProviderConfig config = awkward_config();
  config.boards[0].traffic.incoming_calls_per_second = 3.0;
  config.boards[0].traffic.busy_share = 1e-300;
  const std::string text = to_toml(config);
  EXPECT_THAT(text, HasSubstr("incoming_calls_per_second = 3.0\n"));
  const LoadResult reloaded = load_config_string(text, config.source);
  ASSERT_TRUE(reloaded.ok()) << describe(reloaded.errors);
  expect_same_config(config, *reloaded.config);
}

}  // namespace
}  // namespace spantsp::config
