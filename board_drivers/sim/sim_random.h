#pragma once
// The sim board's own pseudo-random numbers: xoshiro256** seeded through splitmix64.
//
// Why our own: the far end's traffic must be identical for the same seed on every platform and
// standard library (std::*_distribution differ between libstdc++, libc++ and MSVC), and a run
// must never depend on std::random_device. One generator per span, owned by that span's far end
// and used only on its worker thread; no state is shared.

#include <cmath>
#include <cstdint>

namespace spantsp::sim {

class SimRandom {
 public:
  explicit SimRandom(std::uint64_t seed) {
    // splitmix64 spreads any seed (0 included) over the whole xoshiro state, which must not be
    // all zero.
    for (auto& word : state_) {
      seed += 0x9E3779B97F4A7C15ULL;
      std::uint64_t z = seed;
      z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
      z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
      word = z ^ (z >> 31);
    }
  }

  std::uint64_t next() {
    const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
    const std::uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotl(state_[3], 45);
    return result;
  }

  // Uniform in [0, 1), 53 random bits.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

  // Uniform in [0, n) without modulo bias; n == 0 gives 0.
  std::uint64_t below(std::uint64_t n) {
    if (n == 0) return 0;
    const std::uint64_t limit = ~std::uint64_t{0} - (~std::uint64_t{0} % n);
    std::uint64_t x = next();
    while (x >= limit) x = next();
    return x % n;
  }

  // Exponentially distributed with this mean (inter-arrival and hold times).
  double exponential(double mean) {
    // 1 - uniform() lies in (0, 1], so the logarithm is finite.
    return -mean * std::log(1.0 - uniform());
  }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

  std::uint64_t state_[4];
};

}  // namespace spantsp::sim
