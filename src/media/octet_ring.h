#pragma once
// A single-producer/single-consumer ring of octets (G.711 audio) with in-place access on both
// sides: the producer fills the free space it is shown and commits, the consumer reads the
// octets it is shown and consumes, so audio crosses between a span worker and an application
// with one copy (into or out of the span's frame slab) and no allocation after construction.
// perf/media_ring_bench.cpp measures it against moodycamel::ReaderWriterQueue.
//
// Threads: exactly one producer thread and one consumer thread at a time; either may be the
// span worker. Lock-free: head and tail are atomics on their own cache lines, published with
// release and read with acquire. Memory: the storage is allocated once, by the constructor.

#include <algorithm>
#include <atomic>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <span>

namespace spantsp::media {

class OctetRing {
 public:
  // Two views: the second is non-empty only when the region wraps past the end of storage.
  struct Region {
    std::span<std::uint8_t> first;
    std::span<std::uint8_t> second;
    std::size_t size() const { return first.size() + second.size(); }
  };

  // `capacity` is rounded up to a power of two (at least 2).
  explicit OctetRing(std::size_t capacity)
      : capacity_(std::bit_ceil(std::max<std::size_t>(capacity, 2))),
        mask_(capacity_ - 1),
        storage_(std::make_unique<std::uint8_t[]>(capacity_)) {}
  OctetRing(const OctetRing&) = delete;
  OctetRing& operator=(const OctetRing&) = delete;

  std::size_t capacity() const { return capacity_; }

  // --- producer ---
  Region writable() {
    const std::uint64_t tail = tail_.load(std::memory_order_relaxed);
    const std::uint64_t head = head_.load(std::memory_order_acquire);
    return region(tail, capacity_ - static_cast<std::size_t>(tail - head));
  }
  void commit(std::size_t octets) { tail_.fetch_add(octets, std::memory_order_release); }
  // Copies as much of `data` as fits; returns how much did.
  std::size_t write(std::span<const std::uint8_t> data) {
    const Region free = writable();
    const std::size_t n = std::min(free.size(), data.size());
    const std::size_t a = std::min(n, free.first.size());
    if (a != 0) std::memcpy(free.first.data(), data.data(), a);
    if (n > a) std::memcpy(free.second.data(), data.data() + a, n - a);
    commit(n);
    return n;
  }

  // --- consumer ---
  Region readable() {
    const std::uint64_t head = head_.load(std::memory_order_relaxed);
    const std::uint64_t tail = tail_.load(std::memory_order_acquire);
    return region(head, static_cast<std::size_t>(tail - head));
  }
  void consume(std::size_t octets) { head_.fetch_add(octets, std::memory_order_release); }
  // Copies up to out.size() octets out; returns how many.
  std::size_t read(std::span<std::uint8_t> out) {
    const Region data = readable();
    const std::size_t n = std::min(data.size(), out.size());
    const std::size_t a = std::min(n, data.first.size());
    if (a != 0) std::memcpy(out.data(), data.first.data(), a);
    if (n > a) std::memcpy(out.data() + a, data.second.data(), n - a);
    consume(n);
    return n;
  }
  // Drops everything readable now (the consumer's reset).
  void discard() { consume(readable().size()); }

  // Octets ever committed (the producer's position) and ever consumed (the consumer's).
  std::uint64_t written() const { return tail_.load(std::memory_order_acquire); }
  std::uint64_t consumed() const { return head_.load(std::memory_order_acquire); }

  // Either side, approximate while the other side runs.
  std::size_t size() const {
    return static_cast<std::size_t>(tail_.load(std::memory_order_acquire) -
                                    head_.load(std::memory_order_acquire));
  }

 private:
  Region region(std::uint64_t at, std::size_t length) {
    const std::size_t start = static_cast<std::size_t>(at) & mask_;
    const std::size_t a = std::min(length, capacity_ - start);
    return Region{{storage_.get() + start, a}, {storage_.get(), length - a}};
  }

  const std::size_t capacity_;
  const std::size_t mask_;
  std::unique_ptr<std::uint8_t[]> storage_;
  alignas(64) std::atomic<std::uint64_t> head_{0};  // consumer's position
  alignas(64) std::atomic<std::uint64_t> tail_{0};  // producer's position
};

}  // namespace spantsp::media
