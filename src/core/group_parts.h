#pragma once
// Cross-span trunk groups (DESIGN.md §5a): one TAPI line over channels of several spans.
//
// Each span's strand stays the single writer of its calls and channels, so the line is cut
// into parts: one Line slot per span (LineDescriptor::parts; the part on the group's first
// span is the TAPI line, the others are hidden slots after the TAPI lines). A part is a
// one-span group line to its strand: incoming calls on its channels are offered on it (with
// the TAPI line's htLine), its calls are its strand's, hunting inside the span is the span
// group's own (core/channel_hunt.h). What spans the parts:
//   - line requests (open, close, default media detection, status messages) go to every part;
//     LINEDEVSTATUS / LINEADDRESSSTATUS add the parts' snapshots up;
//   - an outgoing call goes to the first part, in the group's hunting order across spans,
//     whose free channel a TSPI thread can claim (Line::free_claims, a compare-and-swap that
//     never takes it below zero); the strand then hunts the channel in its span. Claims make
//     concurrent lineMakeCalls spread over the spans instead of all failing on a full one, and
//     the last channel of the last span is refused once (LINEERR_CALLUNAVAIL);
//   - a span out of service (alarm, D-channel lost) counts no free channel, so calls go to the
//     other spans; the line is out of service only when every part is (Line::parts_in_service).
// Hunting across spans: ascending takes the spans in file order (each ascending inside),
// descending the reverse; round robin gives the spans turns, each continuing its own rotation;
// least recently used takes the span whose candidate channel was released longest ago (one
// release sequence for the whole engine). A consultation call (lineSetupTransfer) stays on
// the span of the call it consults for: the network joins two calls of one interface.

#include <cstdint>
#include <limits>
#include <span>

#include "config/config_model.h"

namespace spantsp::core {

inline constexpr std::uint64_t kNoFreeChannel = std::numeric_limits<std::uint64_t>::max();

// The order in which an outgoing call tries the parts: `visit(i)` is called with part
// positions in that order until it returns true (then that position is returned), or
// nothing is left (returns `parts`). `last` is the round robin's part that took the last
// call; `oldest(i)` part i's least-recently-used candidate (kNoFreeChannel: none). Pure.
template <typename Oldest, typename Visit>
std::uint32_t visit_parts(std::uint32_t parts, config::HuntPolicy policy, std::uint32_t last,
                          Oldest&& oldest, Visit&& visit) {
  switch (policy) {
    case config::HuntPolicy::kAscending:
      for (std::uint32_t i = 0; i < parts; ++i) {
        if (visit(i)) return i;
      }
      return parts;
    case config::HuntPolicy::kDescending:
      for (std::uint32_t i = parts; i-- > 0;) {
        if (visit(i)) return i;
      }
      return parts;
    case config::HuntPolicy::kRoundRobin:
      for (std::uint32_t k = 1; k <= parts; ++k) {
        const std::uint32_t i = (last + k) % parts;
        if (visit(i)) return i;
      }
      return parts;
    case config::HuntPolicy::kLeastRecentlyUsed: {
      // The span whose idle channel was released first; if its claim fails (another call
      // took it meanwhile), the others in file order.
      std::uint32_t best = parts;
      std::uint64_t best_seq = kNoFreeChannel;
      for (std::uint32_t i = 0; i < parts; ++i) {
        const std::uint64_t seq = oldest(i);
        if (seq < best_seq) {
          best = i;
          best_seq = seq;
        }
      }
      if (best < parts && visit(best)) return best;
      for (std::uint32_t i = 0; i < parts; ++i) {
        if (i != best && visit(i)) return i;
      }
      return parts;
    }
  }
  return parts;
}

}  // namespace spantsp::core
