#include <io.h>
#include <windows.h>

#include <cerrno>

#include "platform/file.h"
#include "platform/wide_path.h"

namespace spantsp::platform {

bool sync_file(std::FILE* file) {
  return std::fflush(file) == 0 && _commit(_fileno(file)) == 0;
}

bool replace_file(const std::string& from, const std::string& to) {
  // The CRT's rename fails when `to` exists; MoveFileEx replaces it.
  if (MoveFileExW(to_wide(from).c_str(), to_wide(to).c_str(),
                  MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH)) {
    return true;
  }
  errno = GetLastError() == ERROR_ACCESS_DENIED ? EACCES : EIO;
  return false;
}

}  // namespace spantsp::platform
