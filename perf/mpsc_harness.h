#pragma once
// The many-producers, one-consumer pattern shared by the span command queue and the event
// queue benchmarks, run the same way for every queue so their rates compare:
//
// - Producer threads live for the whole benchmark (started before the timed loop, parked on an
//   atomic wait between iterations), because moodycamel's implicit producers are keyed by
//   thread and never reclaimed: a thread per iteration would measure producer creation.
// - One iteration = every producer pushes its share of kItemsPerIteration items (retrying with
//   a short spin then yield when the queue is full, as a bounded queue's caller backs off); the
//   benchmark thread is the consumer and drains in capped batches until it has all of them.
// - The consumer checks per-producer FIFO on every item (the ordering the provider builds on),
//   so a queue that reorders fails the benchmark instead of winning it.
// - Throughput is wall-clock items/s; each benchmark also reports its ratio to the baseline of
//   the same producer count measured earlier in the same process (`Baseline`), because absolute
//   rates on a shared 2-core VM move from run to run.
//
// Adapter interface (one per queue):
//   using Handle = ...;            per-producer state, made on the producer thread
//   Handle producer();
//   bool try_push(Handle&, const Item&);       any producer thread
//   std::size_t pop_some(Item* out, std::size_t max);   the consumer thread only

#include <benchmark/benchmark.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace spantsp::perf {

inline constexpr std::size_t kItemsPerIteration = std::size_t{1} << 14;

// Item stamping: which producer, which sequence number. Overloaded per item type.
struct Stamp {
  std::uint32_t producer;
  std::uint32_t seq;
};

// Items/s of the reference implementation per argument value, filled by the benchmark that is
// registered first in each file, read by the others to report "ratio to baseline".
// Google Benchmark calls a benchmark several times while it sizes the iteration count; only the
// run it reports has the largest count, so the short sizing runs (thread start-up dominated)
// are left out: the ratio is against the median of the runs with at least half the largest
// iteration count (the reported run, or one per repetition with --benchmark_repetitions).
class Baseline {
 public:
  void set(const std::string& key, double rate, std::int64_t iterations) {
    runs_[key].push_back({rate, iterations});
  }
  double ratio(const std::string& key, double rate) const {
    const auto it = runs_.find(key);
    if (it == runs_.end() || it->second.empty()) return 0.0;
    std::int64_t most = 0;
    for (const Run& r : it->second) most = std::max(most, r.iterations);
    std::vector<double> rates;
    for (const Run& r : it->second) {
      if (2 * r.iterations >= most) rates.push_back(r.rate);
    }
    std::nth_element(rates.begin(), rates.begin() + static_cast<std::ptrdiff_t>(rates.size() / 2),
                     rates.end());
    const double median = rates[rates.size() / 2];
    return median <= 0 ? 0.0 : rate / median;
  }

 private:
  struct Run {
    double rate;
    std::int64_t iterations;
  };
  std::map<std::string, std::vector<Run>> runs_;
};

// Waiting on a full or empty queue: spin briefly (the other side is usually on the other core
// and about to move), then yield. Yielding at once hands the core to whatever else is runnable
// for a whole time slice on this shared VM, which would measure the scheduler, not the queue.
class Backoff {
 public:
  void wait() {
    if (spins_ < kSpins) {
      ++spins_;
#if defined(__x86_64__) || defined(__i386__)
      __builtin_ia32_pause();
#endif
    } else {
      std::this_thread::yield();
    }
  }
  void reset() {
    spins_ = 0;
  }

 private:
  static constexpr int kSpins = 512;
  int spins_ = 0;
};

// Parks producer threads between iterations and releases them all at once.
class Crew {
 public:
  Crew(int threads, std::function<void(int)> body) : body_(std::move(body)) {
    for (int i = 0; i < threads; ++i) {
      threads_.emplace_back([this, i] {
        std::uint64_t seen = 0;
        for (;;) {
          round_.wait(seen, std::memory_order_acquire);
          seen = round_.load(std::memory_order_acquire);
          if (quit_.load(std::memory_order_acquire)) return;
          body_(i);
        }
      });
    }
  }
  ~Crew() {
    quit_.store(true, std::memory_order_release);
    release();
    for (auto& t : threads_) t.join();
  }
  Crew(const Crew&) = delete;
  Crew& operator=(const Crew&) = delete;

  void release() {
    round_.fetch_add(1, std::memory_order_acq_rel);
    round_.notify_all();
  }

 private:
  std::function<void(int)> body_;
  std::atomic<std::uint64_t> round_{0};
  std::atomic<bool> quit_{false};
  std::vector<std::thread> threads_;
};

template <class Queue, class Item, class StampFn, class ReadFn>
void run_mpsc(benchmark::State& state, Queue& queue, int producers, std::size_t batch_cap,
              StampFn stamp, ReadFn read, Baseline& baseline, bool is_baseline,
              const std::string& baseline_key = "") {
  const std::size_t per_producer = kItemsPerIteration / static_cast<std::size_t>(producers);
  const std::size_t total = per_producer * static_cast<std::size_t>(producers);

  std::mutex handles_mutex;
  std::vector<std::unique_ptr<typename Queue::Handle>> handles(static_cast<std::size_t>(producers));
  Crew crew(producers, [&](int p) {
    auto& slot = handles[static_cast<std::size_t>(p)];
    if (!slot) {
      std::lock_guard lock(handles_mutex);  // once per thread, outside the measured pushes
      slot = std::make_unique<typename Queue::Handle>(queue.producer());
    }
    Item item{};
    for (std::size_t s = 0; s < per_producer; ++s) {
      stamp(item, Stamp{static_cast<std::uint32_t>(p), static_cast<std::uint32_t>(s)});
      Backoff backoff;
      while (!queue.try_push(*slot, item)) backoff.wait();
    }
  });

  std::vector<Item> batch(batch_cap);
  std::vector<std::uint32_t> next_seq(static_cast<std::size_t>(producers));
  std::uint64_t checksum = 0;
  bool ordered = true;
  const auto start = std::chrono::steady_clock::now();
  for (auto _ : state) {
    std::fill(next_seq.begin(), next_seq.end(), 0u);
    crew.release();
    std::size_t received = 0;
    Backoff backoff;
    while (received < total) {
      const std::size_t n = queue.pop_some(batch.data(), batch_cap);
      if (n == 0) {
        backoff.wait();
        continue;
      }
      backoff.reset();
      for (std::size_t i = 0; i < n; ++i) {
        const Stamp s = read(batch[i]);
        ordered = ordered && s.seq == next_seq[s.producer];
        next_seq[s.producer] = s.seq + 1;
        checksum += s.seq;
      }
      received += n;
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  benchmark::DoNotOptimize(checksum);
  if (!ordered) {
    state.SkipWithError("per-producer FIFO order violated");
    return;
  }
  const double items = static_cast<double>(state.iterations()) * static_cast<double>(total);
  state.SetItemsProcessed(static_cast<std::int64_t>(items));
  const double rate = seconds > 0 ? items / seconds : 0.0;
  const std::string key = baseline_key + std::to_string(producers);
  if (is_baseline) baseline.set(key, rate, state.iterations());
  state.counters["vs_mutex_deque"] = is_baseline ? 1.0 : baseline.ratio(key, rate);
}

}  // namespace spantsp::perf
