// ProviderConfig -> TOML in the schema config_loader.cpp documents, keys in schema order so a
// saved file reads like the shipped ones. Every key is written explicitly (a saved file should
// not change meaning when a default changes), except those that do not apply and the loader
// would refuse: switchtype off PRI, [board.traffic] off the sim driver, crc4 = false on T1.
// An empty `channels` (all bearers) and an empty line_number are left out, as loaded.

#include <charconv>
#include <cstdio>
#include <string_view>
#include <system_error>

#include "config/cas_config.h"
#include "config/channel_list.h"
#include "config/config_loader.h"
#include "config/config_names.h"
#include "config/r2_config.h"

namespace spantsp::config {
namespace {

std::string toml_string(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (byte < 0x20 || byte == 0x7f) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04X", static_cast<unsigned>(byte));
          out += escaped;
        } else {
          out += c;  // UTF-8 passes through: TOML files are UTF-8
        }
    }
  }
  out += '"';
  return out;
}

// Shortest text that reads back to the same double; TOML needs a '.' or exponent in a float.
std::string toml_float(double value) {
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  std::string out(buffer, ec == std::errc{} ? end : buffer);
  if (out.find_first_of(".eEn") == std::string::npos) out += ".0";  // 'n': inf, nan
  return out;
}

class Writer {
 public:
  std::string take() { return std::move(out_); }

  void header(std::string_view text) {
    if (!out_.empty()) out_ += '\n';
    out_ += text;
    out_ += '\n';
  }
  void key(std::string_view name, std::string_view raw_value) {
    out_ += name;
    out_ += " = ";
    out_ += raw_value;
    out_ += '\n';
  }
  void text(std::string_view name, std::string_view value) { key(name, toml_string(value)); }
  void integer(std::string_view name, long long value) { key(name, std::to_string(value)); }
  void unsigned_integer(std::string_view name, unsigned long long value) {
    key(name, std::to_string(value));
  }
  void number(std::string_view name, double value) { key(name, toml_float(value)); }
  void boolean(std::string_view name, bool value) { key(name, value ? "true" : "false"); }

 private:
  std::string out_;
};

void write_traffic(Writer& w, const TrafficProfile& traffic) {
  w.header("[board.traffic]");
  w.number("incoming_calls_per_second", traffic.incoming_calls_per_second);
  w.text("ani", format_number_range(traffic.ani));
  w.text("dnis", format_number_range(traffic.dnis));
  w.unsigned_integer("answer_delay_ms", traffic.answer_delay_ms);
  w.number("busy_share", traffic.busy_share);
  w.number("no_answer_share", traffic.no_answer_share);
  w.number("reject_share", traffic.reject_share);
  w.unsigned_integer("hold_time_ms", traffic.hold_time_ms);
  w.number("remote_hangup_share", traffic.remote_hangup_share);
  w.number("glare_share", traffic.glare_share);
  w.unsigned_integer("seed", traffic.seed);
  w.number("dtmf_share", traffic.dtmf_share);
  w.text("dtmf_digits", traffic.dtmf_digits);
  w.unsigned_integer("dtmf_delay_ms", traffic.dtmf_delay_ms);
  w.unsigned_integer("dtmf_on_ms", traffic.dtmf_on_ms);
  w.unsigned_integer("dtmf_off_ms", traffic.dtmf_off_ms);
  w.integer("dtmf_level_dbm0", traffic.dtmf_level_dbm0);
  w.number("fax_share", traffic.fax_share);
  w.number("modem_share", traffic.modem_share);
  w.number("speech_share", traffic.speech_share);
  w.text("tone_zone", traffic.tone_zone);
  w.boolean("progress_tones", traffic.progress_tones);
  w.unsigned_integer("refusal_tone_ms", traffic.refusal_tone_ms);
  w.boolean("listen", traffic.listen);
  for (const CallerScript& caller : traffic.callers) {
    w.header("[[board.traffic.caller]]");
    w.text("name", caller.name);
    w.number("share", caller.share);
    w.text("digits", caller.digits);
    w.unsigned_integer("digits_delay_ms", caller.digits_delay_ms);
    w.unsigned_integer("hang_up_ms", caller.hang_up_ms);
    w.unsigned_integer("speak_from_ms", caller.speak_from_ms);
    w.unsigned_integer("speak_ms", caller.speak_ms);
  }
}

