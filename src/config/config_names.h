#pragma once
// The text form of every configuration enum, in one place: the loader parses with these tables,
// the writer prints with them and error messages list the allowed words from them, so the three
// can never disagree. Words are chan_dahdi.conf / system.conf vocabulary, lowercase, matched
// exactly (TOML keys are case-sensitive too).

#include <optional>
#include <string>
#include <string_view>

#include "config/config_model.h"

namespace spantsp::config {

std::string_view to_name(SpanType type);
std::string_view to_name(Framing framing);
std::string_view to_name(LineCoding coding);
std::string_view to_name(SwitchType switch_type);
std::string_view to_name(HuntPolicy hunt);
std::optional<HuntPolicy> parse_hunt_policy(std::string_view word);
std::string allowed_hunt_policies();

std::optional<SpanType> parse_span_type(std::string_view word);
std::optional<Framing> parse_framing(std::string_view word);
std::optional<LineCoding> parse_line_coding(std::string_view word);
std::optional<SwitchType> parse_switch_type(std::string_view word);

// `signalling =` folds the PRI node side into the word, as chan_dahdi does ("pri_cpe").
struct SignallingChoice {
  Signalling signalling = Signalling::kIdeal;
  NodeSide node = NodeSide::kCpe;
};
std::string_view signalling_name(Signalling signalling, NodeSide node);
std::optional<SignallingChoice> parse_signalling(std::string_view word);

// One line of text for what runs on a span, as LINEDEVCAPS.dwSwitchInfo and messages show it:
// "pri_cpe euroisdn", "ideal", "mfcr2".
std::string describe_signalling(const SpanConfig& span);

// Board drivers are strings in the model (the set grows with board_drivers/); these are the
// ones a configuration may name today.
inline constexpr std::string_view kDriverSim = "sim";
inline constexpr std::string_view kDriverDahdi = "dahdi";
bool is_known_driver(std::string_view driver);

// Comma-separated allowed words for messages, e.g. "d4, esf, cas, ccs".
std::string allowed_span_types();
std::string allowed_framings();
std::string allowed_line_codings();
std::string allowed_switch_types();
std::string allowed_signallings();
std::string allowed_drivers();

// The words a span of this type accepts, e.g. "d4, esf" for T1 framing.
std::string allowed_framings(SpanType type);
std::string allowed_line_codings(SpanType type);

}  // namespace spantsp::config
