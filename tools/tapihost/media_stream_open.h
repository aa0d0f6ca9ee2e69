#pragma once
// The host library's side of the "spantsp/media" device class (tspi/spantsp_media_stream.h):
// lineGetID for a call or a per-channel line, the answer checked (magic, version, size) and
// turned into the channel's media::MediaStream, attached for the application. The stream is
// the provider's: detach (MediaStreamLease does it) before the call's handle is deallocated
// and before providerShutdown.
//
// Threads: any application thread; the lease then belongs to the thread that plays and
// hears (MediaPump's, for CallAudio).

#include <cstdint>

#include "media/media_stream.h"
#include "tools/tapihost/host.h"

namespace spantsp::host {

class MediaStreamLease {
 public:
  MediaStreamLease() = default;
  explicit MediaStreamLease(media::MediaStream* stream) : stream_(stream) {}
  ~MediaStreamLease() { reset(); }
  MediaStreamLease(MediaStreamLease&& other) noexcept : stream_(other.stream_) {
    other.stream_ = nullptr;
  }
  MediaStreamLease& operator=(MediaStreamLease&& other) noexcept {
    if (this != &other) {
      reset();
      stream_ = other.stream_;
      other.stream_ = nullptr;
    }
    return *this;
  }
  void reset() {
    if (stream_ != nullptr) stream_->detach();
    stream_ = nullptr;
  }
  media::MediaStream* get() const { return stream_; }
  media::MediaStream* operator->() const { return stream_; }
  explicit operator bool() const { return stream_ != nullptr; }

 private:
  media::MediaStream* stream_ = nullptr;
};

// Opens the stream of `call` (LINECALLSELECT_CALL; the call CONNECTED) or of `line`
// (LINECALLSELECT_LINE: follows every call of a per-channel line). 0 and `lease` set, or a
// LINEERR_ (lineGetID's), or LINEERR_RESOURCEUNAVAIL when another application holds the
// stream or the call ended meanwhile (as lineGetID says of a call not CONNECTED), or
// LINEERR_OPERATIONFAILED when
// the answer is not a stream identifier of this version or the provider's MediaStream has
// another layout (built from other sources).
LONG open_media_stream(Host& host, LineHandle line, CallHandle call, DWORD select, bool hear,
                       MediaStreamLease& lease);

}  // namespace spantsp::host
