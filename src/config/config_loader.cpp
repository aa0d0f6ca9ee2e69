// TOML -> ProviderConfig. The schema, in the words T1/E1 users know from chan_dahdi.conf and
// system.conf (config/README.md has the full key table):
//
//   [provider]
//   name = "SpanTSP sim 4xE1 PRI"     # TAPI provider name                 default "SpanTSP"
//
//   [engine]
//   workers = 0                       # 0..1024, 0 = automatic             default 0
//   spin_us = 20                      # spin before a worker sleeps, µs    default 20
//   spin_always = false               # spin even without a spare core     default false
//   batch = 64                        # 1..4096 commands/events per batch  default 64
//   handle_bits = 0                   # 0 (pointer width), 32 or 64        default 0
//
//   [[board]]                         # one or more
//   name = "sim0"                     # required, unique, non-empty
//   driver = "sim"                    # sim | dahdi                        default "sim"
//   frame_ms = 20                     # audio frame period: 10 | 20 | 30 | 40  default 20
//
//   [board.traffic]                   # far end of a sim board (driver "sim" only)
//   incoming_calls_per_second = 2.0   # per span, Poisson, >= 0            default 0
//   ani = "2125550000-2125559999"     # calling numbers, "first-last" or one number
//   dnis = "1000-1999"                # called numbers, same form
//   answer_delay_ms = 2000            # far end answers our calls after    default 0
//   busy_share = 0.1                  # 0..1 each; busy + no_answer + reject <= 1
//   no_answer_share = 0.05
//   reject_share = 0.02
//   hold_time_ms = 30000              # mean, exponential; 0 = forever     default 0
//   remote_hangup_share = 0.5         # 0..1                               default 0.5
//   glare_share = 0.0                 # 0..1                               default 0
//   seed = 42                         # >= 0                               default 1
//   dtmf_share = 0.3                  # 0..1: far party sends dtmf_digits after connect
//   dtmf_digits = "1#"                # 0-9 * # A-D and ',' (pause), 1..32  default "1234"
//   dtmf_delay_ms = 1000              # 0..60000 after connect             default 1000
//   dtmf_on_ms = 100                  # 40..1000                           default 100
//   dtmf_off_ms = 100                 # 40..1000                           default 100
//   dtmf_level_dbm0 = -10             # -40..0                             default -10
//   fax_share = 0.1                   # 0..1, fax + modem <= 1: CNG/CED    default 0
//   modem_share = 0.05                # 0..1: our calls answered by a modem
//   speech_share = 1.0                # 0..1 of the rest: speech-like audio default 0
//   tone_zone = "us"                  # call-progress tone country         default "us"
//   progress_tones = true             # dial tone, ringback in-band        default false
//   refusal_tone_ms = 3000            # 0..30000 busy/SIT/congestion tone  default 0
//   listen = true                     # detect/record our digits and tones default false
//
//   [[board.traffic.caller]]          # scripted callers (an IVR's), optional; each far-end
//   name = "barge-in"                 #   call towards us draws one by share; times from answer
//   share = 0.25                      # 0..1, shares sum to <= 1               default 0
//   digits = "2"                      # keyed after digits_delay_ms; "" none   default ""
//   digits_delay_ms = 1500            # 0..600000                              default 1000
//   hang_up_ms = 0                    # far party hangs up then; 0 = never     default 0
//   speak_from_ms = 6000              # speech-like audio from then ...        default 0
//   speak_ms = 4000                   # ... for this long; 0 = silent          default 0
//
//   [[board.span]]                    # one or more per board
//   id = 1                            # required, 1..255, unique in the file
//   type = "e1"                       # required: t1 | e1
//   signalling = "pri_cpe"            # required: pri_cpe | pri_net | ideal | cas | mfcr2
//   framing = "ccs"                   # t1: d4 | esf ; e1: cas | ccs     default esf / ccs (cas
//                                     #   for e1 cas and mfcr2)
//   coding = "hdb3"                   # t1: ami | b8zs ; e1: hdb3 | ami  default b8zs / hdb3
//   crc4 = true                       # e1 only                            default false
//   switchtype = "euroisdn"           # pri only: national | ni1 | dms100 | 4ess | 5ess |
//                                     #   euroisdn | qsig; default national (t1), euroisdn (e1)
//   channels = "1-15,17-31"           # bearers that become lines          default all bearers
//   line_name = "E1 {span}/{channel}" # template, default "Span {span} channel {channel}"
//   line_number = "+49301234{n:03}"   # template: digits, leading '+'      default "" (none)
//   trace = "/var/log/span1.pcap"     # sim PRI only: D-channel capture    default none; a
//                                     #   pcap file per span, not "", unique in the file
//   dchannel_backlog = 32             # pri only, 0..1000 frames in the Q.921 queue at which
//                                     #   new calls are refused; 0 = no bound    default 32
//   dsp_channels = 8                  # ideal only: calls with DSP at once default 0 (all)
//
//   [board.span.cas]                  # cas only (config/README.md "CAS spans")
//   [board.span.mfcr2]                # mfcr2 only (config/README.md "MFC/R2 spans")
//   signalling = "em_w"               # em_w | em | em_dd | fxs_ls | fxo_ls |
//                                     #   fxs_gs | fxo_gs             default em_w
//   dialing = "dtmf"                  # dtmf                               default dtmf
//   wink = 150                        # timers in ms: prewink wink rxwink start debounce
//                                     #   digit_on digit_off digit_timeout predial
//
//   [[board.span.line]]               # per-line override, optional
//   channel = 1                       # required; one of the span's channels, once
//   name = "Reception"                # replaces the line_name rendering; a template too
//   number = "1001"                   # replaces the line_number rendering
//
// Templates substitute {span}, {channel} and {n} (0-based index of the line on its span), each
// optionally zero-padded: {n:03} -> "007". Enum words are lowercase and matched exactly.
//
// Errors: unknown keys, wrong types and unknown words are reported here; every rule on values
// lives in config_validation and runs on the model, with the positions recorded here. A field
// this reader rejects is marked so the rules skip it: one mistake, one error.

