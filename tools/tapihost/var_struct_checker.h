#pragma once
// Checks of the variable-size structures a provider fills (LINEDEVCAPS, LINECALLINFO, ...)
// against tspi-contract §5: size fields consistent, every Size/Offset pair inside
// [fixed size, dwUsedSize), no overlap, strings NUL-terminated UTF-16, TAPI-owned fields left
// alone, nothing written at or past dwTotalSize; and, on request, the same fill repeated at
// every dwTotalSize from the fixed size up to dwNeededSize to prove no variable field is ever
// truncated and dwNeededSize does not depend on the buffer.
//
// Thread affinity: StructBuffer is owned by one thread at a time (the one making the TSPI
// call). The check functions are pure and reentrant; they only append to `out`.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

#include "tools/tapihost/struct_layout.h"
#include "tools/tapihost/violation.h"
#include "tspi/abi/tspi_abi.h"

namespace spantsp::host {

// A structure buffer as TAPI lends it to a provider (tspi-contract §5 "What TAPI has already
// done"): dwTotalSize bytes, zeroed, dwTotalSize set; then guard bytes to catch writes past it.
class StructBuffer {
 public:
  static constexpr std::size_t kGuardBytes = 64;
  static constexpr unsigned char kGuardByte = 0xA5;

  explicit StructBuffer(std::uint32_t total_size);

  // Zero the structure, set dwTotalSize, refill the guard.
  void reset();

  void* data() { return storage_.data(); }
  const void* data() const { return storage_.data(); }
  const unsigned char* bytes() const {
    return reinterpret_cast<const unsigned char*>(storage_.data());
  }
  template <class T>
  T* as() {
    return static_cast<T*>(data());
  }
  template <class T>
  const T* as() const {
    return static_cast<const T*>(data());
  }

  std::uint32_t total_size() const { return total_size_; }
  // The three DWORDs every filled structure starts with.
  DWORD word(std::size_t index) const;
  bool guard_intact() const;

 private:
  std::vector<std::uint64_t> storage_;  // 8-byte aligned
  std::uint32_t total_size_;
};

// Checks one filled structure. `context` names the call ("TSPI_lineGetDevCaps(device 3)").
void check_filled_struct(StructKind kind, DWORD version, const StructBuffer& buffer,
                         std::string_view context, std::vector<Violation>& out);

// Calls the provider once with `structure` (already zeroed, dwTotalSize set); returns its result.
using FillFunction = std::function<LONG(void* structure)>;

// Fills at every dwTotalSize in [fixed size, dwNeededSize] with guard bytes after each, and
// checks every fill (check_filled_struct), that dwNeededSize is the same at every size, that
// each variable field is either complete (its full-size Size) or absent (Size = Offset = 0),
// and that the fill succeeds at every size. Repeated findings are reported once, with the
// first size they occurred at. Returns the number of fills made.
std::size_t check_fill_at_every_size(StructKind kind, DWORD version, const FillFunction& fill,
                                     std::string_view context, std::vector<Violation>& out,
                                     std::uint32_t size_limit = 1u << 20);

}  // namespace spantsp::host
