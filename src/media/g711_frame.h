#pragma once
// G.711 frames to and from 16-bit linear samples, in the law of the span (A-law on E1, µ-law
// on T1). Decoding is a table look-up (the table is spandsp's own expansion, built once);
// encoding uses spandsp's companders. Pure functions: any thread.

#include <cstddef>
#include <cstdint>

#include "media/media_types.h"

namespace spantsp::media {

void g711_decode(Law law, const std::uint8_t* octets, std::int16_t* samples, std::size_t n);
void g711_encode(Law law, const std::int16_t* samples, std::uint8_t* octets, std::size_t n);

}  // namespace spantsp::media
