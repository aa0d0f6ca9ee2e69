#pragma once
// The configuration TUISPI_providerInstall writes (core/ui_config_store.h): one simulated board
// with one E1 span of 30 lines, PRI (pri_cpe, EuroISDN) when the provider can run PRI spans,
// else the same span with `ideal` signalling, so the default always starts (the Windows build
// has no PRI module: README "Windows"). Pure; any thread.

#include <string>

namespace spantsp::config {

std::string default_configuration(bool pri_available);

}  // namespace spantsp::config
