#pragma once
// The live line monitor's data (tspi-contract §7 / issue 6): per line its device ID, span,
// channel, call state and service state; per span its alarms, D-channel state and counters.
// Read from the seqlock snapshots the span workers publish: never a lock a worker takes, never
// a command posted to a worker, so watching the monitor cannot slow calls down.

#include <cstdint>
#include <optional>

#include <nlohmann/json.hpp>

namespace spantsp::core {

class Session;

// {"running": false} without a session. `focus_device` (a line dialog's device) is echoed as
// "focus" when it is one of the session's lines.
nlohmann::json monitor_snapshot(Session* session, std::optional<std::uint32_t> focus_device);

}  // namespace spantsp::core
