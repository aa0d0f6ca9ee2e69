#pragma once
// Checks the form of a sim_control.h request (magic, version, NUL-terminated fields, digits,
// a trailing '+' for "more digits follow", alarm bits) and decodes it, for every span type of
// the sim board (ideal and PRI). Whether the span and channel state allow the control is the
// span's decision (kRejected). Pure function, any thread.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "board_drivers/board_driver.h"
#include "board_drivers/sim/sim_control.h"

namespace spantsp::sim {

struct ParsedControl {
  std::uint32_t op = 0;
  board::CallSetup setup;    // kSimInjectIncoming; called digits for kSimRemoteDigits
  std::uint8_t cause = 0;    // kSimRemoteClear
  board::SpanStatus status;  // kSimSpanAlarm
  std::uint8_t service = 0;  // kSimServiceChannel: Q.931 change status 0, 1 or 2
  std::uint32_t frames = 0;  // kSimDropFrames, kSimCorruptFrames
  bool from_us = false;      // ... the direction: frames our side sends
  int channel = 0;           // SimControl::bChannel: the channel a group line's control names
  board::UserUser uui;       // kSimRemoteUserUser
  bool hold = false;         // kSimRemoteHold: hold (else retrieve)
};

// The channel a control acts on: the one it names (bChannel), else the line's own. A
// trunk-group line has none (the provider passes channel 0), so its controls name one; a
// per-channel line may name another channel of its span (a cross-span group's later spans
// have no line of their own to send controls on).
inline int control_channel(int line_channel, const ParsedControl& control) {
  return control.channel != 0 ? control.channel : line_channel;
}

namespace control_detail {

template <std::size_t N>
inline bool field_text(const char (&field)[N], std::string_view& out) {
  const void* nul = std::memchr(field, '\0', N);
  if (nul == nullptr) return false;
  out = std::string_view(field, static_cast<std::size_t>(static_cast<const char*>(nul) - field));
  return true;
}

inline bool parse_digits(std::string_view text, board::Number& out, bool& complete) {
  complete = true;
  if (!text.empty() && text.back() == '+') {
    complete = false;
    text.remove_suffix(1);
  }
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || c == '*' || c == '#')) return false;
  }
  return out.assign(text);
}

inline bool parse_name(std::string_view text, board::Name& out) {
  for (char c : text) {
    if (c < 0x20 || c > 0x7E) return false;
  }
  return out.assign(text);
}

}  // namespace control_detail