#include "config/config_loader.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <span>
#include <sstream>
#include <system_error>
#include <utility>

#include <toml++/toml.h>

#include "config/cas_config.h"
#include "config/channel_list.h"
#include "config/config_names.h"
#include "config/config_validation.h"
#include "config/field_path.h"
#include "config/message_text.h"
#include "config/r2_config.h"
#include "config/span_rules.h"
#include "platform/paths.h"

namespace spantsp::config {
namespace {

using Keys = std::span<const std::string_view>;

constexpr std::string_view kRootKeys[]{"provider", "engine", "board"};
constexpr std::string_view kProviderKeys[]{"name"};
constexpr std::string_view kEngineKeys[]{"workers", "spin_us", "spin_always", "batch",
                                         "handle_bits"};
constexpr std::string_view kBoardKeys[]{"name", "driver", "frame_ms", "traffic", "span"};
constexpr std::string_view kTrafficKeys[]{"incoming_calls_per_second",
                                          "dtmf_share",
                                          "dtmf_digits",
                                          "dtmf_delay_ms",
                                          "dtmf_on_ms",
                                          "dtmf_off_ms",
                                          "dtmf_level_dbm0",
                                          "fax_share",
                                          "modem_share",
                                          "speech_share",
                                          "tone_zone",
                                          "progress_tones",
                                          "refusal_tone_ms",
                                          "listen",
                                          "ani",
                                          "dnis",
                                          "answer_delay_ms",
                                          "busy_share",
                                          "no_answer_share",
                                          "reject_share",
                                          "hold_time_ms",
                                          "remote_hangup_share",
                                          "glare_share",
                                          "seed",
                                          "caller"};
constexpr std::string_view kCallerKeys[]{
    "name", "share", "digits", "digits_delay_ms", "hang_up_ms", "speak_from_ms", "speak_ms"};
constexpr std::string_view kSpanKeys[]{
    "id",          "type",        "framing",    "crc4",
    "coding",      "signalling",  "switchtype", "channels",
    "line_name",   "line_number", "trace",      "line",
    "group",       "cas",         "mfcr2",      "dchannel_backlog",
    "dsp_channels"};
constexpr std::string_view kLineKeys[]{"channel", "name", "number"};
constexpr std::string_view kGroupKeys[]{"name", "number", "channels", "hunt", "join"};

std::string join(Keys keys) {
  std::string out;
  for (auto key : keys) {
    if (!out.empty()) out += ", ";
    out += key;
  }
  return out;
}

// Levenshtein distance, to suggest the key a typo meant.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string_view a_type_name(toml::node_type type) {
  switch (type) {
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a float";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    case toml::node_type::none:
      break;
  }
  return "nothing";
}

SourcePosition position_of(const toml::source_region& region) {
  return SourcePosition{static_cast<int>(region.begin.line), static_cast<int>(region.begin.column)};
}

class TomlReader {
 public:
  explicit TomlReader(const std::string& source) : source_(source) {}

