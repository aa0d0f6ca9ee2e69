// spantsp_soak: the fault soak (issue 12 §4). Calls at full rate on ideal and PRI spans side by
// side, driven by the load tool's call-center application through the host with the contract
// checker on, while perf/soak_faults.h injects faults through the sim far end: span alarms,
// D-channel loss, dropped and corrupted frames, glare, far-end clears racing our drops, channel
// and span RESTARTs, SERVICE. The run is cut into rounds: each round ends with lineClose on
// every line with its calls in flight, and every --restart-every rounds the provider is shut
// down and initialised again. After every round the invariants are checked:
// - no call slot leaked: the provider's dwCallsInUse (LINEDEVSTATUS device-specific) is 0;
// - 0 contract violations: every request completed exactly once, every call IDLE before its
//   close, every upcall valid (tools/tapihost/contract_checker.h);
// - resident memory flat after warm-up: RSS at a round's end never exceeds the warm-up
//   rounds' maximum by more than --rss-growth-mib.
// A progress line goes to stderr every second; a summary (and --json FILE) at the end.
//
// Exit codes: 0 ok, 1 usage, 2 the provider failed to start, 3 contract violations,
// 5 an invariant of the soak broke (a leaked slot, memory growth, too few calls).

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "perf/load_scenario.h"
#include "perf/process_usage.h"
#include "perf/soak_faults.h"
#include "tools/tapihost/call_center.h"
#include "tools/tapihost/cli_checks.h"
#include "tools/tapihost/cli_defaults.h"
#include "tools/tapihost/code_scope.h"
#include "tools/tapihost/host.h"
#include "tools/tapihost/lineerr_name.h"
#include "tspi/spantsp_devspecific.h"

