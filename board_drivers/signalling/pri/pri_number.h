#pragma once
// Numbers and presentation between the board API and libpri's call request / RING event:
// a leading '+' is the international type of number (t1e1-notes §1.3), any other number goes
// as "unknown" so the network applies its own dial plan. Pure functions, any thread.

#include "board_drivers/signalling/pri/libpri_include.h"

#include <array>
#include <cstddef>

#include "board_drivers/board_driver.h"

namespace spantsp::pri {

// libpri 1.6 clears with RELEASE COMPLETE, freeing the call record at once and with no event
// to follow, for these causes (t1e1-notes gotcha 1.9.1); every other cause goes out as
// DISCONNECT (or RELEASE for 6, 7, 26) and the record lives until the peer has answered.
inline bool releases_at_once(int q850_cause) {
  return q850_cause == 1 || q850_cause == 34 || q850_cause == 44 || q850_cause == 81 ||
         q850_cause == 82;
}

// A NUL-terminated copy libpri's char* parameters can take, with the plan it implies.
struct WireNumber {
  std::array<char, board::kMaxDigits + 1> text{};
  int plan = PRI_UNKNOWN;
};

inline WireNumber to_wire(const board::Number& number) {
  WireNumber w;
  std::string_view digits = number.view();
  if (!digits.empty() && digits.front() == '+') {
    w.plan = PRI_INTERNATIONAL_ISDN;
    digits.remove_prefix(1);
  }
  for (std::size_t i = 0; i < digits.size() && i < board::kMaxDigits; ++i) w.text[i] = digits[i];
  return w;
}

inline int to_wire(board::Presentation p) {
  switch (p) {
    case board::Presentation::kAllowed:
      return PRES_ALLOWED_USER_NUMBER_NOT_SCREENED;
    case board::Presentation::kRestricted:
      return PRES_PROHIB_USER_NUMBER_NOT_SCREENED;
    case board::Presentation::kUnavailable:
      return PRES_NUMBER_NOT_AVAILABLE;
  }
  return PRES_ALLOWED_USER_NUMBER_NOT_SCREENED;
}

inline board::Presentation from_wire_presentation(int pres) {
  switch (pres & 0x60) {  // Q.931 presentation indicator bits
    case 0x20:
      return board::Presentation::kRestricted;
    case 0x40:
      return board::Presentation::kUnavailable;
    default:
      return board::Presentation::kAllowed;
  }
}

// What a RING event offers, in the board API's terms.
inline board::CallSetup from_ring(const pri_event_ring& ring) {
  board::CallSetup setup;
  setup.called.assign(ring.callednum);
  setup.calling.assign(ring.callingnum);
  setup.calling_name.assign(ring.callingname);
  setup.redirecting.assign(ring.redirectingnum);
  setup.calling_presentation = from_wire_presentation(ring.callingpres);
  setup.sending_complete = ring.complete != 0;
  setup.channel_exclusive = ring.flexible == 0;
  setup.uui.assign(ring.useruserinfo);  // libpri keeps only IA5 user-user information
  return setup;
}

// Places a SETUP for `setup` on `channel` (speech; the channel exclusive or preferred as
// `setup` says, with its redirecting number if any); nullptr when libpri refused.
inline q931_call* send_setup(struct pri* ctrl, int channel, const board::CallSetup& setup,
                             bool alaw) {
  q931_call* call = pri_new_call(ctrl);
  if (call == nullptr) return nullptr;
  struct pri_sr* sr = pri_sr_new();
  if (sr == nullptr) {
    pri_destroycall(ctrl, call);
    return nullptr;
  }
  WireNumber called = to_wire(setup.called);
  WireNumber calling = to_wire(setup.calling);
  std::array<char, board::kMaxName + 1> name{};
  for (std::size_t i = 0; i < setup.calling_name.size; ++i) name[i] = setup.calling_name.text[i];
  WireNumber redirecting = to_wire(setup.redirecting);
  pri_sr_set_channel(sr, channel, setup.channel_exclusive ? 1 : 0, /*nonisdn=*/0);
  pri_sr_set_bearer(sr, PRI_TRANS_CAP_SPEECH, alaw ? PRI_LAYER_1_ALAW : PRI_LAYER_1_ULAW);
  pri_sr_set_called(sr, called.text.data(), called.plan, setup.sending_complete ? 1 : 0);
  pri_sr_set_caller(sr, setup.calling.empty() ? nullptr : calling.text.data(),
                    setup.calling_name.empty() ? nullptr : name.data(), calling.plan,
                    to_wire(setup.calling_presentation));
  if (!setup.redirecting.empty()) {
    // The reason is not carried by the board API: "unknown" (Q.931 reason 0).
    pri_sr_set_redirecting(sr, redirecting.text.data(), redirecting.plan,
                           PRES_ALLOWED_USER_NUMBER_NOT_SCREENED, PRI_REDIR_UNKNOWN);
  }
  // libpri keeps the pointer until pri_setup copies it; FixedString's text is NUL-terminated.
  if (!setup.uui.empty()) pri_sr_set_useruser(sr, setup.uui.text.data());
  const int rc = pri_setup(ctrl, call, sr);
  pri_sr_free(sr);
  if (rc != 0) {
    pri_destroycall(ctrl, call);
    return nullptr;
  }
  return call;
}

}  // namespace spantsp::pri
