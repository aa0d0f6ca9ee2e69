#pragma once
// The load tool's generated provider configuration (issue 5 §2): N lines of simulated T1 or
// E1 spans with `ideal` or PRI signalling, grouped onto workers as asked, written as a sim
// TOML file (config/README.md) in a directory the caller owns.
//
// Threads: plain functions, any thread.

#include <cstdint>
#include <string>
#include <vector>

namespace spantsp::perf {

enum class Signalling { kIdeal, kPri };
enum class SpanType { kT1, kE1 };

struct Scenario {
  std::uint32_t lines = 96;
  Signalling signalling = Signalling::kIdeal;
  SpanType span_type = SpanType::kT1;
  // "auto" (the engine decides), "per-span" (a thread per span), "per-core" (spans grouped
  // onto one worker per core) or a worker count.
  std::string workers = "auto";
  std::int64_t spin_us = -1;  // -1: the engine's default
  bool spin_always = false;   // [engine] spin_always
  std::uint64_t seed = 1;
  // Sound on every call: the far party keys kMediaDigits after it answers (60 ms on, 60 ms
  // off) and listens to ours ([board.traffic] dtmf_*, listen).
  bool media = false;
  // PRI spans' `dchannel_backlog` (admission bound, frames); -1: the configuration's default.
  std::int64_t dchannel_backlog = -1;
};

// What the far party keys on every call of a media scenario.
inline constexpr const char* kMediaDigits = "0123456789";

// Lines one span carries: T1 24 (PRI 23, channel 24 is the D channel), E1 30.
std::uint32_t lines_per_span(const Scenario& scenario);
std::uint32_t span_count(const Scenario& scenario);
// The [engine] workers value for the scenario (0 = automatic); throws std::invalid_argument
// for a workers word that is not one of the above.
std::uint32_t worker_count(const Scenario& scenario);

// The TOML text: spans of lines_per_span() lines, the last one partial, 8 spans per board,
// no incoming traffic (the load tool places the calls; the far end answers "9900" numbers
// at once, see board_drivers/sim/sim_control.h).
std::string sim_config_text(const Scenario& scenario);
// Several groups of spans in one provider (the soak runs ideal and PRI spans side by side):
// the first group's engine settings apply; span ids and boards follow on from group to group.
std::string sim_config_text(const std::vector<Scenario>& groups);

}  // namespace spantsp::perf
