#pragma once
// The sim board's far-end switch for a CAS span (sim/bit_far_end.h): the sim FarEnd speaking
// CAS through a CasSpan of the opposite role (fxs_ls <-> fxo_ls; E&M is symmetric) on the far
// end of the span's sim I/O.
//
// Translation, in CAS terms: far_setup -> place_call: seize and dial the number in DTMF;
// far_alerting -> accept: ringback on the bearer; far_connect -> answer: off-hook;
// far_disconnect -> release: the refusal tone before an answer, on-hook after. on_incoming ->
// on_setup with the DTMF number ("s" when a rung station heard none); on_alerting is our
// ringback heard.
//
// Sound: the far engine owns the far end's bearers (DTMF, tones), so the FarEnd's own sound
// (fax, modem, speech, dtmf_share, listen) is off on CAS spans.
//
// Alarms: the FarEnd's span alarms reach the observer (the sim span puts them on the wire);
// calls it clears while out of service end locally on the far engine.
//
// Threads: runs on the span worker; no locks. Memory: sized at construction.

#include <cstdint>
#include <string>
#include <vector>

#include "board_drivers/board_driver.h"
#include "board_drivers/signalling/cas/cas_span.h"
#include "board_drivers/sim/bit_far_end.h"
#include "config/config_model.h"

namespace spantsp::cas {

// The role the far end plays against `ours`.
config::CasConfig opposite(const config::CasConfig& ours);

class CasFarEnd final : public sim::BitFarEnd<CasSpan> {
 public:
  CasFarEnd(const config::TrafficProfile& profile, std::uint32_t span_index,
            const std::vector<int>& channels, const config::CasConfig& ours, std::string name);

 private:
  void route(board::CallSetup& setup) const override;
};

}  // namespace spantsp::cas
