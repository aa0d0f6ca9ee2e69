// The media DSP benchmark (issue 11): DTMF detection on the audio of every line at once, as
// the media tick runs it, against the bare spandsp loop on the same audio in the same run.
//
//   build/default/perf/spantsp_media_bench [--channels 960] [--seconds 10] [--repetitions 3]
//
// Audio: `channels` × 20 ms frames of µ-law carrying DTMF (each channel a different digit
// sequence, 60 ms on / 60 ms off, spandsp's dtmf_tx), made before measuring. Then, interleaved
// `repetitions` times over `seconds` of audio each, median reported:
//   spandsp   the reference: per channel per frame, G.711 expansion and dtmf_rx (realtime
//             callback), one channel after another, nothing else;
//   serial    SpanMedia::tick with every channel detecting digits (the default tick);
//   parallel  the same with SpanMediaOptions::Tick::kParallel (oneTBB arena, 2 threads).
// For each: process CPU seconds per second of audio (× 100: % of one core), wall time per
// tick, digits detected (all three must agree), heap allocations per tick (malloc counted by
// tools/tapihost's interposer, spandsp's included). Then the ratios serial/spandsp (goal
// <= 1.5) and parallel/serial, and the DSP state per channel.
// Exit status 1 when a check fails (allocations in the serial tick, digits disagreeing).
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "media/span_media.h"
#include "tools/tapihost/alloc_counter.h"

#define SPANDSP_EXPOSE_INTERNAL_STRUCTURES
#include <spandsp.h>

