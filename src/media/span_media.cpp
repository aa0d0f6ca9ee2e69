#include "media/span_media.h"

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/cache_aligned_allocator.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include <algorithm>
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
// - The span worker owns the SpanMedia and its pool of DSP states: command(), reset(), tick()
//   and the MediaEvents callbacks all run on it, so taking and returning a state is a push or
//   pop on a vector nobody else touches, and no lock exists.
// - The pool's states live in cache-aligned blocks (oneTBB's cache_aligned_allocator, which
//   draws on the scalable allocator), never moved (spandsp callbacks hold their addresses) and
//   kept until destruction; each ChannelDsp is 64-byte aligned so channels processed on
//   different threads share no cache line. `slot_of[channel]` names the state a channel holds.
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
  using Block = std::vector<ChannelDsp, SlabAllocator<ChannelDsp>>;
  static constexpr std::uint32_t kNoSlot = 0xFFFFFFFFu;

  Impl(std::size_t n, Law l, std::uint32_t period_ms, MediaEvents& e, const SpanMediaOptions& o)
      : tables_ready(spandsp_tables_ready()),
        slot_of(n, kNoSlot),
        capacity(std::clamp<std::size_t>(o.dsp_states, n == 0 ? 0 : 1, n)),
        law(l),
        frame_ms(period_ms),
        samples(period_ms * kSampleRate / 1000),
        events(e),
        options(o) {
    // Room for every block and state the bound allows, so growing allocates only the block.
    blocks.reserve(capacity / kDspBlock + 2);
    states.reserve(capacity);
    free.reserve(capacity);
    if (options.dsp_prebuilt > 0) grow(std::min(options.dsp_prebuilt, capacity));
    if (options.tick == SpanMediaOptions::Tick::kParallel) {
      // Copy the constant: binding oneTBB's undefined static member to a reference (as ?: of two
      // lvalues would) does not link in unoptimised builds.
      int threads = tbb::task_arena::automatic;
      if (options.arena_threads > 0) threads = options.arena_threads;
      arena.emplace(threads);
      arena->initialize();
    }
  }

  void grow(std::size_t count) {
    Block& block = blocks.emplace_back(count);
    for (ChannelDsp& dsp : block) {
      free.push_back(static_cast<std::uint32_t>(states.size()));
      states.push_back(&dsp);
    }
    stats.dsp_built = states.size();
  }

  // The state channel `index` holds, taking one from the pool if it has none; null when the
  // pool is at its bound and every state is in use.
  ChannelDsp* take(std::size_t index) {
    if (slot_of[index] != kNoSlot) return states[slot_of[index]];
    if (free.empty()) {
      if (states.size() >= capacity) return nullptr;
      grow(std::min(kDspBlock, capacity - states.size()));
    }
    slot_of[index] = free.back();
    free.pop_back();
    stats.dsp_in_use = states.size() - free.size();
    stats.dsp_peak = std::max(stats.dsp_peak, stats.dsp_in_use);
    return states[slot_of[index]];
  }

  // Channel `index` gives its state back once nothing of it runs and no event waits.
  void give_back_if_idle(std::size_t index) {
    const std::uint32_t slot = slot_of[index];
    if (slot == kNoSlot) return;
    ChannelDsp& dsp = *states[slot];
    if (dsp.active() || dsp.events().size() != 0) return;
    dsp.reset();
    slot_of[index] = kNoSlot;
    free.push_back(slot);
    stats.dsp_in_use = states.size() - free.size();
  }

  ChannelDsp* held(std::size_t index) const {
    return slot_of[index] == kNoSlot ? nullptr : states[slot_of[index]];
  }

  void dispatch(std::size_t index) {
    ChannelEvents& pending = states[slot_of[index]]->events();
    stats.dropped_events += pending.take_dropped();
    // The handler may command this very channel; a command withdraws what it cancels, so
    // test liveness event by event (tspi-contract: nothing after cancel or close). It may also
    // reset the channel: the list stays valid (the state goes back to the pool, not away).
    for (std::size_t i = 0; i < pending.size(); ++i) {
      if (!pending.live(i)) continue;
      const MediaEvent event = pending.at(i);
      ++stats.events;
      events.on_media_event(index, event);
    }
    pending.clear();
    give_back_if_idle(index);
  }

  bool tables_ready;                   // first: before any channel's spandsp state is initialised
  std::vector<std::uint32_t> slot_of;  // per channel: index into states, or kNoSlot
  std::size_t capacity;                // the pool's bound
  std::vector<Block> blocks;           // the states' storage
  std::vector<ChannelDsp*> states;     // every state built, in build order
  std::vector<std::uint32_t> free;     // indices into states not held by a channel
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
  return impl_->slot_of.size();
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