  void read(const toml::table& root, ProviderConfig& config) {
    sources_.set_position("", position_of(root.source()));
    check_keys(root, "", "the top level", kRootKeys);
    if (const toml::table* provider = table_at(root, "provider", "")) {
      check_keys(*provider, "provider", "[provider]", kProviderKeys);
      read_string(*provider, "name", "provider", config.name);
    }
    if (const toml::table* engine = table_at(root, "engine", "")) {
      read_engine(*engine, config.engine);
    }
    const auto boards = tables_at(root, "board", "", "[[board]]");
    for (std::size_t i = 0; i < boards.size(); ++i) {
      read_board(*boards[i], element_path("board", i), config.boards.emplace_back());
    }
  }

  std::vector<ConfigError> take_errors() { return std::move(errors_); }
  const SourceMap& sources() const { return sources_; }

 private:
  // Reports at the field's recorded position (or its table's) and keeps the rules off it.
  void reject(const std::string& field, std::string message) {
    const SourcePosition position = sources_.position_of(field);
    errors_.push_back(
        ConfigError{source_, position.line, position.column, field, std::move(message)});
    sources_.mark_rejected(field);
  }

  void check_keys(const toml::table& table, const std::string& path, std::string_view where,
                  Keys allowed) {
    for (auto&& [key, node] : table) {
      const std::string_view name = key.str();
      if (std::find(allowed.begin(), allowed.end(), name) != allowed.end()) continue;
      std::string message = "unknown key " + in_quotes(name) + " in " + std::string(where);
      for (auto candidate : allowed) {
        if (edit_distance(name, candidate) <= 2) {
          message += " (did you mean " + in_quotes(candidate) + "?)";
          break;
        }
      }
      message += "; allowed: " + join(allowed);
      const std::string field = member_path(path, name);
      sources_.set_position(field, position_of(key.source()));
      reject(field, std::move(message));
    }
  }

  // The value node under `key`, with its position recorded; null when the key is absent.
  const toml::node* find(const toml::table& table, std::string_view key, const std::string& field) {
    const toml::node* node = table.get(key);
    if (node != nullptr) sources_.set_position(field, position_of(node->source()));
    return node;
  }

  void wrong_type(const toml::node& node, const std::string& field, std::string_view expected) {
    reject(field,
           "must be " + std::string(expected) + ", not " + std::string(a_type_name(node.type())));
  }

  void missing(const std::string& field, std::string_view key, std::string_view where) {
    reject(field, "missing required key " + in_quotes(key) + " in " + std::string(where));
  }

  const toml::table* table_at(const toml::table& parent, std::string_view key,
                              const std::string& parent_path) {
    const std::string field = member_path(parent_path, key);
    const toml::node* node = find(parent, key, field);
    if (node == nullptr) return nullptr;
    if (const toml::table* table = node->as_table()) return table;
    wrong_type(*node, field, "a table ([" + std::string(field) + "])");
    return nullptr;
  }

  std::vector<const toml::table*> tables_at(const toml::table& parent, std::string_view key,
                                            const std::string& parent_path,
                                            std::string_view header) {
    std::vector<const toml::table*> tables;
    const std::string field = member_path(parent_path, key);
    const toml::node* node = find(parent, key, field);
    if (node == nullptr) return tables;
    const toml::array* array = node->as_array();
    // An empty array holds no tables; the rules then say what is missing ("at least one").
    if (array != nullptr && array->empty()) return tables;
    if (array == nullptr || !array->is_array_of_tables()) {
      reject(field, "must be an array of tables: write each one under its own " +
                        std::string(header) + " header, not " +
                        std::string(a_type_name(node->type())));
      return tables;
    }
    for (std::size_t i = 0; i < array->size(); ++i) {
      const toml::table* table = (*array)[i].as_table();
      sources_.set_position(element_path(field, i), position_of(table->source()));
      tables.push_back(table);
    }
    return tables;
  }

