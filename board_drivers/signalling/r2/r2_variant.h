#pragma once
// What each MFC/R2 variant means by its signals (ITU-T Q.421/Q.441 and the national
// variations openr2 and chan_dahdi know), as one table: the R2 engine (r2_span.h) reads the
// table and has no per-variant code. Tone numbers are 1..15 (media/r2_mf_bank.h); 0 means the
// variant has no such signal.
//
// - Group A (backward, during addressing): next DNIS digit, n-1/n-2/n-3 (repeat), change to
//   group B, congestion, send the category, send the next ANI digit (the first request
//   after the category is the first ANI digit, so ITU's A-5 serves both), address complete
//   with charge (an accept without group B).
// - Group B (backward, the callee's state): accept with / without charge, busy, congestion,
//   unallocated number, out of order, special information tone, number changed.
// - Group C (backward, Mexico only): after the category, the backward side speaks group C
//   instead of group A: send the next ANI digit, change to group II (then group B follows),
//   send the next DNIS digit and return to group A, congestion. A variant with a group C
//   asks the category with its group A category signal and both sides switch to group C
//   once the category is sent; 0 in every column means the variant has no group C.
// - Group I (forward): digits 1..10 ('0' is tone 10), end of DNIS, end of ANI, ANI restricted.
// - Group II (forward): the calling party's category.
// - ANI-first (the default of `get_ani_first`), ANI counted to max_ani exactly (China), and
//   the C and D bits the line signalling carries unchanged.

#include <cstdint>

#include "config/config_model.h"

namespace spantsp::r2 {

struct R2GroupA {
  std::uint8_t next_dnis, dnis_minus_1, dnis_minus_2, dnis_minus_3, change_to_b, congestion,
      category, next_ani, accept_charge;
};
struct R2GroupB {
  std::uint8_t accept_charge, accept_no_charge, busy, congestion, unallocated, out_of_order, sit,
      number_changed;
};
struct R2GroupC {
  std::uint8_t next_ani, change_to_ii, next_dnis_to_a, congestion;
};
struct R2GroupI {
  std::uint8_t end_of_dnis, end_of_ani, ani_restricted;
};

struct R2Variant {
  config::R2Variant id;
  R2GroupA a;
  R2GroupB b;
  R2GroupC c;
  R2GroupI i;
  std::uint8_t ii[7];  // group II, by config::R2Category
  bool ani_first;
  bool force_max_ani;
  std::uint8_t cd_bits;
};

// The description of `id` (kItu's for a variant the table does not have).
const R2Variant& r2_variant(config::R2Variant id);
// Whether the engine runs `id` (every config::R2Variant today).
bool r2_variant_available(config::R2Variant id);
// Whether the variant's category request switches the register to group C.
inline bool has_group_c(const R2Variant& v) {
  return v.c.next_ani != 0;
}

}  // namespace spantsp::r2
