// Channel hunting of trunk-group lines (core/channel_hunt.h): each policy's pick, busy and
// out-of-service channels skipped, the round-robin cursor, and an all-busy group.

#include "core/channel_hunt.h"

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <vector>

namespace spantsp::core {
namespace {

using config::HuntPolicy;

// Channel -> release sequence number when free; absent = busy.
struct Group {
  std::vector<int> channels{3, 5, 7, 9};
  std::map<int, std::uint64_t> free_since{{3, 0}, {5, 0}, {7, 0}, {9, 0}};
  std::uint32_t cursor = 3;  // round robin starts at the first channel

  int hunt(HuntPolicy policy) {
    const int channel =
        hunt_channel(channels, policy, cursor, [this](int c) -> std::optional<std::uint64_t> {
          const auto it = free_since.find(c);
          if (it == free_since.end()) return std::nullopt;
          return it->second;
        });
    free_since.erase(channel);
    return channel;
  }
};

TEST(ChannelHunt, AscendingTakesTheLowestFreeChannel) {
  Group g;
  EXPECT_EQ(g.hunt(HuntPolicy::kAscending), 3);
  EXPECT_EQ(g.hunt(HuntPolicy::kAscending), 5);
  g.free_since[3] = 1;
  EXPECT_EQ(g.hunt(HuntPolicy::kAscending), 3);
}

TEST(ChannelHunt, DescendingTakesTheHighestFreeChannel) {
  Group g;
  EXPECT_EQ(g.hunt(HuntPolicy::kDescending), 9);
  EXPECT_EQ(g.hunt(HuntPolicy::kDescending), 7);
  g.free_since[9] = 1;
  EXPECT_EQ(g.hunt(HuntPolicy::kDescending), 9);
}

TEST(ChannelHunt, RoundRobinContinuesAfterTheLastChannelTakenAndWraps) {
  Group g;
  EXPECT_EQ(g.hunt(HuntPolicy::kRoundRobin), 3);
  EXPECT_EQ(g.hunt(HuntPolicy::kRoundRobin), 5);
  g.free_since[3] = 1;
  EXPECT_EQ(g.hunt(HuntPolicy::kRoundRobin), 7);
  EXPECT_EQ(g.hunt(HuntPolicy::kRoundRobin), 9);
  EXPECT_EQ(g.hunt(HuntPolicy::kRoundRobin), 3);
}

TEST(ChannelHunt, LeastRecentlyUsedTakesTheChannelReleasedFirst) {
  Group g;
  g.free_since = {{3, 40}, {5, 10}, {7, 30}, {9, 20}};
  EXPECT_EQ(g.hunt(HuntPolicy::kLeastRecentlyUsed), 5);
  EXPECT_EQ(g.hunt(HuntPolicy::kLeastRecentlyUsed), 9);
  EXPECT_EQ(g.hunt(HuntPolicy::kLeastRecentlyUsed), 7);
  EXPECT_EQ(g.hunt(HuntPolicy::kLeastRecentlyUsed), 3);
}

TEST(ChannelHunt, AFullGroupGivesNoChannelAndKeepsItsCursor) {
  for (HuntPolicy policy : {HuntPolicy::kAscending, HuntPolicy::kDescending,
                            HuntPolicy::kRoundRobin, HuntPolicy::kLeastRecentlyUsed}) {
    Group g;
    g.free_since.clear();
    g.cursor = 1;
    EXPECT_EQ(g.hunt(policy), 0);
    EXPECT_EQ(g.cursor, 1u);
  }
}

}  // namespace
}  // namespace spantsp::core
