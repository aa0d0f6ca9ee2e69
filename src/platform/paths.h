#pragma once
// Where an administrator finds the provider's files on this platform (paths_posix.cpp,
// paths_windows.cpp). $SPANTSP_CONFIG and $SPANTSP_LOG_FILE override these (config_loader.h,
// core/log.cpp). Any thread; reads the environment (and, on Windows, the registry) per call.

#include <string>

namespace spantsp::platform {

// POSIX: /etc/spantsp/spantsp.toml. Windows: the file named by the ConfigFile value of
// HKLM\SOFTWARE\SpanTSP (written by TUISPI_providerInstall), else
// %ProgramData%\SpanTSP\spantsp.toml.
std::string default_config_path();

// The log file used when $SPANTSP_LOG_FILE is unset, or empty for stderr. POSIX: empty (the
// host's or the service manager's stderr). Windows: spantsp.log in %ProgramData%\SpanTSP\, as
// TAPISRV, a service, has no console.
std::string default_log_path();

}  // namespace spantsp::platform
