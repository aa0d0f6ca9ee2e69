// tapihost: runs a TAPI service provider outside Windows the way TAPISRV does, and reports
// what it does against the TSPI contract. Subcommands register themselves in main(); each
// lives in its own add_*_command function with its own options struct.
//
// Thread affinity: single-threaded CLI; the Host it creates runs its own threads.

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "tools/tapihost/host.h"
#include "tools/tapihost/inventory_output.h"
#include "tools/tapihost/lineerr_name.h"

namespace {

namespace host = spantsp::host;

#ifdef SPANTSP_DEFAULT_PROVIDER
constexpr const char* kDefaultProvider = SPANTSP_DEFAULT_PROVIDER;
#else
constexpr const char* kDefaultProvider = "";
#endif

// Exit codes: scripts tell a provider that fails to start from one that breaks the contract.
constexpr int kExitOk = 0;
constexpr int kExitUsage = 1;
constexpr int kExitProviderFailed = 2;
constexpr int kExitViolations = 3;

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
  command.add_option("--config", options.config,
                     "Configuration file for the provider (exported as SPANTSP_CONFIG)")
      ->check(CLI::ExistingFile);
  command.add_option("--permanent-provider-id", options.permanent_provider_id,
                     "dwPermanentProviderID passed to the provider")
      ->capture_default_str();
  command.add_option("--device-id-base", options.line_device_id_base,
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
    ::setenv("SPANTSP_CONFIG", std::filesystem::absolute(options.config).c_str(), 1);
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

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"tapihost: runs a TAPI service provider as TAPISRV would and checks it against "
               "the TSPI contract"};
  app.require_subcommand(1);
  int exit_code = kExitOk;
  add_lines_command(app, exit_code);
  // Later: run (the call-center job), config, ...
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
