#include "media/span_media.h"

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/cache_aligned_allocator.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <vector>

#include "media/channel_dsp.h"
#include "media/media_command_check.h"
#include "media/media_support.h"
#include "media/spandsp_api.h"

namespace spantsp::media {
namespace {

#if defined(__SANITIZE_THREAD__)
// ThreadSanitizer cannot see oneTBB's allocator hand a block freed on one thread to another
// (Debian's libtbb is not instrumented), so a span built on one worker where another's was
// destroyed reads as a race. TSan builds take the slab from the (intercepted) aligned new.
template <class T>
using SlabAllocator = std::allocator<T>;
#else
template <class T>
using SlabAllocator = tbb::cache_aligned_allocator<T>;
#endif
// spandsp 0.0.6 fills static tables (its DTMF Goertzel descriptors and tone descriptors) the
// first time a DTMF receiver or transmitter is initialised, without a lock. Span workers build
// their SpanMedia concurrently, so the first initialisation happens once, here, under
// call_once, before any channel's.
bool spandsp_tables_ready() {
  static std::once_flag once;
  std::call_once(once, [] {
    dtmf_rx_state_t rx;
    dtmf_rx_init(&rx, nullptr, nullptr);
    dtmf_tx_state_t tx;
    dtmf_tx_init(&tx);
  });
  return true;
}
}  // namespace

bool dsp_available() {
  return true;
}

// Who owns what (DESIGN.md §3, §5):
// - The span worker owns the SpanMedia: command(), reset(), tick() and the MediaEvents
//   callbacks all run on it, so commands never race the DSP and no lock exists.
// - The channels' DSP state is one cache-aligned slab (oneTBB's cache_aligned_allocator, which
//   draws on the scalable allocator), one ChannelDsp per channel, allocated here and never
//   again; each ChannelDsp is 64-byte aligned so channels processed on different threads share
//   no cache line.
// - During tick() a channel's state belongs to the one thread processing it. In kParallel mode
//   those are the threads of this span's own bounded task_arena; the worker waits inside
//   arena.execute() and then, alone again, hands out every channel's events in channel order.
//
// Why kSerial is the default: the span workers already run one per core, and 960 channels of
// DTMF detection cost about 5 % of one core (perf/media_dsp_bench.cpp measures it against the
// bare spandsp loop and the parallel tick in the same run). Splitting a span's tick across a
// second arena only moves work onto cores the other span workers own, adds a fork/join per
// frame (tens of microseconds of wake-ups on these virtual machines) and costs allocations on
// the first parallel ticks; the benchmark's serial vs parallel figures are the evidence.
struct SpanMedia::Impl {
  Impl(std::size_t n, Law l, std::uint32_t period_ms, MediaEvents& e, const SpanMediaOptions& o)
      : tables_ready(spandsp_tables_ready()),
        channels(n),
        law(l),
        frame_ms(period_ms),
        samples(period_ms * kSampleRate / 1000),
        events(e),
        options(o) {
    if (options.tick == SpanMediaOptions::Tick::kParallel) {
      // Copy the constant: binding oneTBB's undefined static member to a reference (as ?: of two
      // lvalues would) does not link in unoptimised builds.
      int threads = tbb::task_arena::automatic;
      if (options.arena_threads > 0) threads = options.arena_threads;
      arena.emplace(threads);
      arena->initialize();
    }
  }

  void dispatch(std::size_t index) {
    ChannelEvents& pending = channels[index].events();
    stats.dropped_events += pending.take_dropped();
    // The handler may command this very channel; a command withdraws what it cancels, so
    // test liveness event by event (tspi-contract: nothing after cancel or close).
    for (std::size_t i = 0; i < pending.size(); ++i) {
      if (!pending.live(i)) continue;
      const MediaEvent event = pending.at(i);
      ++stats.events;
      events.on_media_event(index, event);
    }
    pending.clear();
  }

  bool tables_ready;  // first: before any channel's spandsp state is initialised
  std::vector<ChannelDsp, SlabAllocator<ChannelDsp>> channels;
  Law law;
  std::uint32_t frame_ms;
  std::size_t samples;
  MediaEvents& events;
  SpanMediaOptions options;
  std::optional<tbb::task_arena> arena;
  MediaStats stats;
  std::optional<std::uint64_t> last_tick_ms;
};

SpanMedia::SpanMedia(std::size_t channels, Law law, std::uint32_t frame_period_ms,
                     MediaEvents& events, const SpanMediaOptions& options) {
  if (frame_period_ms == 0 || frame_period_ms > kMaxFramePeriodMs) {
    throw std::invalid_argument("SpanMedia: frame period must be 1..100 ms");
  }
  impl_ = std::make_unique<Impl>(channels, law, frame_period_ms, events, options);
}

SpanMedia::~SpanMedia() = default;

std::size_t SpanMedia::channels() const {
  return impl_->channels.size();
}

std::size_t SpanMedia::frame_samples() const {
  return impl_->samples;
}

Law SpanMedia::law() const {
  return impl_->law;
}

std::size_t SpanMedia::state_bytes_per_channel() {
  return sizeof(ChannelDsp);
}

MediaResult SpanMedia::command(std::size_t index, const MediaCommand& command,
                               std::uint64_t /*now_ms*/) {
  if (index >= impl_->channels.size() || !command_valid(command)) return MediaResult::kInvalid;
  impl_->channels[index].command(command);
  return MediaResult::kOk;
}

void SpanMedia::reset(std::size_t index) {
  if (index < impl_->channels.size()) impl_->channels[index].reset();
}

bool SpanMedia::active(std::size_t index) const {
  return index < impl_->channels.size() && impl_->channels[index].active();
}

void SpanMedia::tick(const std::uint8_t* rx, std::uint8_t* tx, std::uint64_t now_ms) {
  Impl& m = *impl_;
  ++m.stats.ticks;
  if (m.last_tick_ms && now_ms > *m.last_tick_ms + m.frame_ms) ++m.stats.late_ticks;
  m.last_tick_ms = now_ms;
  const FrameClock clock{now_ms, m.samples};
  const std::size_t n = m.samples;
  const std::size_t count = m.channels.size();

  if (!m.arena) {
    for (std::size_t i = 0; i < count; ++i) {
      ChannelDsp& channel = m.channels[i];
      if (!channel.active()) continue;
      ++m.stats.frames_processed;
      channel.process(m.law, rx + i * n, tx + i * n, n, clock);
      m.dispatch(i);
    }
    return;
  }

  std::atomic<std::uint64_t> processed{0};
  m.arena->execute([&] {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, count, m.options.grain),
                      [&](const tbb::blocked_range<std::size_t>& range) {
                        std::uint64_t local = 0;
                        for (std::size_t i = range.begin(); i != range.end(); ++i) {
                          ChannelDsp& channel = m.channels[i];
                          if (!channel.active()) continue;
                          ++local;
                          channel.process(m.law, rx + i * n, tx + i * n, n, clock);
                        }
                        processed.fetch_add(local, std::memory_order_relaxed);
                      });
  });
  m.stats.frames_processed += processed.load(std::memory_order_relaxed);
  for (std::size_t i = 0; i < count; ++i) {
    if (m.channels[i].events().size() != 0) m.dispatch(i);
  }
}

MediaStats SpanMedia::stats() const {
  return impl_->stats;
}

}  // namespace spantsp::media
