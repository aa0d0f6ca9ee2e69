#pragma once
// What span workers hand to the dispatcher: one record per upcall to TAPISRV, plus the two
// control records that order teardown behind the upcalls already queued. Plain values, copied
// through the event queue; nothing here points into a worker's private state except the call
// directory, whose slots outlive every record that names them.

#include <atomic>
#include <chrono>
#include <cstdint>

#include "platform/futex.h"
#include "tspi/abi/tspi_abi.h"

namespace spantsp::pipeline {

// A TSPI thread waits on a fence until every upcall queued before it has been made
// (lineClose / lineCloseCall must not return while anything for them is pending). One waiter
// (wait), one releaser (the dispatcher, release). On the platform futex (platform/futex.h), not
// std::binary_semaphore: outside Linux, libstdc++ 12's semaphore waits through its
// condition-variable waiter pool, and the contract tests under Wine hung in acquire(). The
// waiter re-checks the word every kRecheck, so even a lost wake-up only delays it.
struct Fence {
  static constexpr std::chrono::milliseconds kRecheck{50};

  void release() {
    passed.store(1, std::memory_order_release);
    platform::futex_wake_one(passed);  // the address only: the Fence may be gone already
  }
  void wait() {
    while (passed.load(std::memory_order_acquire) == 0) platform::futex_wait(passed, 0, kRecheck);
  }

  std::atomic<std::uint32_t> passed{0};
};

struct Upcall {
  enum class Kind : std::uint8_t {
    kCompletion,  // ASYNC_COMPLETION(request, result)
    kLineEvent,   // LINEEVENT(ht_line, 0, msg, p1, p2, p3)
    kCallEvent,   // LINEEVENT(ht_line, <call's htCall>, msg, p1, p2, p3); dropped if stale
    kNewCall,     // LINE_NEWCALL: p2 becomes &call.ht_call, TAPI writes its handle there
    kFence,       // release `fence` once everything before it is delivered
    kFreeCall,    // return the call slot (if it still holds call_generation) to the pool once
                  // everything before it is delivered; p1 = 1: TAPI closed it already
                  // (lineCloseCall's fast path)
    kSettled,     // the call is IDLE and its worker has handled p1 commands for it: record
                  // that, once everything before it is delivered (lineCloseCall's fast path)
  };

  Kind kind = Kind::kCompletion;
  DWORD msg = 0;
  DWORD_PTR p1 = 0, p2 = 0, p3 = 0;
  HTAPILINE ht_line = nullptr;
  LINEEVENT event_proc = nullptr;
  std::uint32_t call_index = 0;
  std::uint32_t call_generation = 0;
  DRV_REQUESTID request = 0;
  LONG result = 0;
  Fence* fence = nullptr;
  // When the board event that produced it reached the span worker (pipeline/perf_probe.h);
  // 0 when not probing or not produced by a board event.
  std::uint64_t stamp_ns = 0;
  // A media event's sample on the wire, its frame's due time and when that frame's tick began
  // (perf_probe::MediaStages); 0 otherwise.
  std::uint64_t wire_ns = 0;
  std::uint64_t frame_due_ns = 0;
  std::uint64_t tick_ns = 0;
};

}  // namespace spantsp::pipeline
