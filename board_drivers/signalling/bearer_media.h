#pragma once
// The bearer audio of one span's calls, as every signalling module with a bearer (ideal, pri)
// runs it (DESIGN.md §5): the span's SpanMedia ticks on the I/O's rx/tx slabs every frame, a
// channel's bearer is open exactly while its call is connected, media() commands reach the
// channel's DSP only then (kNoBearer otherwise), and the channel's DSP is reset when its call
// ends, so no event of an ended call is ever reported.
//
// Events: SpanMedia reports from inside tick(); they are held in a preallocated list and
// reported through SpanEvents::on_media once the tick is over, each only if its channel's call
// is still the one that produced it (a handler may release a call, or command a channel, from
// on_media). Never reported from inside a command (board_driver.h: no re-entry).
//
// Threads: runs on the span worker only (commands, state changes, the frame tick). No locks.
//
// Memory: the SpanMedia and the event list are allocated at start(), from the I/O's layout. The
// SpanMedia builds no DSP state up front: its pool (media/span_media.h) grows in blocks of
// media::kDspBlock to the most channels of the span that ran DSP at once (a call's media
// request, or signalling's claim), up to `dsp_states`, and keeps them; so a span whose calls
// never ask for DSP costs none, and nothing is allocated per call or per frame once that peak
// has been reached. A request beyond `dsp_states` is refused (kNoResource: the core's
// LINEERR_RESOURCEUNAVAIL).
//
// Streams: every channel has a media::MediaStream (the "spantsp/media" device class), built
// here once; the tick moves one frame each way between an attached application's rings and
// the span's slabs before the DSP runs, so a DSP generator (digits, tones) overrides it.
//
// Signalling's own use of a bearer (CAS addressing and call-progress tones, R2 MF): while a
// module has claimed a channel, its bearer is open whatever the call's state, the core's
// media() answers kNoBearer, and the channel's events go to the module's BearerOwner instead
// of the core (after the tick, like the core's). unclaim() resets the channel's DSP.
//
// Ownership: owned by the signalling module; the SpanEvents and SpanIo given to start() must
// outlive it, or stop() must run first.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "board_drivers/board_driver.h"
#include "board_drivers/io/span_io.h"
#include "board_drivers/signalling/channel_state.h"
#include "media/media_stream.h"
#include "media/span_media.h"

namespace spantsp::signalling {

struct BearerStats {
  std::uint64_t events = 0;          // media events reported to the core
  std::uint64_t stale_events = 0;    // dropped: their call ended before they could be reported
  std::uint64_t dropped_events = 0;  // more in one tick than the list holds
};

// Receives the media events of the channels a signalling module has claimed.
class BearerOwner {
 public:
  virtual void on_owned_media(std::size_t index, const media::MediaEvent& event) = 0;

 protected:
  ~BearerOwner() = default;
};

class BearerMedia final : private media::MediaEvents {
 public:
  // `numbers`: the bearer channel number of each dense index (the I/O's channel order);
  // `dsp_states`: the bound of the span's DSP pool (media::kAllChannels: one per channel, so
  // never refused).
  explicit BearerMedia(const std::vector<int>& numbers,
                       std::size_t dsp_states = media::kAllChannels);
  ~BearerMedia();
  BearerMedia(const BearerMedia&) = delete;
  BearerMedia& operator=(const BearerMedia&) = delete;

  // Builds the DSP for `io`'s layout (once; again only if the layout changed).
  void start(board::SpanEvents& events, io::SpanIo& io);
  // Closes every bearer and resets every channel's DSP; no event follows.
  void stop();

  // The channel's call moved to `state`: its bearer opens on kConnected and closes (DSP reset)
  // when it leaves it.
  void follow(std::size_t index, ChannelState state);
  // SpanSignalling::media() for channel `index` (dense): kNoBearer without a connected call.
  media::MediaResult command(std::size_t index, const media::MediaCommand& command,
                             std::uint64_t now_ms);
  // Signalling takes channel `index`'s bearer (its events go to `owner`) / gives it back (the
  // DSP is reset; the bearer stays open only if the call is connected).
  void claim(std::size_t index, BearerOwner& owner);
  void unclaim(std::size_t index);
  bool claimed(std::size_t index) const { return index < owner_.size() && owner_[index]; }
  // A command of the claiming module; kNoBearer when the channel is not claimed.
  media::MediaResult owned_command(std::size_t index, const media::MediaCommand& command,
                                   std::uint64_t now_ms);
  // One frame of the span's audio (SpanIoEvents::on_audio_frame).
  void on_frame(io::SpanAudio& audio, std::uint64_t now_ms);

  bool open(std::size_t index) const { return index < open_.size() && open_[index] != 0; }
  const BearerStats& stats() const { return stats_; }
  // Channel `index`'s application stream: any thread (the streams live as long as this);
  // nullptr for an index out of range.
  media::MediaStream* stream(std::size_t index) {
    return index < numbers_.size() ? &streams_[index] : nullptr;
  }
  // The span's DSP (tests, stats); null before start().
  media::SpanMedia* span_media() { return media_.get(); }

 private:
  struct Pending {
    std::size_t index = 0;
    std::uint32_t epoch = 0;
    media::MediaEvent event;
  };
  void on_media_event(std::size_t channel, const media::MediaEvent& event) override;
  void close(std::size_t index);
  // Opens or closes the bearer to match the call's state and any claim.
  void update(std::size_t index);

  std::vector<int> numbers_;
  std::size_t dsp_states_;
  std::vector<std::uint8_t> open_;
  std::vector<std::uint8_t> connected_;
  std::vector<BearerOwner*> owner_;   // the claiming module, or null
  std::vector<std::uint32_t> epoch_;  // bumped at every close: events of older calls are stale
  std::vector<Pending> pending_;      // capacity fixed at start()
  std::size_t pending_count_ = 0;
  std::unique_ptr<media::MediaStream[]> streams_;  // one per channel, built once
  std::unique_ptr<media::SpanMedia> media_;
  io::SpanLayout built_for_;
  board::SpanEvents* events_ = nullptr;
  io::SpanIo* io_ = nullptr;
  BearerStats stats_;
};

}  // namespace spantsp::signalling