namespace spantsp::perf {
namespace {

using media::Law;

constexpr std::size_t kFrame = 160;
constexpr std::size_t kAudioFrames = 250;  // 5 s of distinct audio, replayed as needed

struct Options {
  std::size_t channels = 960;
  double seconds = 10.0;
  int repetitions = 3;
};

double cpu_now() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

double wall_now() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

std::uint64_t allocations() {
  const host::AllocationCount c = host::allocation_count();
  return c.provider + c.host;
}

// frames[f] holds every channel's frame f, channel after channel (the tick's layout).
std::vector<std::vector<std::uint8_t>> make_audio(std::size_t channels) {
  std::vector<std::vector<std::uint8_t>> frames(kAudioFrames,
                                                std::vector<std::uint8_t>(channels * kFrame));
  std::vector<std::int16_t> pcm(kAudioFrames * kFrame);
  const std::string digits = "0123456789*#ABCD";
  for (std::size_t c = 0; c < channels; ++c) {
    dtmf_tx_state_t tx;
    dtmf_tx_init(&tx);
    dtmf_tx_set_timing(&tx, 60, 60);
    std::string sequence;
    for (std::size_t k = 0; k < 40; ++k) sequence += digits[(c + k * 7) % digits.size()];
    dtmf_tx_put(&tx, sequence.c_str(), static_cast<int>(sequence.size()));
    // Stagger the channels so their digits do not all start in the same frame.
    const std::size_t lead = (c * 13) % 120;
    std::fill(pcm.begin(), pcm.end(), std::int16_t{0});
    dtmf_tx(&tx, pcm.data() + lead * 8, static_cast<int>(pcm.size() - lead * 8));
    for (std::size_t f = 0; f < kAudioFrames; ++f) {
      for (std::size_t i = 0; i < kFrame; ++i) {
        frames[f][c * kFrame + i] = linear_to_ulaw(pcm[f * kFrame + i]);
      }
    }
  }
  return frames;
}

struct Result {
  double cpu_per_audio_second = 0;
  double wall_per_tick_us = 0;
  std::uint64_t digits = 0;
  double allocations_per_tick = 0;
};

struct DigitCounter : media::MediaEvents {
  virtual ~DigitCounter() = default;
  void on_media_event(std::size_t, const media::MediaEvent& e) override {
    if (e.kind == media::MediaEvent::Kind::kDigitDown) ++digits;
  }
  std::uint64_t digits = 0;
};

Result run_span_media(const std::vector<std::vector<std::uint8_t>>& audio, std::size_t channels,
                      std::size_t ticks, media::SpanMediaOptions options) {
  DigitCounter counter;
  media::SpanMedia span(channels, Law::kMulaw, 20, counter, options);
  media::MediaCommand on;
  on.op = media::MediaCommand::Op::kDetectDigits;
  on.on = true;
  for (std::size_t c = 0; c < channels; ++c) span.command(c, on, 0);
  std::vector<std::uint8_t> tx(channels * kFrame, 0xFF);
  span.tick(audio[0].data(), tx.data(), 20);  // warm: the arena's threads start here
  counter.digits = 0;
  const std::uint64_t a0 = allocations();
  const double c0 = cpu_now();
  const double w0 = wall_now();
  for (std::size_t t = 0; t < ticks; ++t) {
    span.tick(audio[(t + 1) % kAudioFrames].data(), tx.data(), 40 + t * 20);
  }
  Result r;
  r.wall_per_tick_us = (wall_now() - w0) * 1e6 / static_cast<double>(ticks);
  r.cpu_per_audio_second = (cpu_now() - c0) / (static_cast<double>(ticks) * 0.020);
  r.allocations_per_tick = static_cast<double>(allocations() - a0) / static_cast<double>(ticks);
  r.digits = counter.digits;
  return r;
}

struct BareChannel {
  dtmf_rx_state_t rx;
  std::uint64_t digits = 0;
};

void bare_callback(void* user, int code, int, int) {
  if (code != 0) ++static_cast<BareChannel*>(user)->digits;
}

Result run_bare_spandsp(const std::vector<std::vector<std::uint8_t>>& audio, std::size_t channels,
                        std::size_t ticks) {
  std::vector<BareChannel> state(channels);
  for (BareChannel& s : state) {
    dtmf_rx_init(&s.rx, nullptr, nullptr);
    dtmf_rx_set_realtime_callback(&s.rx, bare_callback, &s);
  }
  std::int16_t pcm[kFrame];
  auto one_tick = [&](const std::vector<std::uint8_t>& frame) {
    for (std::size_t c = 0; c < channels; ++c) {
      const std::uint8_t* in = frame.data() + c * kFrame;
      for (std::size_t i = 0; i < kFrame; ++i) pcm[i] = ulaw_to_linear(in[i]);
      dtmf_rx(&state[c].rx, pcm, static_cast<int>(kFrame));
    }
  };
  one_tick(audio[0]);
  for (BareChannel& s : state) s.digits = 0;
  const std::uint64_t a0 = allocations();
  const double c0 = cpu_now();
  const double w0 = wall_now();
  for (std::size_t t = 0; t < ticks; ++t) one_tick(audio[(t + 1) % kAudioFrames]);
  Result r;
  r.wall_per_tick_us = (wall_now() - w0) * 1e6 / static_cast<double>(ticks);
  r.cpu_per_audio_second = (cpu_now() - c0) / (static_cast<double>(ticks) * 0.020);
  r.allocations_per_tick = static_cast<double>(allocations() - a0) / static_cast<double>(ticks);
  for (const BareChannel& s : state) r.digits += s.digits;
  return r;
}

Result median(std::vector<Result> runs) {
  std::sort(runs.begin(), runs.end(), [](const Result& a, const Result& b) {
    return a.cpu_per_audio_second < b.cpu_per_audio_second;
  });
  return runs[runs.size() / 2];
}

void print(const char* name, const Result& r) {
  std::printf(
      "%-9s cpu %8.4f s per s of audio (%6.2f %% of one core)  wall %8.1f us/tick  "
      "digits %6llu  allocations/tick %.3f\n",
      name, r.cpu_per_audio_second, r.cpu_per_audio_second * 100.0, r.wall_per_tick_us,
      static_cast<unsigned long long>(r.digits), r.allocations_per_tick);
}

int run(const Options& o) {
  const auto audio = make_audio(o.channels);
  const auto ticks = static_cast<std::size_t>(o.seconds / 0.020);
  media::SpanMediaOptions parallel;
  parallel.tick = media::SpanMediaOptions::Tick::kParallel;
  parallel.arena_threads = 2;
  std::vector<Result> bare, serial, par;
  for (int i = 0; i < o.repetitions; ++i) {
    bare.push_back(run_bare_spandsp(audio, o.channels, ticks));
    serial.push_back(run_span_media(audio, o.channels, ticks, {}));
    par.push_back(run_span_media(audio, o.channels, ticks, parallel));
  }
  const Result b = median(bare);
  const Result s = median(serial);
  const Result p = median(par);
  std::printf("media DSP: %zu channels x 20 ms frames, %.1f s of audio per run, median of %d\n",
              o.channels, o.seconds, o.repetitions);
  print("spandsp", b);
  print("serial", s);
  print("parallel", p);
  std::printf("ratio serial/spandsp CPU      %.3f  (goal <= 1.5)\n",
              s.cpu_per_audio_second / b.cpu_per_audio_second);
  std::printf("ratio parallel/serial CPU     %.3f\n",
              p.cpu_per_audio_second / s.cpu_per_audio_second);
  std::printf("ratio parallel/serial wall    %.3f\n", p.wall_per_tick_us / s.wall_per_tick_us);
  std::printf("DSP state per channel         %zu bytes (%zu channels: %.2f MiB)\n",
              media::SpanMedia::state_bytes_per_channel(), o.channels,
              static_cast<double>(media::SpanMedia::state_bytes_per_channel() * o.channels) /
                  (1024.0 * 1024.0));
  int status = 0;
  if (s.digits != b.digits || p.digits != b.digits) {
    std::printf("FAIL: digits detected differ from the spandsp reference\n");
    status = 1;
  }
  if (host::allocation_counter_available() && s.allocations_per_tick != 0.0) {
    std::printf("FAIL: the serial tick allocated\n");
    status = 1;
  }
  return status;
}

}  // namespace
}  // namespace spantsp::perf

int main(int argc, char** argv) {
  spantsp::perf::Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const char* value = argv[i + 1];
    if (flag == "--channels") {
      o.channels = std::strtoul(value, nullptr, 10);
    } else if (flag == "--seconds") {
      o.seconds = std::strtod(value, nullptr);
    } else if (flag == "--repetitions") {
      o.repetitions = std::max(1, std::atoi(value));
    } else {
      std::fprintf(stderr, "usage: %s [--channels N] [--seconds S] [--repetitions R]\n", argv[0]);
      return 2;
    }
  }
  if (o.channels == 0 || o.seconds <= 0) return 2;
  return spantsp::perf::run(o);
}
