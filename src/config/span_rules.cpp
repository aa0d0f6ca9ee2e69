#include "config/span_rules.h"

namespace spantsp::config {
namespace {

constexpr int kT1Timeslots = 24;
constexpr int kT1PriDChannel = 24;
constexpr int kE1Timeslots = 31;
constexpr int kE1SignallingTimeslot = 16;

}  // namespace

bool is_bearer(SpanType type, Signalling signalling, int channel) {
  if (type == SpanType::kT1) {
    if (signalling == Signalling::kPri && channel == kT1PriDChannel) return false;
    return channel >= 1 && channel <= kT1Timeslots;
  }
  return channel >= 1 && channel <= kE1Timeslots && channel != kE1SignallingTimeslot;
}

std::vector<int> default_channels(SpanType type, Signalling signalling) {
  std::vector<int> channels;
  const int last = type == SpanType::kT1 ? kT1Timeslots : kE1Timeslots;
  for (int channel = 1; channel <= last; ++channel) {
    if (is_bearer(type, signalling, channel)) channels.push_back(channel);
  }
  return channels;
}

std::vector<int> effective_channels(const SpanConfig& span) {
  if (!span.channels.empty()) return span.channels;
  return default_channels(span.type, span.signalling);
}

bool framing_fits(SpanType type, Framing framing) {
  if (type == SpanType::kT1) return framing == Framing::kD4 || framing == Framing::kEsf;
  return framing == Framing::kCas || framing == Framing::kCcs;
}

bool coding_fits(SpanType type, LineCoding coding) {
  if (type == SpanType::kT1) return coding == LineCoding::kAmi || coding == LineCoding::kB8zs;
  return coding == LineCoding::kHdb3 || coding == LineCoding::kAmi;
}

Framing default_framing(SpanType type, Signalling signalling) {
  if (type == SpanType::kT1) return Framing::kEsf;
  const bool cas_bits = signalling == Signalling::kCas || signalling == Signalling::kR2;
  return cas_bits ? Framing::kCas : Framing::kCcs;
}

LineCoding default_coding(SpanType type) {
  return type == SpanType::kT1 ? LineCoding::kB8zs : LineCoding::kHdb3;
}

SwitchType default_switch_type(SpanType type) {
  return type == SpanType::kT1 ? SwitchType::kNi2 : SwitchType::kEuroIsdn;
}

}  // namespace spantsp::config
