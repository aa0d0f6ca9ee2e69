#include "tools/tapihost/latency_histogram.h"

#include <bit>

namespace spantsp::host {

std::size_t LatencyHistogram::bucket_of(std::uint64_t ns) {
  constexpr std::uint64_t kLinear = std::uint64_t{2} << kSubBits;  // 64: exact below
  if (ns < kLinear) return static_cast<std::size_t>(ns);
  const unsigned msb = 63u - static_cast<unsigned>(std::countl_zero(ns));  // >= kSubBits + 1
  const unsigned shift = msb - kSubBits;                                   // >= 1
  const std::uint64_t mantissa = ns >> shift;                              // [32, 63]
  const std::size_t bucket = kLinear + (shift - 1) * (std::size_t{1} << kSubBits) +
                             static_cast<std::size_t>(mantissa - (std::uint64_t{1} << kSubBits));
  return bucket < kBuckets ? bucket : kBuckets - 1;
}

std::uint64_t LatencyHistogram::upper_bound(std::size_t bucket) {
  constexpr std::size_t kLinear = std::size_t{2} << kSubBits;
  if (bucket < kLinear) return bucket;
  const std::size_t above = bucket - kLinear;
  const unsigned shift = static_cast<unsigned>(above >> kSubBits) + 1;
  const std::uint64_t mantissa = (std::uint64_t{1} << kSubBits) + (above & ((1u << kSubBits) - 1));
  return ((mantissa + 1) << shift) - 1;
}

void LatencyHistogram::record(std::uint64_t ns) {
  buckets_[bucket_of(ns)].fetch_add(1, std::memory_order_relaxed);
  std::uint64_t seen = max_.load(std::memory_order_relaxed);
  while (ns > seen && !max_.compare_exchange_weak(seen, ns, std::memory_order_relaxed)) {
  }
}

void LatencyHistogram::reset() {
  for (auto& bucket : buckets_) bucket.store(0, std::memory_order_relaxed);
  max_.store(0, std::memory_order_relaxed);
}

std::uint64_t LatencyHistogram::count() const {
  std::uint64_t total = 0;
  for (const auto& bucket : buckets_) total += bucket.load(std::memory_order_relaxed);
  return total;
}

std::uint64_t LatencyHistogram::value_at(double fraction) const {
  const std::uint64_t total = count();
  if (total == 0) return 0;
  auto rank = static_cast<std::uint64_t>(fraction * static_cast<double>(total) + 0.5);
  if (rank < 1) rank = 1;
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < kBuckets; ++i) {
    seen += buckets_[i].load(std::memory_order_relaxed);
    if (seen >= rank) {
      const std::uint64_t max = max_.load(std::memory_order_relaxed);
      const std::uint64_t bound = upper_bound(i);
      return max != 0 && max < bound ? max : bound;
    }
  }
  return max_.load(std::memory_order_relaxed);
}

LatencySummary LatencyHistogram::summary() const {
  return LatencySummary{count(),        value_at(0.50),  value_at(0.90),
                        value_at(0.99), value_at(0.999), max_.load(std::memory_order_relaxed)};
}

}  // namespace spantsp::host
