#pragma once
// The seam between the provider and the PRI module. libpri is GPL-2, so everything that links
// it is built as its own shared library (spantsp_pri.so, DESIGN.md §4) that the provider core
// does not link: the sim board factory dlopen()s it by name, from the provider's own folder,
// and calls one extern "C" factory. Only this header is shared; it does not include libpri.
//
// ABI: the factory's name carries a version; a module built from other sources than the
// provider's is simply not found (dlsym fails) and PRI spans report their signalling as
// unavailable. Both sides must be built from the same tree (same config and board headers).
//
// Threads: the factory runs on the thread building the engine; the object it returns then
// belongs to its span worker (board_driver.h).

#include <cstdint>

#include "board_drivers/board_driver.h"
#include "config/config_model.h"

namespace spantsp::pri {

inline constexpr const char* kPriModuleFile = "spantsp_pri.so";
inline constexpr const char* kPriFactorySymbol = "spantsp_pri_make_sim_span_v1";

// Returns a new SpanSignalling for a PRI span of the sim board (ownership to the caller, to be
// deleted through its virtual destructor), or nullptr.
using PriSimSpanFactory = board::SpanSignalling* (*)(const config::BoardConfig* board,
                                                     const config::SpanConfig* span,
                                                     std::uint32_t span_index);

}  // namespace spantsp::pri
