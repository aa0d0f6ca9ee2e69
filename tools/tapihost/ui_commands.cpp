#include "tools/tapihost/ui_commands.h"

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <thread>

#include "platform/process.h"
#include "tools/tapihost/call_center.h"
#include "tools/tapihost/cli_checks.h"
#include "tools/tapihost/cli_defaults.h"
#include "tools/tapihost/host.h"
#include "tools/tapihost/lineerr_name.h"
#include "tools/tapihost/ui_host.h"

namespace spantsp::host {
namespace {

struct UiOptions {
  std::string provider = kDefaultProvider;
  std::string config;
  DWORD permanent_provider_id = 1;
  DWORD device_id = 0;
  bool assume_yes = false;
};

void add_options(CLI::App& command, UiOptions& options) {
  command.add_option("--provider", options.provider, "Path of the provider (.tsp) to load")
      ->capture_default_str();
  // Not ExistingFile: install creates it.
  command.add_option("--config", options.config,
                     "Configuration file of the provider (exported as SPANTSP_CONFIG)");
  command
      .add_option("--permanent-provider-id", options.permanent_provider_id,
                  "dwPermanentProviderID passed to the UI DLL")
      ->capture_default_str();
}

// Runs `call` on a UiHost; prints the result; sets the exit code.
template <class Call>
void run(const UiOptions& options, const char* what, int& exit_code, Call&& call) {
  if (options.provider.empty()) {
    std::cerr << "tapihost: no provider: pass --provider PATH\n";
    exit_code = 1;
    return;
  }
  if (!options.config.empty()) {
    platform::set_env("SPANTSP_CONFIG", std::filesystem::absolute(options.config).string());
  }
  UiHost ui({options.provider, options.permanent_provider_id});
  if (!ui.ready()) {
    std::cerr << "tapihost: " << ui.last_error() << "\n";
    exit_code = 2;
    return;
  }
  const LONG result = call(ui);
  if (result == 0) {
    std::cout << "tapihost: " << what << ": ok\n";
    exit_code = 0;
  } else {
    std::cerr << "tapihost: " << what << " failed: " << describe_result(result) << "\n";
    exit_code = 2;
  }
}

}  // namespace

void add_ui_commands(CLI::App& app, int& exit_code) {
  auto install = std::make_shared<UiOptions>();
  CLI::App* c = app.add_subcommand(
      "install", "TUISPI_providerInstall: create a default configuration (lineAddProvider)");
  add_options(*c, *install);
  c->callback([install, &exit_code] {
    run(*install, "TUISPI_providerInstall", exit_code,
        [](UiHost& ui) { return ui.provider_install(); });
  });

  auto remove = std::make_shared<UiOptions>();
  c = app.add_subcommand("remove",
                         "TUISPI_providerRemove: delete what install created (lineRemoveProvider)");
  add_options(*c, *remove);
  // Without --yes the UI DLL asks on its page (printing the URL) and Cancel fails the remove.
  c->add_flag("--yes", remove->assume_yes, "Answer the UI DLL's confirmation with Remove");
  c->callback([remove, &exit_code] {
    if (remove->assume_yes) platform::set_env("SPANTSP_UI_CONFIRM", "yes");
    run(*remove, "TUISPI_providerRemove", exit_code,
        [](UiHost& ui) { return ui.provider_remove(); });
  });

  auto config = std::make_shared<UiOptions>();
  c = app.add_subcommand("config",
                         "TUISPI_providerConfig: serve the configuration page and line monitor "
                         "on 127.0.0.1 until saved, cancelled or timed out (SPANTSP_UI_TIMEOUT_S)");
  add_options(*c, *config);
  c->callback([config, &exit_code] {
    run(*config, "TUISPI_providerConfig", exit_code,
        [](UiHost& ui) { return ui.provider_config(); });
  });

  // The main job with the monitor open: TAPISRV's session (Host) runs the call-center job
  // while the application side (UiHost) shows the configuration page and live line grid.
  struct MonitorOptions {
    UiOptions ui;
    double hold_s = 20;
    double outbound_rate = 0;
    double duration_s = 0;
  };
  auto monitor = std::make_shared<MonitorOptions>();
  c = app.add_subcommand("monitor",
                         "Run the call-center job on every line with the configuration page and "
                         "live line monitor open; stops when the page is closed (saved/cancelled)");
  add_options(*c, monitor->ui);
  c->add_option("--hold", monitor->hold_s, "Mean seconds a connected call is kept")
      ->capture_default_str()
      ->check(host::non_negative());
  c->add_option("--outbound-rate", monitor->outbound_rate, "Outbound calls per second")
      ->capture_default_str()
      ->check(host::non_negative());
  c->add_option("--duration", monitor->duration_s, "Seconds to run (0: until the page closes)")
      ->capture_default_str()
      ->check(host::non_negative());
  c->callback([monitor, &exit_code] {
    const UiOptions& o = monitor->ui;
    if (!o.config.empty()) {
      platform::set_env("SPANTSP_CONFIG", std::filesystem::absolute(o.config).string());
    }
    Host::Options host_options;
    host_options.provider_path = o.provider;
    host_options.permanent_provider_id = o.permanent_provider_id;
    Host session(host_options);
    if (const LONG started = session.start(); started != 0) {
      std::cerr << "tapihost: provider failed to start: " << describe_result(started) << "\n";
      exit_code = 2;
      return;
    }
    CallCenterOptions job_options;
    job_options.hold_mean =
        std::chrono::milliseconds(static_cast<std::int64_t>(monitor->hold_s * 1000));
    job_options.outbound_per_second = monitor->outbound_rate;
    job_options.duration =
        std::chrono::milliseconds(static_cast<std::int64_t>(monitor->duration_s * 1000));
    CallCenter job(session, job_options);
    LONG dialog_result = 0;
    std::thread dialog([&] {
      run(o, "TUISPI_providerConfig", exit_code,
          [&](UiHost& ui) { return dialog_result = ui.provider_config(); });
      job.request_stop();
    });
    const CallCenterStats stats = job.run();
    dialog.join();
    session.stop();
    std::cout << "tapihost: monitor: " << stats.offered << " offered, " << stats.answered
              << " answered, " << stats.failed << " failed in " << stats.elapsed_seconds << " s\n";
  });

  auto line = std::make_shared<UiOptions>();
  c = app.add_subcommand("line-config",
                         "TUISPI_lineConfigDialog: the configuration page opened on one line");
  add_options(*c, *line);
  c->add_option("device", line->device_id, "Line device ID")->required();
  c->callback([line, &exit_code] {
    run(*line, "TUISPI_lineConfigDialog", exit_code,
        [line](UiHost& ui) { return ui.line_config_dialog(line->device_id); });
  });
}

}  // namespace spantsp::host
