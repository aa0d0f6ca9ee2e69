#pragma once
// The private message format on the TUISPIDLLCALLBACK channel between the UI DLL
// (spantsp_ui.tsp, in the application's process) and the provider (TSPI_providerGenericDialog
// Data, in TAPISRV). Public: both sides include this header and nothing else of each other.
//
// tspi-contract §7: the parameter block is private to us and TAPI copies it to TAPISRV and
// back, so a request and its reply share one buffer: the UI DLL sizes the block for the reply
// it expects, the provider overwrites the payload with the reply. Wrong size fields can
// corrupt memory (§7), so both sides check every size against dwSize before touching a byte.
//
// Layout (little-endian, packed, no pointers: the two sides may be different processes):
//   UiMessageHeader (32 bytes), then `payload_size` bytes of UTF-8 JSON, then free space up to
//   `total_size` (== the callback's dwSize).
//
// Return values: the callback returns 0 when the channel worked (header and sizes valid, the
// payload parsed), LINEERR_INVALPARAM for a malformed message (never a crash),
// LINEERR_INVALPOINTER for a null block, LINEERR_NOMEM / LINEERR_OPERATIONFAILED for internal
// failures. The operation's own result is `status` in the reply header: 0, or a LINEERR_*
// (e.g. LINEERR_NOMULTIPLEINSTANCE from Install, LINEERR_STRUCTURETOOSMALL with `needed_size`
// set when the reply did not fit: the UI DLL retries with a block of that size).
//
// Payloads (JSON objects; unknown members are ignored so a newer side can add members without
// a version bump; a change of meaning bumps kUiChannelVersion):
//   kGetConfig       request {}                reply {"path", "exists", "toml", "model", "errors"}
//                    ("model": the TOML file as a JSON tree, keys as in the file)
//   kValidateConfig  request {"toml"} or {"model"}   reply {"errors": [ConfigError...]}
//   kSaveConfig      request {"toml"} or {"model"}   reply {"saved", "path", "errors"}
//                    (validated first; written atomically: temp file + rename; takes effect at
//                    the next TSPI_providerInit, tspi-contract §1.1 step 2)
//   kInstall         request {}  reply {"path", "created"}  status NOMULTIPLEINSTANCE if present
//   kRemove          request {}  reply {"path", "removed": [paths]}
//   kGetMonitor      request {}  reply {"running", "lines": [...], "spans": [...]}
//   ConfigError = {"file", "line", "column", "field", "message"}
// Object types (dwObjectType): TUISPIDLL_OBJECT_PROVIDERID (dwObjectID = permanent provider
// ID) or TUISPIDLL_OBJECT_LINEID (dwObjectID = device ID; kGetMonitor then reports that line
// in "focus").

#include <cstdint>
#include <cstring>

namespace spantsp::ui {

inline constexpr std::uint32_t kUiChannelMagic = 0x49555053;  // "SPUI" little-endian
inline constexpr std::uint16_t kUiChannelVersion = 1;
// Largest block either side accepts (a 736-line monitor snapshot is ~100 KB).
inline constexpr std::uint32_t kUiMaxMessageSize = 16u * 1024u * 1024u;

enum class UiMessageType : std::uint16_t {
  kGetConfig = 1,
  kValidateConfig = 2,
  kSaveConfig = 3,
  kInstall = 4,
  kRemove = 5,
  kGetMonitor = 6,
};
inline constexpr std::uint16_t kUiMessageTypeFirst = 1;
inline constexpr std::uint16_t kUiMessageTypeLast = 6;

struct UiMessageHeader {
  std::uint32_t magic;         // kUiChannelMagic
  std::uint16_t version;       // kUiChannelVersion
  std::uint16_t type;          // UiMessageType
  std::uint32_t total_size;    // bytes of the whole block, header included; must equal dwSize
  std::uint32_t payload_size;  // bytes of JSON after the header (request in, reply out)
  std::int32_t status;         // reply: 0 or LINEERR_* for the operation; request: 0
  std::uint32_t needed_size;   // reply: total_size that holds the reply when it did not fit
  std::uint32_t reserved[2];   // zero
};
static_assert(sizeof(UiMessageHeader) == 32, "the header is part of the wire format");

inline constexpr std::uint32_t kUiHeaderSize = sizeof(UiMessageHeader);

// The block may sit at any address (TAPI copies it): header access goes through memcpy.
inline UiMessageHeader read_ui_header(const void* block) {
  UiMessageHeader header;
  std::memcpy(&header, block, sizeof header);
  return header;
}
inline void write_ui_header(void* block, const UiMessageHeader& header) {
  std::memcpy(block, &header, sizeof header);
}

// True when `header` describes a well-formed block of `size` bytes; checked by both sides.
inline bool ui_header_valid(const UiMessageHeader& header, std::uint32_t size) {
  return size >= kUiHeaderSize && size <= kUiMaxMessageSize && header.magic == kUiChannelMagic &&
         header.version == kUiChannelVersion && header.type >= kUiMessageTypeFirst &&
         header.type <= kUiMessageTypeLast && header.total_size == size &&
         header.payload_size <= size - kUiHeaderSize && header.reserved[0] == 0 &&
         header.reserved[1] == 0;
}

}  // namespace spantsp::ui
