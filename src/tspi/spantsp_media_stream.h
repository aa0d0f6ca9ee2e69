#pragma once
// Public: the "spantsp/media" device class of lineGetID (DESIGN.md §5). For a call
// (LINECALLSELECT_CALL, the call CONNECTED) or a per-channel line (LINECALLSELECT_LINE or
// _ADDRESS) SpanTSP answers a binary VARSTRING holding one SpanTspMediaStreamId: the address,
// in the process that loaded the provider (lineGetID's hTargetProcess is that process under
// tools/tapihost), of the channel's media::MediaStream (src/media/media_stream.h), and the
// call epoch to attach it with. The application attaches (MediaStream::attach), plays G.711
// octets of the span's law into it and hears the caller's audio from it, frame by frame; the
// span worker's frame tick moves the audio. tools/tapihost/media_stream_host.h wraps it.
//
// Errors (TSPI_lineGetID's documented codes, plus lineGetID's INVALDEVICECLASS): a device class
// other than "tapi/line" and "spantsp/media" -> LINEERR_INVALDEVICECLASS (wave/in, wave/out,
// comm/datamodem … are not served; LINEDEVCAPS.DeviceClasses names exactly these two); a
// trunk-group line (no one channel) -> LINEERR_OPERATIONUNAVAIL; a call not CONNECTED (offered,
// dialing, disconnected, idle) -> LINEERR_RESOURCEUNAVAIL; a closed call ->
// LINEERR_INVALCALLHANDLE; signalling without a bearer -> LINEERR_OPERATIONUNAVAIL. A VARSTRING
// whose dwTotalSize holds the fixed part but not the identifier: 0, dwNeededSize says how much
// (sizeof(VARSTRING) + sizeof(SpanTspMediaStreamId)), dwStringSize stays 0.
//
// Layout is fixed little-endian; check dwMagic and dwVersion before reading further.

#include <cstdint>

namespace spantsp {

inline constexpr char16_t kMediaDeviceClass[] = u"spantsp/media";
inline constexpr std::uint32_t kMediaStreamIdMagic = 0x4D505453;  // "STPM"
inline constexpr std::uint32_t kMediaStreamIdVersion = 1;
inline constexpr std::uint32_t kMediaStreamAnyCall = 0xFFFFFFFFu;  // a line's stream

struct SpanTspMediaStreamId {
  std::uint32_t dwMagic;        // kMediaStreamIdMagic
  std::uint32_t dwVersion;      // kMediaStreamIdVersion
  std::uint32_t dwEpoch;        // the call's epoch, or kMediaStreamAnyCall for a line
  std::uint32_t dwLaw;          // 0 µ-law (T1), 1 A-law (E1)
  std::uint32_t dwFrameOctets;  // octets per frame period (8 per ms)
  std::uint32_t dwChannel;      // bearer channel
  // sizeof(media::MediaStream) in the provider: the stream is a C++ object shared in process,
  // so an application built against another layout of it must not touch it.
  std::uint32_t dwStreamBytes;
  std::uint32_t dwReserved;  // 0
  std::uint64_t qwStream;    // address of the media::MediaStream
};
static_assert(sizeof(SpanTspMediaStreamId) == 40);

}  // namespace spantsp
