#include "config/cas_config.h"

#include <array>

namespace spantsp::config {
namespace {

struct CasStartName {
  CasStart start;
  std::string_view name;
};

// chan_dahdi's signalling words (em_dd is ours: chan_dahdi has no word for delay dial).
constexpr std::array<CasStartName, 7> kCasStarts{{
    {CasStart::kEmWink, "em_w"},
    {CasStart::kEmImmediate, "em"},
    {CasStart::kEmDelayDial, "em_dd"},
    {CasStart::kFxsLoop, "fxs_ls"},
    {CasStart::kFxoLoop, "fxo_ls"},
    {CasStart::kFxsGround, "fxs_gs"},
    {CasStart::kFxoGround, "fxo_gs"},
}};

}  // namespace

std::optional<CasStart> parse_cas_start(std::string_view word) {
  for (const auto& entry : kCasStarts) {
    if (entry.name == word) return entry.start;
  }
  return std::nullopt;
}

std::string_view cas_start_name(CasStart start) {
  for (const auto& entry : kCasStarts) {
    if (entry.start == start) return entry.name;
  }
  return "?";
}

std::string allowed_cas_starts() {
  std::string out;
  for (const auto& entry : kCasStarts) {
    if (!out.empty()) out += ", ";
    out += entry.name;
  }
  return out;
}

}  // namespace spantsp::config
