#pragma once
// MediaCommands the board tests send to a channel's bearer (ideal, PRI, the sim far end).

#include <cstdint>
#include <string_view>

#include "media/media_types.h"

namespace spantsp::board::test {

inline media::MediaCommand detect_digits() {
  media::MediaCommand c;
  c.op = media::MediaCommand::Op::kDetectDigits;
  c.on = true;
  return c;
}

inline media::MediaCommand detect_media(std::uint32_t mask) {
  media::MediaCommand c;
  c.op = media::MediaCommand::Op::kDetectMedia;
  c.media_mask = mask;
  return c;
}

// DTMF `digits` (at most kMaxGenerateDigits), each `on_ms` of tone then `off_ms` of silence.
inline media::MediaCommand generate(std::string_view digits, std::uint32_t token = 0,
                                    std::uint16_t on_ms = 60, std::uint16_t off_ms = 60) {
  media::MediaCommand c;
  c.op = media::MediaCommand::Op::kGenerateDigits;
  c.token = token;
  for (char d : digits.substr(0, c.digits.size())) c.digits[c.digit_count++] = d;
  c.digit_on_ms = on_ms;
  c.digit_off_ms = off_ms;
  return c;
}

}  // namespace spantsp::board::test