namespace {
// A command that only stops something: on a channel without DSP there is nothing to stop, and
// it must not take a state (nor be refused for want of one).
bool stops_only(const MediaCommand& command) {
  using Op = MediaCommand::Op;
  switch (command.op) {
    case Op::kDetectDigits:
      return !command.on;
    case Op::kCancelGenerate:
    case Op::kReset:
      return true;
    case Op::kMonitorTones:
      return command.tone_count == 0;
    case Op::kDetectMedia:
      return command.media_mask == 0;
    case Op::kGenerateDigits:
    case Op::kGenerateTone:
    case Op::kGenerateSignal:
      return false;
  }
  return false;
}
}  // namespace

MediaResult SpanMedia::command(std::size_t index, const MediaCommand& command,
                               std::uint64_t /*now_ms*/) {
  Impl& m = *impl_;
  if (index >= m.slot_of.size() || !command_valid(command)) return MediaResult::kInvalid;
  if (stops_only(command)) {
    if (ChannelDsp* dsp = m.held(index)) {
      dsp->command(command);
      m.give_back_if_idle(index);
    }
    return MediaResult::kOk;
  }
  ChannelDsp* dsp = m.take(index);
  if (dsp == nullptr) {
    ++m.stats.dsp_refused;
    return MediaResult::kNoResource;
  }
  dsp->command(command);
  return MediaResult::kOk;
}

void SpanMedia::reset(std::size_t index) {
  Impl& m = *impl_;
  if (index >= m.slot_of.size()) return;
  if (ChannelDsp* dsp = m.held(index)) {
    dsp->reset();
    m.give_back_if_idle(index);
  }
}

bool SpanMedia::active(std::size_t index) const {
  const Impl& m = *impl_;
  if (index >= m.slot_of.size()) return false;
  const ChannelDsp* dsp = m.held(index);
  return dsp != nullptr && dsp->active();
}

void SpanMedia::tick(const std::uint8_t* rx, std::uint8_t* tx, std::uint64_t now_ms) {
  Impl& m = *impl_;
  ++m.stats.ticks;
  if (m.last_tick_ms && now_ms > *m.last_tick_ms + m.frame_ms) ++m.stats.late_ticks;
  m.last_tick_ms = now_ms;
  const FrameClock clock{now_ms, m.samples};
  const std::size_t n = m.samples;
  const std::size_t count = m.slot_of.size();
  if (m.free.size() == m.states.size()) return;  // no channel holds DSP

  if (!m.arena) {
    for (std::size_t i = 0; i < count; ++i) {
      ChannelDsp* channel = m.held(i);
      if (channel == nullptr || !channel->active()) continue;
      ++m.stats.frames_processed;
      channel->process(m.law, rx + i * n, tx + i * n, n, clock);
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
                          ChannelDsp* channel = m.held(i);
                          if (channel == nullptr || !channel->active()) continue;
                          ++local;
                          channel->process(m.law, rx + i * n, tx + i * n, n, clock);
                        }
                        processed.fetch_add(local, std::memory_order_relaxed);
                      });
  });
  m.stats.frames_processed += processed.load(std::memory_order_relaxed);
  for (std::size_t i = 0; i < count; ++i) {
    ChannelDsp* channel = m.held(i);
    if (channel != nullptr && channel->events().size() != 0) m.dispatch(i);
  }
}

MediaStats SpanMedia::stats() const {
  return impl_->stats;
}

}  // namespace spantsp::media
