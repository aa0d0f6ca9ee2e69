#pragma once
// Shared by the config tests: where the input files are, an exact error-list matcher, and a
// field-by-field model comparison (the model has no operator==; the comparison names the
// field that differs).

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "config/cas_config.h"
#include "config/config_loader.h"
#include "config/config_model.h"
#include "config/r2_config.h"

namespace spantsp::config::testing {

inline std::string data_file(const std::string& name) {
  return std::string(SPANTSP_CONFIG_TEST_DATA) + "/" + name;
}

inline std::string shipped_file(const std::string& name) {
  return std::string(SPANTSP_SHIPPED_CONFIG_DIR) + "/" + name;
}

struct ExpectedError {
  int line;
  int column;
  std::string field;
  std::string message_part;  // a key part of the message, matched as a substring
};

inline std::string describe(const std::vector<ConfigError>& errors) {
  std::string out;
  for (const ConfigError& error : errors) out += "  " + error.to_string() + "\n";
  return out;
}

// The exact list, in order: same count, and per error the same line, column and field and a
// message containing the expected part.
inline void expect_errors(const LoadResult& result, const std::vector<ExpectedError>& expected) {
  EXPECT_FALSE(result.ok());
  ASSERT_EQ(result.errors.size(), expected.size()) << "errors were:\n" << describe(result.errors);
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const ConfigError& got = result.errors[i];
    SCOPED_TRACE("error " + std::to_string(i) + ": " + got.to_string());
    EXPECT_EQ(got.line, expected[i].line);
    EXPECT_EQ(got.column, expected[i].column);
    EXPECT_EQ(got.field, expected[i].field);
    EXPECT_NE(got.message.find(expected[i].message_part), std::string::npos)
        << "message lacks \"" << expected[i].message_part << "\"";
  }
}

inline void expect_same_traffic(const TrafficProfile& a, const TrafficProfile& b) {
  EXPECT_EQ(a.incoming_calls_per_second, b.incoming_calls_per_second);
  EXPECT_EQ(a.ani.first, b.ani.first);
  EXPECT_EQ(a.ani.last, b.ani.last);
  EXPECT_EQ(a.dnis.first, b.dnis.first);
  EXPECT_EQ(a.dnis.last, b.dnis.last);
  EXPECT_EQ(a.answer_delay_ms, b.answer_delay_ms);
  EXPECT_EQ(a.busy_share, b.busy_share);
  EXPECT_EQ(a.no_answer_share, b.no_answer_share);
  EXPECT_EQ(a.reject_share, b.reject_share);
  EXPECT_EQ(a.hold_time_ms, b.hold_time_ms);
  EXPECT_EQ(a.remote_hangup_share, b.remote_hangup_share);
  EXPECT_EQ(a.glare_share, b.glare_share);
  EXPECT_EQ(a.seed, b.seed);
  EXPECT_EQ(a.dtmf_share, b.dtmf_share);
  EXPECT_EQ(a.dtmf_digits, b.dtmf_digits);
  EXPECT_EQ(a.dtmf_delay_ms, b.dtmf_delay_ms);
  EXPECT_EQ(a.dtmf_on_ms, b.dtmf_on_ms);
  EXPECT_EQ(a.dtmf_off_ms, b.dtmf_off_ms);
  EXPECT_EQ(a.dtmf_level_dbm0, b.dtmf_level_dbm0);
  EXPECT_EQ(a.fax_share, b.fax_share);
  EXPECT_EQ(a.modem_share, b.modem_share);
  EXPECT_EQ(a.speech_share, b.speech_share);
  EXPECT_EQ(a.tone_zone, b.tone_zone);
  EXPECT_EQ(a.progress_tones, b.progress_tones);
  EXPECT_EQ(a.refusal_tone_ms, b.refusal_tone_ms);
  EXPECT_EQ(a.listen, b.listen);
}

