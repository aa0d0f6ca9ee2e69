#pragma once
// The process's environment and identity (process_posix.cpp, process_windows.cpp). set_env is
// for single-threaded set-up (the host's command line, before any provider thread runs).

#include <string>

namespace spantsp::platform {

// Sets (overwrites) environment variable `name`.
void set_env(const std::string& name, const std::string& value);

// Removes environment variable `name` (getenv then returns null).
void unset_env(const std::string& name);

// This process's id, e.g. to name a temporary file no other process picks.
unsigned long process_id();

}  // namespace spantsp::platform
