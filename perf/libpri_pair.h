#pragma once
// The protocol floor: the bare libpri pair, with nothing of ours in between (t1e1-notes
// §1.10). Two controllers in one thread, CPE (caller) and NET (callee), NI2, created with
// pri_new_cb and exchanging Q.921 frames through in-memory rings. Used by the micro benchmark
// (libpri_pair_bench.cpp) and by the load tool, which reports the end-to-end PRI rate as a
// ratio to this one measured in the same run (issue 5 §4).
//
// One cycle: CPE pri_setup (exclusive B channel, mu-law speech, called and calling number and
// name); NET answers the RING with proceeding + acknowledge + answer; CPE hangs up on ANSWER
// with cause 16; NET pri_hangup on HANGUP_REQ (RELEASE); CPE pri_hangup on HANGUP (RELEASE
// COMPLETE); the cycle counts when NET sees HANGUP_ACK.
//
// The FCS convention (t1e1-notes §1.1): libpri writes 2 trailing octets it does not fill and
// drops the last 2 of what it reads, so moving whole buffers between the two works unchanged.
//
// Threads: one pair belongs to one thread at a time. libpri 1.6 cannot free a controller, so
// the process keeps one pair (shared_libpri_pair()).

#include <cstdint>

namespace spantsp::perf {

class LibpriPair {
 public:
  virtual ~LibpriPair() = default;
  virtual bool up() const = 0;  // both D channels came up
  virtual std::uint64_t cycles() const = 0;
  virtual std::uint64_t frames() const = 0;
  virtual int errors() const = 0;  // libpri error messages so far (process-wide)
  // CPE places a call on B channel `channel` (1..23).
  virtual void place_call(int channel) = 0;
  // Runs both controllers until neither has a frame to read.
  virtual void pump() = 0;
};

LibpriPair& shared_libpri_pair();

struct LibpriPairRate {
  std::uint64_t cycles = 0;
  double wall_seconds = 0;
  double cpu_seconds = 0;  // this thread's CPU time
  double cycles_per_second() const { return wall_seconds > 0 ? cycles / wall_seconds : 0; }
  double cycles_per_cpu_second() const { return cpu_seconds > 0 ? cycles / cpu_seconds : 0; }
};

// Runs rounds of `in_flight` calls (on channels 1..in_flight) for about `seconds`.
// cycles = 0 when the D channel did not come up or a cycle did not complete.
LibpriPairRate measure_libpri_pair(double seconds, int in_flight);

}  // namespace spantsp::perf
