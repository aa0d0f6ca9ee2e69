// R2MfBank in the media-less build (media/media_support.h): nothing is sent or heard, and
// start() fails, so no `mfcr2` span is built there (board_drivers/sim/sim_board.cpp).

#include "media/r2_mf_bank.h"

namespace spantsp::media {

struct R2MfBank::Impl {};

R2MfBank::R2MfBank(std::size_t /*channels*/, Law /*law*/) {}
R2MfBank::~R2MfBank() = default;
bool R2MfBank::start(std::size_t /*index*/, bool /*forward*/) {
  return false;
}
void R2MfBank::stop(std::size_t /*index*/) {}
bool R2MfBank::active(std::size_t /*index*/) const {
  return false;
}
bool R2MfBank::send(std::size_t /*index*/, char /*code*/) {
  return false;
}
char R2MfBank::sending(std::size_t /*index*/) const {
  return 0;
}
char R2MfBank::process(std::size_t /*index*/, std::span<const std::uint8_t> /*rx*/,
                       std::span<std::uint8_t> /*tx*/) {
  return 0;
}

}  // namespace spantsp::media