// kInvalid for a malformed request, kUnsupported for an unknown operation, else kOk.
inline board::ControlResult parse_control(const void* params, std::size_t size,
                                          ParsedControl& out) {
  using board::ControlResult;
  using namespace control_detail;
  if (params == nullptr || size != sizeof(SimControl)) return ControlResult::kInvalid;
  SimControl control;
  std::memcpy(&control, params, sizeof control);  // the caller's buffer may be unaligned
  if (control.dwMagic != kSimControlMagic || control.dwVersion != kSimControlVersion) {
    return ControlResult::kInvalid;
  }
  out.op = control.dwOp;
  out.channel = control.bChannel;
  std::string_view calling, called, name;
  switch (control.dwOp) {
    case kSimInjectIncoming:
    case kSimInjectIncomingAll:
    case kSimInjectRedirected: {
      const bool redirected = control.dwOp == kSimInjectRedirected;
      bool calling_complete = true, redirecting_complete = true;
      if (!field_text(control.szCalled, called) || !field_text(control.szCalling, calling) ||
          !field_text(control.szCallingName, name) ||
          !parse_digits(called, out.setup.called, out.setup.sending_complete) ||
          !parse_digits(calling, out.setup.calling, calling_complete) || !calling_complete ||
          (redirected ? !parse_digits(name, out.setup.redirecting, redirecting_complete) ||
                            !redirecting_complete || out.setup.redirecting.empty()
                      : !parse_name(name, out.setup.calling_name))) {
        return ControlResult::kInvalid;
      }
      // The spans offer it as any other call.
      out.op = control.dwOp == kSimInjectIncomingAll ? kSimInjectIncomingAll : kSimInjectIncoming;
      return ControlResult::kOk;
    }
    case kSimRemoteAnswer:
      return ControlResult::kOk;
    case kSimRemoteClear:
      if (control.dwCause == 0 || control.dwCause > 127) return ControlResult::kInvalid;
      out.cause = static_cast<std::uint8_t>(control.dwCause);
      return ControlResult::kOk;
    case kSimSpanAlarm:
      if ((control.dwAlarms & ~0xFu) != 0) return ControlResult::kInvalid;
      out.status.red = (control.dwAlarms & 1u) != 0;
      out.status.yellow = (control.dwAlarms & 2u) != 0;
      out.status.blue = (control.dwAlarms & 4u) != 0;
      out.status.signalling_up = (control.dwAlarms & 8u) == 0;
      return ControlResult::kOk;
    case kSimRemoteDigits:
      if (!field_text(control.szCalled, called) ||
          !parse_digits(called, out.setup.called, out.setup.sending_complete) ||
          out.setup.called.empty()) {
        return ControlResult::kInvalid;
      }
      return ControlResult::kOk;
    case kSimR2Fault:
      if (control.dwCause < kSimR2Block || control.dwCause > kSimR2StuckBits) {
        return ControlResult::kInvalid;
      }
      out.cause = static_cast<std::uint8_t>(control.dwCause);
      return ControlResult::kOk;
    case kSimDropFrames:
    case kSimCorruptFrames:
      if (control.dwCause == 0 || control.dwCause > 255 || (control.dwAlarms & ~1u) != 0) {
        return ControlResult::kInvalid;
      }
      out.frames = control.dwCause;
      out.from_us = (control.dwAlarms & 1u) != 0;
      return ControlResult::kOk;
    case kSimRestartChannel:
    case kSimRestartSpan:
    case kSimQueryHeard:
    case kSimQueryTransfer:
      return ControlResult::kOk;
    case kSimRemoteUserUser: {
      board::Name text;
      if (!field_text(control.szCallingName, name) || name.empty() || !parse_name(name, text)) {
        return ControlResult::kInvalid;
      }
      out.uui.assign(name);
      return ControlResult::kOk;
    }
    case kSimRemoteHold:
      if (control.dwAlarms > 1) return ControlResult::kInvalid;
      out.hold = control.dwAlarms == 1;
      return ControlResult::kOk;
    case kSimServiceChannel:
      if (control.dwAlarms > 2) return ControlResult::kInvalid;
      out.service = static_cast<std::uint8_t>(control.dwAlarms);
      return ControlResult::kOk;
    default:
      return ControlResult::kUnsupported;
  }
}

// kSimQueryHeard's answer written over the request in `params` (already checked by
// parse_control; unaligned is fine): `digits` the DTMF the far party heard, `tones` its
// FarTone bits.
inline void answer_heard(void* params, std::string_view digits, std::uint32_t tones) {
  SimControl control;
  std::memcpy(&control, params, sizeof control);
  control.dwCause = static_cast<std::uint32_t>(digits.size());
  control.dwAlarms = tones;
  const std::size_t keep = std::min(digits.size(), sizeof control.szCalled - 1);
  std::memset(control.szCalled, 0, sizeof control.szCalled);
  std::memcpy(control.szCalled, digits.data() + (digits.size() - keep), keep);
  std::memcpy(params, &control, sizeof control);
}

// kSimQueryTransfer's answer written over the request in `params` (checked as above).
inline void answer_transfer(void* params, std::uint32_t how, std::string_view party,
                            std::string_view own_party, bool channel_free) {
  SimControl control;
  std::memcpy(&control, params, sizeof control);
  control.dwCause = how;
  control.dwAlarms = channel_free ? 1u : 0u;
  std::memset(control.szCalled, 0, sizeof control.szCalled);
  std::memset(control.szCalling, 0, sizeof control.szCalling);
  std::memcpy(control.szCalled, party.data(), std::min(party.size(), sizeof control.szCalled - 1));
  std::memcpy(control.szCalling, own_party.data(),
              std::min(own_party.size(), sizeof control.szCalling - 1));
  std::memcpy(params, &control, sizeof control);
}

}  // namespace spantsp::sim
