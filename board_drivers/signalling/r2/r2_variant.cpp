#include "board_drivers/signalling/r2/r2_variant.h"

#include <array>

namespace spantsp::r2 {
namespace {

using V = config::R2Variant;

// Columns: group A (next DNIS, n-1, n-2, n-3, change to B, congestion, category, next ANI,
// accept with charge), group B (accept charge, accept no charge, busy, congestion,
// unallocated, out of order, SIT, number changed), group C (next ANI, change to II, next
// DNIS and back to A, congestion), group I (end of DNIS, end of ANI, ANI restricted), group
// II by category (national, national priority, international, international priority, test
// equipment, collect call, pay phone), ANI first, exact max_ani, CD bits.
constexpr R2GroupC kNoGroupC{0, 0, 0, 0};
constexpr std::array<R2Variant, 7> kVariants{{
    {V::kItu,
     {1, 2, 7, 8, 3, 4, 5, 5, 6},
     {6, 7, 3, 4, 5, 8, 2, 0},
     kNoGroupC,
     {15, 15, 12},
     {1, 2, 7, 9, 3, 0, 0},
     true,
     false,
     0x1},
    // Argentina: I-12 ends the ANI, I-15 is a restricted ANI; no end-of-DNIS signal; pay phone.
    {V::kArgentina,
     {1, 2, 7, 8, 3, 4, 5, 5, 6},
     {6, 7, 3, 4, 5, 8, 2, 0},
     kNoGroupC,
     {0, 12, 15},
     {1, 2, 7, 9, 3, 0, 4},
     true,
     false,
     0x1},
    // Brazil: n-1 is A-9 (A-2, "all DNIS again", is not supported), no accept in group A;
    // group B reordered; collect call II-8.
    {V::kBrazil,
     {1, 9, 7, 8, 3, 4, 5, 5, 0},
     {1, 5, 2, 4, 7, 8, 6, 3},
     kNoGroupC,
     {0, 15, 12},
     {1, 2, 7, 9, 3, 8, 0},
     true,
     false,
     0x1},
    // China: A-6 asks the category, A-1 the next ANI digit (as the next DNIS digit: the phase
    // tells them apart), ANI counted to max_ani; C and D bits 11.
    {V::kChina,
     {1, 2, 7, 8, 3, 4, 6, 1, 0},
     {1, 7, 2, 4, 5, 8, 0, 0},
     kNoGroupC,
     {0, 15, 12},
     {1, 2, 7, 9, 3, 0, 0},
     true,
     true,
     0x3},
    // Colombia: group B accept B-1 / B-5, busy B-2, unallocated B-6 (no SIT signal).
    {V::kColombia,
     {1, 2, 7, 8, 3, 4, 5, 5, 6},
     {1, 5, 2, 4, 6, 8, 0, 0},
     kNoGroupC,
     {15, 15, 12},
     {1, 2, 7, 9, 3, 0, 0},
     true,
     false,
     0x1},
    // Mexico (Telmex, Avantel; openr2's documented "mx" behaviour): DNIS first, no end-of-
    // DNIS signal (mfback_timeout or max_dnis ends the number; national numbers are 10
    // digits). A-6 asks the category and switches to group C: C-1 next ANI digit, C-3 change
    // to group II (group B follows), C-5 next DNIS digit and back to group A, C-4 congestion.
    // No accept in group A (A-6 is taken) and no next-ANI signal in group A. I-15 both ends
    // the ANI and marks it restricted: with no ANI digit before it we offer a restricted
    // ANI, after digits the ANI is complete. Group B: accept B-1 / B-5, busy B-2, which is
    // also its unallocated number, congestion B-4, out of order B-8; no SIT or
    // number-changed signal. Group II as ITU (no collect-call or pay-phone category).
    {V::kMexico,
     {1, 2, 7, 8, 3, 4, 6, 0, 0},
     {1, 5, 2, 4, 2, 8, 0, 0},
     {1, 3, 5, 4},
     {0, 15, 15},
     {1, 2, 7, 9, 3, 0, 0},
     false,
     false,
     0x1},
    // Venezuela: A-9 asks the next ANI digit; no end-of-DNIS signal.
    {V::kVenezuela,
     {1, 2, 7, 8, 3, 4, 5, 9, 6},
     {6, 7, 3, 4, 5, 8, 2, 0},
     kNoGroupC,
     {0, 15, 12},
     {1, 2, 7, 9, 3, 0, 0},
     true,
     false,
     0x1},
}};

}  // namespace

const R2Variant& r2_variant(config::R2Variant id) {
  for (const R2Variant& v : kVariants) {
    if (v.id == id) return v;
  }
  return kVariants[0];
}

bool r2_variant_available(config::R2Variant id) {
  for (const R2Variant& v : kVariants) {
    if (v.id == id) return true;
  }
  return false;
}

}  // namespace spantsp::r2
