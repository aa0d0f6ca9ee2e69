#include "board_drivers/sim/cas/cas_far_end.h"

#include <utility>

namespace spantsp::cas {

config::CasConfig opposite(const config::CasConfig& ours) {
  config::CasConfig far = ours;
  if (ours.start == config::CasStart::kFxsLoop) far.start = config::CasStart::kFxoLoop;
  if (ours.start == config::CasStart::kFxoLoop) far.start = config::CasStart::kFxsLoop;
  if (ours.start == config::CasStart::kFxsGround) far.start = config::CasStart::kFxoGround;
  if (ours.start == config::CasStart::kFxoGround) far.start = config::CasStart::kFxsGround;
  return far;
}

CasFarEnd::CasFarEnd(const config::TrafficProfile& profile, std::uint32_t span_index,
                     const std::vector<int>& channels, const config::CasConfig& ours,
                     std::string name)
    : BitFarEnd(profile, span_index, channels, opposite(ours), std::move(name)) {}

void CasFarEnd::route(board::CallSetup& setup) const {
  // A station rung on a loop-start line hears no number: the switch routes it as "s" (the
  // station itself, chan_dahdi's start extension), which the traffic profile decides.
  if (setup.called.empty()) setup.called.assign("s");
}

}  // namespace spantsp::cas
