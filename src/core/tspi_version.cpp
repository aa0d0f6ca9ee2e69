#include "core/tspi_version.h"

#include <algorithm>

namespace spantsp::core {

std::optional<std::uint32_t> negotiate_tspi_version(std::uint32_t low, std::uint32_t high) {
  if (low > high) return std::nullopt;
  const auto top = std::min(high, kHighestTspiVersion);
  const auto bottom = std::max(low, kLowestTspiVersion);
  if (bottom > top) return std::nullopt;
  return top;
}

bool is_supported_tspi_version(std::uint32_t version) {
  return version >= kLowestTspiVersion && version <= kHighestTspiVersion;
}

}  // namespace spantsp::core
