#include <unistd.h>

#include "platform/file.h"

namespace spantsp::platform {

bool sync_file(std::FILE* file) {
  return std::fflush(file) == 0 && ::fsync(::fileno(file)) == 0;
}

bool replace_file(const std::string& from, const std::string& to) {
  return std::rename(from.c_str(), to.c_str()) == 0;
}

}  // namespace spantsp::platform
