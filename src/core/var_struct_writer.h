#pragma once
// Fills a TAPI variable-size structure (LINEDEVCAPS, LINECALLINFO, VARSTRING, ...) by the rules
// of tspi-contract §5, written once for every structure the provider returns:
//
// - the fixed part is built in a local copy, then only the bytes of the fixed part that exist
//   in the negotiated version are copied out, so a 2.0 caller never sees 3.0 members written
//   past its fixed part;
// - dwTotalSize and the members TAPI owns are never changed;
// - a variable field is written whole or not at all (Size = Offset = 0), never truncated,
//   and always counted in dwNeededSize;
// - variable data is packed right after the fixed part, leaving the free space at the end
//   for the fields TAPI appends itself.
//
// Single-threaded: used on the calling thread for one structure, then dropped.

#include <cstdint>
#include <cstring>
#include <string_view>
#include <type_traits>

#include "tspi/abi/tspi_abi.h"

namespace spantsp::core {

template <class Struct>
class VarStructWriter {
 public:
  using Field = DWORD Struct::*;

  // `target` is the caller's buffer; TAPI has checked it covers dwTotalSize bytes
  // (tspi-contract §5). `fixed_size` is the fixed part for the negotiated version.
  VarStructWriter(Struct* target, std::uint32_t fixed_size)
      : target_(target),
        total_(read_total(target)),
        fixed_size_(fixed_size),
        needed_(fixed_size),
        used_(fixed_size) {
    fixed_ = Struct{};
  }

  // True when the caller's buffer cannot hold even the fixed part of its version.
  bool too_small() const { return total_ < fixed_size_; }

  // The fixed part to fill; Size/Offset pairs are set by append_*().
  Struct& fixed() { return fixed_; }

  // Keeps a member TAPI owns (e.g. LINECALLINFO.hLine) exactly as the caller left it.
  template <class T>
  void preserve(T Struct::*member) {
    const auto offset = static_cast<std::size_t>(reinterpret_cast<const char*>(&(fixed_.*member)) -
                                                 reinterpret_cast<const char*>(&fixed_));
    if (offset + sizeof(T) <= fixed_size_) fixed_.*member = target_->*member;
  }

  void append_bytes(const void* data, std::uint32_t size, Field size_field, Field offset_field) {
    if (size == 0) return;
    needed_ = align4(needed_) + size;
    const std::uint32_t at = align4(used_);
    if (at + size > total_) return;  // does not fit whole: leave Size/Offset at 0
    std::memcpy(reinterpret_cast<char*>(target_) + at, data, size);
    fixed_.*size_field = size;
    fixed_.*offset_field = at;
    used_ = at + size;
  }

  // A UTF-16 string with its NUL terminator; an empty string is left out (Size = 0).
  void append_string(std::u16string_view text, Field size_field, Field offset_field) {
    if (text.empty()) return;
    append_terminated(text, 1, size_field, offset_field);
  }

  // A UTF-16 list of NUL-terminated strings ending in an extra NUL ("tapi/line\0\0"): `list`
  // holds the strings already separated by NULs, without the final one.
  void append_multi_string(std::u16string_view list, Field size_field, Field offset_field) {
    append_terminated(list, 2, size_field, offset_field);
  }

  // Copies the fixed part (minus dwTotalSize) into the caller's buffer and sets the sizes.
  void finish() {
    fixed_.dwTotalSize = total_;
    fixed_.dwNeededSize = needed_;
    fixed_.dwUsedSize = used_;
    const auto skip = sizeof(fixed_.dwTotalSize);  // dwTotalSize is TAPI's
    std::memcpy(reinterpret_cast<char*>(target_) + skip,
                reinterpret_cast<const char*>(&fixed_) + skip, fixed_size_ - skip);
  }

  std::uint32_t needed() const { return needed_; }

 private:
  static std::uint32_t read_total(const Struct* s) {
    DWORD total;
    std::memcpy(&total, s, sizeof total);  // dwTotalSize is the first member of every one
    return total;
  }
  static std::uint32_t align4(std::uint32_t n) { return (n + 3u) & ~3u; }

  void append_terminated(std::u16string_view text, std::uint32_t terminators, Field size_field,
                         Field offset_field) {
    const auto bytes = static_cast<std::uint32_t>((text.size() + terminators) * sizeof(char16_t));
    needed_ = align4(needed_) + bytes;
    const std::uint32_t at = align4(used_);
    if (at + bytes > total_) return;
    auto* out = reinterpret_cast<char*>(target_) + at;
    std::memcpy(out, text.data(), text.size() * sizeof(char16_t));
    std::memset(out + text.size() * sizeof(char16_t), 0, terminators * sizeof(char16_t));
    fixed_.*size_field = bytes;
    fixed_.*offset_field = at;
    used_ = at + bytes;
  }

  Struct* target_;
  Struct fixed_;
  std::uint32_t total_;
  std::uint32_t fixed_size_;
  std::uint32_t needed_;
  std::uint32_t used_;
};

}  // namespace spantsp::core
