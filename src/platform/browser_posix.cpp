#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <thread>

#include "platform/browser.h"

extern char** environ;

namespace spantsp::platform {

bool has_desktop() {
  const char* x11 = std::getenv("DISPLAY");
  const char* wayland = std::getenv("WAYLAND_DISPLAY");
  return (x11 != nullptr && *x11 != '\0') || (wayland != nullptr && *wayland != '\0');
}

bool open_url(const std::string& command, const std::string& url) {
  const std::string program = command.empty() ? std::string("xdg-open") : command;
  const char* argv[] = {program.c_str(), url.c_str(), nullptr};
  pid_t pid = 0;
  // posix_spawn, not system(): the URL never passes through a shell.
  if (::posix_spawnp(&pid, program.c_str(), nullptr, nullptr, const_cast<char* const*>(argv),
                     environ) != 0) {
    return false;
  }
  std::thread([pid] { ::waitpid(pid, nullptr, 0); }).detach();
  return true;
}

}  // namespace spantsp::platform
