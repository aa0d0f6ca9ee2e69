#include "config/config_validation.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <sstream>

#include "config/channel_list.h"
#include "config/config_names.h"
#include "config/field_path.h"
#include "config/line_template.h"
#include "config/message_text.h"
#include "config/span_rules.h"

namespace spantsp::config {

void SourceMap::set_position(std::string field, SourcePosition position) {
  positions_.insert_or_assign(std::move(field), position);
}

void SourceMap::mark_rejected(std::string field) {
  rejected_.insert(std::move(field));
}

SourcePosition SourceMap::position_of(std::string_view field) const {
  while (true) {
    if (auto it = positions_.find(field); it != positions_.end()) return it->second;
    if (field.empty()) return {};
    field = parent_path(field);
  }
}

bool SourceMap::is_rejected(std::string_view field) const {
  while (true) {
    if (rejected_.find(field) != rejected_.end()) return true;
    if (field.empty()) return false;
    field = parent_path(field);
  }
}

namespace {

constexpr int kMinSpanId = 1;
constexpr int kMaxSpanId = 255;
constexpr int kMaxWorkers = 1024;
constexpr std::uint32_t kMinBatch = 1;
constexpr std::uint32_t kMaxBatch = 4096;
// Shares are user-typed decimals: 0.1 + 0.2 + 0.7 must not fail "at most 1".
constexpr double kShareSumSlack = 1e-9;

std::string format_double(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

std::string span_kind(const SpanConfig& span) {
  if (span.type == SpanType::kE1) return "an E1 span";
  if (span.signalling == Signalling::kPri) return "a T1 PRI span (24 carries the D channel)";
  return "a T1 span";
}

std::string type_upper(SpanType type) {
  return type == SpanType::kT1 ? "T1" : "E1";
}
std::string a_type(SpanType type) {
  return type == SpanType::kT1 ? "a T1" : "an E1";
}

std::string list_or_one(const std::vector<int>& channels, std::string_view one,
                        std::string_view many) {
  return std::string(channels.size() == 1 ? one : many) + " " + format_channel_list(channels);
}

class Validator {
 public:
  Validator(const ProviderConfig& config, const SourceMap& sources)
      : config_(config), sources_(sources) {}

  std::vector<ConfigError> run() {
    check_provider();
    check_engine();
    if (config_.boards.empty() && usable("board")) {
      report("board", "at least one [[board]] with a [[board.span]] is required");
    }
    for (std::size_t i = 0; i < config_.boards.size(); ++i) {
      check_board(config_.boards[i], element_path("board", i), i);
    }
    check_group_joins();
    return std::move(errors_);
  }

 private:
  bool usable(std::string_view field) const { return !sources_.is_rejected(field); }

  void report(const std::string& field, std::string message) {
    if (!usable(field)) return;
    const SourcePosition position = sources_.position_of(field);
    errors_.push_back(
        ConfigError{config_.source, position.line, position.column, field, std::move(message)});
  }

  void check_provider() {
    if (config_.name.empty()) {
      report("provider.name", "must not be empty (TAPI shows it as the provider's name)");
    }
  }

  void check_engine() {
    const EngineConfig& engine = config_.engine;
    if (engine.workers < 0 || engine.workers > kMaxWorkers) {
      report("engine.workers", "must be between 0 and " + std::to_string(kMaxWorkers) +
                                   " (0 = automatic); got " + std::to_string(engine.workers));
    }
    if (engine.handle_bits != 0 && engine.handle_bits != 32 &&
        (engine.handle_bits != 64 || sizeof(void*) < 8)) {
      report("engine.handle_bits", std::string("must be 0 (the platform's pointer width), 32") +
                                       (sizeof(void*) < 8 ? "" : " or 64") + "; got " +
                                       std::to_string(engine.handle_bits));
    }
    if (engine.batch < kMinBatch || engine.batch > kMaxBatch) {
      report("engine.batch", "must be between " + std::to_string(kMinBatch) + " and " +
                                 std::to_string(kMaxBatch) + "; got " +
                                 std::to_string(engine.batch));
    }
  }

  void check_board(const BoardConfig& board, const std::string& path, std::size_t index) {
    if (board.name.empty()) {
      report(member_path(path, "name"), "must not be empty");
    } else if (auto [it, inserted] = board_names_.try_emplace(board.name, index); !inserted) {
      report(member_path(path, "name"),
             "board name " + in_quotes(board.name) + " is already used by " +
                 element_path("board", it->second) + "; board names must be unique");
    }
    if (!is_known_driver(board.driver)) {
      report(member_path(path, "driver"),
             "unknown driver " + in_quotes(board.driver) + "; allowed: " + allowed_drivers());
    } else if (board.driver == kDriverSim) {
      check_traffic(board.traffic, member_path(path, "traffic"));
    }
    if (!valid_frame_period(board.frame_ms)) {
      report(member_path(path, "frame_ms"), "audio frame period must be 10, 20, 30 or 40 ms; got " +
                                                std::to_string(board.frame_ms));
    }
    if (board.spans.empty()) {
      report(member_path(path, "span"),
             "board has no [[board.span]]; every board needs at least one span");
    }
    for (std::size_t j = 0; j < board.spans.size(); ++j) {
      check_span(board.spans[j], element_path(member_path(path, "span"), j));
      check_trace(board, board.spans[j], element_path(member_path(path, "span"), j));
    }
  }

  bool check_share(double share, const std::string& field) {
    if (std::isfinite(share) && share >= 0.0 && share <= 1.0) return true;
    report(field, "must be between 0 and 1; got " + format_double(share));
    return false;
  }

  void check_number_range(const Range& range, const std::string& field) {
    if (range.first < 0 || range.last < 0) {
      report(field, "must not be negative; got " + std::to_string(range.first) + "-" +
                        std::to_string(range.last));
    } else if (range.first > range.last) {
      report(field, "range " + std::to_string(range.first) + "-" + std::to_string(range.last) +
                        " runs backwards; write the lower number first");
    }
  }

  void check_traffic(const TrafficProfile& traffic, const std::string& path) {
    const double rate = traffic.incoming_calls_per_second;
    if (!std::isfinite(rate) || rate < 0.0) {
      report(member_path(path, "incoming_calls_per_second"),
             "must be a number >= 0 (calls per second per span); got " + format_double(rate));
    }
    const bool busy_ok = check_share(traffic.busy_share, member_path(path, "busy_share"));
    const bool no_answer_ok =
        check_share(traffic.no_answer_share, member_path(path, "no_answer_share"));
    const bool reject_ok = check_share(traffic.reject_share, member_path(path, "reject_share"));
    const bool outcomes_ok = busy_ok && no_answer_ok && reject_ok;
    check_share(traffic.remote_hangup_share, member_path(path, "remote_hangup_share"));
    check_share(traffic.glare_share, member_path(path, "glare_share"));
    const double outcomes = traffic.busy_share + traffic.no_answer_share + traffic.reject_share;
    if (outcomes_ok && outcomes > 1.0 + kShareSumSlack && usable(member_path(path, "busy_share")) &&
        usable(member_path(path, "no_answer_share")) && usable(member_path(path, "reject_share"))) {
      report(path, "busy_share + no_answer_share + reject_share is " + format_double(outcomes) +
                       "; the three outcomes of an outgoing call must add up to at most 1");
    }
    check_sound(traffic, path);
    check_number_range(traffic.ani, member_path(path, "ani"));
    check_number_range(traffic.dnis, member_path(path, "dnis"));
    if (traffic.seed > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      report(member_path(path, "seed"),
             "must be at most 9223372036854775807 (a TOML integer is signed 64-bit)");
    }
  }

  // DTMF the sim's far party keys: `min` to kMaxSimDtmfDigits characters of kSimDtmfCharacters.
  void check_dtmf_digits(const std::string& digits, std::size_t min, const std::string& path) {
    const auto bad = std::find_if(digits.begin(), digits.end(), [](char c) {
      return kSimDtmfCharacters.find(c) == std::string_view::npos;
    });
    if (digits.size() < min || digits.size() > kMaxSimDtmfDigits) {
      report(path, "must hold " + std::to_string(min) + " to " + std::to_string(kMaxSimDtmfDigits) +
                       " characters; got " + std::to_string(digits.size()));
    } else if (bad != digits.end()) {
      report(path, in_quotes(std::string(1, *bad)) +
                       " is not a DTMF digit; allowed: 0-9 * # A B C D and ',' (a pause)");
    }
  }

  void check_sound(const TrafficProfile& traffic, const std::string& path) {
    check_share(traffic.dtmf_share, member_path(path, "dtmf_share"));
    check_share(traffic.speech_share, member_path(path, "speech_share"));
    const bool fax_ok = check_share(traffic.fax_share, member_path(path, "fax_share"));
    const bool modem_ok = check_share(traffic.modem_share, member_path(path, "modem_share"));
    if (fax_ok && modem_ok && traffic.fax_share + traffic.modem_share > 1.0 + kShareSumSlack) {
      report(path, "fax_share + modem_share is " +
                       format_double(traffic.fax_share + traffic.modem_share) +
                       "; a call is a fax or a modem, so the two must add up to at most 1");
    }
    check_dtmf_digits(traffic.dtmf_digits, 1, member_path(path, "dtmf_digits"));
    double shares = 0.0;
    bool shares_ok = true;
    for (std::size_t k = 0; k < traffic.callers.size(); ++k) {
      const CallerScript& caller = traffic.callers[k];
      const std::string at = element_path(member_path(path, "caller"), k);
      shares_ok = check_share(caller.share, member_path(at, "share")) && shares_ok;
      shares += caller.share;
      check_dtmf_digits(caller.digits, 0, member_path(at, "digits"));
      check_bounds(caller.digits_delay_ms, 0, 600'000, member_path(at, "digits_delay_ms"));
      check_bounds(caller.hang_up_ms, 0, 3'600'000, member_path(at, "hang_up_ms"));
      check_bounds(caller.speak_from_ms, 0, 600'000, member_path(at, "speak_from_ms"));
      check_bounds(caller.speak_ms, 0, 600'000, member_path(at, "speak_ms"));
    }
    if (shares_ok && shares > 1.0 + kShareSumSlack) {
      report(member_path(path, "caller"),
             "the callers' shares add up to " + format_double(shares) + "; they must be at most 1");
    }
    check_bounds(traffic.dtmf_delay_ms, 0, 60'000, member_path(path, "dtmf_delay_ms"));
    check_bounds(traffic.refusal_tone_ms, 0, 30'000, member_path(path, "refusal_tone_ms"));
    check_bounds(traffic.dtmf_on_ms, 40, 1'000, member_path(path, "dtmf_on_ms"));
    check_bounds(traffic.dtmf_off_ms, 40, 1'000, member_path(path, "dtmf_off_ms"));
    check_bounds(traffic.dtmf_level_dbm0, -40, 0, member_path(path, "dtmf_level_dbm0"));
    const std::string& zone = traffic.tone_zone;
    if (zone.size() != 2 || !std::islower(static_cast<unsigned char>(zone[0])) ||
        !std::islower(static_cast<unsigned char>(zone[1]))) {
      report(member_path(path, "tone_zone"),
             "must be a two-letter country code of libtonezone (us, uk, de, fr, ...); got " +
                 in_quotes(zone));
    }
  }

  template <typename Int>
  void check_bounds(Int value, long long low, long long high, const std::string& field) {
    const auto v = static_cast<long long>(value);
    if (v < low || v > high) {
      report(field, "must be between " + std::to_string(low) + " and " + std::to_string(high) +
                        "; got " + std::to_string(v));
    }
  }

  void check_span(const SpanConfig& span, const std::string& path) {
    const std::string id_field = member_path(path, "id");
    if (span.id < kMinSpanId || span.id > kMaxSpanId) {
      report(id_field, "span id must be between " + std::to_string(kMinSpanId) + " and " +
                           std::to_string(kMaxSpanId) + "; got " + std::to_string(span.id));
    } else if (usable(id_field)) {
      if (auto [it, inserted] = span_ids_.try_emplace(span.id, path); !inserted) {
        report(id_field, "span id " + std::to_string(span.id) + " is already used by " +
                             it->second + "; span ids are unique across the whole configuration");
      }
    }

    check_bounds(span.dchannel_backlog, 0, kMaxDchannelBacklog,
                 member_path(path, "dchannel_backlog"));

    const std::string type_field = member_path(path, "type");
    const std::string framing_field = member_path(path, "framing");
    const std::string coding_field = member_path(path, "coding");
    const std::string signalling_field = member_path(path, "signalling");
    const bool type_ok = usable(type_field);
    const bool signalling_ok = usable(signalling_field);
    const std::string type_name = type_upper(span.type);

    bool framing_ok = type_ok && usable(framing_field);
    if (framing_ok && !framing_fits(span.type, span.framing)) {
      framing_ok = false;
      report(framing_field, "framing " + in_quotes(to_name(span.framing)) + " does not fit " +
                                a_type(span.type) + " span; allowed for " + type_name + ": " +
                                allowed_framings(span.type));
    }
    bool coding_ok = type_ok && usable(coding_field);
    if (coding_ok && !coding_fits(span.type, span.coding)) {
      coding_ok = false;
      report(coding_field, "line coding " + in_quotes(to_name(span.coding)) + " does not fit " +
                               a_type(span.type) + " span; allowed for " + type_name + ": " +
                               allowed_line_codings(span.type));
    }
    if (type_ok && span.type == SpanType::kT1 && span.crc4) {
      report(member_path(path, "crc4"),
             "crc4 applies only to E1 spans (it is the E1 CRC-4 multiframe); remove it");
    }

    if (type_ok && signalling_ok) {
      check_signalling_fit(span, path, framing_ok, coding_ok);
      check_channels(span, path);
    }

    const std::string name_field = member_path(path, "line_name");
    if (auto error = check_line_template(span.line_name, TemplateKind::kName); !error.empty()) {
      report(name_field, "template " + in_quotes(span.line_name) + " " + error);
    } else if (renders_blank(span.line_name)) {
      report(name_field,
             "must give every line a non-empty name; write e.g. \"Span {span} "
             "channel {channel}\"");
    }
    const std::string number_field = member_path(path, "line_number");
    if (auto error = check_line_template(span.line_number, TemplateKind::kNumber); !error.empty()) {
      report(number_field, "template " + in_quotes(span.line_number) + " " + error);
    }

    check_line_overrides(span, path, type_ok && signalling_ok);
    check_groups(span, path, type_ok && signalling_ok);
    check_dsp_channels(span, path, type_ok && signalling_ok);
  }

  // The DSP pool's bound: more than the span's channels could never be used.
  void check_dsp_channels(const SpanConfig& span, const std::string& path, bool channels_known) {
    const std::string field = member_path(path, "dsp_channels");
    if (span.dsp_channels == 0 || !channels_known || !usable(field) ||
        !usable(member_path(path, "channels"))) {
      return;
    }
    const std::size_t channels = effective_channels(span).size();
    if (span.dsp_channels > channels) {
      report(field, "must be between 0 (every channel) and the span's " + std::to_string(channels) +
                        " channels; got " + std::to_string(span.dsp_channels));
    }
  }

  // A channel belongs to its per-channel line or to one group, never both (DESIGN.md §5a).
  void check_groups(const SpanConfig& span, const std::string& path, bool channels_known) {
    const std::vector<int> channels = effective_channels(span);
    const bool list_ok = channels_known && usable(member_path(path, "channels"));
    std::map<int, std::size_t> owner;
    for (std::size_t k = 0; k < span.groups.size(); ++k) {
      const GroupConfig& group = span.groups[k];
      const std::string group_path = element_path(member_path(path, "group"), k);
      const std::string name_field = member_path(group_path, "name");
      if (!group.joins() && usable(name_field) &&
          group.name.find_first_not_of(" \t") == std::string::npos) {
        report(name_field, "must not be blank; a group line needs a name");
      }
      if (!group.number.empty()) {
        if (auto error = check_line_template(group.number, TemplateKind::kNumber);
            !error.empty() || group.number.find('{') != std::string::npos) {
          report(member_path(group_path, "number"),
                 "number " + in_quotes(group.number) +
                     " must be digits with an optional leading '+' (no placeholders)");
        }
      }
      const std::string channel_field = member_path(group_path, "channels");
      if (!usable(channel_field)) continue;
      if (group.channels.empty()) {
        report(channel_field, "a group needs at least one channel");
        continue;
      }
      std::vector<int> outside;
      std::vector<int> taken;
      std::string taken_by;
      for (int channel : group.channels) {
        if (list_ok && std::find(channels.begin(), channels.end(), channel) == channels.end()) {
          outside.push_back(channel);
        } else if (auto [it, inserted] = owner.try_emplace(channel, k); !inserted) {
          taken.push_back(channel);
          taken_by = element_path(member_path(path, "group"), it->second);
        }
      }
      if (!outside.empty()) {
        report(channel_field, list_or_one(outside, "channel", "channels") +
                                  (outside.size() == 1 ? " is not" : " are not") +
                                  " among this span's channels (" + format_channel_list(channels) +
                                  ")");
      }
      if (!taken.empty()) {
        report(channel_field, list_or_one(taken, "channel", "channels") +
                                  (taken.size() == 1 ? " is" : " are") + " already in " + taken_by +
                                  "; a channel belongs to one group only");
      }
    }
    for (std::size_t k = 0; k < span.lines.size(); ++k) {
      const std::string channel_field =
          member_path(element_path(member_path(path, "line"), k), "channel");
      if (auto it = owner.find(span.lines[k].channel); it != owner.end() && usable(channel_field)) {
        report(channel_field, "channel " + std::to_string(span.lines[k].channel) + " is in " +
                                  element_path(member_path(path, "group"), it->second) +
                                  ", so it is no line of its own to override");
      }
    }
  }

  // Cross-span groups (DESIGN.md §5a): a group with `join` extends a group defined on an
  // earlier span of the file to its own span. The line's caps are the same on every span only
  // when the spans signal alike, and each span takes part once (its channels are one list).
  void check_group_joins() {
    struct Defined {
      const SpanConfig* span;
      std::string path;
      std::vector<const SpanConfig*> joined;  // spans that took part so far, defining one first
    };
    std::map<std::string, Defined, std::less<>> defined;
    for (std::size_t i = 0; i < config_.boards.size(); ++i) {
      const BoardConfig& board = config_.boards[i];
      for (std::size_t j = 0; j < board.spans.size(); ++j) {
        const SpanConfig& span = board.spans[j];
        const std::string span_path =
            element_path(member_path(element_path("board", i), "span"), j);
        for (std::size_t k = 0; k < span.groups.size(); ++k) {
          const GroupConfig& group = span.groups[k];
          const std::string group_path = element_path(member_path(span_path, "group"), k);
          if (!group.joins()) {
            defined.try_emplace(group.name, Defined{&span, group_path, {&span}});
            continue;
          }
          const std::string field = member_path(group_path, "join");
          auto it = defined.find(group.join);
          if (it == defined.end()) {
            report(field, "join " + in_quotes(group.join) +
                              " names no group defined on an earlier span; write the group with "
                              "its name on the first span of the trunk group, then join it");
            continue;
          }
          Defined& target = it->second;
          if (std::find(target.joined.begin(), target.joined.end(), &span) != target.joined.end()) {
            report(field, "this span already takes part in group " + in_quotes(group.join) + " (" +
                              target.path +
                              "); list all of a span's channels of the group in one entry");
            continue;
          }
          if (span.type != target.span->type ||
              describe_signalling(span) != describe_signalling(*target.span)) {
            report(field, "group " + in_quotes(group.join) + " is on a " +
                              type_upper(target.span->type) + " " +
                              in_quotes(describe_signalling(*target.span)) + " span (" +
                              target.path + "), this span is " + type_upper(span.type) + " " +
                              in_quotes(describe_signalling(span)) +
                              "; one line's spans must have the same type and signalling");
            continue;
          }
          target.joined.push_back(&span);
        }
      }
    }
  }

  // Only the sim board's PRI spans have a D-channel to capture (pcap_trace.h); two spans
  // writing one file would interleave two captures into garbage.
  void check_trace(const BoardConfig& board, const SpanConfig& span, const std::string& path) {
    const std::string field = member_path(path, "trace");
    if (span.trace.empty() || !usable(field)) return;
    if (usable(member_path(path, "signalling")) && span.signalling != Signalling::kPri) {
      report(field,
             "trace captures the PRI D channel; it applies only to PRI spans (signalling "
             "pri_cpe or pri_net)");
    } else if (is_known_driver(board.driver) && board.driver != kDriverSim) {
      report(field, "trace is available on driver \"sim\" boards only");
    } else if (auto [it, inserted] = trace_paths_.try_emplace(span.trace, path); !inserted) {
      report(field, "trace file " + in_quotes(span.trace) + " is already written by " + it->second +
                        "; give each span its own file");
    }
  }

  void check_signalling_fit(const SpanConfig& span, const std::string& path, bool framing_ok,
                            bool coding_ok) {
    const std::string framing_field = member_path(path, "framing");
    const bool e1 = span.type == SpanType::kE1;
    switch (span.signalling) {
      case Signalling::kPri:
        if (!e1 && coding_ok && span.coding != LineCoding::kB8zs) {
          report(member_path(path, "coding"),
                 "PRI on T1 requires b8zs line coding (the D channel needs 64 kb/s clear "
                 "channel; ami cannot carry it)");
        }
        if (e1 && framing_ok && span.framing != Framing::kCcs) {
          report(framing_field,
                 "PRI on E1 requires ccs framing (the D channel occupies timeslot 16)");
        }
        break;
      case Signalling::kCas:
        if (e1 && framing_ok && span.framing != Framing::kCas) {
          report(framing_field,
                 "cas signalling on E1 requires cas framing (the ABCD bits ride in the "
                 "timeslot 16 multiframe)");
        }
        break;
      case Signalling::kR2:
        if (!e1) {
          report(member_path(path, "signalling"), "mfcr2 runs on E1 spans only");
        } else if (framing_ok && span.framing != Framing::kCas) {
          report(framing_field,
                 "mfcr2 on E1 requires cas framing (R2 line signalling uses the timeslot 16 "
                 "CAS bits)");
        }
        break;
      case Signalling::kIdeal:
        break;
    }
  }

  void check_channels(const SpanConfig& span, const std::string& path) {
    const std::string field = member_path(path, "channels");
    if (!usable(field) || span.channels.empty()) return;
    std::vector<int> outside;
    std::vector<int> repeated;
    std::vector<int> sorted = span.channels;
    std::sort(sorted.begin(), sorted.end());
    for (std::size_t i = 0; i < sorted.size(); ++i) {
      const bool first_of_run = i == 0 || sorted[i] != sorted[i - 1];
      if (!first_of_run) {
        if (repeated.empty() || repeated.back() != sorted[i]) repeated.push_back(sorted[i]);
        continue;
      }
      if (!is_bearer(span.type, span.signalling, sorted[i])) outside.push_back(sorted[i]);
    }
    if (!outside.empty()) {
      report(field, list_or_one(outside, "channel", "channels") +
                        (outside.size() == 1 ? " is not a bearer of " : " are not bearers of ") +
                        span_kind(span) + "; allowed: " +
                        format_channel_list(default_channels(span.type, span.signalling)));
    }
    if (!repeated.empty()) {
      report(field, list_or_one(repeated, "channel", "channels") +
                        (repeated.size() == 1 ? " is" : " are") +
                        " listed more than once; each channel becomes one line");
    }
  }

  void check_line_overrides(const SpanConfig& span, const std::string& path, bool channels_known) {
    const std::vector<int> channels = effective_channels(span);
    const bool list_ok = channels_known && usable(member_path(path, "channels"));
    std::map<int, std::size_t> seen;
    for (std::size_t k = 0; k < span.lines.size(); ++k) {
      const LineConfig& line = span.lines[k];
      const std::string line_path = element_path(member_path(path, "line"), k);
      const std::string channel_field = member_path(line_path, "channel");
      if (list_ok && usable(channel_field)) {
        if (std::find(channels.begin(), channels.end(), line.channel) == channels.end()) {
          report(channel_field, "channel " + std::to_string(line.channel) +
                                    " is not one of this span's lines (channels " +
                                    format_channel_list(channels) + ")");
        } else if (auto [it, inserted] = seen.try_emplace(line.channel, k); !inserted) {
          report(channel_field, "channel " + std::to_string(line.channel) +
                                    " is already overridden by " +
                                    element_path(member_path(path, "line"), it->second) +
                                    "; override each channel once");
        }
      }
      if (!line.name.empty()) {
        const std::string field = member_path(line_path, "name");
        if (auto error = check_line_template(line.name, TemplateKind::kName); !error.empty()) {
          report(field, "name " + in_quotes(line.name) + " " + error);
        } else if (renders_blank(line.name)) {
          report(field, "must not be blank");
        }
      }
      if (!line.number.empty()) {
        if (auto error = check_line_template(line.number, TemplateKind::kNumber); !error.empty()) {
          report(member_path(line_path, "number"),
                 "number " + in_quotes(line.number) + " " + error);
        }
      }
    }
  }

  // Placeholders always render digits, so a template renders blank for every line exactly
  // when its literal text is blank and it has no placeholder.
  static bool renders_blank(std::string_view text) {
    const std::string rendered = render_line_template(text, TemplateValues{1, 1, 0});
    return rendered.find_first_not_of(" \t") == std::string::npos;
  }

  const ProviderConfig& config_;
  const SourceMap& sources_;
  std::vector<ConfigError> errors_;
  std::map<std::string, std::size_t, std::less<>> board_names_;
  std::map<int, std::string> span_ids_;
  std::map<std::string, std::string, std::less<>> trace_paths_;
};

}  // namespace

std::vector<ConfigError> validate(const ProviderConfig& config, const SourceMap& sources) {
  return Validator(config, sources).run();
}

}  // namespace spantsp::config
