// The board factory of board_driver.h. The sim board runs `ideal` signalling in process and
// PRI through the PRI module (board_drivers/signalling/pri/pri_module.h): libpri is GPL-2, so that
// module is a separate shared library loaded here by name, from the folder this code was loaded
// from (beside spantsp.tsp), then from the build tree. If it cannot be loaded the factory returns
// nullptr and the engine reports the span's signalling as not available. r2 on the sim board and
// the dahdi I/O module return nullptr the same way.
//
// Threads: called while the engine is built; the module is loaded once per process and never
// unloaded (pinned: libpri keeps process-wide state and retired controllers).

#include <memory>
#include <string>

#include "board_drivers/board_driver.h"
#include "board_drivers/signalling/ideal/ideal_span.h"
#include "board_drivers/signalling/pri/pri_module.h"
#include "board_drivers/sim/cas/sim_cas_span.h"
#include "board_drivers/sim/r2/sim_r2_span.h"
#include "media/media_support.h"
#include "platform/module.h"

namespace spantsp::board {
namespace {

void* open_module(const std::string& path) {
  std::string ignored;  // absent is an answer: the span reports its signalling unavailable
  return platform::load_module(path, /*pin=*/true, ignored);
}

pri::PriSimSpanFactory load_pri_factory() {
  const std::string dir =
      platform::module_dir_of(reinterpret_cast<const void*>(&make_span_signalling));
  void* module = open_module(dir + "/" + pri::kPriModuleFile);
#ifdef SPANTSP_PRI_MODULE_BUILD_PATH
  if (module == nullptr) module = open_module(SPANTSP_PRI_MODULE_BUILD_PATH);
#endif
  return platform::as_function<pri::PriSimSpanFactory>(
      platform::module_symbol(module, pri::kPriFactorySymbol));
}

pri::PriSimSpanFactory pri_factory() {
  static const pri::PriSimSpanFactory factory = load_pri_factory();
  return factory;
}

}  // namespace

std::unique_ptr<SpanSignalling> make_span_signalling(const config::BoardConfig& board,
                                                     const config::SpanConfig& span,
                                                     std::uint32_t span_index) {
  if (board.driver == "sim") {
    switch (span.signalling) {
      case config::Signalling::kIdeal:
        return std::make_unique<ideal::IdealSpan>(span, board.traffic, span_index, board.frame_ms);
      case config::Signalling::kPri: {
        const auto factory = pri_factory();
        if (factory == nullptr) return nullptr;
        return std::unique_ptr<SpanSignalling>(factory(&board, &span, span_index));
      }
      case config::Signalling::kCas:
        // CAS addresses calls in-band (DTMF on the bearer): not without the DSP.
        if (!media::dsp_available()) return nullptr;
        return std::make_unique<cas::SimCasSpan>(span, board.traffic, span_index, board.frame_ms);
      case config::Signalling::kR2:
        // R2 registers in-band (MF tones on the bearer): not without the DSP.
        if (!media::dsp_available() || !r2::r2_variant_available(span.r2.variant)) return nullptr;
        return std::make_unique<r2::SimR2Span>(span, board.traffic, span_index, board.frame_ms);
    }
  }
  return nullptr;  // "dahdi" (not implemented yet) or an unknown driver
}

bool signalling_available(std::string_view driver, config::Signalling signalling) {
  if (driver != "sim") return false;
  switch (signalling) {
    case config::Signalling::kIdeal:
      return true;
    case config::Signalling::kPri:
      return pri_factory() != nullptr;
    case config::Signalling::kCas:
      return media::dsp_available();  // in-band addressing needs the DSP
    case config::Signalling::kR2:
      return media::dsp_available();  // MF register signalling needs the DSP
  }
  return false;
}

}  // namespace spantsp::board
