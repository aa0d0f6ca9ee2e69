#pragma once
// Durable file replacement, for configuration files written while a reader may open them
// (file_posix.cpp: fsync + rename; file_windows.cpp: _commit + MoveFileExW). Any thread.

#include <cstdio>
#include <string>

namespace spantsp::platform {

// Flushes `file`'s written data to the disk. Returns false and sets errno on failure.
bool sync_file(std::FILE* file);

// Renames `from` over `to` in one step: a reader sees the old or the new file, never neither.
// Returns false and sets errno on failure.
bool replace_file(const std::string& from, const std::string& to);

}  // namespace spantsp::platform