namespace {

namespace host = spantsp::host;
namespace perf = spantsp::perf;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr int kExitInvariant = 5;

struct Options {
  std::string provider = host::kDefaultProvider;
  std::uint32_t ideal_lines = 48;
  std::uint32_t pri_lines = 46;
  std::uint64_t calls = 0;
  double duration_s = 0;
  double round_s = 10;
  std::uint32_t restart_every = 3;
  double faults_per_second = 20;
  std::vector<std::string> only;  // fault names; empty = every kind
  double hold_s = 0;
  double ring_timeout_s = 0.3;
  std::uint32_t warmup_rounds = 2;
  double rss_growth_mib = 64;
  std::uint64_t seed = 1;
  bool limited_dchannel = false;
  std::string json_path;
  bool quiet = false;
};

struct Totals {
  std::uint64_t rounds = 0;
  std::uint64_t provider_restarts = 0;
  std::uint64_t placed = 0, completed = 0, failed = 0, offered = 0, make_call_errors = 0;
  std::uint64_t closes_with_calls_in_flight = 0;  // lineClose of a line that had a call
  std::uint64_t leaked_slots = 0;                 // dwCallsInUse after the lines closed
  perf::FaultCounts faults;
  std::uint64_t rss_warm_max = 0, rss_max = 0, rss_last = 0;
  std::uint64_t finished() const { return completed + failed; }
};

// The provider's call slots in use, read with every line closed (one is opened to ask).
std::int64_t calls_in_use(host::Host& session) {
  host::LineHandle probe = 0;
  if (session.line_open(session.lines().front().device_id, probe) != 0) return -1;
  std::vector<std::uint64_t> buffer(128);
  auto* status = reinterpret_cast<LINEDEVSTATUS*>(buffer.data());
  status->dwTotalSize = static_cast<DWORD>(buffer.size() * sizeof(std::uint64_t));
  std::int64_t in_use = -1;
  spantsp::SpanTspLineDevStatus extra{};
  if (session.line_get_line_dev_status(probe, status) == 0 &&
      status->dwDevSpecificSize == sizeof extra) {
    std::memcpy(&extra,
                reinterpret_cast<const unsigned char*>(status) + status->dwDevSpecificOffset,
                sizeof extra);
    in_use = extra.dwCallsInUse;
  }
  session.line_close(probe);
  return in_use;
}

json report_json(const Options& o, const Totals& t, double seconds, std::size_t violations) {
  json faults = json::object();
  for (std::size_t i = 0; i < perf::kFaultKinds; ++i) {
    faults[std::string(perf::fault_name(static_cast<perf::Fault>(i)))] = {
        {"injected", t.faults.injected[i]}, {"refused", t.faults.refused[i]}};
  }
  return {{"seconds", seconds},
          {"ideal_lines", o.ideal_lines},
          {"pri_lines", o.pri_lines},
          {"seed", o.seed},
          {"rounds", t.rounds},
          {"provider_restarts", t.provider_restarts},
          {"calls",
           {{"finished", t.finished()},
            {"completed", t.completed},
            {"failed", t.failed},
            {"placed", t.placed},
            {"offered", t.offered},
            {"make_call_errors", t.make_call_errors},
            {"per_second", seconds > 0 ? static_cast<double>(t.finished()) / seconds : 0.0}}},
          {"line_closes_with_calls_in_flight", t.closes_with_calls_in_flight},
          {"faults", faults},
          {"faults_injected", t.faults.total()},
          {"invariants",
           {{"leaked_call_slots", t.leaked_slots},
            {"contract_violations", violations},
            {"rss_warm_max_bytes", t.rss_warm_max},
            {"rss_max_bytes", t.rss_max},
            {"rss_growth_bytes", t.rss_max > t.rss_warm_max ? t.rss_max - t.rss_warm_max : 0}}}};
}

void add(perf::FaultCounts& into, const perf::FaultCounts& from) {
  for (std::size_t i = 0; i < perf::kFaultKinds; ++i) {
    into.injected[i] += from.injected[i];
    into.refused[i] += from.refused[i];
  }
}

// The --only list as FaultInjector's bit mask (names checked by the parser).
std::uint32_t fault_kinds(const std::vector<std::string>& only) {
  if (only.empty()) return ~0u;
  std::uint32_t kinds = 0;
  for (const std::string& name : only) {
    kinds |= 1u << static_cast<unsigned>(perf::fault_by_name(name));
  }
  return kinds;
}

int run(const Options& o) {
  host::HostCodeScope host_code;
  std::vector<perf::Scenario> groups;
  for (auto [lines, signalling] : {std::pair{o.ideal_lines, perf::Signalling::kIdeal},
                                   std::pair{o.pri_lines, perf::Signalling::kPri}}) {
    if (lines == 0) continue;
    perf::Scenario s;
    s.lines = lines;
    s.signalling = signalling;
    s.seed = o.seed;
    groups.push_back(s);
  }
  std::string dir = (std::filesystem::temp_directory_path() / "spantsp_soak.XXXXXX").string();
  if (mkdtemp(dir.data()) == nullptr) throw std::runtime_error("cannot create a temp directory");
  const std::filesystem::path config = std::filesystem::path(dir) / "soak.toml";
  std::ofstream(config) << perf::sim_config_text(groups);
  ::setenv("SPANTSP_CONFIG", config.c_str(), 1);
  if (!o.limited_dchannel) ::setenv("SPANTSP_SIM_DCHANNEL", "unlimited", 0);

  host::Host::Options host_options;
  host_options.provider_path = o.provider;
  host::Host session(host_options);
  if (const LONG started = session.start(); started != 0) {
    std::cerr << "spantsp_soak: provider failed to start: " << host::describe_result(started)
              << "\n  " << session.last_error() << "\n";
    std::filesystem::remove_all(dir);
    return host::kExitProviderFailed;
  }

  Totals t;
  const auto start = Clock::now();
  const auto elapsed = [&start] {
    return std::chrono::duration<double>(Clock::now() - start).count();
  };
  std::uint64_t last_finished = 0;
  std::string broken;  // the first invariant that broke
  for (;;) {
    const double left_s = o.duration_s > 0 ? o.duration_s - elapsed() : o.round_s;
    if (left_s <= 0 || (o.calls > 0 && t.finished() >= o.calls)) break;
    ++t.rounds;
    perf::FaultInjector faults(session, o.faults_per_second, o.seed * 1'000'003 + t.rounds,
                               fault_kinds(o.only));
    host::CallCenterOptions cc;
    cc.duration = std::chrono::milliseconds(
        static_cast<std::int64_t>(std::min(o.round_s, left_s) * 1000) + 1);
    cc.max_calls = o.calls > 0 ? o.calls - t.finished() : 0;
    cc.outbound_per_second = INFINITY;
    cc.dial_mix = {{"99005550000", "99005559999", 8},   // answered at once
                   {"99175550000", "99175559999", 1},   // busy
                   {"99195550000", "99195559999", 1}};  // rings until our ring timeout
    cc.hold_mean = std::chrono::milliseconds(static_cast<std::int64_t>(o.hold_s * 1000));
    cc.ring_timeout = std::chrono::milliseconds(static_cast<std::int64_t>(o.ring_timeout_s * 1000));
    cc.seed = o.seed + t.rounds;
    host::CallCenter job(session, cc);
    const Totals before = t;
    host::CallCenterHooks hooks;
    hooks.line_handles = [&](const std::vector<host::LineHandle>& handles) {
      faults.start(session.lines(), handles);
    };
    hooks.every_second = [&](const host::CallCenterStats& s) {
      if (o.quiet) return;
      const std::uint64_t finished = before.finished() + s.finished();
      std::fprintf(stderr,
                   "%7.0fs  round %llu  calls %llu (%llu/s)  failed %llu  busy %u/%u  faults "
                   "%llu  restarts %llu  leaked %llu  violations %zu  rss %.1f MiB\n",
                   elapsed(), static_cast<unsigned long long>(t.rounds),
                   static_cast<unsigned long long>(finished),
                   static_cast<unsigned long long>(finished - last_finished),
                   static_cast<unsigned long long>(before.failed + s.failed), s.lines_busy,
                   s.lines_open,
                   static_cast<unsigned long long>(before.faults.total() + faults.counts().total()),
                   static_cast<unsigned long long>(t.provider_restarts),
                   static_cast<unsigned long long>(t.leaked_slots), session.violation_count(),
                   static_cast<double>(perf::process_usage().resident_bytes) / 1048576.0);
      last_finished = finished;
    };
    hooks.before_close = [&](const host::CallCenterStats& s) {
      faults.stop();  // before the lines close: its thread uses their handles
      t.closes_with_calls_in_flight += s.lines_busy;
    };
    const host::CallCenterStats s = job.run(hooks);
    faults.stop();
    t.placed += s.placed;
    t.completed += s.completed;
    t.failed += s.failed;
    t.offered += s.offered;
    t.make_call_errors += s.make_call_errors;
    add(t.faults, faults.counts());

    const std::int64_t in_use = calls_in_use(session);
    if (in_use != 0) {
      t.leaked_slots += in_use > 0 ? static_cast<std::uint64_t>(in_use) : 1;
      broken = "call slots in use after round " + std::to_string(t.rounds) + ": " +
               std::to_string(in_use);
    }
    if (session.violation_count() != 0 && broken.empty()) broken = "contract violations";
    if (o.restart_every > 0 && t.rounds % o.restart_every == 0) {
      session.stop();
      if (const LONG again = session.start(); again != 0) {
        broken = "the provider did not start again: " + host::describe_result(again);
        break;
      }
      ++t.provider_restarts;
    }
    t.rss_last = perf::process_usage().resident_bytes;
    if (t.rounds <= o.warmup_rounds) {
      t.rss_warm_max = std::max(t.rss_warm_max, t.rss_last);
    } else {
      t.rss_max = std::max(t.rss_max, t.rss_last);
      if (t.rss_max > t.rss_warm_max + static_cast<std::uint64_t>(o.rss_growth_mib * 1048576.0) &&
          broken.empty()) {
        broken = "resident memory grew past the warm-up maximum by more than " +
                 std::to_string(o.rss_growth_mib) + " MiB";
      }
    }
    if (!broken.empty()) break;
  }
  session.stop();
  std::filesystem::remove_all(dir);
  const double seconds = elapsed();
  const std::size_t violations = session.violation_count();
  const json report = report_json(o, t, seconds, violations);
  if (!o.json_path.empty()) {
    std::ofstream out(o.json_path);
    out << report.dump(2) << "\n";
    if (!out) {
      std::cerr << "spantsp_soak: cannot write --json " << o.json_path << "\n";
      return host::kExitUsage;
    }
  }
  std::printf("spantsp_soak: %s\n", report.dump().c_str());
  for (const host::Violation& v : session.violations()) {
    std::cerr << "spantsp_soak: contract violation " << host::to_string(v) << "\n";
  }
  if (violations != 0) return host::kExitViolations;
  if (!broken.empty()) {
    std::cerr << "spantsp_soak: invariant broken: " << broken << "\n";
    return kExitInvariant;
  }
  if (o.calls > 0 && t.finished() < o.calls) {
    std::cerr << "spantsp_soak: " << t.finished() << " of " << o.calls << " calls finished\n";
    return kExitInvariant;
  }
  return host::kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "spantsp_soak: calls at full rate on ideal and PRI spans with random faults, checking "
      "the provider's invariants all along (perf/README.md, \"Fault soak\")"};
  Options o;
  app.add_option("--provider", o.provider, "Path of the provider (.tsp)")
      ->capture_default_str()
      ->check(CLI::ExistingFile);
  app.add_option("--ideal-lines", o.ideal_lines, "Lines on ideal T1 spans (24 a span)")
      ->capture_default_str()
      ->check(CLI::Range(0u, 7000u));
  app.add_option("--pri-lines", o.pri_lines, "Lines on T1 PRI spans (23 a span)")
      ->capture_default_str()
      ->check(CLI::Range(0u, 7000u));
  app.add_option("--calls", o.calls, "Stop after this many finished calls (0: no limit)")
      ->capture_default_str()
      ->check(host::non_negative());
  app.add_option("--duration", o.duration_s, "Seconds to run (0: no limit)")
      ->capture_default_str()
      ->check(host::non_negative());
  app.add_option("--round", o.round_s,
                 "Seconds a round lasts (each ends with lineClose on lines with calls in flight)")
      ->capture_default_str()
      ->check(CLI::Range(0.1, 86400.0));
  app.add_option("--restart-every", o.restart_every,
                 "Shut the provider down and initialise it again every N rounds (0: never)")
      ->capture_default_str()
      ->check(host::non_negative());
  app.add_option("--faults", o.faults_per_second, "Faults injected per second over all spans")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 10000.0));
  app.add_option("--only", o.only,
                 "Inject only these faults (comma-separated: red_alarm, yellow_alarm, blue_alarm, "
                 "dchannel_loss, dropped_frames, corrupt_frames, glare, far_end_clear, "
                 "channel_restart, span_restart, channel_service)")
      ->delimiter(',')
      ->check(CLI::Validator(
          [](std::string& name) {
            return perf::fault_by_name(name) == perf::Fault::kCount
                       ? "'" + name + "' is not a fault (see --help)"
                       : std::string();
          },
          "FAULT"));
  app.add_option("--hold", o.hold_s, "Mean seconds a connected call is held (exponential)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 3600.0));
  app.add_option("--ring-timeout", o.ring_timeout_s,
                 "Seconds before we give up on a call not answered (0: never)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 3600.0));
  app.add_option("--warmup-rounds", o.warmup_rounds,
                 "Rounds whose resident memory sets the baseline")
      ->capture_default_str()
      ->check(host::non_negative());
  app.add_option("--rss-growth-mib", o.rss_growth_mib,
                 "Resident memory allowed above the warm-up maximum")
      ->capture_default_str()
      ->check(host::non_negative());
  app.add_option("--seed", o.seed, "Seed of the faults and the application's choices")
      ->capture_default_str()
      ->check(host::non_negative());
  app.add_flag("--limited-dchannel", o.limited_dchannel,
               "Keep the sim's 64 kb/s PRI D channel (default: unlimited)");
  app.add_option("--json", o.json_path, "Write the report as JSON to this file");
  app.add_flag("--quiet", o.quiet, "No progress line");
  CLI11_PARSE(app, argc, argv);
  if (o.duration_s <= 0 && o.calls == 0) {
    std::cerr << "spantsp_soak: give --duration or --calls\n";
    return host::kExitUsage;
  }
  if (o.ideal_lines + o.pri_lines == 0) {
    std::cerr << "spantsp_soak: --ideal-lines and --pri-lines are both 0: no line to call on\n";
    return host::kExitUsage;
  }
  try {
    return run(o);
  } catch (const std::exception& error) {
    std::cerr << "spantsp_soak: " << error.what() << "\n";
    return host::kExitUsage;
  }
}