  bool read_string(const toml::table& table, std::string_view key, const std::string& path,
                   std::string& out) {
    const std::string field = member_path(path, key);
    const toml::node* node = find(table, key, field);
    if (node == nullptr) return false;
    if (const auto* value = node->as_string()) {
      out = value->get();
      return true;
    }
    wrong_type(*node, field, "a string");
    return false;
  }

  // A string the user may leave out but not blank out: "" there is almost surely a mistake.
  void read_optional_text(const toml::table& table, std::string_view key, const std::string& path,
                          std::string& out, std::string_view what) {
    if (read_string(table, key, path, out) && out.empty()) {
      reject(member_path(path, key),
             "must not be empty; leave the key out to keep the " + std::string(what));
    }
  }

  bool read_bool(const toml::table& table, std::string_view key, const std::string& path,
                 bool& out) {
    const std::string field = member_path(path, key);
    const toml::node* node = find(table, key, field);
    if (node == nullptr) return false;
    if (const auto* value = node->as_boolean()) {
      out = value->get();
      return true;
    }
    wrong_type(*node, field, "a boolean (true or false)");
    return false;
  }

  // Integers within what the model's field can hold; narrower ranges are validation rules.
  template <typename Int>
  bool read_integer(const toml::table& table, std::string_view key, const std::string& path,
                    Int& out) {
    const std::string field = member_path(path, key);
    const toml::node* node = find(table, key, field);
    if (node == nullptr) return false;
    const auto* value = node->as_integer();
    if (value == nullptr) {
      wrong_type(*node, field, "an integer");
      return false;
    }
    const std::int64_t v = value->get();
    constexpr std::int64_t kMin = static_cast<std::int64_t>(std::numeric_limits<Int>::min());
    constexpr std::int64_t kMax =
        std::cmp_greater(std::numeric_limits<Int>::max(), std::numeric_limits<std::int64_t>::max())
            ? std::numeric_limits<std::int64_t>::max()
            : static_cast<std::int64_t>(std::numeric_limits<Int>::max());
    if (v < kMin || v > kMax) {
      reject(field, "must be between " + std::to_string(kMin) + " and " + std::to_string(kMax) +
                        "; got " + std::to_string(v));
      return false;
    }
    out = static_cast<Int>(v);
    return true;
  }

  // Floats; integers are accepted too ("rate = 2" means 2.0).
  void read_number(const toml::table& table, std::string_view key, const std::string& path,
                   double& out) {
    const std::string field = member_path(path, key);
    const toml::node* node = find(table, key, field);
    if (node == nullptr) return;
    if (const auto* value = node->as_floating_point()) {
      out = value->get();
    } else if (const auto* integer = node->as_integer()) {
      out = static_cast<double>(integer->get());
    } else {
      wrong_type(*node, field, "a number");
    }
  }

  // An enum word; `parse` is one of config_names' parse_* functions.
  template <typename Parse, typename Value>
  bool read_word(const toml::table& table, std::string_view key, const std::string& path,
                 Parse parse, std::string_view allowed, Value& out) {
    std::string word;
    if (!read_string(table, key, path, word)) return false;
    if (auto parsed = parse(word)) {
      out = *parsed;
      return true;
    }
    reject(member_path(path, key), "unknown " + std::string(key) + " " + in_quotes(word) +
                                       "; allowed: " + std::string(allowed));
    return false;
  }

  void read_engine(const toml::table& table, EngineConfig& engine) {
    check_keys(table, "engine", "[engine]", kEngineKeys);
    read_integer(table, "workers", "engine", engine.workers);
    read_integer(table, "spin_us", "engine", engine.spin_us);
    read_bool(table, "spin_always", "engine", engine.spin_always);
    read_integer(table, "batch", "engine", engine.batch);
    read_integer(table, "handle_bits", "engine", engine.handle_bits);
  }

