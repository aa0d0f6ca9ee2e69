#include "config/config_names.h"

#include <array>
#include <utility>

#include "config/span_rules.h"

namespace spantsp::config {
namespace {

constexpr std::array<std::pair<SpanType, std::string_view>, 2> kSpanTypes{{
    {SpanType::kT1, "t1"},
    {SpanType::kE1, "e1"},
}};

constexpr std::array<std::pair<Framing, std::string_view>, 4> kFramings{{
    {Framing::kD4, "d4"},
    {Framing::kEsf, "esf"},
    {Framing::kCas, "cas"},
    {Framing::kCcs, "ccs"},
}};

constexpr std::array<std::pair<LineCoding, std::string_view>, 3> kLineCodings{{
    {LineCoding::kAmi, "ami"},
    {LineCoding::kB8zs, "b8zs"},
    {LineCoding::kHdb3, "hdb3"},
}};

// Order as chan_dahdi documents them; "national" is NI-2.
constexpr std::array<std::pair<SwitchType, std::string_view>, 7> kSwitchTypes{{
    {SwitchType::kNi2, "national"},
    {SwitchType::kNi1, "ni1"},
    {SwitchType::kDms100, "dms100"},
    {SwitchType::kAtt4ess, "4ess"},
    {SwitchType::kLucent5e, "5ess"},
    {SwitchType::kEuroIsdn, "euroisdn"},
    {SwitchType::kQsig, "qsig"},
}};

// The first four are the words written back; the letters are chan_dahdi's dial-string
// group prefixes (g1, G1, r1), accepted for users who know them.
constexpr std::array<std::pair<HuntPolicy, std::string_view>, 7> kHuntPolicies{{
    {HuntPolicy::kAscending, "ascending"},
    {HuntPolicy::kDescending, "descending"},
    {HuntPolicy::kRoundRobin, "round_robin"},
    {HuntPolicy::kLeastRecentlyUsed, "lru"},
    {HuntPolicy::kAscending, "g"},
    {HuntPolicy::kDescending, "G"},
    {HuntPolicy::kRoundRobin, "r"},
}};

struct SignallingName {
  Signalling signalling;
  NodeSide node;
  std::string_view name;
};

// Non-PRI words carry kCpe so a loaded model compares equal to the written one.
constexpr std::array<SignallingName, 5> kSignallings{{
    {Signalling::kPri, NodeSide::kCpe, "pri_cpe"},
    {Signalling::kPri, NodeSide::kNet, "pri_net"},
    {Signalling::kIdeal, NodeSide::kCpe, "ideal"},
    {Signalling::kCas, NodeSide::kCpe, "cas"},
    {Signalling::kR2, NodeSide::kCpe, "mfcr2"},
}};

constexpr std::array<std::string_view, 2> kDrivers{kDriverSim, kDriverDahdi};

template <typename Table, typename E>
std::string_view name_in(const Table& table, E value) {
  for (const auto& [v, name] : table) {
    if (v == value) return name;
  }
  return "?";
}

template <typename Table>
auto value_in(const Table& table, std::string_view word)
    -> std::optional<typename Table::value_type::first_type> {
  for (const auto& [v, name] : table) {
    if (name == word) return v;
  }
  return std::nullopt;
}

template <typename Table, typename Project, typename Keep>
std::string join(const Table& table, Project project, Keep keep) {
  std::string out;
  for (const auto& entry : table) {
    if (!keep(entry)) continue;
    if (!out.empty()) out += ", ";
    out += project(entry);
  }
  return out;
}

template <typename Table, typename Project>
std::string join(const Table& table, Project project) {
  return join(table, project, [](const auto&) { return true; });
}

std::string join_names(const auto& table) {
  return join(table, [](const auto& entry) { return entry.second; });
}

}  // namespace

std::string_view to_name(SpanType type) {
  return name_in(kSpanTypes, type);
}
std::string_view to_name(Framing framing) {
  return name_in(kFramings, framing);
}
std::string_view to_name(LineCoding coding) {
  return name_in(kLineCodings, coding);
}
std::string_view to_name(SwitchType switch_type) {
  return name_in(kSwitchTypes, switch_type);
}

std::string_view to_name(HuntPolicy hunt) {
  return name_in(kHuntPolicies, hunt);
}

std::optional<HuntPolicy> parse_hunt_policy(std::string_view word) {
  return value_in(kHuntPolicies, word);
}

std::string allowed_hunt_policies() {
  return join_names(kHuntPolicies);
}

std::optional<SpanType> parse_span_type(std::string_view word) {
  return value_in(kSpanTypes, word);
}
std::optional<Framing> parse_framing(std::string_view word) {
  return value_in(kFramings, word);
}
std::optional<LineCoding> parse_line_coding(std::string_view word) {
  return value_in(kLineCodings, word);
}
std::optional<SwitchType> parse_switch_type(std::string_view word) {
  return value_in(kSwitchTypes, word);
}

std::string_view signalling_name(Signalling signalling, NodeSide node) {
  for (const auto& entry : kSignallings) {
    // The node side only distinguishes PRI words.
    if (entry.signalling == signalling && (signalling != Signalling::kPri || entry.node == node)) {
      return entry.name;
    }
  }
  return "?";
}

std::optional<SignallingChoice> parse_signalling(std::string_view word) {
  for (const auto& entry : kSignallings) {
    if (entry.name == word) return SignallingChoice{entry.signalling, entry.node};
  }
  return std::nullopt;
}

bool is_known_driver(std::string_view driver) {
  for (auto known : kDrivers) {
    if (known == driver) return true;
  }
  return false;
}

std::string allowed_span_types() {
  return join_names(kSpanTypes);
}
std::string allowed_framings() {
  return join_names(kFramings);
}
std::string allowed_line_codings() {
  return join_names(kLineCodings);
}
std::string allowed_switch_types() {
  return join_names(kSwitchTypes);
}
std::string allowed_signallings() {
  return join(kSignallings, [](const SignallingName& entry) { return entry.name; });
}
std::string allowed_drivers() {
  return join(kDrivers, [](std::string_view name) { return name; });
}

std::string allowed_framings(SpanType type) {
  return join(
      kFramings, [](const auto& entry) { return entry.second; },
      [type](const auto& entry) { return framing_fits(type, entry.first); });
}

std::string allowed_line_codings(SpanType type) {
  return join(
      kLineCodings, [](const auto& entry) { return entry.second; },
      [type](const auto& entry) { return coding_fits(type, entry.first); });
}

std::string describe_signalling(const SpanConfig& span) {
  std::string text(signalling_name(span.signalling, span.node));
  if (span.signalling == Signalling::kPri) {
    text += ' ';
    text += to_name(span.switch_type);
  }
  return text;
}

}  // namespace spantsp::config
