#include "media/g711_frame.h"

#include <array>

#include "media/spandsp_api.h"

namespace spantsp::media {
namespace {

using Table = std::array<std::int16_t, 256>;

Table make_table(Law law) {
  Table table{};
  for (std::size_t i = 0; i < table.size(); ++i) {
    const auto octet = static_cast<std::uint8_t>(i);
    table[i] = law == Law::kAlaw ? alaw_to_linear(octet) : ulaw_to_linear(octet);
  }
  return table;
}

// Built at static initialisation, so no first-use guard runs (or allocates) on a worker.
const Table kUlaw = make_table(Law::kMulaw);
const Table kAlaw = make_table(Law::kAlaw);

}  // namespace

void g711_decode(Law law, const std::uint8_t* octets, std::int16_t* samples, std::size_t n) {
  const Table& table = law == Law::kAlaw ? kAlaw : kUlaw;
  for (std::size_t i = 0; i < n; ++i) samples[i] = table[octets[i]];
}

void g711_encode(Law law, const std::int16_t* samples, std::uint8_t* octets, std::size_t n) {
  if (law == Law::kAlaw) {
    for (std::size_t i = 0; i < n; ++i) octets[i] = linear_to_alaw(samples[i]);
  } else {
    for (std::size_t i = 0; i < n; ++i) octets[i] = linear_to_ulaw(samples[i]);
  }
}

}  // namespace spantsp::media
