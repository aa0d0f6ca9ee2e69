#include "core/log.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <mutex>
#include <string>

#include "platform/paths.h"

namespace spantsp::core {
namespace {

struct Sink {
  std::mutex mutex;
  std::FILE* file = stderr;
  LogLevel level = LogLevel::kInfo;

  Sink() {
    // Unset: the platform's default, which is stderr on POSIX (platform/paths.h).
    const char* from_env = std::getenv("SPANTSP_LOG_FILE");
    const std::string path =
        from_env != nullptr && *from_env ? std::string(from_env) : platform::default_log_path();
    if (!path.empty()) {
      if (std::FILE* f = std::fopen(path.c_str(), "a")) file = f;
    }
    if (const char* lvl = std::getenv("SPANTSP_LOG_LEVEL"); lvl && *lvl) {
      if (!std::strcmp(lvl, "error"))
        level = LogLevel::kError;
      else if (!std::strcmp(lvl, "warn"))
        level = LogLevel::kWarn;
      else if (!std::strcmp(lvl, "debug"))
        level = LogLevel::kDebug;
    }
  }
};

Sink& sink() {
  static Sink instance;  // first use, thread-safe
  return instance;
}

constexpr const char* kLevelNames[] = {"error", "warn", "info", "debug"};

}  // namespace

bool log_enabled(LogLevel level) {
  return level <= sink().level;
}

void log(LogLevel level, const char* format, ...) {
  Sink& s = sink();
  if (level > s.level) return;
  char text[1024];
  va_list args;
  va_start(args, format);
  std::vsnprintf(text, sizeof text, format, args);
  va_end(args);
  std::lock_guard lock(s.mutex);
  std::fprintf(s.file, "spantsp %s: %s\n", kLevelNames[static_cast<int>(level)], text);
  std::fflush(s.file);
}

}  // namespace spantsp::core
