#pragma once
// The perf suite's CPU accounting by role (issue 17 §1): which part of a span worker's time is
// ours and which is the simulated switch's. The sim far end (board_drivers/sim), its libpri
// and the simulated wire (board_drivers/io/sim) run on the same span worker as our signalling
// and the core, so per-thread CPU alone cannot tell them apart.
//
// The provider exports nothing for it. A host that wants the split (the load tool,
// perf/cpu_roles.h) exports `extern "C" ThreadSlot* spantsp_perf_role_slot()`, returning a
// ThreadSlot that belongs to the calling thread; the host samples its role on the thread's
// CPU-time timer and reads its counters at the end of a window. The first Scope in a module
// looks the export up (the PRI module is its own shared object with its own copy of this
// code); each thread fetches its slot at its first Scope. Without the export (TAPISRV, the
// tests) a Scope costs one relaxed load.
//
// Threads: a Scope and count_dchannel_frame() on the thread they describe. No allocation.

#include <atomic>
#include <cstdint>

namespace spantsp::pipeline::perf_role {

enum class Role : std::uint8_t {
  kProvider = 0,  // the default: the core, our signalling modules, our libpri
  kFarEnd = 1,    // the simulated switch: board_drivers/sim (its libpri included)
  kSimWire = 2,   // the simulated I/O: D-channel line, ABCD and audio crossover
};

// Shared with the host (same layout on both sides); written by its own thread only.
struct ThreadSlot {
  std::atomic<std::uint8_t> role{0};
  std::atomic<std::uint64_t> dchannel_frames{0};  // frames sent on the sim D-channel
  // Our PRI spans' D-channel backlog (frames in libpri's Q.921 queue) at each new outgoing
  // call's admission check, and the calls refused at the configured bound.
  std::atomic<std::uint64_t> backlog_samples{0};
  std::atomic<std::uint64_t> backlog_sum{0};
  std::atomic<std::uint64_t> backlog_max{0};
  std::atomic<std::uint64_t> admission_refusals{0};
};

namespace detail {
enum : std::uint8_t { kUnknown = 0, kOn = 1, kOff = 2 };
extern std::atomic<std::uint8_t> g_state;
ThreadSlot* slot();  // this thread's slot (looked up on first use), or null
inline ThreadSlot* active_slot() {
  return g_state.load(std::memory_order_relaxed) == kOff ? nullptr : slot();
}
}  // namespace detail

// One D-channel frame sent (wake-ups per frame are counted against these).
inline void count_dchannel_frame() {
  if (ThreadSlot* slot = detail::active_slot()) {
    slot->dchannel_frames.store(slot->dchannel_frames.load(std::memory_order_relaxed) + 1,
                                std::memory_order_relaxed);
  }
}

// One admission check of a new outgoing call on a span whose D-channel holds `backlog` frames;
// `refused` when it was at the bound.
inline void count_admission(std::uint64_t backlog, bool refused) {
  if (ThreadSlot* slot = detail::active_slot()) {
    const auto bump = [](std::atomic<std::uint64_t>& a, std::uint64_t by) {
      a.store(a.load(std::memory_order_relaxed) + by, std::memory_order_relaxed);
    };
    bump(slot->backlog_samples, 1);
    bump(slot->backlog_sum, backlog);
    if (backlog > slot->backlog_max.load(std::memory_order_relaxed)) {
      slot->backlog_max.store(backlog, std::memory_order_relaxed);
    }
    if (refused) bump(slot->admission_refusals, 1);
  }
}

class Scope {
 public:
  explicit Scope(Role role) : slot_(detail::active_slot()) {
    if (slot_ == nullptr) return;
    previous_ = slot_->role.load(std::memory_order_relaxed);
    slot_->role.store(static_cast<std::uint8_t>(role), std::memory_order_relaxed);
  }
  ~Scope() {
    if (slot_ != nullptr) slot_->role.store(previous_, std::memory_order_relaxed);
  }
  Scope(const Scope&) = delete;
  Scope& operator=(const Scope&) = delete;

 private:
  ThreadSlot* slot_;
  std::uint8_t previous_ = 0;
};

}  // namespace spantsp::pipeline::perf_role
