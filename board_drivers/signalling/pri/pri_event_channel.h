#pragma once
// The B-channel a libpri event names. libpri encodes it as channel | span << 8 (plus flags
// above), -1 for none; channel 0xFF is "any channel", which RESTART and SERVICE use for the
// whole interface. Pure functions, any thread; shared by our side and the sim switch.

namespace spantsp::pri {

// The channel number of an event's encoded channel, or -1 when it names none.
inline int event_channel(int encoded) {
  return encoded < 0 ? -1 : (encoded & 0xFF);
}

// Whether a RESTART, RESTART ACKNOWLEDGE or SERVICE for `encoded` applies to channel `number`.
inline bool event_covers(int encoded, int number) {
  const int channel = event_channel(encoded);
  return channel < 0 || channel == 0xFF || channel == number;
}

}  // namespace spantsp::pri
