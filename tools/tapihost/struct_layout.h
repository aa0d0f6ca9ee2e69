#pragma once
// Layouts of the TAPI variable-size structures the host hands to a provider: the size of the
// fixed part per negotiated version, every dwXxxSize/dwXxxOffset pair, and which fields TAPI
// (not the provider) owns. Written once here; the var-struct checker and the host's argument
// checks (tspi-contract §5, §8 "What TAPI validates for us") read it.
//
// Thread affinity: constant tables, any thread.

#include <cstdint>
#include <span>
#include <string_view>

#include "tspi/abi/tspi_abi.h"

namespace spantsp::host {

enum class StructKind : unsigned char {
  kVarString,
  kLineDevCaps,
  kLineAddressCaps,
  kLineCallInfo,
  kLineCallStatus,
  kLineDevStatus,
  kLineAddressStatus,
  kLineCallParams,
};

enum class FieldKind : unsigned char {
  kString,      // NUL-terminated UTF-16
  kStringList,  // NUL-separated UTF-16 strings ending with an extra NUL (DeviceClasses)
  kBinary,      // anything (device-specific data, fixed-size entries, DWORD arrays)
};

struct VarField {
  std::string_view name;    // "LineName" for dwLineNameSize/dwLineNameOffset
  std::uint32_t size_at;    // offsetof(dwXxxSize)
  std::uint32_t offset_at;  // offsetof(dwXxxOffset)
  FieldKind kind;
  bool tapi_owned;  // filled by TAPI after the provider returns, never by the provider
};

// A fixed member TAPI fills itself (LINECALLINFO.hLine, LINECALLSTATUS.dwCallPrivilege, ...).
struct OwnedMember {
  std::string_view name;
  std::uint32_t at;
  std::uint32_t bytes;
};

struct StructLayout {
  StructKind kind;
  std::string_view name;  // "LINEDEVCAPS"
  std::span<const VarField> fields;
  std::span<const OwnedMember> tapi_owned_members;
};

const StructLayout& struct_layout(StructKind kind);

// Bytes of the fixed part at a negotiated TSPI version (the structures grew in 1.4, 2.0, 2.2
// and 3.0; tspi-contract §5 [I]). TAPI refuses a dwTotalSize below this
// (LINEERR_STRUCTURETOOSMALL).
std::uint32_t fixed_size(StructKind kind, DWORD version);

// True if a Size/Offset pair exists in the fixed part at `version`.
inline bool field_exists(const VarField& field, std::uint32_t fixed) {
  return field.offset_at + sizeof(DWORD) <= fixed;
}

}  // namespace spantsp::host
