#include "board_drivers/sim/r2/r2_far_end.h"

#include "board_drivers/sim/sim_control.h"

namespace spantsp::r2 {

bool R2FarEnd::fault(std::size_t index, std::uint32_t what) {
  R2Span& far_engine = engine();
  if (index >= far_engine.channels().size()) return false;
  const int channel = far_engine.channels()[index];
  switch (what) {
    case sim::kSimR2Block:
      return far_engine.block(channel, true);
    case sim::kSimR2Unblock:
      return far_engine.block(channel, false);
    default:
      break;
  }
  // The rest arm the engine's fault for the channel's next call.
  static constexpr struct {
    std::uint32_t control;
    R2Fault fault;
  } kFaults[] = {{sim::kSimR2MissingTone, R2Fault::kMissingTone},
                 {sim::kSimR2ClearInRegister, R2Fault::kClearInRegister},
                 {sim::kSimR2WrongTone, R2Fault::kWrongTone},
                 {sim::kSimR2StuckBits, R2Fault::kStuckBits}};
  for (const auto& f : kFaults) {
    if (f.control == what) {
      far_engine.set_fault(channel, f.fault);
      return true;
    }
  }
  return false;
}

}  // namespace spantsp::r2
