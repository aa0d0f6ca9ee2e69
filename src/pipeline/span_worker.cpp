#include "pipeline/span_worker.h"

#include <algorithm>
#include <string>

#include "platform/thread.h"

#include "pipeline/backoff.h"

namespace spantsp::pipeline {

SpanWorker::SpanWorker(std::uint32_t id, WorkerOptions options, Dispatcher& dispatcher)
    : id_(id), options_(options), dispatcher_(dispatcher), producer_(dispatcher.make_producer()) {}

SpanWorker::~SpanWorker() {
  stop();
}

std::uint64_t SpanWorker::now_ms() {
  using namespace std::chrono;
  return static_cast<std::uint64_t>(
      duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count());
}

void SpanWorker::start() {
  stopping_.store(false, std::memory_order_relaxed);
  thread_ = std::thread([this] { run(); });
  thread_id_ = thread_.get_id();
}

void SpanWorker::stop() {
  if (!thread_.joinable()) return;
  stopping_.store(true, std::memory_order_release);
  waker_.notify();
  thread_.join();
  thread_id_ = {};
}

void SpanWorker::run() {
  platform::set_current_thread_name("spantsp-w" + std::to_string(id_));
  TimerWheel timers(now_ms());
  for (SpanTask* task : tasks_) task->attach(timers);

  auto spin_until = std::chrono::steady_clock::now();
  bool spinning = false;
  Backoff unfinished_push;  // a producer preempted half-way through a push (see below)
  while (!stopping_.load(std::memory_order_acquire)) {
    const std::uint64_t now = now_ms();
    const std::uint64_t published = producer_->published;
    std::size_t work = timers.advance(now);
    // A digit's end must not wait for up to `batch` commands of every span (issue 11).
    if (producer_->published != published) dispatcher_.notify();
    for (SpanTask* task : tasks_) work += task->run(now, options_.batch);
    if (work > 0) {
      dispatcher_.notify();  // one wake-up for the whole round's upcalls
      spinning = false;
      unfinished_push = Backoff{};
      continue;
    }
    // Idle: spin briefly (cheap when a reply is about to arrive), then sleep.
    if (options_.spin_us > 0) {
      const auto now_tp = std::chrono::steady_clock::now();
      if (!spinning) {
        spinning = true;
        spin_until = now_tp + std::chrono::microseconds(options_.spin_us);
      }
      if (now_tp < spin_until) continue;
      spinning = false;
    }
    waker_.prepare_sleep();
    bool pending = stopping_.load(std::memory_order_acquire);
    for (SpanTask* task : tasks_) pending = pending || task->has_commands();
    if (pending) {
      // A ring that claims a command but popped none holds a push still in progress: its
      // producer was preempted between claiming the cell and filling it. Back off rather
      // than spin, or this thread keeps that producer off the core it needs to finish.
      waker_.cancel_sleep();
      unfinished_push.pause();
      continue;
    }
    const std::uint64_t deadline = timers.next_deadline();
    const auto wake_at = deadline == TimerWheel::kNever
                             ? Waker::Clock::now() + std::chrono::seconds(1)
                             : Waker::Clock::time_point(std::chrono::milliseconds(deadline));
    waker_.sleep_until(wake_at);
  }
  for (SpanTask* task : tasks_) task->run(now_ms(), ~std::size_t{0});  // drain what is queued
  for (SpanTask* task : tasks_) task->detach();
  dispatcher_.notify();
}

std::uint32_t worker_count(std::uint32_t spans, std::uint32_t configured, std::uint32_t cores) {
  if (spans == 0) return 0;
  if (configured > 0) return std::min(configured, spans);
  return std::min(spans, std::max(1u, cores));
}

}  // namespace spantsp::pipeline
