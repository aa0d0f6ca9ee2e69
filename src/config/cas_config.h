#pragma once
// The [board.span.cas] table of a `cas` span (config_model.h CasConfig): its words and the
// range of every timer, shared by the loader (which refuses what is out of range, naming the
// file, line and key), the writer and config/README.md.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "config/config_model.h"

namespace spantsp::config {

struct CasTimerKey {
  std::string_view key;  // chan_dahdi's word
  std::uint32_t CasTimers::*field;
  std::uint32_t min_ms;
  std::uint32_t max_ms;
};

inline constexpr CasTimerKey kCasTimerKeys[] = {
    {"prewink", &CasTimers::prewink, 0, 1000},
    {"wink", &CasTimers::wink, 50, 1000},
    {"rxwink", &CasTimers::rxwink, 100, 2000},
    {"start", &CasTimers::start, 100, 30000},
    {"debounce", &CasTimers::debounce, 0, 1000},
    {"digit_on", &CasTimers::digit_on, 40, 500},
    {"digit_off", &CasTimers::digit_off, 40, 500},
    {"digit_timeout", &CasTimers::digit_timeout, 500, 60000},
    {"predial", &CasTimers::predial, 0, 10000},
};

// Addressing: DTMF only; "mf" (Bell MF, KP...ST) is a known word that is not available yet.
inline constexpr std::string_view kCasDialingDtmf = "dtmf";
inline constexpr std::string_view kCasDialingMf = "mf";

std::optional<CasStart> parse_cas_start(std::string_view word);
std::string_view cas_start_name(CasStart start);
std::string allowed_cas_starts();

}  // namespace spantsp::config
