#pragma once
// The call storm benchmark (issue 17 §6): every line of the configuration is offered a call at
// the same instant, and the figure is the time until the last LINE_NEWCALL + OFFERING pair
// reached the application (host::Host::get_message), from just before the storm was asked for.
//
// How: the lines are opened; then one kSimInjectIncomingAll control per span
// (board_drivers/sim/sim_control.h) through lineDevSpecific on the span's first line makes the
// sim's far end offer a call on every idle channel of the span in the same millisecond of its
// clock. Posting the controls is part of the measured time (its share is reported). Then every
// call is dropped and deallocated, and the next round starts; the lines stay open between
// rounds and are closed at the end. `ideal` spans only (PRI answers LINEERR_OPERATIONUNAVAIL).
//
// Threads: the caller's (the application's), which must be the only one reading messages.

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "tools/tapihost/host.h"

namespace spantsp::perf {

struct StormRound {
  std::size_t offered = 0;  // lines that got both LINE_APPNEWCALL and OFFERING
  double post_us = 0;       // posting every span's control
  double first_us = 0;      // until the first line's NEWCALL + OFFERING
  double median_us = 0;     // ... the median line's
  double last_us = 0;       // ... the last line's (the figure)
  bool complete = false;    // every line opened got its call
};

struct StormReport {
  std::size_t lines = 0;  // lines opened
  std::size_t spans = 0;  // controls sent per round
  std::vector<StormRound> rounds;
  std::string error;  // non-empty: the storm could not run (why)
};

// Runs `rounds` storms on every line of `session` (started), waiting at most `timeout` for each.
StormReport run_call_storm(host::Host& session, std::uint32_t rounds,
                           std::chrono::milliseconds timeout);

}  // namespace spantsp::perf
