// ivr: the IVR example (tools/ivr/ivr_app.h) on the provider through the host library.
//   ivr --config config/sim-4e1-pri.toml --menu tools/ivr/menu.toml --prompts DIR --duration 20
// Prints the totals every second and at the end; exit code 3 when the host saw a contract
// violation, 1 for a bad command line or menu file, 2 when the provider does not start.

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>

#include "platform/process.h"
#include "tools/ivr/ivr_app.h"
#include "tools/tapihost/cli_defaults.h"
#include "tools/tapihost/host.h"
#include "tools/tapihost/violation.h"

namespace {

spantsp::ivr::Ivr* g_running = nullptr;

extern "C" void on_signal(int) {
  if (g_running != nullptr) g_running->request_stop();
}

}  // namespace

int main(int argc, char** argv) {
  using namespace spantsp;
  CLI::App app{"SpanTSP IVR example: menu, prompts, voicemail on every line"};
  std::string provider = host::kDefaultProvider;
  std::string config, menu_path, prompt_dir, voicemail_dir;
  double duration = 20.0;
  bool quiet = false;
  app.add_option("--provider", provider, "the provider (spantsp.tsp)")->capture_default_str();
  app.add_option("--config", config, "the provider's configuration (SPANTSP_CONFIG)");
  app.add_option("--menu", menu_path, "the menu (TOML)")->required();
  app.add_option("--prompts", prompt_dir, "directory of the prompt files (overrides the menu)");
  app.add_option("--voicemail", voicemail_dir, "folder for recorded messages (overrides the menu)");
  app.add_option("--duration", duration, "seconds to run (0: until Ctrl-C)")->capture_default_str();
  app.add_flag("--quiet", quiet, "only the final totals");
  CLI11_PARSE(app, argc, argv);

  ivr::Menu menu;
  std::vector<ivr::MenuError> errors;
  if (!ivr::load_menu(menu_path, menu, errors)) {
    for (const auto& e : errors) std::cerr << "ivr: " << e.text() << "\n";
    return host::kExitUsage;
  }
  if (!prompt_dir.empty()) menu.prompt_dir = prompt_dir;
  if (!voicemail_dir.empty()) menu.voicemail_dir = voicemail_dir;
  ivr::PromptSet prompts;
  prompts.load(menu);
  for (const auto& e : prompts.errors()) {
    std::cerr << "ivr: prompt " << e << " (calls needing it take the error branch)\n";
  }

  if (!config.empty()) {
    platform::set_env("SPANTSP_CONFIG", std::filesystem::absolute(config).string());
  }
  host::Host::Options options;
  options.provider_path = provider;
  host::Host session(options);
  if (const LONG rc = session.start(); rc != 0) {
    std::cerr << "ivr: provider failed to start (" << rc << "): " << session.last_error() << "\n";
    return host::kExitProviderFailed;
  }
  ivr::Ivr ivr(session, menu, prompts,
               {std::chrono::milliseconds(static_cast<long long>(duration * 1000))});
  g_running = &ivr;
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  const ivr::IvrStats stats = ivr.run([&](const ivr::IvrStats& s) {
    if (!quiet) {
      std::cout << ivr::summary_line(s) << " violations " << session.violation_count() << std::endl;
    }
  });
  g_running = nullptr;
  session.stop();
  const std::size_t violations = session.violation_count();
  std::cout << "ivr totals:\n"
            << "  " << ivr::summary_line(stats) << "\n"
            << "  calls answered:      " << stats.answered << "\n"
            << "  prompts played:      " << stats.prompts_played << "\n"
            << "  digits by choice:   ";
  for (const auto& [digit, count] : stats.digits) {
    const ivr::Choice* choice = menu.find(digit);
    std::cout << " " << digit << "(" << (choice != nullptr ? choice->name : "invalid")
              << ")=" << count;
  }
  std::cout << "\n  messages recorded:   " << stats.messages_recorded << " (in "
            << menu.voicemail_dir.string() << ")\n"
            << "  transfers:           " << stats.transfers << " (lineBlindTransfer; "
            << stats.transfer_fallbacks
            << " sales/support callers whose line could not transfer heard \"unavailable\", then "
               "were hung up)\n"
            << "  contract violations: " << violations << std::endl;
  for (const host::Violation& v : session.violations()) {
    std::cerr << "ivr: contract violation " << host::to_string(v) << "\n";
  }
  return violations == 0 ? host::kExitOk : host::kExitViolations;
}
