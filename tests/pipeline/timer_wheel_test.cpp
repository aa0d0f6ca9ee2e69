#include "pipeline/timer_wheel.h"

#include <gtest/gtest.h>

#include <vector>

namespace spantsp::pipeline {
namespace {

struct Recorder final : TimerHandler {
  std::vector<std::pair<std::uint64_t, std::uint64_t>> fired;  // (cookie, now)
  void on_timer(std::uint64_t cookie, std::uint64_t now) override {
    fired.emplace_back(cookie, now);
  }
};

TEST(TimerWheel, FiresInDueOrderAndReportsTheNextDeadline) {
  TimerWheel wheel(1000);
  Recorder r;
  TimerNode a{&r, 1}, b{&r, 2}, c{&r, 3};
  wheel.arm(b, 1500);
  wheel.arm(a, 1200);
  wheel.arm(c, 1000 + 10000);  // beyond one turn of the wheel
  EXPECT_EQ(wheel.next_deadline(), 1200u);
  EXPECT_EQ(wheel.advance(1199), 0u);
  EXPECT_EQ(wheel.advance(1600), 2u);
  ASSERT_EQ(r.fired.size(), 2u);
  EXPECT_EQ(r.fired[0].first, 1u);
  EXPECT_EQ(r.fired[1].first, 2u);
  EXPECT_EQ(wheel.next_deadline(), 11000u);
  EXPECT_EQ(wheel.advance(10999), 0u);  // same slot, later turn: not yet
  EXPECT_EQ(wheel.advance(11000), 1u);
  EXPECT_EQ(wheel.next_deadline(), TimerWheel::kNever);
}

TEST(TimerWheel, CancelAndRearm) {
  TimerWheel wheel(0);
  Recorder r;
  TimerNode a{&r, 7};
  wheel.arm(a, 50);
  wheel.cancel(a);
  EXPECT_EQ(wheel.armed_count(), 0u);
  wheel.arm(a, 80);
  wheel.arm(a, 30);  // re-arming moves it
  EXPECT_EQ(wheel.armed_count(), 1u);
  EXPECT_EQ(wheel.advance(100), 1u);
  ASSERT_EQ(r.fired.size(), 1u);
  EXPECT_EQ(r.fired[0].first, 7u);
}

TEST(TimerWheel, HandlerMayArmAnotherTimer) {
  TimerWheel wheel(0);
  struct Chain final : TimerHandler {
    TimerWheel* wheel;
    TimerNode next;
    int count = 0;
    void on_timer(std::uint64_t, std::uint64_t now) override {
      if (++count < 3) wheel->arm(next, now + 10);
    }
  } chain;
  chain.wheel = &wheel;
  chain.next.handler = &chain;
  wheel.arm(chain.next, 10);
  wheel.advance(25);
  EXPECT_EQ(chain.count, 2);
  wheel.advance(1000);
  EXPECT_EQ(chain.count, 3);
}

TEST(TimerWheel, LongIdleGapFiresEverythingDue) {
  TimerWheel wheel(0);
  Recorder r;
  std::vector<TimerNode> nodes(100);
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    nodes[i] = TimerNode{&r, i};
    wheel.arm(nodes[i], i * 97);
  }
  EXPECT_EQ(wheel.advance(1'000'000), 100u);
}

}  // namespace
}  // namespace spantsp::pipeline
