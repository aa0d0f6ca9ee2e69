#pragma once
// Opaque handles that cross the TSPI boundary (DESIGN.md §2): HDRVLINE and HDRVCALL carry a
// pool index and a generation, never a pointer, so a stale or forged handle is detected by
// comparing generations and is never dereferenced. 0 is never a valid handle (tspi-contract
// §8 rule 6). Pure value code: any thread.
//
// Layout: index + 1 in the low bits (so the value is never 0), the generation above it. A
// handle is as wide as a pointer: 32 bits on 32-bit Windows. The index takes only the bits its
// pool needs (HandleCodec::for_capacity, fixed at providerInit), so the generation gets the
// rest: at least kMinGenerationBits, up to the 32 bits a slot counts. Generations compare in
// the width the handle carries them (what travels), so a slot's counter may run past it.
// A stale handle is accepted again only after its slot was reused 2^generation_bits() times
// (32-bit handles, 960 lines: 2^21; with the earlier fixed 20-bit index: 4,096).

#include <algorithm>
#include <bit>
#include <cstdint>
#include <optional>

namespace spantsp::core {

struct HandleParts {
  std::uint32_t index;
  std::uint32_t generation;
};

// The platform's handle width.
inline constexpr unsigned kPointerHandleBits = sizeof(std::uintptr_t) * 8;

class HandleCodec {
 public:
  static constexpr unsigned kMinGenerationBits = 16;

  // The most slots a handle `bits` wide (32 or 64) can name.
  static constexpr std::uint32_t max_slots(unsigned bits) {
    return (std::uint32_t{1} << std::min(bits - kMinGenerationBits, 31u)) - 1;
  }

  // A codec for `capacity` slots in handles `bits` wide (32, or 64 on 64-bit platforms), or
  // nothing when more than max_slots(bits): the caller refuses to start with a clear error.
  static constexpr std::optional<HandleCodec> for_capacity(std::uint32_t capacity,
                                                           unsigned bits = kPointerHandleBits) {
    if ((bits != 32 && bits != 64) || bits > kPointerHandleBits) return std::nullopt;
    if (capacity > max_slots(bits)) return std::nullopt;
    return HandleCodec(bits, std::max(1u, static_cast<unsigned>(std::bit_width(capacity))));
  }

  constexpr std::uintptr_t encode(std::uint32_t index, std::uint32_t generation) const {
    return static_cast<std::uintptr_t>(
        ((std::uint64_t{generation} & generation_mask_) << index_bits_) |
        (std::uint64_t{index} + 1));
  }

  // The parts of a handle, or nothing for 0, an index field of 0, or bits beyond the width.
  constexpr std::optional<HandleParts> decode(std::uintptr_t value) const {
    const std::uint64_t v = value;
    if (bits_ < 64 && (v >> bits_) != 0) return std::nullopt;
    const auto slot = static_cast<std::uint32_t>(v & ((std::uint64_t{1} << index_bits_) - 1));
    if (slot == 0) return std::nullopt;
    return HandleParts{slot - 1, static_cast<std::uint32_t>((v >> index_bits_) & generation_mask_)};
  }

  // Generations compare in the width the handle carries them.
  constexpr bool same_generation(std::uint32_t a, std::uint32_t b) const {
    return ((a ^ b) & generation_mask_) == 0;
  }

  constexpr unsigned bits() const { return bits_; }
  constexpr unsigned index_bits() const { return index_bits_; }
  constexpr unsigned generation_bits() const {
    return static_cast<unsigned>(std::popcount(generation_mask_));
  }

 private:
  constexpr HandleCodec(unsigned bits, unsigned index_bits)
      : bits_(bits),
        index_bits_(index_bits),
        generation_mask_(bits - index_bits >= 32 ? 0xFFFFFFFFull
                                                 : (std::uint64_t{1} << (bits - index_bits)) - 1) {}

  unsigned bits_;
  unsigned index_bits_;
  std::uint64_t generation_mask_;
};

}  // namespace spantsp::core