  void read_board(const toml::table& table, const std::string& path, BoardConfig& board) {
    check_keys(table, path, "[[board]]", kBoardKeys);
    if (!table.contains("name")) missing(member_path(path, "name"), "name", "[[board]]");
    read_string(table, "name", path, board.name);
    const bool driver_read =
        !table.contains("driver") || read_string(table, "driver", path, board.driver);
    read_integer(table, "frame_ms", path, board.frame_ms);
    if (const toml::table* traffic = table_at(table, "traffic", path)) {
      if (driver_read && is_known_driver(board.driver) && board.driver != kDriverSim) {
        reject(member_path(path, "traffic"),
               "[board.traffic] describes the simulated far end; only driver \"sim\" takes it");
      } else {
        read_traffic(*traffic, member_path(path, "traffic"), board.traffic);
      }
    }
    const auto spans = tables_at(table, "span", path, "[[board.span]]");
    for (std::size_t j = 0; j < spans.size(); ++j) {
      read_span(*spans[j], element_path(member_path(path, "span"), j), board.spans.emplace_back());
    }
  }

  void read_range(const toml::table& table, std::string_view key, const std::string& path,
                  Range& out) {
    std::string text;
    if (!read_string(table, key, path, text)) return;
    RangeParse parsed = parse_number_range(text);
    if (parsed.ok()) {
      out = parsed.range;
    } else {
      reject(member_path(path, key), parsed.error);
    }
  }

  void read_traffic(const toml::table& table, const std::string& path, TrafficProfile& traffic) {
    check_keys(table, path, "[board.traffic]", kTrafficKeys);
    read_number(table, "incoming_calls_per_second", path, traffic.incoming_calls_per_second);
    read_range(table, "ani", path, traffic.ani);
    read_range(table, "dnis", path, traffic.dnis);
    read_integer(table, "answer_delay_ms", path, traffic.answer_delay_ms);
    read_number(table, "busy_share", path, traffic.busy_share);
    read_number(table, "no_answer_share", path, traffic.no_answer_share);
    read_number(table, "reject_share", path, traffic.reject_share);
    read_integer(table, "hold_time_ms", path, traffic.hold_time_ms);
    read_number(table, "remote_hangup_share", path, traffic.remote_hangup_share);
    read_number(table, "glare_share", path, traffic.glare_share);
    read_integer(table, "seed", path, traffic.seed);
    read_number(table, "dtmf_share", path, traffic.dtmf_share);
    read_string(table, "dtmf_digits", path, traffic.dtmf_digits);
    read_integer(table, "dtmf_delay_ms", path, traffic.dtmf_delay_ms);
    read_integer(table, "dtmf_on_ms", path, traffic.dtmf_on_ms);
    read_integer(table, "dtmf_off_ms", path, traffic.dtmf_off_ms);
    read_integer(table, "dtmf_level_dbm0", path, traffic.dtmf_level_dbm0);
    read_number(table, "fax_share", path, traffic.fax_share);
    read_number(table, "modem_share", path, traffic.modem_share);
    read_number(table, "speech_share", path, traffic.speech_share);
    read_string(table, "tone_zone", path, traffic.tone_zone);
    read_bool(table, "progress_tones", path, traffic.progress_tones);
    read_integer(table, "refusal_tone_ms", path, traffic.refusal_tone_ms);
    read_bool(table, "listen", path, traffic.listen);
    const auto callers = tables_at(table, "caller", path, "[[board.traffic.caller]]");
    for (std::size_t k = 0; k < callers.size(); ++k) {
      read_caller(*callers[k], element_path(member_path(path, "caller"), k),
                  traffic.callers.emplace_back());
    }
  }

  void read_caller(const toml::table& table, const std::string& path, CallerScript& caller) {
    check_keys(table, path, "[[board.traffic.caller]]", kCallerKeys);
    read_string(table, "name", path, caller.name);
    read_number(table, "share", path, caller.share);
    read_string(table, "digits", path, caller.digits);
    read_integer(table, "digits_delay_ms", path, caller.digits_delay_ms);
    read_integer(table, "hang_up_ms", path, caller.hang_up_ms);
    read_integer(table, "speak_from_ms", path, caller.speak_from_ms);
    read_integer(table, "speak_ms", path, caller.speak_ms);
  }

