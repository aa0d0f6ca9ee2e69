#pragma once
// A worker thread that owns one or more spans (DESIGN.md §3 "A span is a strand"). Each span
// keeps its own command ring; the worker runs them round-robin in capped batches, fires the
// timers of all its spans from one timer wheel, and sleeps when none has work.
//
// Contract:
// - add() before start(); the worker then calls each task only from its own thread.
// - Producers (TSPI threads, the dispatcher) push to a span's ring, then call notify().
// - After a round that produced upcalls, the worker wakes the dispatcher once (batching). What
//   the round's timers produced (a frame's digits and tones, a timeout, a far-end event) does
//   not wait for the spans' command batches: when the timers published upcalls, the worker
//   wakes the dispatcher right after firing them, then again (cheaply, if it is still awake)
//   after the commands.
// - stop() lets the tasks detach on the worker thread and joins it.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "pipeline/dispatcher.h"
#include "pipeline/span_task.h"
#include "pipeline/waker.h"

namespace spantsp::pipeline {

struct WorkerOptions {
  std::uint32_t batch = 64;    // commands per span per round
  std::uint32_t spin_us = 20;  // busy-wait before sleeping
};

class SpanWorker {
 public:
  SpanWorker(std::uint32_t id, WorkerOptions options, Dispatcher& dispatcher);
  ~SpanWorker();
  SpanWorker(const SpanWorker&) = delete;
  SpanWorker& operator=(const SpanWorker&) = delete;

  void add(SpanTask& task) { tasks_.push_back(&task); }
  void start();
  void stop();

  void notify() { waker_.notify(); }
  Dispatcher::ProducerToken& producer() { return *producer_; }
  Dispatcher& dispatcher() { return dispatcher_; }
  std::uint32_t id() const { return id_; }
  std::uint64_t wakeups() const { return waker_.wakeups(); }
  bool on_worker_thread() const { return std::this_thread::get_id() == thread_id_; }

  static std::uint64_t now_ms();

 private:
  void run();

  std::uint32_t id_;
  WorkerOptions options_;
  Dispatcher& dispatcher_;
  std::unique_ptr<Dispatcher::ProducerToken> producer_;
  std::vector<SpanTask*> tasks_;
  Waker waker_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
  std::thread::id thread_id_;
};

// How many workers for `spans` spans: the configured number, else a thread per span while
// there are cores for them, else one per core (DESIGN.md §3 "Workers and cores").
std::uint32_t worker_count(std::uint32_t spans, std::uint32_t configured, std::uint32_t cores);

}  // namespace spantsp::pipeline
