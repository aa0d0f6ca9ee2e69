#include "board_drivers/signalling/bearer_media.h"

#include "pipeline/perf_probe.h"

namespace spantsp::signalling {
namespace {

// Events one tick may hold per channel before the rest are dropped (counted): a digit's down
// and up edges, a tone, a media kind and a generate-done fit with room to spare.
constexpr std::size_t kEventsPerChannel = 8;

}  // namespace

BearerMedia::BearerMedia(const std::vector<int>& numbers, std::size_t dsp_states)
    : numbers_(numbers),
      dsp_states_(dsp_states),
      open_(numbers.size(), 0),
      connected_(numbers.size(), 0),
      owner_(numbers.size(), nullptr),
      epoch_(numbers.size(), 0),
      streams_(std::make_unique<media::MediaStream[]>(numbers.size())) {}

BearerMedia::~BearerMedia() {
  stop();
}

void BearerMedia::start(board::SpanEvents& events, io::SpanIo& io) {
  events_ = &events;
  io_ = &io;
  const io::SpanLayout& layout = io.layout();
  if (!media_ || built_for_.law != layout.law ||
      built_for_.frame_period_ms != layout.frame_period_ms) {
    media::MediaEvents& sink = *this;
    media::SpanMediaOptions options;
    options.dsp_states = dsp_states_;
    options.dsp_prebuilt = 0;  // built as the span's calls first need them
    media_ = std::make_unique<media::SpanMedia>(numbers_.size(), layout.law, layout.frame_period_ms,
                                                sink, options);
    built_for_ = layout;
  }
  for (std::size_t i = 0; i < numbers_.size(); ++i) {
    streams_[i].configure(layout.law, layout.frame_octets());
  }
  pending_.assign(numbers_.size() * kEventsPerChannel, Pending{});
  pending_count_ = 0;
}

void BearerMedia::stop() {
  for (std::size_t i = 0; i < open_.size(); ++i) {
    connected_[i] = 0;
    owner_[i] = nullptr;
    close(i);
  }
  pending_count_ = 0;
  events_ = nullptr;
  io_ = nullptr;
}

void BearerMedia::follow(std::size_t index, ChannelState state) {
  if (index >= open_.size() || io_ == nullptr) return;
  connected_[index] = bearer_connected(state) ? 1 : 0;
  update(index);
}

void BearerMedia::claim(std::size_t index, BearerOwner& owner) {
  if (index >= open_.size() || io_ == nullptr || owner_[index] == &owner) return;
  // Whatever the core had running on the channel stops: signalling owns it now.
  if (open_[index] != 0) {
    ++epoch_[index];
    if (media_) media_->reset(index);
  }
  owner_[index] = &owner;
  update(index);
}

void BearerMedia::unclaim(std::size_t index) {
  if (index >= open_.size() || owner_[index] == nullptr) return;
  owner_[index] = nullptr;
  ++epoch_[index];
  if (media_) media_->reset(index);
  update(index);
}

void BearerMedia::update(std::size_t index) {
  const bool wanted = connected_[index] != 0 || owner_[index] != nullptr;
  if (wanted == (open_[index] != 0)) return;
  if (!wanted) {
    close(index);
    return;
  }
  open_[index] = 1;
  io_->set_bearer(index, true);
  streams_[index].open_call();
}

void BearerMedia::close(std::size_t index) {
  if (open_[index] == 0) return;
  open_[index] = 0;
  ++epoch_[index];
  streams_[index].close_call();
  if (media_) media_->reset(index);
  if (io_ != nullptr) io_->set_bearer(index, false);
}

media::MediaResult BearerMedia::command(std::size_t index, const media::MediaCommand& command,
                                        std::uint64_t now_ms) {
  if (!open(index) || !media_ || owner_[index] != nullptr) return media::MediaResult::kNoBearer;
  return media_->command(index, command, now_ms);
}

media::MediaResult BearerMedia::owned_command(std::size_t index, const media::MediaCommand& command,
                                              std::uint64_t now_ms) {
  if (!claimed(index) || !media_) return media::MediaResult::kNoBearer;
  return media_->command(index, command, now_ms);
}

void BearerMedia::on_frame(io::SpanAudio& audio, std::uint64_t now_ms) {
  if (!media_) return;
  const pipeline::perf_probe::FrameScope probe(now_ms);  // the load tool's stage split
  pending_count_ = 0;
  for (std::size_t i = 0; i < open_.size(); ++i) {
    if (open_[i] != 0) streams_[i].on_frame(audio.rx(i), audio.tx(i));
  }
  media_->tick(audio.rx_slab(), audio.tx_slab(), now_ms);
  // Reported after the tick: a handler may release the call or command the DSP.
  const std::size_t count = pending_count_;
  for (std::size_t i = 0; i < count && events_ != nullptr; ++i) {
    const Pending& p = pending_[i];
    if (p.epoch != epoch_[p.index] || open_[p.index] == 0) {
      ++stats_.stale_events;
      continue;
    }
    ++stats_.events;
    if (BearerOwner* owner = owner_[p.index]) {
      owner->on_owned_media(p.index, p.event);
    } else {
      events_->on_media(numbers_[p.index], p.event);
    }
  }
  pending_count_ = 0;
}

void BearerMedia::on_media_event(std::size_t channel, const media::MediaEvent& event) {
  if (channel >= open_.size()) return;
  if (pending_count_ == pending_.size()) {
    ++stats_.dropped_events;
    return;
  }
  pending_[pending_count_++] = Pending{channel, epoch_[channel], event};
}

}  // namespace spantsp::signalling
