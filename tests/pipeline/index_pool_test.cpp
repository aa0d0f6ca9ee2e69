#include "pipeline/index_pool.h"

#include <gtest/gtest.h>

#include <set>
#include <thread>
#include <vector>

namespace spantsp::pipeline {
namespace {

TEST(IndexPool, HandsOutEveryIndexOnceThenRunsDry) {
  IndexPool pool(3);
  std::set<std::uint32_t> got;
  for (int i = 0; i < 3; ++i) {
    auto index = pool.acquire();
    ASSERT_TRUE(index);
    got.insert(*index);
  }
  EXPECT_EQ(got, (std::set<std::uint32_t>{0, 1, 2}));
  EXPECT_FALSE(pool.acquire());
  EXPECT_EQ(pool.in_use(), 3u);
  pool.release(1);
  EXPECT_EQ(pool.acquire(), 1u);
}

TEST(IndexPool, ConcurrentChurnNeverDuplicatesAnIndex) {
  constexpr std::uint32_t kSlots = 64;
  IndexPool pool(kSlots);
  std::vector<std::atomic<int>> owners(kSlots);
  std::atomic<int> duplicates{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 50000; ++i) {
        auto index = pool.acquire();
        if (!index) continue;
        if (owners[*index].fetch_add(1) != 0) duplicates.fetch_add(1);
        owners[*index].fetch_sub(1);
        pool.release(*index);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(duplicates.load(), 0);
  EXPECT_EQ(pool.in_use(), 0u);
}

}  // namespace
}  // namespace spantsp::pipeline
