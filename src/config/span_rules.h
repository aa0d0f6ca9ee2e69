#pragma once
// What a span's type and signalling imply, shared by the loader (defaults for keys left out),
// the validation (what is legal) and the line inventory (which channels become lines).
//
// Facts used (t1e1-notes §4/§5, system.conf): T1 has 24 timeslots, framed d4 or esf, coded ami
// or b8zs; a T1 PRI carries its D channel on 24. E1 has timeslots 1-31, framed cas or ccs,
// coded hdb3 or ami; timeslot 0 is framing and 16 carries the signalling, so neither is a
// bearer.

#include <vector>

#include "config/config_model.h"

namespace spantsp::config {

// True when `channel` can carry a call on a span of this type and signalling.
bool is_bearer(SpanType type, Signalling signalling, int channel);

// Every bearer, ascending: T1 PRI 1-23, T1 otherwise 1-24, E1 1-15,17-31.
std::vector<int> default_channels(SpanType type, Signalling signalling);

// The channels that become lines: span.channels, or default_channels when it is empty.
std::vector<int> effective_channels(const SpanConfig& span);

bool framing_fits(SpanType type, Framing framing);
bool coding_fits(SpanType type, LineCoding coding);

// Defaults for keys a file leaves out: esf/b8zs on T1 (what every PRI carrier delivers), ccs
// on E1 unless the signalling lives in CAS bits (cas, mfcr2), hdb3 on E1.
Framing default_framing(SpanType type, Signalling signalling);
LineCoding default_coding(SpanType type);
// chan_dahdi defaults T1 to national (NI-2); E1 PRI is EuroISDN almost everywhere.
SwitchType default_switch_type(SpanType type);

}  // namespace spantsp::config
