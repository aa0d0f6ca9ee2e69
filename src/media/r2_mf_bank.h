#pragma once
// MFC/R2 register tones (ITU-T Q.441) on a span's bearer channels: one spandsp r2_mf_tx and
// one r2_mf_rx per channel, for the `mfcr2` signalling module (board_drivers/signalling/r2).
// A channel sends the forward (group I/II) or the backward (group A/B) set and hears the other
// one. Tones are the 15 codes "1234567890BCDEF" (tone n is code n, tone 10 is '0', 11..15 are
// 'B'..'F', spandsp's spelling); a sent tone plays continuously until changed or silenced
// (compelled signalling decides how long a tone lasts, not the generator).
//
// Threads: owned by one span and used on its worker only. No locks.
// Memory: every channel's generator and detector are allocated at construction; nothing after.
// Without the DSP (media/media_support.h) start() fails and nothing is heard or sent.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

#include "media/media_types.h"

namespace spantsp::media {

// The R2 tone codes by tone number - 1 (tone 1 is '1', tone 15 is 'F').
inline constexpr std::string_view kR2ToneCodes = "1234567890BCDEF";
// Tone number 1..15 of a code, 0 when it is not one.
constexpr int r2_tone_number(char code) {
  const std::size_t at = code == 0 ? std::string_view::npos : kR2ToneCodes.find(code);
  return at == std::string_view::npos ? 0 : static_cast<int>(at) + 1;
}
// The code of tone number 1..15, 0 otherwise.
constexpr char r2_tone_code(int number) {
  return number >= 1 && number <= 15 ? kR2ToneCodes[static_cast<std::size_t>(number - 1)] : 0;
}

class R2MfBank {
 public:
  R2MfBank(std::size_t channels, Law law);
  ~R2MfBank();
  R2MfBank(const R2MfBank&) = delete;
  R2MfBank& operator=(const R2MfBank&) = delete;

  // Channel `index` starts register signalling as the forward (`forward` true) or backward
  // side: silent, hearing nothing yet. False without the DSP.
  bool start(std::size_t index, bool forward);
  // Register signalling over: the channel neither sends nor hears.
  void stop(std::size_t index);
  bool active(std::size_t index) const;
  // Sends tone `code` from now on (0: silence); false for a code that is not a tone.
  bool send(std::size_t index, char code);
  char sending(std::size_t index) const;
  // One frame of the channel: hears `rx`, and while a tone is on overwrites `tx`. Returns the
  // tone heard at the end of the frame (0: none).
  char process(std::size_t index, std::span<const std::uint8_t> rx, std::span<std::uint8_t> tx);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace spantsp::media
