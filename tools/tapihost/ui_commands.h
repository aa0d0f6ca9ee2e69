#pragma once
// tapihost's UI DLL subcommands (tspi-contract §1.1, §7): install, remove, config,
// line-config N. Each plays the application + TAPI side of one TUISPI_* call through UiHost.

#include <CLI/CLI.hpp>

namespace spantsp::host {

// Registers the subcommands on `app`; each sets `exit_code` (0 ok, 1 usage, 2 the provider or
// its UI DLL failed).
void add_ui_commands(CLI::App& app, int& exit_code);

}  // namespace spantsp::host