  void read_span(const toml::table& table, const std::string& path, SpanConfig& span) {
    constexpr std::string_view kWhere = "[[board.span]]";
    check_keys(table, path, kWhere, kSpanKeys);
    for (std::string_view key : {"id", "type", "signalling"}) {
      if (!table.contains(key)) missing(member_path(path, key), key, kWhere);
    }
    read_integer(table, "id", path, span.id);
    const bool type_ok =
        read_word(table, "type", path, parse_span_type, allowed_span_types(), span.type);
    SignallingChoice signalling{span.signalling, span.node};
    const bool signalling_ok =
        read_word(table, "signalling", path, parse_signalling, allowed_signallings(), signalling);
    span.signalling = signalling.signalling;
    span.node = signalling.node;

    // Defaults depend on type and signalling, so they are set before the keys are read.
    span.framing = default_framing(span.type, span.signalling);
    span.coding = default_coding(span.type);
    read_word(table, "framing", path, parse_framing, allowed_framings(), span.framing);
    read_word(table, "coding", path, parse_line_coding, allowed_line_codings(), span.coding);
    read_bool(table, "crc4", path, span.crc4);

    const bool pri = span.signalling == Signalling::kPri;
    if (pri) span.switch_type = default_switch_type(span.type);
    if (read_word(table, "switchtype", path, parse_switch_type, allowed_switch_types(),
                  span.switch_type) &&
        signalling_ok && !pri) {
      reject(member_path(path, "switchtype"),
             "switchtype applies only to PRI spans (signalling pri_cpe or pri_net)");
    }
    if (read_integer(table, "dchannel_backlog", path, span.dchannel_backlog) && signalling_ok &&
        !pri) {
      reject(member_path(path, "dchannel_backlog"),
             "dchannel_backlog applies only to PRI spans (signalling pri_cpe or pri_net)");
    }
    // A wrong type leaves framing/coding defaults that may not fit; keep the rules off them.
    if (!type_ok) {
      sources_.mark_rejected(member_path(path, "framing"));
      sources_.mark_rejected(member_path(path, "coding"));
    }

    std::string channels;
    if (read_string(table, "channels", path, channels)) {
      ChannelListParse parsed = parse_channel_list(channels);
      if (parsed.ok()) {
        span.channels = std::move(parsed.channels);
      } else {
        reject(member_path(path, "channels"), std::move(parsed.error));
      }
    }
    read_string(table, "line_name", path, span.line_name);
    read_string(table, "line_number", path, span.line_number);
    read_optional_text(table, "trace", path, span.trace, "trace off");
    if (read_integer(table, "dsp_channels", path, span.dsp_channels) && signalling_ok &&
        span.signalling != Signalling::kIdeal) {
      reject(member_path(path, "dsp_channels"),
             "dsp_channels applies only to spans with signalling \"ideal\" (CAS and MFC/R2 "
             "signal in-band on every call's bearer)");
    }
    if (const toml::table* cas = table_at(table, "cas", path)) {
      if (signalling_ok && span.signalling != Signalling::kCas) {
        reject(member_path(path, "cas"),
               "[board.span.cas] applies only to spans with signalling \"cas\"");
      } else {
        read_cas(*cas, member_path(path, "cas"), span.cas);
      }
    }

    if (const toml::table* r2 = table_at(table, "mfcr2", path)) {
      if (signalling_ok && span.signalling != Signalling::kR2) {
        reject(member_path(path, "mfcr2"),
               "[board.span.mfcr2] applies only to spans with signalling \"mfcr2\"");
      } else {
        read_r2(*r2, member_path(path, "mfcr2"), span.r2);
      }
    }

    const auto lines = tables_at(table, "line", path, "[[board.span.line]]");
    for (std::size_t k = 0; k < lines.size(); ++k) {
      read_line(*lines[k], element_path(member_path(path, "line"), k), span.lines.emplace_back());
    }
    const auto groups = tables_at(table, "group", path, "[[board.span.group]]");
    for (std::size_t k = 0; k < groups.size(); ++k) {
      read_group(*groups[k], element_path(member_path(path, "group"), k),
                 span.groups.emplace_back());
    }
  }

