#pragma once
// What a span worker runs: one span's strand. The provider's span logic implements it; the
// worker owns the thread, the timers and the sleeping.
//
// Every method runs on the owning worker's thread only (the span's state has one writer).

#include <cstddef>
#include <cstdint>

#include "pipeline/timer_wheel.h"

namespace spantsp::pipeline {

class SpanTask {
 public:
  virtual ~SpanTask() = default;

  // Called once on the worker thread before anything else: the timers this span uses.
  virtual void attach(TimerWheel& timers) = 0;
  // Processes at most `budget` queued commands and whatever the board has; returns how much
  // work was done (0 = idle).
  virtual std::size_t run(std::uint64_t now_ms, std::size_t budget) = 0;
  // True when a command may be waiting (checked after announcing sleep).
  virtual bool has_commands() const = 0;
  // Called on the worker thread at stop, after the last run(): release the board.
  virtual void detach() = 0;
};

}  // namespace spantsp::pipeline
