// spantsp_load: the end-to-end load tool of the perf suite (issue 5 §2). It drives the provider
// through the TAPISRV-like host (tools/tapihost) with the call-center application, and reports
// as JSON (--json FILE) and as a human summary:
// - call cycles per second in steady state (after --warmup);
// - board event -> LINEEVENT and TSPI call -> ASYNC_COMPLETION latency, p50/p90/p99/p99.9/max
//   from log-linear histograms (tools/tapihost/latency_histogram.h, nothing stored per
//   sample; the board-event stamp comes through src/pipeline/perf_probe.h);
// - CPU seconds, context switches ("wake-ups") and provider heap allocations per call, over the
//   steady window (getrusage(RUSAGE_SELF): every thread of the process; allocations by
//   tools/tapihost/alloc_counter.h, charged to provider code only);
// - the same CPU by role (perf/cpu_roles.h): our provider, the sim's far end and wire, the
//   host, from per-thread CPU clocks split by sampling; wake-ups (voluntary switches of the
//   provider's threads) per call and per D-channel frame;
// - resident memory per line: RSS with the lines open minus RSS before the provider was
//   loaded, over the number of lines (so it includes the provider's code and static data,
//   which dominate at a few lines: the sweep also reports the marginal figure);
// - contract violations seen by the host's checker (0 expected; "unchecked" with
//   --no-contract-check);
// - a reference measured in the same process right after: the bare libpri pair for PRI, and
//   the span worker -> dispatcher hop against its mutex + condition-variable variant
//   (perf/libpri_pair.h, perf/upcall_hop.h), as ratios.
// A progress line goes to stderr every second.
// --storm R instead runs the call storm benchmark R times (perf/call_storm.h): every line
// offered a call at once, time until the last LINE_NEWCALL + OFFERING reached the application.
//
// Exit codes: 0 ok, 1 usage, 2 the provider failed to start, 3 contract violations,
// 4 calls did not all complete (--calls) or some failed when the mix expects none.

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "config/config_model.h"
#include "perf/call_storm.h"
#include "perf/cpu_roles.h"
#include "perf/digit_stages.h"
#include "perf/load_scenario.h"
#include "perf/process_usage.h"
#include "perf/upcall_hop.h"
#include "tools/tapihost/alloc_counter.h"
#include "tools/tapihost/call_center.h"
#include "tools/tapihost/cli_checks.h"
#include "tools/tapihost/cli_defaults.h"
#include "tools/tapihost/code_scope.h"
#include "tools/tapihost/host.h"
#include "tools/tapihost/lineerr_name.h"
#if defined(SPANTSP_LOAD_LIBPRI)
#include "perf/libpri_pair.h"
#endif

namespace {

namespace host = spantsp::host;
namespace perf = spantsp::perf;
using nlohmann::json;

using host::kDefaultProvider;
using host::kExitOk;
using host::kExitProviderFailed;
using host::kExitUsage;
using host::kExitViolations;
constexpr int kExitIncomplete = 4;  // not every call finished (spantsp_load only)

// The sim far end's test numbers (board_drivers/sim/sim_control.h): "99CC...".
constexpr const char* kAnswerFirst = "99005550000";  // 9900: answered at once
constexpr const char* kAnswerLast = "99005559999";
constexpr const char* kBusyFirst = "99175550000";  // 9917: user busy after PROCEEDING
constexpr const char* kBusyLast = "99175559999";
constexpr const char* kNoAnswerFirst = "99195550000";  // 9919: rings, never answered
constexpr const char* kNoAnswerLast = "99195559999";

struct Options {
  std::string provider = kDefaultProvider;
  std::string config;
  std::uint32_t lines = 96;
  std::string signalling = "ideal";
  std::string span_type = "t1";
  std::string workers = "auto";
  std::int64_t spin_us = -1;
  bool spin_always = false;
  std::string rate = "max";
  double hold_s = 0;
  double ring_timeout_s = 0.5;
  double duration_s = 0;
  std::uint64_t calls = 0;
  double warmup_s = 1.0;
  std::uint64_t seed = 1;
  std::string mix = "1,0,0";
  bool no_contract_check = false;
  bool limited_dchannel = false;
  std::int64_t dchannel_backlog = -1;  // PRI admission bound; -1: the configuration's default
  std::string reference = "auto";
  double reference_s = 1.0;
  std::string json_path;
  std::string label;
  bool quiet = false;
  std::uint32_t storm_rounds = 0;
  double storm_timeout_s = 10;
  bool media = false;
};

// A snapshot of every counter the steady window is the difference of.
struct Mark {
  double elapsed = 0;
  std::uint64_t finished = 0;
  std::uint64_t failed = 0;
  host::AllocationCount allocs;
  perf::ProcessUsage usage;
};

// Calls refused with LINEERR_RESOURCEUNAVAIL (the D-channel admission bound) never started:
// they are neither finished nor failed calls here, or a refusal would count as a cheap cycle.
Mark mark(const host::CallCenterStats& stats) {
  const std::uint64_t refused = stats.make_call_resource_refusals;
  return Mark{stats.elapsed_seconds, stats.finished() - refused, stats.failed - refused,
              host::allocation_count(), perf::process_usage()};
}

json latency_json(const host::LatencySummary& s) {
  return json{{"count", s.count}, {"p50", s.p50},   {"p90", s.p90},
              {"p99", s.p99},     {"p999", s.p999}, {"max", s.max}};
}

std::string micros(std::uint64_t ns) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", static_cast<double>(ns) / 1000.0);
  return text;
}