  void read_cas(const toml::table& table, const std::string& path, CasConfig& cas) {
    std::vector<std::string_view> keys{"signalling", "dialing"};
    for (const CasTimerKey& timer : kCasTimerKeys) keys.push_back(timer.key);
    check_keys(table, path, "[board.span.cas]", keys);
    read_word(table, "signalling", path, parse_cas_start, allowed_cas_starts(), cas.start);
    std::string dialing;
    if (read_string(table, "dialing", path, dialing) && dialing != kCasDialingDtmf) {
      reject(member_path(path, "dialing"),
             dialing == kCasDialingMf
                 ? "dialing \"mf\" (Bell MF, KP...ST) is not available yet; allowed: dtmf"
                 : "unknown dialing " + in_quotes(dialing) + "; allowed: dtmf");
    }
    for (const CasTimerKey& timer : kCasTimerKeys) {
      std::int64_t ms = 0;
      if (!read_integer(table, timer.key, path, ms)) continue;
      if (ms < timer.min_ms || ms > timer.max_ms) {
        reject(member_path(path, timer.key),
               std::string(timer.key) + " must be between " + std::to_string(timer.min_ms) +
                   " and " + std::to_string(timer.max_ms) + " ms; got " + std::to_string(ms));
        continue;
      }
      cas.timers.*timer.field = static_cast<std::uint32_t>(ms);
    }
  }

  void read_r2(const toml::table& table, const std::string& path, R2Config& r2) {
    std::vector<std::string_view> keys{
        "variant",  "max_ani",       "max_dnis",           "get_ani_first",
        "category", "double_answer", "allow_collect_calls"};
    for (const R2TimerKey& timer : kR2TimerKeys) keys.push_back(timer.key);
    check_keys(table, path, "[board.span.mfcr2]", keys);
    read_word(table, "variant", path, parse_r2_variant, allowed_r2_variants(), r2.variant);
    if (read_word(table, "category", path, parse_r2_category, allowed_r2_categories(),
                  r2.category)) {
      const bool carried =
          (r2.category != R2Category::kCollectCall || r2.variant == R2Variant::kBrazil) &&
          (r2.category != R2Category::kPayPhone || r2.variant == R2Variant::kArgentina);
      if (!carried) {
        reject(member_path(path, "category"),
               "category " + in_quotes(std::string(r2_category_name(r2.category))) +
                   " has no group II signal in variant " +
                   in_quotes(std::string(r2_variant_name(r2.variant))) +
                   " (collect_call: br only; pay_phone: ar only)");
      }
    }
    for (std::string_view key : {"max_ani", "max_dnis"}) {
      std::int64_t n = 0;
      if (!read_integer(table, key, path, n)) continue;
      const std::int64_t low = key == "max_dnis" ? 1 : 0;
      if (n < low || n > kR2MaxDigits) {
        reject(member_path(path, key),
               std::string(key) + " must be between " + std::to_string(low) + " and " +
                   std::to_string(kR2MaxDigits) + "; got " + std::to_string(n));
        continue;
      }
      (key == "max_ani" ? r2.max_ani : r2.max_dnis) = static_cast<std::uint32_t>(n);
    }
    bool ani_first = false;
    if (read_bool(table, "get_ani_first", path, ani_first)) r2.get_ani_first = ani_first ? 1 : 0;
    read_bool(table, "double_answer", path, r2.double_answer);
    read_bool(table, "allow_collect_calls", path, r2.allow_collect_calls);
    for (const R2TimerKey& timer : kR2TimerKeys) {
      std::int64_t ms = 0;
      if (!read_integer(table, timer.key, path, ms)) continue;
      if (ms < timer.min_ms || ms > timer.max_ms) {
        reject(member_path(path, timer.key),
               std::string(timer.key) + " must be between " + std::to_string(timer.min_ms) +
                   " and " + std::to_string(timer.max_ms) + " ms; got " + std::to_string(ms));
        continue;
      }
      r2.timers.*timer.field = static_cast<std::uint32_t>(ms);
    }
  }

