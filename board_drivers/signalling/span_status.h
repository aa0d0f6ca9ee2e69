#pragma once
// A signalling module's span status (board::SpanStatus) against its I/O's alarms and against
// what it last reported (SpanEvents::on_span_status, only on a change). Pure functions; the
// module calls them on the span worker.

#include "board_drivers/board_driver.h"
#include "board_drivers/io/span_io.h"

namespace spantsp::signalling {

// Takes the I/O's red, yellow and blue alarms into `status`; the signalling link state is the
// module's own.
inline void take_alarms(board::SpanStatus& status, const io::SpanAlarms& alarms) {
  status.red = alarms.red;
  status.yellow = alarms.yellow;
  status.blue = alarms.blue;
}

// True when `status` differs from `reported`, the status the module last reported.
inline bool status_changed(const board::SpanStatus& status, const board::SpanStatus& reported) {
  return status.red != reported.red || status.yellow != reported.yellow ||
         status.blue != reported.blue || status.signalling_up != reported.signalling_up;
}

}  // namespace spantsp::signalling
