// Packing: TSPI_lineGetCallInfo and TSPI_lineGetDevCaps fill TAPI's variable-size structures
// from the published snapshot (core/call_info.h, core/line_caps.h). Applications call
// lineGetCallInfo on nearly every LINE_CALLSTATE, so LINECALLINFO is on the per-call path.
//
// Cases, in the order TAPI applications produce them:
// - full: the buffer holds everything (the second call of the usual "ask, grow, ask" pattern);
// - fixed_only: dwTotalSize = the fixed part, so no string fits and only dwNeededSize is
//   reported (the first call of that pattern);
// - below_fixed: dwTotalSize smaller than the fixed part (LINEERR_STRUCTURETOOSMALL).
// Each reports heap allocations per call (DESIGN.md §3 wants zero on the call path). A floor
// runs in the same binary: memcpy of as many bytes as the full case writes, so packing can be
// stated as a ratio to merely moving its output.

#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstring>
#include <vector>

#include "core/call.h"
#include "core/call_info.h"
#include "core/line_caps.h"
#include "core/line_directory.h"
#include "core/tspi_version.h"
#include "perf/alloc_count.h"

namespace spantsp::perf {
namespace {

constexpr std::size_t kBufferBytes = 4096;
constexpr DWORD kVersion = core::kTspiVersion3_0;

core::LineDescriptor make_line() {
  core::LineDescriptor line;
  line.device_id = 7;
  line.permanent_id = core::LineDirectory::permanent_line_id(1, 7);
  line.name = u"Span 1 B7";
  line.number = u"5551007";
  line.switch_info = u"pri_cpe ni2";
  line.dev_specific =
      SpanTspLineDevSpecific{kLineDevSpecificMagic, kLineDevSpecificVersion, 1, 7, 1, 1, 0};
  return line;
}

// A typical answered inbound call: caller number and name, called number, no redirection.
core::CallSnapshot make_call() {
  core::CallSnapshot call;
  call.generation = 3;
  call.line_index = 6;
  call.state = LINECALLSTATE_CONNECTED;
  call.origin = LINECALLORIGIN_INBOUND;
  call.reason = LINECALLREASON_DIRECT;
  call.media_mode = LINEMEDIAMODE_INTERACTIVEVOICE;
  call.bearer_mode = LINEBEARERMODE_VOICE;
  call.rate = 64000;
  call.call_id = 1234;
  call.caller_id_flags = LINECALLPARTYID_ADDRESS | LINECALLPARTYID_NAME;
  call.called_id_flags = LINECALLPARTYID_ADDRESS;
  call.redirecting_id_flags = LINECALLPARTYID_UNKNOWN;
  call.state_entered_ms = 1'790'000'000'000;
  call.caller.assign("99005550123");
  call.caller_name.assign("ACME Sales Dept");
  call.called.assign("5551007");
  return call;
}

// Buffers are DWORD-aligned as TAPI allocates them.
struct Buffer {
  std::vector<std::uint64_t> words = std::vector<std::uint64_t>(kBufferBytes / 8);
  template <class Struct>
  Struct* as(DWORD total) {
    std::memset(words.data(), 0, kBufferBytes);
    std::memcpy(words.data(), &total, sizeof total);
    return reinterpret_cast<Struct*>(words.data());
  }
};

// Times `fill` and reports calls/s and heap allocations per call.
template <class Fill>
void run(benchmark::State& state, Fill fill) {
  std::uint64_t allocs = 0;  // counted around the fill only, not Google Benchmark's own
  LONG result = 0;
  for (auto _ : state) {
    const std::uint64_t before = thread_allocations();
    result = fill();
    allocs += thread_allocations() - before;
    benchmark::DoNotOptimize(result);
  }
  const double calls = static_cast<double>(state.iterations());
  state.SetItemsProcessed(state.iterations());
  state.counters["allocs_per_call"] = static_cast<double>(allocs) / calls;
  state.counters["structure_too_small"] = result == LINEERR_STRUCTURETOOSMALL ? 1 : 0;
}

// The floor for one structure: copy `bytes` (what the full fill writes) into the buffer.
void BM_Packing_MemcpyFloor(benchmark::State& state) {
  static const std::vector<char> source(kBufferBytes, 'x');
  Buffer buffer;
  const auto bytes = static_cast<std::size_t>(state.range(0));
  for (auto _ : state) {
    std::memcpy(buffer.words.data(), source.data(), bytes);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_Packing_CallInfo(benchmark::State& state, DWORD total) {
  const auto line = make_line();
  const auto call = make_call();
  Buffer buffer;
  LINECALLINFO* info = buffer.as<LINECALLINFO>(total);
  run(state,
      [&] { return core::fill_call_info(call, board::UserUser{}, 0, line, kVersion, info); });
  state.counters["used_bytes"] = static_cast<double>(info->dwUsedSize);
  state.counters["needed_bytes"] = static_cast<double>(info->dwNeededSize);
}

void BM_Packing_LineDevCaps(benchmark::State& state, DWORD total) {
  const auto line = make_line();
  Buffer buffer;
  LINEDEVCAPS* caps = buffer.as<LINEDEVCAPS>(total);
  run(state, [&] { return core::fill_line_dev_caps(line, kVersion, caps); });
  state.counters["used_bytes"] = static_cast<double>(caps->dwUsedSize);
  state.counters["needed_bytes"] = static_cast<double>(caps->dwNeededSize);
}

BENCHMARK_CAPTURE(BM_Packing_CallInfo, full, DWORD{kBufferBytes});
BENCHMARK_CAPTURE(BM_Packing_CallInfo, fixed_only, DWORD{sizeof(LINECALLINFO)});
BENCHMARK_CAPTURE(BM_Packing_CallInfo, below_fixed, DWORD{64});
// The bytes a full LINECALLINFO fill writes (the fixed part plus its strings, about 480).
BENCHMARK(BM_Packing_MemcpyFloor)->Arg(sizeof(LINECALLINFO) + 96)->ArgName("bytes");
BENCHMARK_CAPTURE(BM_Packing_LineDevCaps, full, DWORD{kBufferBytes});
BENCHMARK_CAPTURE(BM_Packing_LineDevCaps, fixed_only, DWORD{sizeof(LINEDEVCAPS)});
BENCHMARK(BM_Packing_MemcpyFloor)->Arg(sizeof(LINEDEVCAPS) + 128)->ArgName("bytes");

}  // namespace
}  // namespace spantsp::perf
