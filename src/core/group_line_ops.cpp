// Engine: the TSPI side of cross-span trunk groups (core/group_parts.h): a line's snapshot
// summed over its parts, and the claim of a part for an outgoing call. Any TAPISRV thread.

#include "core/engine.h"
#include "core/group_parts.h"

namespace spantsp::core {

LineSnapshot Engine::line_snapshot(std::uint32_t line_index) const {
  const std::vector<std::uint32_t>& parts = directory_.lines()[line_index].parts;
  LineSnapshot sum = lines_[line_index].snapshot.load();
  if (parts.size() < 2) return sum;
  sum.max_calls = directory_.lines()[line_index].max_calls;
  for (std::size_t p = 1; p < parts.size(); ++p) {
    const LineSnapshot part = lines_[parts[p]].snapshot.load();
    sum.in_service = sum.in_service || part.in_service;
    sum.span_in_service = sum.span_in_service || part.span_in_service;
    sum.active_calls += part.active_calls;
    sum.on_hold_calls += part.on_hold_calls;
    sum.on_hold_pend_calls += part.on_hold_pend_calls;
    if (sum.call_state == 0) sum.call_state = part.call_state;
  }
  return sum;
}

std::optional<std::uint32_t> Engine::claim_part(std::uint32_t line_index) {
  const LineDescriptor& descriptor = directory_.lines()[line_index];
  const std::vector<std::uint32_t>& parts = descriptor.parts;
  Line& line = lines_[line_index];
  const auto count = static_cast<std::uint32_t>(parts.size());
  const std::uint32_t taken = visit_parts(
      count, descriptor.hunt, line.last_part.load(std::memory_order_relaxed),
      [&](std::uint32_t i) { return lines_[parts[i]].oldest_free.load(std::memory_order_relaxed); },
      [&](std::uint32_t i) {
        std::atomic<int>& free = lines_[parts[i]].free_claims;
        int now = free.load(std::memory_order_relaxed);
        while (now > 0) {
          if (free.compare_exchange_weak(now, now - 1, std::memory_order_acq_rel)) return true;
        }
        return false;
      });
  if (taken == count) return std::nullopt;
  line.last_part.store(taken, std::memory_order_relaxed);
  return parts[taken];
}

void Engine::give_back_claim(std::uint32_t part_index) {
  lines_[part_index].free_claims.fetch_add(1, std::memory_order_acq_rel);
}

}  // namespace spantsp::core
