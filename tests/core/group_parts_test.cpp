// The order in which an outgoing call on a cross-span trunk group tries the spans' parts
// (core/group_parts.h): each policy, a part whose claim fails skipped, none left.

#include "core/group_parts.h"

#include <gtest/gtest.h>

#include <vector>

namespace spantsp::core {
namespace {

using config::HuntPolicy;

// Visits with three parts; `claimable` says which parts' claims succeed. Returns the taken
// part and records the order tried.
struct Parts {
  std::vector<bool> claimable{true, true, true};
  std::vector<std::uint64_t> oldest{kNoFreeChannel, kNoFreeChannel, kNoFreeChannel};
  std::vector<std::uint32_t> tried;

  std::uint32_t take(HuntPolicy policy, std::uint32_t last = 2) {
    tried.clear();
    return visit_parts(
        3, policy, last, [this](std::uint32_t i) { return oldest[i]; },
        [this](std::uint32_t i) {
          tried.push_back(i);
          return static_cast<bool>(claimable[i]);
        });
  }
};

TEST(GroupParts, AscendingTriesTheSpansInFileOrder) {
  Parts p;
  p.claimable = {false, false, true};
  EXPECT_EQ(p.take(HuntPolicy::kAscending), 2u);
  EXPECT_EQ(p.tried, (std::vector<std::uint32_t>{0, 1, 2}));
}

TEST(GroupParts, DescendingTriesTheSpansInReverse) {
  Parts p;
  p.claimable = {true, false, false};
  EXPECT_EQ(p.take(HuntPolicy::kDescending), 0u);
  EXPECT_EQ(p.tried, (std::vector<std::uint32_t>{2, 1, 0}));
}

TEST(GroupParts, RoundRobinStartsAfterThePartThatTookTheLastCall) {
  Parts p;
  EXPECT_EQ(p.take(HuntPolicy::kRoundRobin, 2), 0u);  // the first turn is the first span's
  EXPECT_EQ(p.take(HuntPolicy::kRoundRobin, 0), 1u);
  p.claimable = {true, false, false};
  EXPECT_EQ(p.take(HuntPolicy::kRoundRobin, 0), 0u);  // 1 and 2 full: wraps
  EXPECT_EQ(p.tried, (std::vector<std::uint32_t>{1, 2, 0}));
}

TEST(GroupParts, LeastRecentlyUsedTakesTheOldestReleaseThenTheOthersInOrder) {
  Parts p;
  p.oldest = {40, 7, kNoFreeChannel};
  EXPECT_EQ(p.take(HuntPolicy::kLeastRecentlyUsed), 1u);
  EXPECT_EQ(p.tried, (std::vector<std::uint32_t>{1}));
  // Its claim lost to another call: the others in file order.
  p.claimable = {false, false, true};
  EXPECT_EQ(p.take(HuntPolicy::kLeastRecentlyUsed), 2u);
  EXPECT_EQ(p.tried, (std::vector<std::uint32_t>{1, 0, 2}));
}

TEST(GroupParts, EveryPartFullReturnsTheCount) {
  Parts p;
  p.claimable = {false, false, false};
  for (HuntPolicy policy : {HuntPolicy::kAscending, HuntPolicy::kDescending,
                            HuntPolicy::kRoundRobin, HuntPolicy::kLeastRecentlyUsed}) {
    EXPECT_EQ(p.take(policy), 3u);
    EXPECT_EQ(p.tried.size(), 3u);
  }
}

}  // namespace
}  // namespace spantsp::core
