#include "pipeline/seqlock.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace spantsp::pipeline {
namespace {

struct Pair {
  std::uint64_t a = 0;
  std::uint64_t b = 0;  // always == a * 3 when consistent
  std::uint32_t c = 0;
};

TEST(Seqlock, ReadersNeverSeeATornValue) {
  Seqlock<Pair> lock;
  std::atomic<bool> done{false};
  std::thread writer([&] {
    for (std::uint64_t i = 1; i <= 200000; ++i)
      lock.store(Pair{i, i * 3, static_cast<std::uint32_t>(i)});
    done = true;
  });
  std::uint64_t torn = 0, last = 0;
  while (!done) {
    const Pair p = lock.load();
    if (p.b != p.a * 3 || p.c != static_cast<std::uint32_t>(p.a)) ++torn;
    EXPECT_GE(p.a, last);  // one writer: values only move forward
    last = p.a;
  }
  writer.join();
  EXPECT_EQ(torn, 0u);
  EXPECT_EQ(lock.load().a, 200000u);
}

}  // namespace
}  // namespace spantsp::pipeline
