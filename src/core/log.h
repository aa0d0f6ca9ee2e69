#pragma once
// The provider's diagnostic log. TAPISRV has no console, so messages go to the sink chosen by
// $SPANTSP_LOG_FILE (default: stderr), filtered by $SPANTSP_LOG_LEVEL (error, warn, info,
// debug; default info). Thread-safe; never called on the per-call hot path.

#include <cstdarg>
#include <cstdio>

// The format checks of the printf log.cpp really calls: on mingw-w64 that is its C99 printf
// (libstdc++ turns __USE_MINGW_ANSI_STDIO on), so %zu is right there too, not MSVCRT's rules.
#if defined(__MINGW_PRINTF_FORMAT)
#define SPANTSP_PRINTF_FORMAT __MINGW_PRINTF_FORMAT
#else
#define SPANTSP_PRINTF_FORMAT printf
#endif

namespace spantsp::core {

enum class LogLevel { kError = 0, kWarn = 1, kInfo = 2, kDebug = 3 };

bool log_enabled(LogLevel level);
void log(LogLevel level, const char* format, ...)
    __attribute__((format(SPANTSP_PRINTF_FORMAT, 2, 3)));

}  // namespace spantsp::core

#define SPANTSP_LOG_ERROR(...) ::spantsp::core::log(::spantsp::core::LogLevel::kError, __VA_ARGS__)
#define SPANTSP_LOG_WARN(...) ::spantsp::core::log(::spantsp::core::LogLevel::kWarn, __VA_ARGS__)
#define SPANTSP_LOG_INFO(...) ::spantsp::core::log(::spantsp::core::LogLevel::kInfo, __VA_ARGS__)
#define SPANTSP_LOG_DEBUG(...) ::spantsp::core::log(::spantsp::core::LogLevel::kDebug, __VA_ARGS__)
