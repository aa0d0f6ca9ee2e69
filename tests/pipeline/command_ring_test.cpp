#include "pipeline/command_ring.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace spantsp::pipeline {
namespace {

struct Item {
  std::uint32_t producer;
  std::uint32_t sequence;
};

TEST(CommandRing, CapacityIsRoundedToAPowerOfTwo) {
  CommandRing<Item> ring(5);
  EXPECT_EQ(ring.capacity(), 8u);
}

TEST(CommandRing, FullRingRefusesAndKeepsEverything) {
  CommandRing<Item> ring(4);
  for (std::uint32_t i = 0; i < 4; ++i) EXPECT_TRUE(ring.try_push({0, i}));
  EXPECT_FALSE(ring.try_push({0, 99}));
  Item item{};
  for (std::uint32_t i = 0; i < 4; ++i) {
    ASSERT_TRUE(ring.try_pop(item));
    EXPECT_EQ(item.sequence, i);
  }
  EXPECT_FALSE(ring.try_pop(item));
  EXPECT_FALSE(ring.maybe_nonempty());
}

TEST(CommandRing, CausalOrderAcrossProducersIsKept) {
  // A push that completed before another began is popped first, whatever thread made it:
  // the property moodycamel's per-producer FIFO does not give (lineMakeCall then lineDrop).
  CommandRing<Item> ring(64);
  std::atomic<std::uint32_t> turn{0};
  constexpr std::uint32_t kPerThread = 2000;
  auto producer = [&](std::uint32_t id) {
    for (std::uint32_t i = 0; i < kPerThread; ++i) {
      while (turn.load(std::memory_order_acquire) % 2 != id) std::this_thread::yield();
      const std::uint32_t seq = turn.load(std::memory_order_relaxed);
      while (!ring.try_push({id, seq})) std::this_thread::yield();
      turn.store(seq + 1, std::memory_order_release);
    }
  };
  std::thread a(producer, 0), b(producer, 1);
  std::uint32_t expected = 0;
  Item item{};
  while (expected < 2 * kPerThread) {
    if (ring.try_pop(item)) {
      ASSERT_EQ(item.sequence, expected);
      ASSERT_EQ(item.producer, expected % 2);
      ++expected;
    }
  }
  a.join();
  b.join();
}

TEST(CommandRing, ManyProducersLoseNothing) {
  CommandRing<Item> ring(256);
  constexpr std::uint32_t kThreads = 4, kPerThread = 20000;
  std::vector<std::thread> threads;
  for (std::uint32_t t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (std::uint32_t i = 0; i < kPerThread; ++i) {
        while (!ring.try_push({t, i})) std::this_thread::yield();
      }
    });
  }
  std::vector<std::uint32_t> next(kThreads, 0);
  Item item{};
  for (std::uint32_t n = 0; n < kThreads * kPerThread;) {
    if (!ring.try_pop(item)) continue;
    ASSERT_EQ(item.sequence, next[item.producer]) << "per-producer order";
    ++next[item.producer];
    ++n;
  }
  for (auto& t : threads) t.join();
  for (std::uint32_t t = 0; t < kThreads; ++t) EXPECT_EQ(next[t], kPerThread);
}

}  // namespace
}  // namespace spantsp::pipeline
