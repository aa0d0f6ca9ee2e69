#pragma once
// What the load tool reads of its own process (issue 5 §2): CPU time and context switches
// from getrusage(RUSAGE_SELF) (every thread of the process, the provider's included), and
// the resident set from /proc/self/statm.
//
// Threads: any thread.

#include <cstdint>

namespace spantsp::perf {

struct ProcessUsage {
  double cpu_seconds = 0;                  // user + system
  std::uint64_t voluntary_switches = 0;    // ru_nvcsw: a thread blocked (a wake-up follows)
  std::uint64_t involuntary_switches = 0;  // ru_nivcsw: a thread was preempted
  std::uint64_t resident_bytes = 0;        // 0 when /proc is not there
};

ProcessUsage process_usage();

}  // namespace spantsp::perf