std::vector<host::DialRange> parse_mix(const std::string& text) {
  std::vector<double> shares;
  std::stringstream in(text);
  std::string part;
  while (std::getline(in, part, ',')) {
    char* end = nullptr;
    const double share = std::strtod(part.c_str(), &end);
    if (part.empty() || end != part.c_str() + part.size() || !std::isfinite(share)) {
      throw std::invalid_argument("--mix: '" + part + "' is not a number");
    }
    shares.push_back(share);
  }
  if (shares.empty() || shares.size() > 3) {
    throw std::invalid_argument("--mix: expected ANSWERED[,BUSY[,NO_ANSWER]] shares");
  }
  shares.resize(3, 0.0);
  double total = 0;
  for (double share : shares) {
    if (share < 0) throw std::invalid_argument("--mix: shares must be >= 0");
    total += share;
  }
  if (total <= 0) throw std::invalid_argument("--mix: the shares add up to 0");
  std::vector<host::DialRange> mix;
  if (shares[0] > 0) mix.push_back({kAnswerFirst, kAnswerLast, shares[0]});
  if (shares[1] > 0) mix.push_back({kBusyFirst, kBusyLast, shares[1]});
  if (shares[2] > 0) mix.push_back({kNoAnswerFirst, kNoAnswerLast, shares[2]});
  return mix;
}

// Writes the generated configuration into a fresh temporary directory; returns its path.
std::filesystem::path write_config(const perf::Scenario& scenario) {
  std::string dir = (std::filesystem::temp_directory_path() / "spantsp_load.XXXXXX").string();
  if (mkdtemp(dir.data()) == nullptr) throw std::runtime_error("cannot create a temp directory");
  const std::filesystem::path path = std::filesystem::path(dir) / "load.toml";
  std::ofstream(path) << perf::sim_config_text(scenario);
  return path;
}

// The same-run references (issue 5 §4), measured after the load run on the same machine.
json measure_references(const Options& o, bool pri, double calls_per_second) {
  json out = json::object();
  const bool all = o.reference == "auto" || o.reference == "all";
  if (o.reference == "none") return out;
  if (all || o.reference == "pipeline") {
    const perf::HopRate dispatcher = perf::measure_dispatcher_hop(o.reference_s);
    const perf::HopRate condvar = perf::measure_condvar_hop(o.reference_s);
    out["pipeline_hop"] = {
        {"dispatcher_upcalls_per_second", dispatcher.per_second()},
        {"dispatcher_wakeups_per_upcall",
         dispatcher.items ? static_cast<double>(dispatcher.wakeups) / dispatcher.items : 0.0},
        {"condvar_upcalls_per_second", condvar.per_second()},
        {"condvar_wakeups_per_upcall",
         condvar.items ? static_cast<double>(condvar.wakeups) / condvar.items : 0.0},
        {"dispatcher_vs_condvar",
         condvar.per_second() > 0 ? dispatcher.per_second() / condvar.per_second() : 0.0},
        {"calls_per_second_vs_condvar_upcalls",
         condvar.per_second() > 0 ? calls_per_second / condvar.per_second() : 0.0}};
  }
#if defined(SPANTSP_LOAD_LIBPRI)
  if ((o.reference == "auto" && pri) || o.reference == "all" || o.reference == "libpri") {
    // 23 in flight: one T1 span's B channels, as the bench's reference row.
    const perf::LibpriPairRate pair = perf::measure_libpri_pair(o.reference_s, 23);
    out["libpri_pair"] = {
        {"cycles_per_second", pair.cycles_per_second()},
        {"cycles_per_cpu_second", pair.cycles_per_cpu_second()},
        {"seconds", pair.wall_seconds},
        {"ratio",
         pair.cycles_per_second() > 0 ? calls_per_second / pair.cycles_per_second() : 0.0}};
  }
#else
  (void)pri;
#endif
  return out;
}