void write_span(Writer& w, const SpanConfig& span) {
  w.header("[[board.span]]");
  w.integer("id", span.id);
  w.text("type", to_name(span.type));
  w.text("signalling", signalling_name(span.signalling, span.node));
  w.text("framing", to_name(span.framing));
  w.text("coding", to_name(span.coding));
  if (span.type == SpanType::kE1 || span.crc4) w.boolean("crc4", span.crc4);
  if (span.signalling == Signalling::kPri) {
    w.text("switchtype", to_name(span.switch_type));
    if (span.dchannel_backlog != kDefaultDchannelBacklog) {
      w.unsigned_integer("dchannel_backlog", span.dchannel_backlog);
    }
  }
  if (!span.channels.empty()) w.text("channels", format_channel_list(span.channels));
  w.text("line_name", span.line_name);
  if (!span.line_number.empty()) w.text("line_number", span.line_number);
  if (!span.trace.empty()) w.text("trace", span.trace);
  if (span.dsp_channels != 0) w.unsigned_integer("dsp_channels", span.dsp_channels);
  if (span.signalling == Signalling::kCas) {
    w.header("[board.span.cas]");
    w.text("signalling", cas_start_name(span.cas.start));
    w.text("dialing", kCasDialingDtmf);
    for (const CasTimerKey& timer : kCasTimerKeys) {
      w.unsigned_integer(timer.key, span.cas.timers.*timer.field);
    }
  }
  if (span.signalling == Signalling::kR2) {
    w.header("[board.span.mfcr2]");
    w.text("variant", r2_variant_name(span.r2.variant));
    w.unsigned_integer("max_ani", span.r2.max_ani);
    w.unsigned_integer("max_dnis", span.r2.max_dnis);
    if (span.r2.get_ani_first >= 0) w.boolean("get_ani_first", span.r2.get_ani_first != 0);
    w.text("category", r2_category_name(span.r2.category));
    w.boolean("double_answer", span.r2.double_answer);
    w.boolean("allow_collect_calls", span.r2.allow_collect_calls);
    for (const R2TimerKey& timer : kR2TimerKeys) {
      w.unsigned_integer(timer.key, span.r2.timers.*timer.field);
    }
  }
  for (const LineConfig& line : span.lines) {
    w.header("[[board.span.line]]");
    w.integer("channel", line.channel);
    if (!line.name.empty()) w.text("name", line.name);
    if (!line.number.empty()) w.text("number", line.number);
  }
  for (const GroupConfig& group : span.groups) {
    w.header("[[board.span.group]]");
    if (group.joins()) {
      w.text("join", group.join);
      w.text("channels", format_channel_list(group.channels));
      continue;
    }
    w.text("name", group.name);
    if (!group.number.empty()) w.text("number", group.number);
    w.text("channels", format_channel_list(group.channels));
    w.text("hunt", to_name(group.hunt));
  }
}

}  // namespace

std::string to_toml(const ProviderConfig& config) {
  Writer w;
  w.header("# SpanTSP configuration; keys are described in config/README.md.");
  w.header("[provider]");
  w.text("name", config.name);
  w.header("[engine]");
  w.integer("workers", config.engine.workers);
  w.unsigned_integer("spin_us", config.engine.spin_us);
  if (config.engine.spin_always) w.boolean("spin_always", true);
  w.unsigned_integer("batch", config.engine.batch);
  if (config.engine.handle_bits != 0) {
    w.unsigned_integer("handle_bits", config.engine.handle_bits);
  }
  for (const BoardConfig& board : config.boards) {
    w.header("[[board]]");
    w.text("name", board.name);
    w.text("driver", board.driver);
    if (board.frame_ms != kDefaultFramePeriodMs) w.unsigned_integer("frame_ms", board.frame_ms);
    if (board.driver == kDriverSim) write_traffic(w, board.traffic);
    for (const SpanConfig& span : board.spans) write_span(w, span);
  }
  return w.take();
}

}  // namespace spantsp::config
