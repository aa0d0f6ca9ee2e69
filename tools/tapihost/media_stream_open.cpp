#include "tools/tapihost/media_stream_open.h"

#include <cstring>

#include "tspi/spantsp_media_stream.h"

namespace spantsp::host {

LONG open_media_stream(Host& host, LineHandle line, CallHandle call, DWORD select, bool hear,
                       MediaStreamLease& lease) {
  alignas(8) unsigned char buffer[sizeof(VARSTRING) + sizeof(SpanTspMediaStreamId) + 16] = {};
  auto* var = reinterpret_cast<VARSTRING*>(buffer);
  var->dwTotalSize = sizeof buffer;
  if (const LONG rc = host.line_get_id(line, 0, call, select, var, "spantsp/media"); rc != 0) {
    return rc;
  }
  SpanTspMediaStreamId id{};
  if (var->dwStringFormat != STRINGFORMAT_BINARY || var->dwStringSize != sizeof id ||
      var->dwStringOffset + sizeof id > var->dwUsedSize) {
    return LINEERR_OPERATIONFAILED;
  }
  std::memcpy(&id, buffer + var->dwStringOffset, sizeof id);
  if (id.dwMagic != kMediaStreamIdMagic || id.dwVersion != kMediaStreamIdVersion ||
      id.qwStream == 0 || id.dwStreamBytes != sizeof(media::MediaStream)) {
    return LINEERR_OPERATIONFAILED;
  }
  auto* stream = reinterpret_cast<media::MediaStream*>(static_cast<std::uintptr_t>(id.qwStream));
  switch (stream->attach(id.dwEpoch, hear)) {
    case media::MediaStream::Attach::kOk:
      lease = MediaStreamLease(stream);
      return 0;
    case media::MediaStream::Attach::kBusy:
      return LINEERR_RESOURCEUNAVAIL;
    case media::MediaStream::Attach::kEnded:
      return LINEERR_RESOURCEUNAVAIL;
  }
  return LINEERR_OPERATIONFAILED;
}

}  // namespace spantsp::host
