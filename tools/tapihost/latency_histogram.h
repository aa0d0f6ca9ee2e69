#pragma once
// A latency histogram for the perf suite (issue 5): log-linear buckets in a fixed array, so
// recording never allocates and nothing is stored per sample. Values 0-63 ns have a bucket
// each; above, every power of two is split into 32 buckets, so a percentile read from it is
// at most 1/32 (3.1 %) above the true value (it reports a bucket's upper bound). The maximum
// is kept exactly. Range: up to 2^46 ns (~19 hours); larger values land in the last bucket.
//
// Threads: record() and reset() from any thread, concurrently (relaxed atomics: a reading
// taken while others record is a consistent-enough snapshot, never torn per bucket).

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>

namespace spantsp::host {

struct LatencySummary {
  std::uint64_t count = 0;
  // Nanoseconds.
  std::uint64_t p50 = 0, p90 = 0, p99 = 0, p999 = 0, max = 0;
};

class LatencyHistogram {
 public:
  static constexpr unsigned kSubBits = 5;  // 32 buckets per power of two
  static constexpr std::size_t kBuckets = 64 + 40 * 32;

  void record(std::uint64_t ns);
  void reset();
  std::uint64_t count() const;
  // The smallest bucket upper bound with at least `fraction` (0..1] of the samples at or
  // below it; 0 when empty.
  std::uint64_t value_at(double fraction) const;
  LatencySummary summary() const;

  // Bucket arithmetic, exposed for its unit test.
  static std::size_t bucket_of(std::uint64_t ns);
  static std::uint64_t upper_bound(std::size_t bucket);

 private:
  std::array<std::atomic<std::uint64_t>, kBuckets> buckets_{};
  std::atomic<std::uint64_t> max_{0};
};

}  // namespace spantsp::host
