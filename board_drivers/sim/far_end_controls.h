#pragma once
// The sim_control.h controls every sim span hands to its FarEnd the same way (the call
// controls and the span alarm); a span adds its own (PRI: frames, RESTART, SERVICE) around
// them. Runs on the span worker.

#include <optional>

#include "board_drivers/board_driver.h"
#include "board_drivers/sim/far_end.h"
#include "board_drivers/sim/sim_control.h"
#include "board_drivers/sim/sim_control_parse.h"

namespace spantsp::sim {

// The result of `control` on channel `index` (dense, -1 when the line has no channel on this
// span), or nullopt when it is not one of these. `our_channel_free`: our side could take a
// call on the channel now (an injected call needs it).
inline std::optional<board::ControlResult> far_end_control(FarEnd& far, int index,
                                                           bool our_channel_free,
                                                           const ParsedControl& control) {
  using board::ControlResult;
  const auto i = static_cast<std::size_t>(index);
  switch (control.op) {
    case kSimInjectIncoming:
      if (index < 0) return ControlResult::kInvalid;
      if (!our_channel_free) return ControlResult::kRejected;
      return far.inject_incoming(i, control.setup);
    case kSimRemoteAnswer:
      if (index < 0) return ControlResult::kInvalid;
      return far.remote_answer(i);
    case kSimRemoteClear:
      if (index < 0) return ControlResult::kInvalid;
      return far.remote_clear(i, control.cause);
    case kSimSpanAlarm:
      far.set_alarms(control.status);
      return ControlResult::kOk;
    case kSimRemoteDigits:
      if (index < 0) return ControlResult::kInvalid;
      return far.remote_digits(i, control.setup.called.view(), control.setup.sending_complete);
    default:
      return std::nullopt;
  }
}

}  // namespace spantsp::sim
