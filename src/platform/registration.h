#pragma once
// Telling the system where the installed configuration is, for TUISPI_providerInstall/Remove
// (tspi-contract §7). Windows: the ConfigFile value of HKLM\SOFTWARE\SpanTSP, where an
// administrator and paths.h look (registration_windows.cpp). POSIX: nothing to record, the
// path is fixed (registration_posix.cpp). Runs on the provider's UI channel thread.

#include <string>

namespace spantsp::platform {

// Records `config_path` as the installed configuration. Returns false with `error` set.
bool register_config_path(const std::string& config_path, std::string& error);

// Deletes the record (absent is not an error). Returns false with `error` set.
bool unregister_config_path(std::string& error);

// The recorded path, or empty.
std::string registered_config_path();

}  // namespace spantsp::platform
