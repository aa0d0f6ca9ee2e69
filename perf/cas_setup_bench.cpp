// The CAS call set-up benchmark (issue 16): calls through the whole CAS engine on both ends of
// a sim T1 span (our CasSpan, the sim far end's of the opposite role: ABCD bits, the number in
// DTMF on the bearer, call-progress monitoring), per start type, against the bare spandsp DTMF
// detector on the same amount of audio in the same run.
//
//   build/default/perf/spantsp_cas_bench [--start em_w|em|em_dd|fxs_ls|fxo_ls|fxs_gs|fxo_gs|all]
//                                        [--calls 2000]
//
// Time: the span runs on a virtual clock (the TimerWheel advanced 1 ms at a time), so set-up
// time is protocol time (place -> connected: the far end answers at once; loop and ground
// start as the station count as connected once dialled), deterministic for a start type and a
// number, and the CPU time is all engine + DSP + sim wire work. All 24 channels keep calling:
// place, release on connected, place again.
// Reported: set-up time p50 / p99 (virtual ms), process CPU per call, and the reference: bare
// dtmf_rx over as many channel-seconds of DTMF audio as the calls' set-ups took (one detector
// listens on each call from seizure to the end of its number), with the ratio engine / bare.
// Bell MF addressing is not implemented (config refuses dialing = "mf"), so no bell_mf_rx
// reference is measured.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "board_drivers/sim/cas/sim_cas_span.h"
#include "config/cas_config.h"
#include "perf/setup_bench.h"

#define SPANDSP_EXPOSE_INTERNAL_STRUCTURES
#include <spandsp.h>

namespace spantsp::perf {
namespace {

constexpr int kChannels = 24;

std::vector<int> t1_bearers() {
  std::vector<int> out;
  for (int c = 1; c <= kChannels; ++c) out.push_back(c);
  return out;
}

// Bare dtmf_rx over `channel_seconds` of DTMF digits (80 ms on / 80 ms off, as the engine
// sends them), one channel at a time in 20 ms frames (as the engine runs it). CPU seconds.
double bare_detector_cpu(double channel_seconds) {
  constexpr int kFrame = 160;
  std::vector<std::int16_t> audio(4 * 8000, 0);
  dtmf_tx_state_t* tx = dtmf_tx_init(nullptr);
  dtmf_tx_set_timing(tx, 80, 80);
  std::size_t at = 0;
  while (at < audio.size()) {
    if (dtmf_tx_put(tx, "5551000#", -1) != 0) break;
    const int n = dtmf_tx(tx, audio.data() + at, static_cast<int>(audio.size() - at));
    if (n <= 0) break;
    at += static_cast<std::size_t>(n);
  }
  dtmf_tx_free(tx);
  int sink = 0;
  dtmf_rx_state_t* rx = dtmf_rx_init(
      nullptr, [](void* user, const char*, int len) { *static_cast<int*>(user) += len; }, &sink);
  const auto frames = static_cast<std::uint64_t>(channel_seconds * 8000 / kFrame);
  const std::size_t per_pass = audio.size() / kFrame;
  const double t0 = process_cpu_seconds();
  for (std::uint64_t f = 0; f < frames; ++f) {
    dtmf_rx(rx, audio.data() + (f % per_pass) * kFrame, kFrame);
  }
  const double t1 = process_cpu_seconds();
  dtmf_rx_free(rx);
  if (sink == -1) std::puts("");
  return t1 - t0;
}

bool run(config::CasStart start, std::uint64_t calls) {
  config::CasConfig cas;
  cas.start = start;
  config::TrafficProfile quiet;
  quiet.incoming_calls_per_second = 0;
  quiet.answer_delay_ms = 0;  // the far end answers at once
  quiet.hold_time_ms = 0;
  pipeline::TimerWheel wheel{1000};
  cas::SimCasSpan span(t1_bearers(), cas, false, quiet, 0);
  board::CallSetup setup;
  setup.called.assign("5551000");
  setup.sending_complete = true;
  SetupDriver<cas::SimCasSpan> driver(span, wheel, setup, SetupEnd::kConnected);
  span.start(driver, wheel);
  for (int c : t1_bearers()) driver.place(c);
  const double t0 = process_cpu_seconds();
  // A cap on virtual time: a start type that stops completing calls ends the run (reported).
  driver.run_until(calls, wheel.now_ms() + calls * 60'000 / kChannels + 60'000);
  const double cpu = process_cpu_seconds() - t0;
  span.stop();
  double setup_total_s = 0;
  for (std::uint64_t ms : driver.setup_ms) setup_total_s += static_cast<double>(ms) / 1000.0;
  const std::size_t measured = driver.setup_ms.size();
  const double bare = bare_detector_cpu(setup_total_s);
  const double per_call_us =
      driver.completed == 0 ? 0 : cpu / static_cast<double>(driver.completed) * 1e6;
  const double bare_per_call_us = measured == 0 ? 0 : bare / static_cast<double>(measured) * 1e6;
  std::printf("start %s: %llu calls (%llu failed), %zu set-ups measured\n",
              std::string(config::cas_start_name(start)).c_str(),
              static_cast<unsigned long long>(driver.completed),
              static_cast<unsigned long long>(driver.failures), measured);
  std::printf("  set-up (place -> connected, virtual time): p50 %llu ms, p99 %llu ms\n",
              static_cast<unsigned long long>(percentile(driver.setup_ms, 0.5)),
              static_cast<unsigned long long>(percentile(driver.setup_ms, 0.99)));
  std::printf("  CPU per call (both ends, engine + DSP + wire): %.1f us\n", per_call_us);
  std::printf("  bare dtmf_rx on the set-up audio: %.1f us per call\n", bare_per_call_us);
  if (start == config::CasStart::kFxoLoop || start == config::CasStart::kFxoGround) {
    // We ring the station: no number crosses the wire, so no detector listens.
    std::printf("  ratio engine / bare detector: n/a (no digits on an office-side set-up)\n");
  } else {
    std::printf("  ratio engine / bare detector: %.2f\n",
                bare_per_call_us > 0 ? per_call_us / bare_per_call_us : 0.0);
  }
  return driver.failures == 0 && driver.completed >= calls;
}

}  // namespace
}  // namespace spantsp::perf

