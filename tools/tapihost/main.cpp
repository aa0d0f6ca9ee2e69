// tapihost: runs a TAPI service provider outside Windows the way TAPISRV does, and reports
// what it does against the TSPI contract. Subcommands register themselves in main(); each
// lives in its own add_*_command function with its own options struct.
//
// Thread affinity: single-threaded CLI; the Host it creates runs its own threads.

#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "platform/process.h"
#include "tools/tapihost/alloc_counter.h"
#include "tools/tapihost/call_center.h"
#include "tools/tapihost/cli_checks.h"
#include "tools/tapihost/cli_defaults.h"
#include "tools/tapihost/code_scope.h"
#include "tools/tapihost/far_end_query.h"
#include "tools/tapihost/host.h"
#include "tools/tapihost/inventory_output.h"
#include "tools/tapihost/lineerr_name.h"
#include "tools/tapihost/ui_commands.h"

namespace {

namespace host = spantsp::host;

using host::kDefaultProvider;
using host::kExitOk;
using host::kExitProviderFailed;
using host::kExitUsage;
using host::kExitViolations;

// Options every subcommand that runs a provider shares.
struct ProviderOptions {
  std::string provider = kDefaultProvider;
  std::string config;
  DWORD permanent_provider_id = 1;
  DWORD line_device_id_base = 0;
};

void add_provider_options(CLI::App& command, ProviderOptions& options) {
  command.add_option("--provider", options.provider, "Path of the provider (.tsp) to load")
      ->capture_default_str();
  command
      .add_option("--config", options.config,
                  "Configuration file for the provider (exported as SPANTSP_CONFIG)")
      ->check(CLI::ExistingFile);
  command
      .add_option("--permanent-provider-id", options.permanent_provider_id,
                  "dwPermanentProviderID passed to the provider")
      ->capture_default_str();
  command
      .add_option("--device-id-base", options.line_device_id_base,
                  "dwLineDeviceIDBase passed to TSPI_providerInit")
      ->capture_default_str();
}

// Loads and starts the provider; prints why on failure. Null with `exit_code` set then.
std::unique_ptr<host::Host> start_host(const ProviderOptions& options, int& exit_code) {
  if (options.provider.empty()) {
    std::cerr << "tapihost: no provider: pass --provider PATH\n";
    exit_code = kExitUsage;
    return nullptr;
  }
  if (!options.config.empty()) {
    spantsp::platform::set_env("SPANTSP_CONFIG",
                               std::filesystem::absolute(options.config).string());
  }
  host::Host::Options host_options;
  host_options.provider_path = options.provider;
  host_options.permanent_provider_id = options.permanent_provider_id;
  host_options.line_device_id_base = options.line_device_id_base;
  auto session = std::make_unique<host::Host>(host_options);
  const LONG result = session->start();
  if (result != 0) {
    std::cerr << "tapihost: provider failed to start: " << host::describe_result(result) << "\n";
    if (!session->last_error().empty()) std::cerr << "  " << session->last_error() << "\n";
    exit_code = kExitProviderFailed;
    return nullptr;
  }
  return session;
}

// Prints the contract violations the host saw; the exit code says whether there were any.
int report_violations(const host::Host& session) {
  const auto violations = session.violations();
  for (const host::Violation& violation : violations) {
    std::cerr << "tapihost: contract violation " << host::to_string(violation) << "\n";
  }
  return violations.empty() ? kExitOk : kExitViolations;
}

// tapihost lines: the inventory TAPISRV builds at start, as a table or JSON.
void add_lines_command(CLI::App& app, int& exit_code) {
  struct LinesOptions {
    ProviderOptions provider;
    bool json = false;
  };
  auto options = std::make_shared<LinesOptions>();
  CLI::App* command = app.add_subcommand("lines", "Start the provider and list its line devices");
  add_provider_options(*command, options->provider);
  command->add_flag("--json", options->json, "Print JSON instead of a table");
  command->callback([options, &exit_code] {
    auto session = start_host(options->provider, exit_code);
    if (!session) return;
    const auto lines = session->lines();
    if (options->json) {
      nlohmann::json out = host::inventory_json(lines);
      out["provider"] = options->provider.provider;
      out["tspi_version"] = host::version_text(session->provider_version());
      std::cout << out.dump(2) << "\n";
    } else {
      std::cout << host::format_inventory_table(lines);
    }
    session->stop();
    exit_code = report_violations(*session);
  });
}

// Ctrl-C (or SIGTERM) asks the running job to stop; it then shuts down cleanly.
host::CallCenter* g_running = nullptr;
extern "C" void on_stop_signal(int) {
  if (g_running != nullptr) g_running->request_stop();
}

// tapihost run: the call-center job. Opens every line, answers what the far end offers, keeps
// each call for a hold time, places outbound calls at a rate, prints a line a second and a
// final report.
void add_run_command(CLI::App& app, int& exit_code) {
  struct RunOptions {
    ProviderOptions provider;
    double duration_s = 0;
    std::uint64_t max_calls = 0;
    std::string outbound_rate = "0";
    std::string dial = "5551000-5551999";
    double hold_s = 30;
    bool no_answer = false;
    double deflect_share = 0;
    std::string deflect_to = "5559000";
    double transfer_share = 0;
    std::string transfer_to = "5559100";
    std::uint64_t seed = 1;
    bool quiet = false;
    bool json = false;
    bool menu = false;
    double menu_timeout_s = 5;
  };
  auto o = std::make_shared<RunOptions>();
  CLI::App* command = app.add_subcommand("run", "Run the call-center job on every line");
  add_provider_options(*command, o->provider);
  command
      ->add_option("--duration", o->duration_s, "Seconds to run (0: until Ctrl-C or --max-calls)")
      ->capture_default_str()
      ->check(host::non_negative());
  command
      ->add_option("--max-calls", o->max_calls, "Stop after this many finished calls (0: no limit)")
      ->capture_default_str()
      ->check(host::non_negative());
  command
      ->add_option(
          "--outbound-rate", o->outbound_rate,
          "Outbound calls per second over all lines, or 'max' for as fast as lines free up")
      ->capture_default_str()
      ->check(host::non_negative_or("max"));
  command
      ->add_option("--dial", o->dial, "Outbound numbers, FIRST-LAST (e.g. 99005550000-99005559999)")
      ->capture_default_str()
      ->check(host::number_range());
  command
      ->add_option("--hold", o->hold_s,
                   "Mean seconds we keep a connected call (0: hang up at once)")
      ->capture_default_str()
      ->check(host::non_negative());
  command->add_flag("--no-answer", o->no_answer, "Reject offered calls instead of answering");
  command
      ->add_option("--deflect-share", o->deflect_share,
                   "Share of offered calls deflected (lineRedirect) instead of answered, where "
                   "the line can")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0));
  command->add_option("--deflect-to", o->deflect_to, "Number offered calls are deflected to")
      ->capture_default_str()
      ->check(host::number_range());
  command
      ->add_option("--transfer-share", o->transfer_share,
                   "Share of answered calls transferred to --transfer-to (consultation call, "
                   "then lineCompleteTransfer; else lineBlindTransfer), where the line can")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0));
  command->add_option("--transfer-to", o->transfer_to, "Number answered calls are transferred to")
      ->capture_default_str()
      ->check(host::number_range());
  command->add_option("--seed", o->seed, "Seed of the application's random choices")
      ->capture_default_str()
      ->check(host::non_negative());
  command->add_flag("--quiet", o->quiet, "No per-second progress lines");
  command->add_flag("--json", o->json, "Print the final report as JSON");
  command->add_flag("--menu", o->menu,
                    "IVR menu: ask each answered caller for a digit, route and count by it");
  command
      ->add_option("--menu-timeout", o->menu_timeout_s,
                   "Seconds the menu waits for the caller's first digit")
      ->capture_default_str();
  command->callback([o, &exit_code] {
    host::HostCodeScope host_code;
    auto session = start_host(o->provider, exit_code);
    if (!session) return;
    host::CallCenterOptions options;
    options.duration = std::chrono::milliseconds(static_cast<std::int64_t>(o->duration_s * 1000));
    options.max_calls = o->max_calls;
    options.outbound_per_second =
        o->outbound_rate == "max" ? INFINITY : std::stod(o->outbound_rate);
    const auto dash = o->dial.find('-');
    options.dial_first = o->dial.substr(0, dash);
    options.dial_last = dash == std::string::npos ? options.dial_first : o->dial.substr(dash + 1);
    options.hold_mean = std::chrono::milliseconds(static_cast<std::int64_t>(o->hold_s * 1000));
    options.answer_incoming = !o->no_answer;
    options.deflect_share = o->deflect_share;
    options.deflect_to = o->deflect_to;
    options.transfer_share = o->transfer_share;
    options.transfer_to = o->transfer_to;
    options.seed = o->seed;
    options.menu = o->menu;
    options.menu_timeout =
        std::chrono::milliseconds(static_cast<std::int64_t>(o->menu_timeout_s * 1000));

    host::CallCenter job(*session, options);
    g_running = &job;
    std::signal(SIGINT, on_stop_signal);
    std::signal(SIGTERM, on_stop_signal);
    // Allocations are counted from the first second on: steady state, not start-up.
    // A run shorter than a second is measured whole (lines were opened before it started).
    host::AllocationCount first_allocs = host::allocation_count();
    std::uint64_t first_ended = 0;
    double first_elapsed = 0;
    bool have_first = false;
    host::CallCenterHooks hooks;
    // Digits confirmed: the sim far end tells what it heard of the routing digits.
    if (o->menu) {
      hooks.far_end_heard = [&](host::LineHandle line) {
        return host::ask_far_end_heard(*session, line);
      };
    }
    hooks.every_second = [&](const host::CallCenterStats& s) {
      if (!have_first) {
        first_allocs = host::allocation_count();
        first_ended = s.ended;
        first_elapsed = s.elapsed_seconds;
        have_first = true;
      }
      if (!o->quiet) std::cout << host::summary_line(s) << std::endl;
    };
    const auto stats = job.run(hooks);
    const host::AllocationCount last_allocs = host::allocation_count();
    g_running = nullptr;
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    session->stop();

    // Per call: every call that ended, transferred and consultation calls included.
    const std::uint64_t steady_calls = stats.ended - first_ended;
    const double steady_seconds = stats.elapsed_seconds - first_elapsed;
    const double rate = steady_seconds > 0 ? static_cast<double>(steady_calls) / steady_seconds
                        : stats.elapsed_seconds > 0
                            ? static_cast<double>(stats.ended) / stats.elapsed_seconds
                            : 0.0;
    const bool counted = host::allocation_counter_available() && steady_calls > 0;
    const double allocs_per_call =
        counted ? static_cast<double>(last_allocs.provider - first_allocs.provider) /
                      static_cast<double>(steady_calls)
                : -1.0;
    const auto violations = session->violation_count();
    if (o->json) {
      nlohmann::json out = {{"seconds", stats.elapsed_seconds},
                            {"offered", stats.offered},
                            {"answered", stats.answered},
                            {"deflected", stats.deflected},
                            {"deflect_refused", stats.deflect_refused},
                            {"transferred", stats.transferred},
                            {"transferred_consult", stats.transferred_consult},
                            {"transfer_refused", stats.transfer_refused},
                            {"placed", stats.placed},
                            {"outbound_connected", stats.outbound_connected},
                            {"completed", stats.completed},
                            {"failed", stats.failed},
                            {"make_call_errors", stats.make_call_errors},
                            {"calls_per_second", rate},
                            {"lines", stats.lines_open},
                            {"violations", violations}};
      if (o->menu) {
        nlohmann::json choices = nlohmann::json::object();
        for (std::size_t i = 0; i < host::kMenuDigits.size(); ++i) {
          if (stats.menu_choices[i] != 0) {
            choices[std::string(1, host::kMenuDigits[i])] = stats.menu_choices[i];
          }
        }
        out["menu"] = {{"asked", stats.menu_asked},
                       {"choices", choices},
                       {"no_choice", stats.menu_no_choice},
                       {"fax_detected", stats.fax_detected},
                       {"digits_generated", stats.digits_generated},
                       {"digits_confirmed", stats.digits_confirmed}};
      }
      if (counted) out["provider_allocations_per_call"] = allocs_per_call;
      std::cout << out.dump(2) << "\n";
    } else {
      std::printf("\nfinal report after %.1f s on %u lines\n", stats.elapsed_seconds,
                  stats.lines_open);
      std::printf("  incoming: %llu offered, %llu answered, %llu deflected (%llu could not be)\n",
                  static_cast<unsigned long long>(stats.offered),
                  static_cast<unsigned long long>(stats.answered),
                  static_cast<unsigned long long>(stats.deflected),
                  static_cast<unsigned long long>(stats.deflect_refused));
      std::printf("  transfers: %llu made (%llu by consultation), %llu could not be made\n",
                  static_cast<unsigned long long>(stats.transferred),
                  static_cast<unsigned long long>(stats.transferred_consult),
                  static_cast<unsigned long long>(stats.transfer_refused));
      std::printf("  outbound: %llu placed, %llu connected, %llu lineMakeCall errors\n",
                  static_cast<unsigned long long>(stats.placed),
                  static_cast<unsigned long long>(stats.outbound_connected),
                  static_cast<unsigned long long>(stats.make_call_errors));
      std::printf("  calls:    %llu completed, %llu failed, %.0f calls/s in steady state\n",
                  static_cast<unsigned long long>(stats.completed),
                  static_cast<unsigned long long>(stats.failed), rate);
      if (counted) {
        std::printf("  provider heap allocations per call (steady state): %.3f\n", allocs_per_call);
      }
      if (o->menu) {
        std::printf("  menu:     %llu asked, %llu without a choice; by choice:",
                    static_cast<unsigned long long>(stats.menu_asked),
                    static_cast<unsigned long long>(stats.menu_no_choice));
        for (std::size_t i = 0; i < host::kMenuDigits.size(); ++i) {
          if (stats.menu_choices[i] != 0) {
            std::printf(" %c=%llu", host::kMenuDigits[i],
                        static_cast<unsigned long long>(stats.menu_choices[i]));
          }
        }
        std::printf(
            "\n  media:    %llu fax calls detected; %llu digits generated, %llu confirmed "
            "by the far end\n",
            static_cast<unsigned long long>(stats.fax_detected),
            static_cast<unsigned long long>(stats.digits_generated),
            static_cast<unsigned long long>(stats.digits_confirmed));
      }
      std::printf("  contract violations: %zu\n", violations);
    }
    exit_code = report_violations(*session);
  });
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "tapihost: runs a TAPI service provider as TAPISRV would and checks it against "
      "the TSPI contract"};
  app.require_subcommand(1);
  int exit_code = kExitOk;
  add_lines_command(app, exit_code);
  add_run_command(app, exit_code);
  host::add_ui_commands(app, exit_code);
  // CLI11 reports a misspelt command as "A subcommand is required": name it instead.
  if (argc > 1 && argv[1][0] != '-') {
    try {
      app.get_subcommand(argv[1]);
    } catch (const CLI::OptionNotFound&) {
      std::cerr << "tapihost: unknown command '" << argv[1] << "' (see tapihost --help)\n";
      return kExitUsage;
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error);
  } catch (const std::exception& error) {
    std::cerr << "tapihost: " << error.what() << "\n";
    return kExitUsage;
  }
  return exit_code;
}
