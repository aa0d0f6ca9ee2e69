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
    case sim::kSimR2MissingTone:
      far_engine.set_fault(channel, R2Fault::kMissingTone);
      return true;
    case sim::kSimR2ClearInRegister:
      far_engine.set_fault(channel, R2Fault::kClearInRegister);
      return true;
    case sim::kSimR2WrongTone:
      far_engine.set_fault(channel, R2Fault::kWrongTone);
      return true;
    case sim::kSimR2StuckBits:
      far_engine.set_fault(channel, R2Fault::kStuckBits);
      return true;
    default:
      return false;
  }
}

}  // namespace spantsp::r2
