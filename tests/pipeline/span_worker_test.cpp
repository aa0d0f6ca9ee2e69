// A span worker hands what its timers produced (a frame's digits and tones: issue 11) to the
// dispatcher before it runs the spans' command batches, instead of once at the end of the
// round.

#include "pipeline/span_worker.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <semaphore>
#include <thread>

#include "perf/no_calls.h"

namespace spantsp::pipeline {
namespace {

using perf::NoCalls;

// ASYNC_COMPLETION has no context pointer: the test's state is global.
std::binary_semaphore made{0};

void TSPIAPI on_completion(DRV_REQUESTID, LONG) {
  made.release();
}

// A span whose one timer (a frame tick) publishes an upcall, and whose command part of the
// same round then waits until that upcall has been made.
class TickThenCommands final : public SpanTask, private TimerHandler {
 public:
  explicit TickThenCommands(SpanWorker& worker) : worker_(worker) {}

  void attach(TimerWheel& timers) override {
    tick_.handler = this;
    timers.arm(tick_, timers.now_ms());
  }
  std::size_t run(std::uint64_t, std::size_t) override {
    if (!ticked_ || waited_.load()) return 0;
    made_in_round_ = made.try_acquire_for(std::chrono::seconds(30));
    // Every notify the worker made so far was made before this line: the round is not over.
    wakeups_in_round_ = worker_.dispatcher().stats().wakeups;
    waited_ = true;
    return 1;
  }
  bool has_commands() const override { return false; }
  void detach() override {}

  bool waited() const { return waited_.load(); }
  bool made_in_round() const { return made_in_round_; }
  std::uint64_t wakeups_in_round() const { return wakeups_in_round_; }

 private:
  void on_timer(std::uint64_t, std::uint64_t) override {
    ticked_ = true;
    Upcall upcall;
    upcall.kind = Upcall::Kind::kCompletion;
    upcall.request = 1;
    worker_.dispatcher().publish(worker_.producer(), upcall);
  }

  SpanWorker& worker_;
  TimerNode tick_;
  bool ticked_ = false;
  std::atomic<bool> waited_{false};
  bool made_in_round_ = false;
  std::uint64_t wakeups_in_round_ = 0;
};

struct RoundOutcome {
  bool made_in_round = false;
  std::uint64_t wakeups_in_round = 0;
};

RoundOutcome tick_then_commands_round() {
  NoCalls calls;
  Dispatcher dispatcher(8, 1, on_completion, calls, 0);
  dispatcher.start();
  // Idle, the dispatcher sleeps (up to a second between its own checks): only the worker's
  // notify can make the upcall now, unless that periodic check happens to fall in between.
  while (!dispatcher.asleep()) std::this_thread::yield();

  SpanWorker worker(0, WorkerOptions{.batch = 64, .spin_us = 0}, dispatcher);
  TickThenCommands task(worker);
  worker.add(task);
  worker.start();
  while (!task.waited()) std::this_thread::yield();
  worker.stop();
  dispatcher.stop();
  return {task.made_in_round(), task.wakeups_in_round()};
}

TEST(SpanWorker, WhatTheTimersPublishedIsMadeBeforeTheRoundsCommands) {
  // Woken by the worker inside the round: with the notify only at the end of the round, no
  // wake-up happens before the command step (the upcall is made by the dispatcher's own
  // one-second check, wake-ups 0) in every attempt. An attempt whose start lost the race with
  // that periodic check (0 wake-ups, made) is run again; three in a row cannot be chance.
  RoundOutcome outcome;
  for (int attempt = 0; attempt < 3; ++attempt) {
    outcome = tick_then_commands_round();
    if (outcome.wakeups_in_round != 0) break;
  }
  EXPECT_TRUE(outcome.made_in_round);
  EXPECT_EQ(outcome.wakeups_in_round, 1u);
}

}  // namespace
}  // namespace spantsp::pipeline
