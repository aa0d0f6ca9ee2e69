#include <windows.h>
// After windows.h, which it needs.
#include <shlobj.h>

#include "platform/paths.h"
#include "platform/registration.h"
#include "platform/wide_path.h"

namespace spantsp::platform {
namespace {

std::string program_data_dir() {
  PWSTR folder = nullptr;
  std::string dir = "C:\\ProgramData";
  if (SHGetKnownFolderPath(FOLDERID_ProgramData, 0, nullptr, &folder) == S_OK) {
    dir = from_wide(folder);
  }
  CoTaskMemFree(folder);
  return dir + "\\SpanTSP";
}

}  // namespace

std::string default_config_path() {
  if (std::string registered = registered_config_path(); !registered.empty()) return registered;
  return program_data_dir() + "\\spantsp.toml";
}

std::string default_log_path() {
  return program_data_dir() + "\\spantsp.log";
}

}  // namespace spantsp::platform