// CPU by role and thread class over the steady window (perf/cpu_roles.h), per call; "ours" is
// the provider's code on every thread, without the sim's far end and wire and without the host.
json roles_json(const perf::CpuRolesReport& r, std::uint64_t calls, bool whole_run,
                const json& reference) {
  if (whole_run || r.threads.empty() || calls == 0) {
    return json{{"measured", false}, {"why", "no steady window (the run ended in its warm-up)"}};
  }
  const double per_call_us = 1e6 / static_cast<double>(calls);
  json out = {{"measured", true}};
  json by_role = json::object();
  for (unsigned i = 0; i < perf::kCpuRoles; ++i) {
    const auto role = static_cast<perf::CpuRole>(i);
    by_role[perf::cpu_role_name(role)] = r.seconds(role) * per_call_us;
  }
  out["us_per_call"] = by_role;
  struct Class {
    const char* name;
    double cpu = 0, samples = 0;
    std::uint64_t threads = 0, voluntary = 0, involuntary = 0;
  };
  Class classes[] = {{"span_workers"}, {"dispatcher"}, {"host_threads"}};
  std::uint64_t provider_voluntary = 0;
  for (const perf::ThreadCpu& t : r.threads) {
    Class& c = t.name == "spantsp-upcalls"         ? classes[1]
               : t.name.rfind("spantsp-w", 0) == 0 ? classes[0]
                                                   : classes[2];
    ++c.threads;
    c.cpu += t.cpu_seconds;
    c.voluntary += t.voluntary_switches;
    c.involuntary += t.involuntary_switches;
    for (double n : t.samples) c.samples += n;
    if (t.provider_thread()) provider_voluntary += t.voluntary_switches;
  }
  json threads = json::object();
  for (const Class& c : classes) {
    threads[c.name] = {
        {"threads", c.threads},
        {"cpu_us_per_call", c.cpu * per_call_us},
        {"voluntary_switches_per_call", static_cast<double>(c.voluntary) / calls},
        {"involuntary_switches_per_call", static_cast<double>(c.involuntary) / calls},
        {"samples", c.samples}};
  }
  out["threads"] = threads;
  out["provider_wakeups_per_call"] = static_cast<double>(provider_voluntary) / calls;
  out["dchannel_frames_per_call"] = static_cast<double>(r.dchannel_frames) / calls;
  if (r.dchannel_frames > 0) {
    out["provider_wakeups_per_dchannel_frame"] =
        static_cast<double>(provider_voluntary) / static_cast<double>(r.dchannel_frames);
  }
  if (reference.contains("libpri_pair")) {
    const double pair_cps = reference["libpri_pair"]["cycles_per_cpu_second"].get<double>();
    if (pair_cps > 0) {
      const double pair_us = 1e6 / pair_cps;  // both ends of the bare pair
      out["libpri_pair_us_per_call"] = pair_us;
      out["provider_vs_libpri_pair"] = by_role["provider"].get<double>() / pair_us;
    }
  }
  return out;
}

void print_summary(const json& r) {
  const json& s = r["steady"];
  const json& m = r["memory"];
  std::printf("\nspantsp_load %s: %u lines, %s, workers %s (%u threads)\n",
              r["label"].get<std::string>().c_str(), r["lines_open"].get<unsigned>(),
              r["scenario"]["signalling"].get<std::string>().c_str(),
              r["scenario"]["workers"].get<std::string>().c_str(),
              r["scenario"]["worker_threads"].get<unsigned>());
  std::printf("  calls: %llu completed, %llu failed, %llu placed in %.1f s\n",
              r["totals"]["completed"].get<unsigned long long>(),
              r["totals"]["failed"].get<unsigned long long>(),
              r["totals"]["placed"].get<unsigned long long>(),
              r["totals"]["seconds"].get<double>());
  std::printf("  steady state (%.1f s, %llu calls): %.0f call cycles/s\n",
              s["seconds"].get<double>(), s["calls"].get<unsigned long long>(),
              s["calls_per_second"].get<double>());
  std::printf(
      "  per call: %.1f us CPU, %.2f context switches (%.2f voluntary), %s provider "
      "allocations\n",
      s["cpu_us_per_call"].get<double>(), s["switches_per_call"].get<double>(),
      s["voluntary_switches_per_call"].get<double>(),
      s.contains("provider_allocations_per_call")
          ? std::to_string(s["provider_allocations_per_call"].get<double>()).c_str()
          : "(not counted)");
  for (const char* name : {"event_to_lineevent", "tspi_call_to_completion", "line_close_call",
                           "digit_end_to_monitordigits", "digit_end_tick_to_monitordigits"}) {
    const json& l = r["latency_ns"][name];
    if (l["count"].get<unsigned long long>() == 0 && std::string(name).starts_with("digit")) {
      continue;  // without --media
    }
    std::printf("  %-24s n=%-9llu p50 %s  p90 %s  p99 %s  p99.9 %s  max %s us\n", name,
                l["count"].get<unsigned long long>(), micros(l["p50"]).c_str(),
                micros(l["p90"]).c_str(), micros(l["p99"]).c_str(), micros(l["p999"]).c_str(),
                micros(l["max"]).c_str());
  }
  if (r.contains("digit_end_stages_ns")) perf::DigitStages::print(r["digit_end_stages_ns"]);
  std::printf(
      "  memory: %.0f bytes per line with the lines open (%.1f MiB over %.1f MiB "
      "before the provider)\n",
      m["bytes_per_line_open"].get<double>(), m["rss_lines_open"].get<double>() / 1048576.0,
      m["rss_before_provider"].get<double>() / 1048576.0);
  std::printf(
      "  resident memory after the warm-up: %+.2f MiB over the window (%+.2f %% per 10 minutes)\n",
      m["rss_growth_in_window"].get<double>() / 1048576.0,
      m["rss_growth_percent_per_10_minutes"].get<double>());
  if (r["contract_checked"].get<bool>()) {
    std::printf("  contract violations: %llu\n", r["violations"].get<unsigned long long>());
  } else {
    std::printf("  contract violations: not checked (--no-contract-check)\n");
  }
  const json& roles = r["cpu_roles"];
  if (roles.value("measured", false)) {
    const json& u = roles["us_per_call"];
    std::printf(
        "  CPU by role per call: provider (ours) %.2f us, sim far end %.2f, sim wire %.2f, "
        "host %.2f\n",
        u["provider"].get<double>(), u["far_end"].get<double>(), u["sim_wire"].get<double>(),
        u["host"].get<double>());
    std::printf("  provider wake-ups per call %.3f",
                roles["provider_wakeups_per_call"].get<double>());
    if (roles.contains("provider_wakeups_per_dchannel_frame")) {
      std::printf(", per D-channel frame %.4f (%.1f frames per call)",
                  roles["provider_wakeups_per_dchannel_frame"].get<double>(),
                  roles["dchannel_frames_per_call"].get<double>());
    }
    std::printf("\n");
    if (roles.contains("provider_vs_libpri_pair")) {
      std::printf("  ours / bare libpri pair per-call CPU: %.2f (pair %.2f us per call)\n",
                  roles["provider_vs_libpri_pair"].get<double>(),
                  roles["libpri_pair_us_per_call"].get<double>());
    }
  }
  if (r.contains("dchannel_admission")) {
    const json& a = r["dchannel_admission"];
    std::printf(
        "  D-channel admission (bound %lld frames): %llu calls refused (%llu in the window); "
        "backlog new calls met: mean %.1f in the window, max %llu\n",
        a["bound"].get<long long>(), a["refused"].get<unsigned long long>(),
        a["refused_in_window"].get<unsigned long long>(), a["backlog_mean_in_window"].get<double>(),
        a["backlog_max"].get<unsigned long long>());
  }
  const json& ref = r["reference"];
  if (ref.contains("libpri_pair")) {
    std::printf("  reference: bare libpri pair %.0f cycles/s; this run / libpri = %.3f\n",
                ref["libpri_pair"]["cycles_per_second"].get<double>(),
                ref["libpri_pair"]["ratio"].get<double>());
  }
  if (ref.contains("pipeline_hop")) {
    std::printf("  reference: upcall hop dispatcher %.0f/s, mutex+condvar %.0f/s (ratio %.2f)\n",
                ref["pipeline_hop"]["dispatcher_upcalls_per_second"].get<double>(),
                ref["pipeline_hop"]["condvar_upcalls_per_second"].get<double>(),
                ref["pipeline_hop"]["dispatcher_vs_condvar"].get<double>());
  }
}

