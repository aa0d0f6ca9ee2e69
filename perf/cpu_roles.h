#pragma once
// The load tool's CPU accounting by role (issue 17 §1), so "our side" excludes what a real
// switch would spend:
// - per thread: CPU time from the thread's CPU clock and voluntary / involuntary context
//   switches from /proc/self/task/<tid>/status, over the steady window; threads are classed
//   by name (spantsp-w* span workers, spantsp-upcalls the dispatcher, the rest the host and
//   its application);
// - within a thread: a SIGPROF on the thread's own CPU-time timer samples who is running —
//   the host (tools/tapihost/code_scope.h), or in provider code the role a
//   pipeline::perf_role::Scope wrote: provider, sim far end (switch + its libpri), sim wire
//   (D-channel line, audio crossover). Each thread's CPU time is split by its samples (the
//   kernel checks CPU timers at its tick, so overruns weight each sample);
// - D-channel frames sent (span workers count them into their slot), for wake-ups per frame.
//
// The executable exports spantsp_perf_role_slot() (pipeline/perf_role.h): only the load tool
// links this file.
//
// Threads: start() and stop() from one thread (the application's); the signal handler runs on
// the sampled threads and touches only fixed arrays. One CpuRoles at a time per process.

#include <time.h>

#include <cstdint>
#include <string>
#include <vector>

namespace spantsp::perf {

enum class CpuRole : unsigned { kProvider = 0, kFarEnd = 1, kSimWire = 2, kHost = 3 };
inline constexpr unsigned kCpuRoles = 4;
const char* cpu_role_name(CpuRole role);

struct ThreadCpu {
  int tid = 0;
  std::string name;
  double cpu_seconds = 0;
  std::uint64_t voluntary_switches = 0;
  std::uint64_t involuntary_switches = 0;
  double samples[kCpuRoles] = {};  // weighted by timer overruns
  // This thread's CPU seconds charged to `role`: by its samples, or whole to its class's
  // default role (span workers and the dispatcher: provider; others: host) when none came.
  double cpu_of(CpuRole role) const;
  bool provider_thread() const;  // a span worker or the dispatcher
};

struct CpuRolesReport {
  std::vector<ThreadCpu> threads;  // those alive at start() and at stop()
  std::uint64_t dchannel_frames = 0;
  double seconds(CpuRole role) const;
};

// Our PRI spans' admission checks so far, summed over the span workers' slots
// (pipeline/perf_role.h count_admission); any thread, at any time.
struct AdmissionTotals {
  std::uint64_t checks = 0;       // new outgoing calls checked
  std::uint64_t backlog_sum = 0;  // D-channel backlog (frames) each saw, summed
  std::uint64_t backlog_max = 0;  // the largest any saw
  std::uint64_t refusals = 0;     // refused at the bound (LINEERR_RESOURCEUNAVAIL)
};
AdmissionTotals admission_totals();

class CpuRoles {
 public:
  CpuRoles() = default;
  ~CpuRoles();
  CpuRoles(const CpuRoles&) = delete;
  CpuRoles& operator=(const CpuRoles&) = delete;

  // Arms a sampling timer on every thread of the process now (every `interval_us` of each
  // thread's own CPU time) and reads their counters. Returns false when it cannot sample
  // (then stop() still reports per-thread CPU).
  bool start(std::uint32_t interval_us = 1000);
  CpuRolesReport stop();

 private:
  struct Started {
    int tid = 0;
    std::string name;
    timer_t timer{};
    bool timer_armed = false;
    double cpu_seconds = 0;
    std::uint64_t voluntary = 0;
    std::uint64_t involuntary = 0;
  };
  std::vector<Started> started_;
  std::uint64_t frames_at_start_ = 0;
  bool running_ = false;
};

}  // namespace spantsp::perf