int main(int argc, char** argv) {
  using spantsp::config::CasStart;
  std::vector<CasStart> starts = {
      CasStart::kEmWink,  CasStart::kEmImmediate, CasStart::kEmDelayDial, CasStart::kFxsLoop,
      CasStart::kFxoLoop, CasStart::kFxsGround,   CasStart::kFxoGround};
  std::uint64_t calls = 2000;
  for (int i = 1; i < argc; i += 2) {
    if (i + 1 < argc && std::strcmp(argv[i], "--start") == 0) {
      if (std::strcmp(argv[i + 1], "all") == 0) continue;
      const auto s = spantsp::config::parse_cas_start(argv[i + 1]);
      if (!s) {
        std::fprintf(stderr, "unknown start type %s; allowed: %s, all\n", argv[i + 1],
                     spantsp::config::allowed_cas_starts().c_str());
        return 2;
      }
      starts = {*s};
    } else if (i + 1 < argc && std::strcmp(argv[i], "--calls") == 0) {
      char* end = nullptr;
      calls = std::strtoull(argv[i + 1], &end, 10);
      if (end == argv[i + 1] || *end != '\0' || calls == 0) {
        std::fprintf(stderr, "--calls needs a positive number; got %s\n", argv[i + 1]);
        return 2;
      }
    } else {
      std::fprintf(stderr, "usage: %s [--start %s|all] [--calls N]\n", argv[0],
                   spantsp::config::allowed_cas_starts().c_str());
      return 2;
    }
  }
  bool ok = true;
  for (CasStart s : starts) ok = spantsp::perf::run(s, calls) && ok;
  return ok ? 0 : 1;
}
