#include "tools/tapihost/far_end_query.h"

#include <cstring>
#include <memory>

#include "board_drivers/sim/sim_control.h"

namespace spantsp::host {

FarEndQuery ask_far_end_heard(Host& host, LineHandle line) {
  auto control = std::make_shared<sim::SimControl>();
  control->dwMagic = sim::kSimControlMagic;
  control->dwVersion = sim::kSimControlVersion;
  control->dwOp = sim::kSimQueryHeard;
  FarEndQuery query;
  // The host copies the answer into *control before it queues the LINE_REPLY.
  query.request = host.line_dev_specific(line, 0, 0, control.get(), sizeof *control);
  query.answer = [control] {
    return std::string(control->szCalled, strnlen(control->szCalled, sizeof control->szCalled));
  };
  return query;
}

}  // namespace spantsp::host
