// The PRI module's one export (pri_module.h). The D-channel runs at 64 kb/s unless
// SPANTSP_SIM_DCHANNEL=unlimited is set in the environment (the perf suite's switch; the
// configuration has no key for it yet). The span's `trace` key becomes its pcap capture.

#include <cstdlib>
#include <cstring>
#include <new>
#include <string>

#include "board_drivers/signalling/pri/pri_module.h"
#include "board_drivers/sim/pri/sim_pri_span.h"

extern "C" __attribute__((visibility("default"))) spantsp::board::SpanSignalling*
spantsp_pri_make_sim_span_v1(const spantsp::config::BoardConfig* board,
                             const spantsp::config::SpanConfig* span, std::uint32_t span_index) {
  using namespace spantsp;
  if (board == nullptr || span == nullptr || span->signalling != config::Signalling::kPri) {
    return nullptr;
  }
  pri::SimPriOptions options;
  const char* mode = std::getenv("SPANTSP_SIM_DCHANNEL");
  options.d_channel.unlimited = mode != nullptr && std::strcmp(mode, "unlimited") == 0;
  options.trace_path = span->trace;
  options.frame_period_ms = board->frame_ms;
  return new (std::nothrow) pri::SimPriSpan(*span, board->traffic, span_index, options);
}
