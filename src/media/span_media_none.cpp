// SpanMedia in the media-less build (SPANTSP_WITH_MEDIA=OFF, media/media_support.h): the same
// interface with no DSP behind it. Bearers still open and close and audio still crosses the
// span (tick() leaves both slabs as they are); every command is kUnsupported, so nothing is
// generated and no event is ever reported.

#include <stdexcept>

#include "media/media_support.h"
#include "media/span_media.h"

namespace spantsp::media {

bool dsp_available() {
  return false;
}

struct SpanMedia::Impl {
  std::size_t channels = 0;
  Law law = Law::kMulaw;
  std::size_t samples = 0;
  MediaStats stats;
};

SpanMedia::SpanMedia(std::size_t channels, Law law, std::uint32_t frame_period_ms,
                     MediaEvents& /*events*/, const SpanMediaOptions& /*options*/) {
  if (frame_period_ms == 0 || frame_period_ms > kMaxFramePeriodMs) {
    throw std::invalid_argument("SpanMedia: frame period must be 1..100 ms");
  }
  impl_ = std::make_unique<Impl>(Impl{channels, law, frame_period_ms * kSampleRate / 1000, {}});
}

SpanMedia::~SpanMedia() = default;

std::size_t SpanMedia::channels() const {
  return impl_->channels;
}

std::size_t SpanMedia::frame_samples() const {
  return impl_->samples;
}

Law SpanMedia::law() const {
  return impl_->law;
}

std::size_t SpanMedia::state_bytes_per_channel() {
  return 0;
}

MediaResult SpanMedia::command(std::size_t index, const MediaCommand& /*command*/,
                               std::uint64_t /*now_ms*/) {
  return index < impl_->channels ? MediaResult::kUnsupported : MediaResult::kInvalid;
}

void SpanMedia::reset(std::size_t /*index*/) {}

bool SpanMedia::active(std::size_t /*index*/) const {
  return false;
}

void SpanMedia::tick(const std::uint8_t* /*rx*/, std::uint8_t* /*tx*/, std::uint64_t /*now_ms*/) {
  ++impl_->stats.ticks;
}

MediaStats SpanMedia::stats() const {
  return impl_->stats;
}

}  // namespace spantsp::media
