// platform/futex.h: a waiter returns when the word changes and it is woken; a stale expected
// value never blocks. A broken wake shows up as a hang (ctest's timeout), not as a timing check.

#include "platform/futex.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <thread>

namespace spantsp::platform {
namespace {

using namespace std::chrono_literals;

TEST(Futex, ReturnsAtOnceWhenTheWordDiffersFromExpected) {
  std::atomic<std::uint32_t> word{1};
  futex_wait(word, 0, std::chrono::hours(1));  // would hang for an hour if it blocked
  EXPECT_EQ(word.load(), 1u);
}

TEST(Futex, ZeroTimeoutDoesNotBlock) {
  std::atomic<std::uint32_t> word{0};
  futex_wait(word, 0, 0ns);
  futex_wait(word, 0, -5ns);
  EXPECT_EQ(word.load(), 0u);
}

TEST(Futex, WakeOneReleasesAWaiterAfterTheWordChanged) {
  std::atomic<std::uint32_t> word{0};
  std::atomic<int> woken{0};
  std::thread waiter([&] {
    while (word.load() == 0) futex_wait(word, 0, std::chrono::hours(1));
    woken.fetch_add(1);
  });
  word.store(1);
  futex_wake_one(word);
  waiter.join();
  EXPECT_EQ(woken.load(), 1);
}

TEST(Futex, EveryOneOfManyWakesReachesItsWaiter) {
  constexpr int kRounds = 2000;
  std::atomic<std::uint32_t> word{0};
  std::thread waiter([&] {
    for (std::uint32_t round = 0; round < kRounds; ++round) {
      // Wait for the producer's odd value, then answer with the next even one.
      while (word.load() == 2 * round) futex_wait(word, 2 * round, std::chrono::hours(1));
      word.store(2 * round + 2);
      futex_wake_one(word);
    }
  });
  for (std::uint32_t round = 0; round < kRounds; ++round) {
    word.store(2 * round + 1);
    futex_wake_one(word);
    while (word.load() == 2 * round + 1) futex_wait(word, 2 * round + 1, std::chrono::hours(1));
  }
  waiter.join();
  EXPECT_EQ(word.load(), 2u * kRounds);
}

}  // namespace
}  // namespace spantsp::platform
