#include "perf/process_usage.h"

#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>

namespace spantsp::perf {

ProcessUsage process_usage() {
  ProcessUsage usage;
  rusage ru{};
  if (getrusage(RUSAGE_SELF, &ru) == 0) {
    usage.cpu_seconds = static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
                        static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1e-6;
    usage.voluntary_switches = static_cast<std::uint64_t>(ru.ru_nvcsw);
    usage.involuntary_switches = static_cast<std::uint64_t>(ru.ru_nivcsw);
  }
  if (std::FILE* statm = std::fopen("/proc/self/statm", "r")) {
    unsigned long long size = 0, resident = 0;
    if (std::fscanf(statm, "%llu %llu", &size, &resident) == 2) {
      usage.resident_bytes = resident * static_cast<std::uint64_t>(sysconf(_SC_PAGESIZE));
    }
    std::fclose(statm);
  }
  return usage;
}

}  // namespace spantsp::perf
