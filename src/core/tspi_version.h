#pragma once
// TSPI version negotiation (tspi-contract §1.2 steps 2 and 5, §9 "Versions").
// Pure functions: callable from any thread.

#include <cstdint>
#include <optional>

namespace spantsp::core {

inline constexpr std::uint32_t kTspiVersion2_0 = 0x00020000;
inline constexpr std::uint32_t kTspiVersion2_1 = 0x00020001;
inline constexpr std::uint32_t kTspiVersion2_2 = 0x00020002;
inline constexpr std::uint32_t kTspiVersion3_0 = 0x00030000;
inline constexpr std::uint32_t kTspiVersion3_1 = 0x00030001;

// The range this provider implements: TSPI 2.0 is the least TAPI accepts (SP20/GPC), 3.1 the
// newest TAPI defines.
inline constexpr std::uint32_t kLowestTspiVersion = kTspiVersion2_0;
inline constexpr std::uint32_t kHighestTspiVersion = kTspiVersion3_1;

// The highest version inside both [low, high] and what we implement, or nothing when the
// ranges do not overlap (LINEERR_INCOMPATIBLEAPIVERSION). An inverted range never overlaps.
std::optional<std::uint32_t> negotiate_tspi_version(std::uint32_t low, std::uint32_t high);

// True for a version this provider can be opened with (lineOpen, GetDevCaps...).
bool is_supported_tspi_version(std::uint32_t version);

}  // namespace spantsp::core
