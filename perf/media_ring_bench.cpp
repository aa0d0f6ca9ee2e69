// The media stream's SPSC ring (src/media/octet_ring.h) against moodycamel's
// ReaderWriterQueue (Debian libreaderwriterqueue-dev), as a media stream uses them: one
// thread produces 20 ms G.711 frames (160 octets), another consumes them, both yielding on
// full or empty. Per iteration 20,000 frames cross; items/s are frames.
//   OctetRing/copy      write() and read(): one copy in, one copy out, as MediaStream does
//   OctetRing/in_place  writable()/commit() and readable()/consume(): the frame is built and
//                       read where it lies (what the ring's in-place API allows)
//   ReaderWriterQueue   enqueue/try_dequeue of a std::array<uint8_t, 160> per frame
// Both rings hold 4096 octets' worth (25 frames for the queue).
#include <benchmark/benchmark.h>
#include <readerwriterqueue/readerwriterqueue.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <thread>

#include "media/octet_ring.h"

namespace {

constexpr std::size_t kFrame = 160;
constexpr std::int64_t kFrames = 20'000;
using Frame = std::array<std::uint8_t, kFrame>;

void BM_OctetRingCopy(benchmark::State& state) {
  for (auto _ : state) {
    spantsp::media::OctetRing ring(4096);
    std::thread consumer([&] {
      Frame out{};
      std::uint64_t sum = 0;
      for (std::int64_t i = 0; i < kFrames;) {
        if (ring.size() < kFrame) {
          std::this_thread::yield();
          continue;
        }
        ring.read(out);
        sum += out[0];
        ++i;
      }
      benchmark::DoNotOptimize(sum);
    });
    Frame frame{};
    for (std::int64_t i = 0; i < kFrames;) {
      frame[0] = static_cast<std::uint8_t>(i);
      if (ring.capacity() - ring.size() < kFrame) {
        std::this_thread::yield();
        continue;
      }
      ring.write(frame);
      ++i;
    }
    consumer.join();
  }
  state.SetItemsProcessed(state.iterations() * kFrames);
}
BENCHMARK(BM_OctetRingCopy)->Name("OctetRing/copy")->UseRealTime()->Unit(benchmark::kMillisecond);

void BM_OctetRingInPlace(benchmark::State& state) {
  for (auto _ : state) {
    spantsp::media::OctetRing ring(4096);
    std::thread consumer([&] {
      std::uint64_t sum = 0;
      for (std::int64_t i = 0; i < kFrames;) {
        const auto region = ring.readable();
        if (region.size() < kFrame) {
          std::this_thread::yield();
          continue;
        }
        sum += region.first.empty() ? region.second[0] : region.first[0];
        ring.consume(kFrame);
        ++i;
      }
      benchmark::DoNotOptimize(sum);
    });
    for (std::int64_t i = 0; i < kFrames;) {
      const auto region = ring.writable();
      if (region.size() < kFrame) {
        std::this_thread::yield();
        continue;
      }
      // 4096 octets are not a whole number of frames: a frame may wrap, so fill both parts.
      const std::size_t a = std::min(kFrame, region.first.size());
      std::memset(region.first.data(), static_cast<int>(i & 0x7F), a);
      if (a < kFrame) std::memset(region.second.data(), static_cast<int>(i & 0x7F), kFrame - a);
      ring.commit(kFrame);
      ++i;
    }
    consumer.join();
  }
  state.SetItemsProcessed(state.iterations() * kFrames);
}
BENCHMARK(BM_OctetRingInPlace)
    ->Name("OctetRing/in_place")
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

void BM_ReaderWriterQueue(benchmark::State& state) {
  for (auto _ : state) {
    moodycamel::ReaderWriterQueue<Frame> queue(4096 / kFrame);
    std::thread consumer([&] {
      Frame out{};
      std::uint64_t sum = 0;
      for (std::int64_t i = 0; i < kFrames;) {
        if (!queue.try_dequeue(out)) {
          std::this_thread::yield();
          continue;
        }
        sum += out[0];
        ++i;
      }
      benchmark::DoNotOptimize(sum);
    });
    Frame frame{};
    for (std::int64_t i = 0; i < kFrames;) {
      frame[0] = static_cast<std::uint8_t>(i);
      if (!queue.try_enqueue(frame)) {
        std::this_thread::yield();
        continue;
      }  // fixed size: never allocates
      ++i;
    }
    consumer.join();
  }
  state.SetItemsProcessed(state.iterations() * kFrames);
}
BENCHMARK(BM_ReaderWriterQueue)
    ->Name("ReaderWriterQueue")
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
