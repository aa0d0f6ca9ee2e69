#pragma once
// The [board.span.mfcr2] table of an `mfcr2` span (config_model.h R2Config): its words and the
// range of every number, shared by the loader (which refuses what is out of range or unknown,
// naming the file, line and key), the writer and config/README.md.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "config/config_model.h"

namespace spantsp::config {

struct R2TimerKey {
  std::string_view key;  // openr2's / chan_dahdi's word where one exists
  std::uint32_t R2Timers::*field;
  std::uint32_t min_ms;
  std::uint32_t max_ms;
};

inline constexpr R2TimerKey kR2TimerKeys[] = {
    {"seize_timeout", &R2Timers::seize_ack, 100, 30000},
    {"mfback_timeout", &R2Timers::mf_back, 500, 30000},
    {"mffwd_timeout", &R2Timers::mf_fwd, 500, 60000},
    {"mfback_pulse", &R2Timers::mf_pulse, 80, 1000},
    {"clear_timeout", &R2Timers::clear, 500, 30000},
    {"double_answer_timeout", &R2Timers::double_answer, 100, 5000},
};

// A call carries at most board::kMaxDigits (40) digits of each; DNIS needs at least one.
inline constexpr std::uint32_t kR2MaxDigits = 40;

std::optional<R2Variant> parse_r2_variant(std::string_view word);
std::string_view r2_variant_name(R2Variant variant);
std::string allowed_r2_variants();
std::optional<R2Category> parse_r2_category(std::string_view word);
std::string_view r2_category_name(R2Category category);
std::string allowed_r2_categories();

}  // namespace spantsp::config
