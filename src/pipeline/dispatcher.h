#pragma once
// The one thread that calls TAPISRV back (DESIGN.md §3 "Dispatcher", tspi-contract §8).
//
// Contract:
// - Each producer (a span worker) has its own bounded ring, preallocated at construction
//   (`capacity` upcalls each: the Engine sizes it from the worker's lines). Per producer the
//   ring is FIFO, so per call (a call belongs to one worker) upcalls leave in the order the
//   worker produced them — the completion of lineMakeCall before that call's first
//   LINE_CALLSTATE. Nothing is allocated after construction.
// - publish() never loses an upcall and never grows a queue (DESIGN.md §3): when the ring is
//   full it wakes the dispatcher and backs off (pipeline/backoff.h) until the dispatcher has
//   made room, counted in backpressure(). The dispatcher never waits for a worker, so the
//   wait ends as soon as the upcalls ahead are made.
// - Producers call notify() once after a batch; the dispatcher sleeps only when every ring is
//   empty, and is woken only then.
// - Upcalls are made one at a time, from this thread only, with no provider lock held; so
//   they never overlap and never come from a TSPI caller's thread.
// - Call events resolve their htCall through CallRegistry at delivery time, dropping events
//   of a call whose slot moved on (closed) or whose LINE_NEWCALL TAPI refused with NULL.
// - When the host exports a latency sink (pipeline/perf_probe.h), each upcall's board-event
//   stamp is handed to it right before the upcall is made; a stage sink also gets a media
//   event's stages (perf_probe::MediaStages), the time this thread took it from its ring
//   included.

#include <atomic>
#include <cstdint>
#include <memory>
#include <thread>
#include <vector>

#include "pipeline/command_ring.h"
#include "pipeline/perf_probe.h"
#include "pipeline/upcall.h"
#include "pipeline/waker.h"

namespace spantsp::pipeline {

// The provider's call slots as the dispatcher needs them. Runs on the dispatcher thread.
class CallRegistry {
 public:
  static constexpr std::uint32_t kNoCall = 0xFFFFFFFFu;
  // Where the call's HTAPICALL lives, if the slot still holds that generation.
  virtual HTAPICALL* ht_call_slot(std::uint32_t index, std::uint32_t generation) = 0;
  // TAPI answered LINE_NEWCALL with NULL (tspi-contract §3 step 3): the call must be dropped
  // on the trunk without another message.
  // Must not block: the dispatcher never waits for a worker (a worker may be waiting for it).
  virtual void new_call_refused(std::uint32_t index, std::uint32_t generation) = 0;
  // Retries what new_call_refused could not hand over yet; true when nothing is left.
  virtual bool retry_deferred() = 0;
  // Frees the slot if it still holds `generation` (a racing closer may have freed it first).
  // `index` may be kNoCall: nothing to free, only the accounting of a close that found the
  // slot freed already. `closed_by_tapi`: the slot's lineCloseCall returned before this.
  virtual void free_call(std::uint32_t index, std::uint32_t generation, bool closed_by_tapi) = 0;
  // Everything the worker produced for the call up to its kSettled record has been made.
  virtual void call_settled(std::uint32_t index, std::uint32_t generation,
                            std::uint32_t handled) = 0;

 protected:
  ~CallRegistry() = default;
};

struct DispatcherStats {
  std::uint64_t upcalls = 0;
  std::uint64_t batches = 0;
  std::uint64_t dropped_stale = 0;
  std::uint64_t wakeups = 0;
  std::uint64_t backpressure = 0;
};

class Dispatcher {
 public:
  using Ring = CommandRing<Upcall>;
  // One producer's ring; used by that producer's thread only.
  struct ProducerToken {
    Ring* ring = nullptr;
    std::uint64_t published = 0;  // upcalls published through it (its producer's count)
  };

  // `capacity`: upcalls each producer's ring holds; `producers`: how many make_producer()
  // hands out. `spin_us`: how long to busy-wait for more work before sleeping (0 when the
  // provider's threads outnumber the cores: a spinning thread would only steal the
  // producer's core).
  Dispatcher(std::size_t capacity, std::size_t producers, ASYNC_COMPLETION completion,
             CallRegistry& calls, std::uint32_t spin_us);
  ~Dispatcher();
  Dispatcher(const Dispatcher&) = delete;
  Dispatcher& operator=(const Dispatcher&) = delete;

  // Any thread, before or after start(); at most `producers` times (std::logic_error after).
  std::unique_ptr<ProducerToken> make_producer();

  // Producer side (a span worker). Waits (backs off) while its ring is full; never drops.
  void publish(ProducerToken& token, const Upcall& upcall);
  void notify() { waker_.notify(); }

  void start();
  // Delivers what is queued, then stops the thread. No upcall is made after stop() returns.
  void stop();

  bool on_dispatcher_thread() const { return std::this_thread::get_id() == thread_id_; }
  DispatcherStats stats() const;
  // The dispatcher thread is asleep, or about to be: nothing was queued (tests).
  bool asleep() const { return waker_.sleeping(); }

 private:
  void run();
  // `picked_ns`: when the drain that took it began (probing only, else 0).
  void deliver(const Upcall& upcall, std::uint64_t picked_ns);
  // Delivers up to `budget` upcalls from the rings, round robin; returns how many.
  std::size_t drain(std::size_t budget);
  bool all_empty() const;

  std::vector<std::unique_ptr<Ring>> rings_;
  std::atomic<std::size_t> producers_made_{0};
  std::size_t next_ring_ = 0;  // dispatcher thread: where the next drain starts
  ASYNC_COMPLETION completion_;
  CallRegistry& calls_;
  std::uint32_t spin_us_;
  perf_probe::Sink probe_sink_ = perf_probe::find_sink();
  perf_probe::StageSink stage_sink_ = perf_probe::find_stage_sink();
  Waker waker_;
  std::atomic<bool> stopping_{false};
  bool deferred_ = false;  // dispatcher thread only: a refusal may be waiting in the registry
  std::thread thread_;
  std::thread::id thread_id_;

  std::atomic<std::uint64_t> upcalls_{0};
  std::atomic<std::uint64_t> batches_{0};
  std::atomic<std::uint64_t> dropped_stale_{0};
  std::atomic<std::uint64_t> backpressure_{0};
};

}  // namespace spantsp::pipeline
