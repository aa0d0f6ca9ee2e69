#pragma once
// The sim board's far-end switch for an MFC/R2 span (sim/bit_far_end.h): the sim FarEnd
// speaking R2 through a second R2Span of the same variant on the far end of the span's sim
// I/O: whoever seizes a channel is the forward side of that call, so inbound and outbound
// calls both run the same engine on both ends.
//
// Translation, in R2 terms: far_setup -> place_call (seize, DNIS/ANI/category in the
// register); far_alerting -> accept (change to group B, accept); far_connect -> answer;
// far_disconnect -> release (a group B refusal before the accept); a seizure the switch
// refuses gets group B congestion.
//
// Faults (sim_control.h kSimR2Fault), on the next call either way: block / unblock a channel
// (unblock also frees stuck bits), the register goes silent, the far end clears in the middle
// of the register, sends a signal out of its group, or leaves its line bits stuck at the
// clearing.
//
// Threads: runs on the span worker; no locks. Memory: sized at construction.

#include <cstdint>

#include "board_drivers/signalling/r2/r2_span.h"
#include "board_drivers/sim/bit_far_end.h"

namespace spantsp::r2 {

class R2FarEnd final : public sim::BitFarEnd<R2Span> {
 public:
  // (profile, span index, channels, our R2Config, name): the far engine runs our variant.
  using BitFarEnd::BitFarEnd;

  // sim_control.h kSimR2Fault on channel `index` (dense); false when it cannot apply now.
  bool fault(std::size_t index, std::uint32_t what);
};

}  // namespace spantsp::r2
