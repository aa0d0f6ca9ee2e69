#pragma once
// Channel hunting of a trunk-group line (DESIGN.md §5a): which free channel an outgoing call
// takes. Pure: the caller says which channels are free and when each was last released, so
// the policies are testable without a span. Runs on the span worker (it owns the cursor).

#include <cstdint>
#include <optional>
#include <span>

#include "config/config_model.h"

namespace spantsp::core {

// `channels` ascending. `free_since(channel)` gives the channel's release sequence number when
// it is free (larger = released later), nothing when it is busy or out of service. `cursor` is
// the group's round-robin position (index of the channel last taken), updated on success.
// Returns the channel, or 0 when every channel is busy.
template <typename FreeSince>
int hunt_channel(std::span<const int> channels, config::HuntPolicy policy, std::uint32_t& cursor,
                 FreeSince&& free_since) {
  const std::size_t n = channels.size();
  if (n == 0) return 0;
  auto take = [&](std::size_t i) {
    cursor = static_cast<std::uint32_t>(i);
    return channels[i];
  };
  switch (policy) {
    case config::HuntPolicy::kAscending:
      for (std::size_t i = 0; i < n; ++i) {
        if (free_since(channels[i])) return take(i);
      }
      return 0;
    case config::HuntPolicy::kDescending:
      for (std::size_t i = n; i-- > 0;) {
        if (free_since(channels[i])) return take(i);
      }
      return 0;
    case config::HuntPolicy::kRoundRobin:
      // The first free channel after the one taken last, wrapping (chan_dahdi's `r`).
      for (std::size_t k = 1; k <= n; ++k) {
        const std::size_t i = (cursor + k) % n;
        if (free_since(channels[i])) return take(i);
      }
      return 0;
    case config::HuntPolicy::kLeastRecentlyUsed: {
      std::optional<std::size_t> best;
      std::uint64_t best_seq = 0;
      for (std::size_t i = 0; i < n; ++i) {
        const std::optional<std::uint64_t> seq = free_since(channels[i]);
        if (seq && (!best || *seq < best_seq)) {
          best = i;
          best_seq = *seq;
        }
      }
      return best ? take(*best) : 0;
    }
  }
  return 0;
}

}  // namespace spantsp::core