// Writes the report to `path` (nothing when empty); false, with a message, when it cannot.
bool write_json(const std::string& path, const json& report) {
  if (path.empty()) return true;
  std::ofstream out(path);
  out << report.dump(2) << "\n";
  if (!out) std::cerr << "spantsp_load: cannot write " << path << "\n";
  return static_cast<bool>(out);
}

// The call storm (--storm): rounds of every line offered a call at once; the figure of each
// round is the time from just before the storm controls were posted until the last line's
// LINE_NEWCALL + OFFERING reached the application.
int run_storm(const Options& o, host::Host& session, const perf::Scenario& scenario,
              const perf::ProcessUsage& before_provider) {
  const perf::StormReport storm = perf::run_call_storm(
      session, o.storm_rounds,
      std::chrono::milliseconds(static_cast<std::int64_t>(o.storm_timeout_s * 1000)));
  const perf::ProcessUsage after = perf::process_usage();
  session.stop();
  const std::size_t violations = session.violation_count();
  json rounds = json::array();
  std::vector<double> last;
  bool complete = storm.error.empty() && !storm.rounds.empty();
  for (const perf::StormRound& r : storm.rounds) {
    rounds.push_back({{"offered", r.offered},
                      {"complete", r.complete},
                      {"post_us", r.post_us},
                      {"first_us", r.first_us},
                      {"median_us", r.median_us},
                      {"last_us", r.last_us}});
    last.push_back(r.last_us);
    complete = complete && r.complete;
  }
  std::sort(last.begin(), last.end());
  json report = {{"label", o.label},
                 {"scenario",
                  {{"lines", o.lines},
                   {"signalling", o.signalling},
                   {"span_type", o.span_type},
                   {"spans", perf::span_count(scenario)},
                   {"workers", o.workers},
                   {"cores", std::thread::hardware_concurrency()}}},
                 {"storm",
                  {{"lines", storm.lines},
                   {"spans", storm.spans},
                   {"rounds", rounds},
                   {"complete", complete},
                   {"error", storm.error},
                   {"last_us_median", last.empty() ? 0.0 : last[last.size() / 2]},
                   {"last_us_max", last.empty() ? 0.0 : last.back()},
                   {"goal_us", 10'000}}},
                 {"memory",
                  {{"rss_before_provider", static_cast<double>(before_provider.resident_bytes)},
                   {"rss_end", static_cast<double>(after.resident_bytes)}}},
                 {"contract_checked", !o.no_contract_check},
                 {"violations", violations}};
  if (!write_json(o.json_path, report)) return kExitUsage;
  std::printf("\nspantsp_load %s: call storm, %zu lines on %zu spans, %zu rounds\n",
              o.label.c_str(), storm.lines, storm.spans, storm.rounds.size());
  for (const perf::StormRound& r : storm.rounds) {
    std::printf(
        "  round: %zu offered%s; controls posted in %.1f us; NEWCALL+OFFERING first %.1f, "
        "median %.1f, last %.1f us\n",
        r.offered, r.complete ? "" : " (INCOMPLETE)", r.post_us, r.first_us, r.median_us,
        r.last_us);
  }
  if (!last.empty()) {
    std::printf("  last OFFERING: median of rounds %.1f us, max %.1f us (goal <= 10000 us)\n",
                last[last.size() / 2], last.back());
  }
  if (!storm.error.empty()) std::cerr << "spantsp_load: storm: " << storm.error << "\n";
  for (const host::Violation& v : session.violations()) {
    std::cerr << "spantsp_load: contract violation " << host::to_string(v) << "\n";
  }
  if (violations != 0) return kExitViolations;
  return complete ? kExitOk : kExitIncomplete;
}

int run(const Options& o) {
  host::HostCodeScope host_code;
  const perf::ProcessUsage before_provider = perf::process_usage();

  perf::Scenario scenario;
  scenario.lines = o.lines;
  scenario.signalling = o.signalling == "pri" ? perf::Signalling::kPri : perf::Signalling::kIdeal;
  scenario.span_type = o.span_type == "e1" ? perf::SpanType::kE1 : perf::SpanType::kT1;
  scenario.workers = o.workers;
  scenario.spin_us = o.spin_us;
  scenario.spin_always = o.spin_always;
  scenario.seed = o.seed;
  scenario.media = o.media;
  scenario.dchannel_backlog = o.dchannel_backlog;
  const bool pri = scenario.signalling == perf::Signalling::kPri;

  std::filesystem::path config = o.config;
  std::filesystem::path generated_dir;
  if (config.empty()) {
    config = write_config(scenario);
    generated_dir = config.parent_path();
  }
  ::setenv("SPANTSP_CONFIG", std::filesystem::absolute(config).c_str(), 1);
  // The sim's PRI D channel runs at 64 kb/s like a real one, which caps a span at a few
  // hundred calls/s: the load tool measures the software, not the wire, unless asked.
  if (!o.limited_dchannel) ::setenv("SPANTSP_SIM_DCHANNEL", "unlimited", 0);

  host::Host::Options host_options;
  host_options.provider_path = o.provider;
  host_options.check_contract = !o.no_contract_check;
  host::Host session(host_options);
  const LONG started = session.start();
  if (started != 0) {
    std::cerr << "spantsp_load: provider failed to start: " << host::describe_result(started)
              << "\n  " << session.last_error() << "\n";
    if (!generated_dir.empty()) std::filesystem::remove_all(generated_dir);
    return kExitProviderFailed;
  }

  if (o.storm_rounds > 0) {
    const int code = run_storm(o, session, scenario, before_provider);
    if (!generated_dir.empty()) std::filesystem::remove_all(generated_dir);
    return code;
  }

  host::CallCenterOptions cc;
  if (o.duration_s > 0) {
    cc.duration = std::chrono::milliseconds(static_cast<std::int64_t>(o.duration_s * 1000));
  }
  cc.max_calls = o.calls;
  cc.outbound_per_second = o.rate == "max" ? INFINITY : std::stod(o.rate);
  cc.dial_mix = parse_mix(o.mix);
  cc.hold_mean = std::chrono::milliseconds(static_cast<std::int64_t>(o.hold_s * 1000));
  cc.ring_timeout = std::chrono::milliseconds(static_cast<std::int64_t>(o.ring_timeout_s * 1000));
  cc.seed = o.seed;
  // --media: every connected call monitors DTMF and DTMFEND; the far party keys digits.
  if (o.media) cc.monitor_digit_modes = LINEDIGITMODE_DTMF | LINEDIGITMODE_DTMFEND;
  host::CallCenter job(session, cc);
  // Digit end -> LINE_MONITORDIGITS(DTMFEND) at the application, from the time of the digit's
  // end on the wire as our side received it: the first sample of the 2 ms window in which the
  // tone's power fell 12 dB (src/media/digit_detector.h; tested to within 2 ms of the true end
  // in tests/media/digit_end_test.cpp). The provider's probe hands that sample's time over to
  // the microsecond (Message::stages.wire_ns); dwParam3 has it only as the TSPI tick count
  // (the span worker's steady clock in ms, low 32 bits, rounded down), which adds up to 1 ms to
  // the figure: that one is kept apart as digit_end_tick_to_monitordigits. Not when the
  // far end queued the digits: its frames reach our rx one frame later (the wire's elastic
  // store), which is the wire's, not the provider's, delay. The far end plays clean digits
  // (silence after each), so spandsp's later end (noise or speech after a digit) never
  // decides here. Taken from the job's arrival time in ns on the same clock.
  host::LatencyHistogram digit_end;
  host::LatencyHistogram digit_end_tick;
  perf::DigitStages digit_stages;  // the same figure split stage by stage (digit_stages.h)

  Mark lines_mark, start_mark, end_mark;
  bool window_open = false;
  bool window_whole = false;
  std::uint64_t last_finished = 0;
  perf::CpuRoles roles;
  perf::CpuRolesReport roles_report;
  auto open_window = [&](const host::CallCenterStats& s) {
    roles.start();
    start_mark = mark(s);
    session.latency().event_delivery.reset();
    session.latency().request_completion.reset();
    session.latency().close_call.reset();
    digit_end.reset();
    digit_end_tick.reset();
    digit_stages.reset();
    window_open = true;
  };
  host::CallCenterHooks hooks;
  hooks.monitor_digit = [&](const host::Message& m) {
    if (!window_open || m.param2 != LINEDIGITMODE_DTMFEND) return;
    const auto now_ns =
        static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                       std::chrono::steady_clock::now().time_since_epoch())
                                       .count());
    const auto now_ms = static_cast<std::uint32_t>(now_ns / 1'000'000);
    const std::uint32_t since_ms = now_ms - static_cast<std::uint32_t>(m.param3);
    if (since_ms >= 60'000) return;
    const std::uint64_t tick_latency = std::uint64_t{since_ms} * 1'000'000 + now_ns % 1'000'000;
    const std::uint64_t wire_ns = m.stages.wire_ns;
    const std::uint64_t latency =
        wire_ns != 0 && wire_ns <= now_ns ? now_ns - wire_ns : tick_latency;
    digit_end.record(latency);
    digit_end_tick.record(tick_latency);
    digit_stages.record(m, now_ns - latency, now_ns);
  };
  hooks.lines_open = [&](const host::CallCenterStats& s) {
    lines_mark = mark(s);
    if (o.warmup_s <= 0) open_window(s);
  };
  // The D-channel backlog new calls met, second by second (PRI): mean and refusals.
  json admission_seconds = json::array();
  perf::AdmissionTotals admission_last = perf::admission_totals();
  perf::AdmissionTotals admission_window;
  hooks.every_second = [&](const host::CallCenterStats& s) {
    if (!window_open && s.elapsed_seconds >= o.warmup_s) {
      open_window(s);
      admission_window = perf::admission_totals();
    }
    if (pri) {
      const perf::AdmissionTotals now = perf::admission_totals();
      const std::uint64_t checks = now.checks - admission_last.checks;
      admission_seconds.push_back(
          {{"t", s.elapsed_seconds},
           {"checks", checks},
           {"backlog_mean",
            checks > 0 ? static_cast<double>(now.backlog_sum - admission_last.backlog_sum) /
                             static_cast<double>(checks)
                       : 0.0},
           {"refused", now.refusals - admission_last.refusals}});
      admission_last = now;
    }
    if (!o.quiet) {
      const auto event = session.latency().event_delivery.summary();
      std::fprintf(stderr,
                   "%6.1fs  calls %9llu  %8llu/s  failed %llu  busy %u/%u  event p99 %s us  "
                   "rss %.2f MiB  violations %zu%s\n",
                   s.elapsed_seconds, static_cast<unsigned long long>(s.finished()),
                   static_cast<unsigned long long>(s.finished() - last_finished),
                   static_cast<unsigned long long>(s.failed), s.lines_busy, s.lines_open,
                   micros(event.p99).c_str(),
                   static_cast<double>(perf::process_usage().resident_bytes) / 1048576.0,
                   session.violation_count(), window_open ? "" : "  (warm-up)");
    }
    last_finished = s.finished();
  };
  hooks.before_close = [&](const host::CallCenterStats& s) {
    // A run that ends inside its warm-up is measured whole, from the lines being open.
    if (!window_open) {
      start_mark = lines_mark;
      window_whole = true;
    }
    end_mark = mark(s);
    roles_report = roles.stop();
    if (window_whole) admission_window = perf::AdmissionTotals{};
  };
  const host::CallCenterStats stats = job.run(hooks);
  const host::LatencySummary event = session.latency().event_delivery.summary();
  const host::LatencySummary completion = session.latency().request_completion.summary();
  const host::LatencySummary close_call = session.latency().close_call.summary();
  session.stop();
  const std::size_t violations = session.violation_count();
  if (!generated_dir.empty()) std::filesystem::remove_all(generated_dir);

  const double seconds = end_mark.elapsed - start_mark.elapsed;
  const std::uint64_t calls = end_mark.finished - start_mark.finished;
  const double per_call = calls > 0 ? 1.0 / static_cast<double>(calls) : 0.0;
  const double rate = seconds > 0 ? static_cast<double>(calls) / seconds : 0.0;
  const double cpu = end_mark.usage.cpu_seconds - start_mark.usage.cpu_seconds;
  const double voluntary =
      static_cast<double>(end_mark.usage.voluntary_switches - start_mark.usage.voluntary_switches);
  const double involuntary = static_cast<double>(end_mark.usage.involuntary_switches -
                                                 start_mark.usage.involuntary_switches);
  json steady = {{"seconds", seconds},
                 {"calls", calls},
                 {"whole_run", window_whole},
                 {"calls_per_second", rate},
                 {"cpu_seconds", cpu},
                 {"cpu_us_per_call", cpu * 1e6 * per_call},
                 {"cpu_cores_busy", seconds > 0 ? cpu / seconds : 0.0},
                 {"switches_per_call", (voluntary + involuntary) * per_call},
                 {"voluntary_switches_per_call", voluntary * per_call},
                 {"involuntary_switches_per_call", involuntary * per_call}};
  if (host::allocation_counter_available() && calls > 0) {
    steady["provider_allocations_per_call"] =
        static_cast<double>(end_mark.allocs.provider - start_mark.allocs.provider) * per_call;
    steady["host_allocations_per_call"] =
        static_cast<double>(end_mark.allocs.host - start_mark.allocs.host) * per_call;
  }
  const double lines = stats.lines_open > 0 ? stats.lines_open : 1;
  const auto rss0 = static_cast<double>(before_provider.resident_bytes);
  json memory = {
      {"rss_before_provider", rss0},
      {"rss_lines_open", static_cast<double>(lines_mark.usage.resident_bytes)},
      {"rss_end", static_cast<double>(end_mark.usage.resident_bytes)},
      {"bytes_per_line_open",
       (static_cast<double>(lines_mark.usage.resident_bytes) - rss0) / lines},
      {"bytes_per_line_end", (static_cast<double>(end_mark.usage.resident_bytes) - rss0) / lines},
      // Growth over the steady window (after the warm-up), and as a rate: the goal is
      // < 1 % per 10 minutes.
      {"rss_window_start", static_cast<double>(start_mark.usage.resident_bytes)},
      {"rss_growth_in_window", static_cast<double>(end_mark.usage.resident_bytes) -
                                   static_cast<double>(start_mark.usage.resident_bytes)},
      {"rss_growth_percent_per_10_minutes",
       seconds > 0 && start_mark.usage.resident_bytes > 0
           ? (static_cast<double>(end_mark.usage.resident_bytes) -
              static_cast<double>(start_mark.usage.resident_bytes)) /
                 static_cast<double>(start_mark.usage.resident_bytes) * 100.0 * 600.0 / seconds
           : 0.0}};

  json report = {{"label", o.label},
                 {"scenario",
                  {{"config", o.config.empty() ? std::string("generated") : o.config},
                   {"lines", o.lines},
                   {"signalling", o.signalling},
                   {"span_type", o.span_type},
                   {"spans", perf::span_count(scenario)},
                   {"workers", o.workers},
                   {"worker_threads", perf::worker_count(scenario)},
                   {"spin_us", o.spin_us},
                   {"spin_always", o.spin_always},
                   {"rate", o.rate},
                   {"hold_s", o.hold_s},
                   {"duration_s", o.duration_s},
                   {"calls", o.calls},
                   {"warmup_s", o.warmup_s},
                   {"seed", o.seed},
                   {"mix", o.mix},
                   {"media", o.media},
                   {"dchannel", pri ? (o.limited_dchannel ? "64 kb/s" : "unlimited") : "n/a"},
                   {"cores", std::thread::hardware_concurrency()}}},
                 {"lines_open", stats.lines_open},
                 {"totals",
                  {{"seconds", stats.elapsed_seconds},
                   {"placed", stats.placed},
                   {"outbound_connected", stats.outbound_connected},
                   {"completed", stats.completed},
                   {"failed", stats.failed},
                   {"make_call_errors", stats.make_call_errors},
                   {"make_call_resource_refusals", stats.make_call_resource_refusals}}},
                 {"steady", steady},
                 {"latency_ns",
                  {{"event_to_lineevent", latency_json(event)},
                   {"tspi_call_to_completion", latency_json(completion)},
                   {"line_close_call", latency_json(close_call)},
                   {"digit_end_to_monitordigits", latency_json(digit_end.summary())},
                   {"digit_end_tick_to_monitordigits", latency_json(digit_end_tick.summary())}}},
                 {"digit_end_stages_ns", digit_stages.to_json()},
                 {"memory", memory},
                 {"contract_checked", !o.no_contract_check},
                 {"violations", violations}};
  if (pri) {
    const perf::AdmissionTotals run_totals = perf::admission_totals();
    const perf::AdmissionTotals end = admission_last;  // as of the last whole second
    const std::uint64_t checks = end.checks - admission_window.checks;
    report["dchannel_admission"] = {
        {"bound", o.dchannel_backlog >= 0
                      ? o.dchannel_backlog
                      : static_cast<std::int64_t>(::spantsp::config::kDefaultDchannelBacklog)},
        {"refused", run_totals.refusals},
        {"refused_in_window", end.refusals - admission_window.refusals},
        {"checks_in_window", checks},
        {"backlog_mean_in_window",
         checks > 0 ? static_cast<double>(end.backlog_sum - admission_window.backlog_sum) /
                          static_cast<double>(checks)
                    : 0.0},
        {"backlog_max", run_totals.backlog_max},
        {"per_second", admission_seconds}};
  }
  report["reference"] = measure_references(o, pri, rate);
  report["cpu_roles"] = roles_json(roles_report, calls, window_whole, report["reference"]);

  if (!write_json(o.json_path, report)) return kExitUsage;
  print_summary(report);

  for (const host::Violation& v : session.violations()) {
    std::cerr << "spantsp_load: contract violation " << host::to_string(v) << "\n";
  }
  if (violations != 0) return kExitViolations;
  const bool only_answered = cc.dial_mix.size() == 1 && cc.dial_mix[0].first == kAnswerFirst;
  const std::uint64_t refused = stats.make_call_resource_refusals;  // retried, never started
  if ((o.calls > 0 && stats.finished() < o.calls) || (only_answered && stats.failed > refused)) {
    std::cerr << "spantsp_load: " << stats.finished() << " of " << o.calls << " calls finished, "
              << stats.failed << " failed\n";
    return kExitIncomplete;
  }
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "spantsp_load: drives the SpanTSP provider through the TAPISRV-like host and "
      "reports throughput, latency percentiles and per-call costs (perf/README.md)"};
  Options o;
  app.add_option("--provider", o.provider, "Path of the provider (.tsp)")->capture_default_str();
  auto* config = app.add_option("--config", o.config,
                                "Use this provider configuration instead of generating one")
                     ->check(CLI::ExistingFile);
  app.add_option("--lines", o.lines, "Lines to generate (spans of 24 T1 / 23 T1 PRI / 30 E1)")
      ->capture_default_str()
      ->check(CLI::Range(1u, 7000u))
      ->excludes(config);
  app.add_option("--signalling", o.signalling, "Generated spans' signalling")
      ->check(CLI::IsMember({"ideal", "pri"}))
      ->capture_default_str();
  app.add_option("--span-type", o.span_type, "Generated spans' type")
      ->check(CLI::IsMember({"t1", "e1"}))
      ->capture_default_str();
  app.add_option("--workers", o.workers,
                 "Worker mapping: auto, per-span (a thread per span), per-core (spans grouped "
                 "onto one worker per core) or a count")
      ->capture_default_str();
  app.add_option("--spin-us", o.spin_us, "[engine] spin_us (-1: the engine's default)")
      ->capture_default_str()
      ->check(CLI::Range(std::int64_t{-1}, std::int64_t{1'000'000}));
  app.add_flag("--spin-always", o.spin_always,
               "[engine] spin_always: spin even when provider threads outnumber cores");
  app.add_option("--rate", o.rate, "Outbound calls per second over all lines, or 'max'")
      ->capture_default_str()
      ->check(host::non_negative_or("max"));
  app.add_option("--hold", o.hold_s, "Mean seconds a connected call is held (exponential)")
      ->capture_default_str()
      ->check(host::non_negative());
  app.add_option("--ring-timeout", o.ring_timeout_s,
                 "Seconds before the caller gives up on a call not answered (0: never)")
      ->capture_default_str()
      ->check(host::non_negative());
  app.add_option("--duration", o.duration_s, "Seconds to run")
      ->capture_default_str()
      ->check(host::non_negative());
  app.add_option("--calls", o.calls, "Stop after this many finished calls (0: no limit)")
      ->capture_default_str()
      ->check(host::non_negative());
  app.add_option("--warmup", o.warmup_s,
                 "Seconds before the steady-state window opens (histograms reset then)")
      ->capture_default_str()
      ->check(host::non_negative());
  app.add_option("--seed", o.seed, "Seed of the application's and the sim's choices")
      ->capture_default_str()
      ->check(host::non_negative());
  app.add_option("--mix", o.mix,
                 "Shares of outbound calls ANSWERED,BUSY,NO_ANSWER (the sim's 9900/9917/9919 "
                 "test numbers)")
      ->capture_default_str();
  app.add_flag("--no-contract-check", o.no_contract_check,
               "Do not feed the host's contract checker (pure-throughput runs)");
  app.add_flag("--limited-dchannel", o.limited_dchannel,
               "Keep the sim's 64 kb/s PRI D channel (default: SPANTSP_SIM_DCHANNEL=unlimited)");
  app.add_option("--dchannel-backlog", o.dchannel_backlog,
                 "PRI spans' admission bound (config dchannel_backlog: frames in the Q.921 queue "
                 "at which new calls are refused; 0: no bound; default: the configuration's, 32)")
      ->check(CLI::Range(0, 1000));
  app.add_option("--reference", o.reference,
                 "Same-run reference: auto (pipeline hop; libpri pair for PRI), all, pipeline, "
                 "libpri, none")
      ->check(CLI::IsMember({"auto", "all", "pipeline", "libpri", "none"}))
      ->capture_default_str();
  app.add_option("--reference-seconds", o.reference_s, "Seconds per reference measurement")
      ->capture_default_str()
      ->check(CLI::Range(0.01, 3600.0));
  app.add_option("--json", o.json_path, "Write the report as JSON to this file");
  app.add_option("--label", o.label, "A name for this run, copied into the report");
  app.add_flag("--quiet", o.quiet, "No progress line");
  app.add_option("--storm", o.storm_rounds,
                 "Run the call storm benchmark this many times instead of the call center "
                 "(every line offered a call at once; ideal spans)")
      ->check(CLI::Range(0u, 1000u));
  app.add_option("--storm-timeout", o.storm_timeout_s, "Seconds a storm round may take at most")
      ->capture_default_str()
      ->check(CLI::Range(0.01, 600.0));
  app.add_flag("--media", o.media,
               "Sound on every call: the far party keys 10 DTMF digits after answering and "
               "listens; every call monitors DTMF/DTMFEND (digit-end latency, allocations and "
               "memory with media on)");
  CLI11_PARSE(app, argc, argv);
  if (o.duration_s <= 0 && o.calls == 0 && o.storm_rounds == 0) {
    std::cerr << "spantsp_load: give --duration or --calls\n";
    return kExitUsage;
  }
  try {  // the values checked only by their parsers, before any provider is loaded
    parse_mix(o.mix);
    perf::Scenario workers;
    workers.workers = o.workers;
    perf::worker_count(workers);
  } catch (const std::exception& error) {
    std::cerr << "spantsp_load: " << error.what() << "\n";
    return kExitUsage;
  }
  if (o.provider.empty()) {
    std::cerr << "spantsp_load: no provider: pass --provider PATH\n";
    return kExitUsage;
  }
  try {
    return run(o);
  } catch (const std::exception& error) {
    std::cerr << "spantsp_load: " << error.what() << "\n";
    return kExitUsage;
  }
}
