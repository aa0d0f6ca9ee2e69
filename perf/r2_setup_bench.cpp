// The MFC/R2 call set-up benchmark (issue 16): calls through the whole R2 engine on both ends
// of a sim E1 span (our R2Span as the forward side, the sim far end's as the backward side,
// line signalling on the ABCD bits and the compelled register in R2 MF tones), against the
// bare spandsp R2 MF detector on the same amount of audio in the same run.
//
//   build/default/perf/spantsp_r2_bench [--variant all|itu|ar|br|cn|co|mx|ve] [--calls 3000]
//
// `--variant all` (the default) runs every variant in turn, `--calls` each, and prints one
// table row per variant after the details.
//
// Time: the span runs on a virtual clock (the TimerWheel advanced 1 ms at a time), so set-up
// time is protocol time (seize -> group B accept), deterministic for a variant and a number
// length, and the CPU time is all engine + DSP + sim wire work. All 30 channels keep calling:
// place, accept (ringback), release at once, place again.
// Reported: set-up time p50 / p99 (virtual ms), process CPU per call, and the reference: bare
// r2_mf_rx over as many channel-seconds of MF audio as the calls' registers took (both ends
// listen, so 2 x set-up time per call), with the ratio engine / bare.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "board_drivers/sim/r2/sim_r2_span.h"
#include "config/r2_config.h"
#include "perf/setup_bench.h"

#define SPANDSP_EXPOSE_INTERNAL_STRUCTURES
#include <spandsp.h>

namespace spantsp::perf {
namespace {

std::vector<int> e1_bearers() {
  std::vector<int> out;
  for (int c = 1; c <= 31; ++c) {
    if (c != 16) out.push_back(c);
  }
  return out;
}

// Bare r2_mf_rx over `channel_seconds` of a backward-tone sequence, one channel at a time in
// 20 ms frames (as the engine runs it). Returns CPU seconds.
double bare_detector_cpu(double channel_seconds) {
  constexpr int kFrame = 160;
  // 4 s of audio: tones A-1..A-6 cycling, 100 ms on / 100 ms off.
  std::vector<std::int16_t> audio(4 * 8000, 0);
  r2_mf_tx_state_t tx;
  r2_mf_tx_init(&tx, 0);
  for (std::size_t at = 0, k = 0; at + 1600 <= audio.size(); at += 1600, ++k) {
    r2_mf_tx_put(&tx, "123456"[k % 6]);
    r2_mf_tx(&tx, audio.data() + at, 800);
    r2_mf_tx_put(&tx, 0);
  }
  r2_mf_rx_state_t rx;
  r2_mf_rx_init(&rx, 0, nullptr, nullptr);
  const auto frames = static_cast<std::uint64_t>(channel_seconds * 8000 / kFrame);
  const std::size_t per_pass = audio.size() / kFrame;
  int sink = 0;
  const double t0 = process_cpu_seconds();
  for (std::uint64_t f = 0; f < frames; ++f) {
    r2_mf_rx(&rx, audio.data() + (f % per_pass) * kFrame, kFrame);
    sink += r2_mf_rx_get(&rx);
  }
  const double t1 = process_cpu_seconds();
  if (sink == -1) std::puts("");
  return t1 - t0;
}

struct Row {
  config::R2Variant variant;
  std::uint64_t calls, failures, p50_ms, p99_ms;
  double cpu_us, bare_us;
};

Row run(config::R2Variant variant, std::uint64_t calls) {
  config::R2Config r2;
  r2.variant = variant;
  r2.max_dnis = 4;
  r2.max_ani = 7;
  config::TrafficProfile quiet;
  quiet.incoming_calls_per_second = 0;
  quiet.answer_delay_ms = 60000;  // we release on ringback: no answers
  quiet.hold_time_ms = 0;
  pipeline::TimerWheel wheel{1000};
  r2::SimR2Span span(e1_bearers(), r2, true, quiet, 0);
  board::CallSetup setup;
  setup.called.assign("1234");
  setup.calling.assign("5550123");
  SetupDriver<r2::SimR2Span> driver(span, wheel, setup, SetupEnd::kAlerting);
  span.start(driver, wheel);
  for (int c : e1_bearers()) driver.place(c);
  const double t0 = process_cpu_seconds();
  // A cap on virtual time: a variant that stops completing calls ends the run (reported).
  driver.run_until(calls, wheel.now_ms() + calls * 60'000 / 30 + 60'000);
  const double cpu = process_cpu_seconds() - t0;
  span.stop();
  double setup_total_s = 0;
  for (std::uint64_t ms : driver.setup_ms) setup_total_s += static_cast<double>(ms) / 1000.0;
  const double per_call_register_s =
      driver.setup_ms.empty() ? 0 : setup_total_s / static_cast<double>(driver.setup_ms.size());
  // Both ends run a detector for the whole register.
  const double bare = bare_detector_cpu(2 * setup_total_s);
  const double per_call_us = cpu / static_cast<double>(driver.completed) * 1e6;
  const double bare_per_call_us =
      driver.setup_ms.empty() ? 0 : bare / static_cast<double>(driver.setup_ms.size()) * 1e6;
  std::printf("variant %s: %llu calls (%llu failed), %zu set-ups measured\n",
              std::string(config::r2_variant_name(variant)).c_str(),
              static_cast<unsigned long long>(driver.completed),
              static_cast<unsigned long long>(driver.failures), driver.setup_ms.size());
  std::printf(
      "  set-up (seize -> group B accept, virtual time): p50 %llu ms, p99 %llu ms, "
      "mean %.0f ms\n",
      static_cast<unsigned long long>(percentile(driver.setup_ms, 0.5)),
      static_cast<unsigned long long>(percentile(driver.setup_ms, 0.99)),
      per_call_register_s * 1000);
  std::printf("  CPU per call (both ends, engine + DSP + wire): %.1f us\n", per_call_us);
  std::printf("  bare r2_mf_rx on 2 x the register audio: %.1f us per call\n", bare_per_call_us);
  std::printf("  ratio engine / bare detector: %.2f\n",
              bare_per_call_us > 0 ? per_call_us / bare_per_call_us : 0.0);
  return {variant,
          driver.completed,
          driver.failures,
          percentile(driver.setup_ms, 0.5),
          percentile(driver.setup_ms, 0.99),
          per_call_us,
          bare_per_call_us};
}

void print_table(const std::vector<Row>& rows) {
  std::printf("\n%-8s %8s %8s %8s %8s %12s %12s %8s\n", "variant", "calls", "failed", "p50 ms",
              "p99 ms", "CPU us/call", "bare us/call", "ratio");
  for (const Row& r : rows) {
    std::printf(
        "%-8s %8llu %8llu %8llu %8llu %12.1f %12.1f %8.2f\n",
        std::string(config::r2_variant_name(r.variant)).c_str(),
        static_cast<unsigned long long>(r.calls), static_cast<unsigned long long>(r.failures),
        static_cast<unsigned long long>(r.p50_ms), static_cast<unsigned long long>(r.p99_ms),
        r.cpu_us, r.bare_us, r.bare_us > 0 ? r.cpu_us / r.bare_us : 0.0);
  }
}

}  // namespace
}  // namespace spantsp::perf

