// The board factory of board_driver.h. Only the sim board's `ideal` signalling exists so far.
// PRI spans on the sim board run the ideal call-control model until the libpri module lands
// (issue 3 allows this for the shipped PRI configurations); the engine logs a warning for each
// such span, so the substitution is never silent. cas/r2 on the sim board and the dahdi I/O
// module return nullptr, and the caller reports "signalling X not available on board Y" as a
// configuration error.

#include <memory>

#include "board_drivers/board_driver.h"
#include "board_drivers/sim/ideal_span.h"

namespace spantsp::board {

std::unique_ptr<SpanSignalling> make_span_signalling(const config::BoardConfig& board,
                                                     const config::SpanConfig& span,
                                                     std::uint32_t span_index) {
  if (board.driver == "sim") {
    switch (span.signalling) {
      case config::Signalling::kIdeal:
      case config::Signalling::kPri:  // ideal model until libpri runs here
        return std::make_unique<sim::IdealSpan>(span, board.traffic, span_index);
      case config::Signalling::kCas:
      case config::Signalling::kR2:
        return nullptr;  // not implemented yet
    }
  }
  return nullptr;  // "dahdi" (not implemented yet) or an unknown driver
}

}  // namespace spantsp::board
