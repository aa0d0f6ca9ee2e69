#pragma once
// A virtual clock for libpri's timers (t1e1-notes §1.2): test binaries linked with
// spantsp_pri_core_vclock (the static libpri, -Wl,--wrap=gettimeofday) read gettimeofday()
// through this file, and while a VirtualClock is alive that time is its TimerWheel's clock.
// Advancing the wheel by N ms advances libpri's time by exactly N ms: T303, T309 or Q.921's
// T200/T203 run in virtual time and a test never waits for them.
//
// Threads: the test's thread only; one VirtualClock at a time (it is process-wide state).

#include <cstdint>
#include <string>
#include <vector>

#include "pipeline/timer_wheel.h"
#include "tests/board_drivers/recording_events.h"

namespace spantsp::pri::test {

// A report and the virtual time it came at, in ms since VirtualClock::mark().
struct Timed {
  std::uint64_t at_ms = 0;
  std::string report;
};

class VirtualClock {
 public:
  // gettimeofday() at wheel time 0 (any fixed date: only differences matter to libpri).
  static constexpr std::int64_t kEpochSeconds = 1'700'000'000;

  explicit VirtualClock(pipeline::TimerWheel& wheel);
  ~VirtualClock();
  VirtualClock(const VirtualClock&) = delete;
  VirtualClock& operator=(const VirtualClock&) = delete;

  // Starts the ms count that Timed::at_ms and elapsed_ms() use.
  void mark() { mark_ms_ = wheel_.now_ms(); }
  std::uint64_t elapsed_ms() const { return wheel_.now_ms() - mark_ms_; }

  // Advances wheel and clock together, 1 ms at a time.
  void run_for(std::uint64_t ms);
  // The same, stamping every report `events` records on the way with its virtual time.
  std::vector<Timed> run_for(RecordingEvents& events, std::uint64_t ms);
  // The same, stopping at the end of the first ms that brought a report (at most limit_ms).
  std::vector<Timed> run_until_report(RecordingEvents& events, std::uint64_t limit_ms);
  // Jumps to the wheel's next deadline (no further than `limit_ms` ahead); false if none.
  bool run_to_next_deadline(std::uint64_t limit_ms);

  // gettimeofday() calls answered with virtual time so far: proves the wrap is in place
  // (without it libpri would read the wall clock and its timers would never fire in a test).
  static std::uint64_t virtual_clock_reads();

 private:
  pipeline::TimerWheel& wheel_;
  std::uint64_t mark_ms_ = 0;
};

}  // namespace spantsp::pri::test