int main(int argc, char** argv) {
  using spantsp::config::R2Variant;
  std::vector<R2Variant> variants{R2Variant::kItu,      R2Variant::kArgentina, R2Variant::kBrazil,
                                  R2Variant::kChina,    R2Variant::kColombia,  R2Variant::kMexico,
                                  R2Variant::kVenezuela};
  std::uint64_t calls = 3000;
  for (int i = 1; i < argc; i += 2) {
    if (i + 1 < argc && std::strcmp(argv[i], "--variant") == 0) {
      if (std::strcmp(argv[i + 1], "all") == 0) continue;
      const auto v = spantsp::config::parse_r2_variant(argv[i + 1]);
      if (!v) {
        std::fprintf(stderr, "unknown variant %s; allowed: all, %s\n", argv[i + 1],
                     spantsp::config::allowed_r2_variants().c_str());
        return 2;
      }
      variants = {*v};
    } else if (i + 1 < argc && std::strcmp(argv[i], "--calls") == 0) {
      calls = std::strtoull(argv[i + 1], nullptr, 10);
    } else {
      std::fprintf(stderr, "usage: %s [--variant all|%s] [--calls N]\n", argv[0],
                   spantsp::config::allowed_r2_variants().c_str());
      return 2;
    }
  }
  std::vector<spantsp::perf::Row> rows;
  bool failed = false;
  for (R2Variant v : variants) {
    rows.push_back(spantsp::perf::run(v, calls));
    failed = failed || rows.back().failures != 0 || rows.back().calls < calls;
  }
  spantsp::perf::print_table(rows);
  return failed ? 1 : 0;
}