inline void expect_same_span(const SpanConfig& a, const SpanConfig& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.type, b.type);
  EXPECT_EQ(a.framing, b.framing);
  EXPECT_EQ(a.crc4, b.crc4);
  EXPECT_EQ(a.coding, b.coding);
  EXPECT_EQ(a.signalling, b.signalling);
  EXPECT_EQ(a.node, b.node);
  EXPECT_EQ(a.switch_type, b.switch_type);
  EXPECT_EQ(a.channels, b.channels);
  EXPECT_EQ(a.line_name, b.line_name);
  EXPECT_EQ(a.line_number, b.line_number);
  EXPECT_EQ(a.trace, b.trace);
  EXPECT_EQ(a.cas.start, b.cas.start);
  for (const CasTimerKey& timer : kCasTimerKeys) {
    EXPECT_EQ(a.cas.timers.*timer.field, b.cas.timers.*timer.field) << timer.key;
  }
  EXPECT_EQ(a.r2.variant, b.r2.variant);
  EXPECT_EQ(a.r2.max_ani, b.r2.max_ani);
  EXPECT_EQ(a.r2.max_dnis, b.r2.max_dnis);
  EXPECT_EQ(a.r2.get_ani_first, b.r2.get_ani_first);
  EXPECT_EQ(a.r2.category, b.r2.category);
  EXPECT_EQ(a.r2.double_answer, b.r2.double_answer);
  EXPECT_EQ(a.r2.allow_collect_calls, b.r2.allow_collect_calls);
  for (const R2TimerKey& timer : kR2TimerKeys) {
    EXPECT_EQ(a.r2.timers.*timer.field, b.r2.timers.*timer.field) << timer.key;
  }
  ASSERT_EQ(a.lines.size(), b.lines.size());
  for (std::size_t k = 0; k < a.lines.size(); ++k) {
    SCOPED_TRACE("line[" + std::to_string(k) + "]");
    EXPECT_EQ(a.lines[k].channel, b.lines[k].channel);
    EXPECT_EQ(a.lines[k].name, b.lines[k].name);
    EXPECT_EQ(a.lines[k].number, b.lines[k].number);
  }
  ASSERT_EQ(a.groups.size(), b.groups.size());
  for (std::size_t k = 0; k < a.groups.size(); ++k) {
    SCOPED_TRACE("group[" + std::to_string(k) + "]");
    EXPECT_EQ(a.groups[k].name, b.groups[k].name);
    EXPECT_EQ(a.groups[k].number, b.groups[k].number);
    EXPECT_EQ(a.groups[k].channels, b.groups[k].channels);
    EXPECT_EQ(a.groups[k].hunt, b.groups[k].hunt);
    EXPECT_EQ(a.groups[k].join, b.groups[k].join);
  }
}

inline void expect_same_config(const ProviderConfig& a, const ProviderConfig& b) {
  EXPECT_EQ(a.source, b.source);
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.engine.workers, b.engine.workers);
  EXPECT_EQ(a.engine.spin_us, b.engine.spin_us);
  EXPECT_EQ(a.engine.spin_always, b.engine.spin_always);
  EXPECT_EQ(a.engine.batch, b.engine.batch);
  ASSERT_EQ(a.boards.size(), b.boards.size());
  for (std::size_t i = 0; i < a.boards.size(); ++i) {
    SCOPED_TRACE("board[" + std::to_string(i) + "]");
    EXPECT_EQ(a.boards[i].name, b.boards[i].name);
    EXPECT_EQ(a.boards[i].driver, b.boards[i].driver);
    EXPECT_EQ(a.boards[i].frame_ms, b.boards[i].frame_ms);
    expect_same_traffic(a.boards[i].traffic, b.boards[i].traffic);
    ASSERT_EQ(a.boards[i].spans.size(), b.boards[i].spans.size());
    for (std::size_t j = 0; j < a.boards[i].spans.size(); ++j) {
      SCOPED_TRACE("span[" + std::to_string(j) + "]");
      expect_same_span(a.boards[i].spans[j], b.boards[i].spans[j]);
    }
  }
}

}  // namespace spantsp::config::testing
