// LatencyHistogram: the perf suite's percentiles come from bucket bounds, so the bucket
// arithmetic must be exact where promised and within 1/32 above it.

#include "tools/tapihost/latency_histogram.h"

#include <gtest/gtest.h>

#include <cstdint>

namespace spantsp::host {
namespace {

TEST(LatencyHistogram, ValuesBelow64HaveABucketEach) {
  for (std::uint64_t ns = 0; ns < 64; ++ns) {
    EXPECT_EQ(LatencyHistogram::bucket_of(ns), ns);
    EXPECT_EQ(LatencyHistogram::upper_bound(ns), ns);
  }
}

TEST(LatencyHistogram, EveryValueLiesInItsBucketWithinOneThirtySecond) {
  for (std::uint64_t ns = 64; ns < (std::uint64_t{1} << 40); ns = ns * 17 / 16 + 1) {
    const std::size_t bucket = LatencyHistogram::bucket_of(ns);
    const std::uint64_t upper = LatencyHistogram::upper_bound(bucket);
    ASSERT_GE(upper, ns) << ns;
    ASSERT_LE(upper - ns, ns / 32) << ns;
    ASSERT_LT(LatencyHistogram::upper_bound(bucket - 1), ns) << ns;
  }
}

TEST(LatencyHistogram, HugeValuesLandInTheLastBucket) {
  EXPECT_EQ(LatencyHistogram::bucket_of(~std::uint64_t{0}), LatencyHistogram::kBuckets - 1);
}

TEST(LatencyHistogram, PercentilesOfAUniformSpread) {
  LatencyHistogram h;
  for (std::uint64_t i = 1; i <= 100'000; ++i) h.record(i * 10);  // 10 ns .. 1 ms
  const LatencySummary s = h.summary();
  EXPECT_EQ(s.count, 100'000u);
  EXPECT_EQ(s.max, 1'000'000u);
  EXPECT_GE(s.p50, 500'000u);
  EXPECT_LE(s.p50, 500'000u + 500'000u / 32);
  EXPECT_GE(s.p99, 990'000u);
  EXPECT_LE(s.p99, 1'000'000u);  // capped at the exact maximum
  EXPECT_GE(s.p999, s.p99);
}

TEST(LatencyHistogram, ResetEmptiesIt) {
  LatencyHistogram h;
  h.record(1234);
  h.reset();
  EXPECT_EQ(h.count(), 0u);
  EXPECT_EQ(h.summary().max, 0u);
  EXPECT_EQ(h.value_at(0.5), 0u);
}

}  // namespace
}  // namespace spantsp::host