  void read_group(const toml::table& table, const std::string& path, GroupConfig& group) {
    constexpr std::string_view kWhere = "[[board.span.group]]";
    check_keys(table, path, kWhere, kGroupKeys);
    read_string(table, "join", path, group.join);
    for (std::string_view key : {"name", "channels"}) {
      if (key == "name" && table.contains("join")) continue;
      if (!table.contains(key)) missing(member_path(path, key), key, kWhere);
    }
    read_string(table, "name", path, group.name);
    read_string(table, "number", path, group.number);
    std::string channels;
    if (read_string(table, "channels", path, channels)) {
      ChannelListParse parsed = parse_channel_list(channels);
      if (parsed.ok()) {
        group.channels = std::move(parsed.channels);
      } else {
        reject(member_path(path, "channels"), std::move(parsed.error));
      }
    }
    read_word(table, "hunt", path, parse_hunt_policy, allowed_hunt_policies(), group.hunt);
    // A joining group is a part of another group's line: naming it anew would be two truths.
    if (table.contains("join")) {
      for (std::string_view key : {"name", "number", "hunt"}) {
        if (table.contains(key)) {
          reject(member_path(path, key),
                 std::string(key) + " belongs to the joined group " + in_quotes(group.join) +
                     "; a group with `join` takes the joined group's name, number and hunt");
        }
      }
    }
  }

  void read_line(const toml::table& table, const std::string& path, LineConfig& line) {
    check_keys(table, path, "[[board.span.line]]", kLineKeys);
    if (!table.contains("channel")) {
      missing(member_path(path, "channel"), "channel", "[[board.span.line]]");
    }
    read_integer(table, "channel", path, line.channel);
    read_optional_text(table, "name", path, line.name, "generated name");
    read_optional_text(table, "number", path, line.number, "generated number");
  }

  const std::string& source_;
  SourceMap sources_;
  std::vector<ConfigError> errors_;
};

bool before(const ConfigError& a, const ConfigError& b) {
  return a.line != b.line ? a.line < b.line : a.column < b.column;
}

// A group with `join` answers to the joined group's number and hunts by its policy
// (validation made sure the joined group exists on an earlier span).
void take_joined_group_fields(ProviderConfig& config) {
  std::map<std::string, const GroupConfig*, std::less<>> defined;
  for (BoardConfig& board : config.boards) {
    for (SpanConfig& span : board.spans) {
      for (GroupConfig& group : span.groups) {
        if (!group.joins()) {
          defined.try_emplace(group.name, &group);
        } else if (auto it = defined.find(group.join); it != defined.end()) {
          group.name = it->second->name;
          group.number = it->second->number;
          group.hunt = it->second->hunt;
        }
      }
    }
  }
}

}  // namespace

LoadResult load_config_string(std::string_view toml_text, const std::string& source_name) {
  LoadResult result;
  toml::table root;
  try {
    root = toml::parse(toml_text, std::string_view{source_name});
  } catch (const toml::parse_error& error) {
    const SourcePosition position = position_of(error.source());
    result.errors.push_back(ConfigError{source_name, position.line, position.column, "",
                                        std::string(error.description())});
    return result;
  }

  ProviderConfig config;
  config.source = source_name;
  TomlReader reader(source_name);
  reader.read(root, config);
  result.errors = reader.take_errors();
  std::vector<ConfigError> rule_errors = validate(config, reader.sources());
  result.errors.insert(result.errors.end(), std::make_move_iterator(rule_errors.begin()),
                       std::make_move_iterator(rule_errors.end()));
  // File order reads best; stable, so errors at one position keep reader-then-rule order.
  std::stable_sort(result.errors.begin(), result.errors.end(), before);
  if (result.errors.empty()) {
    take_joined_group_fields(config);
    result.config = std::move(config);
  }
  return result;
}

LoadResult load_config_file(const std::string& path) {
  namespace fs = std::filesystem;
  LoadResult result;
  auto fail = [&](std::string_view why) {
    result.errors.push_back(
        ConfigError{path, 0, 0, "",
                    "cannot read configuration file " + in_quotes(path) + ": " + std::string(why)});
    return result;
  };
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (status.type() == fs::file_type::not_found) return fail("no such file");
  if (status.type() == fs::file_type::directory) return fail("it is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(ec ? ec.message() : "cannot be opened");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return fail("read error");
  return load_config_string(text.str(), path);
}

std::string default_config_path() {
  // Read once per call, not cached: tests and the provider's re-init may change it.
  const char* from_env = std::getenv("SPANTSP_CONFIG");
  if (from_env != nullptr && from_env[0] != '\0') return from_env;
  return platform::default_config_path();
}

}  // namespace spantsp::config
