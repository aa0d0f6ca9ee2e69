#pragma once
// Opaque handles that cross the TSPI boundary (DESIGN.md §2): HDRVLINE and HDRVCALL carry a
// pool index and a generation, never a pointer, so a stale or forged handle is detected by
// comparing generations and is never dereferenced. 0 is never a valid handle (tspi-contract
// §8 rule 6). Pure value code: any thread.

#include <cstdint>
#include <optional>

namespace spantsp::core {

struct HandleParts {
  std::uint32_t index;
  std::uint32_t generation;
};

// Index in the low bits (index + 1, so the value is never 0); generation above, as many bits
// as the pointer has left (12 on 32-bit Windows, 44 on 64-bit targets).
inline constexpr unsigned kHandleIndexBits = 20;
inline constexpr std::uint32_t kMaxHandleIndex = (1u << kHandleIndexBits) - 2;
inline constexpr std::uintptr_t kHandleGenerationMask = (~std::uintptr_t{0}) >> kHandleIndexBits;

constexpr std::uintptr_t encode_handle(std::uint32_t index, std::uint32_t generation) {
  return (static_cast<std::uintptr_t>(generation) & kHandleGenerationMask) << kHandleIndexBits |
         (static_cast<std::uintptr_t>(index) + 1);
}

// The parts of a handle, or nothing for 0 or an index field of 0.
constexpr std::optional<HandleParts> decode_handle(std::uintptr_t value) {
  const auto slot =
      static_cast<std::uint32_t>(value & ((std::uintptr_t{1} << kHandleIndexBits) - 1));
  if (slot == 0) return std::nullopt;
  return HandleParts{slot - 1, static_cast<std::uint32_t>(value >> kHandleIndexBits)};
}

// Generations compare in the width the handle carries them.
constexpr bool same_generation(std::uint32_t a, std::uint32_t b) {
  return (static_cast<std::uintptr_t>(a) & kHandleGenerationMask) ==
         (static_cast<std::uintptr_t>(b) & kHandleGenerationMask);
}

}  // namespace spantsp::core
