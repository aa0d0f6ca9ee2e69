// spantsp_ivr_bench (issue 14): every line of a sim configuration (960 lines = 40 T1 spans by
// default) in an IVR call at once, each playing a prompt through its media stream
// ("spantsp/media", tools/tapihost/call_audio.h, one media thread for all calls) while the
// span's DSP detects digits on it. Reports, over a steady window once every call is up:
//   - CPU per call-second: process CPU (all threads: span workers, dispatcher, media thread)
//     over the window / (calls x window seconds), and the share of one core per call;
//   - frame deadlines missed: frames the span workers should have carried for the calls in
//     the window (calls x window / frame period) minus those they did (MediaStream stats),
//     and the frames the application left short (play underruns);
//   - application write -> wire latency, p50/p99/max: the time from CallAudio's write into
//     the stream to the span worker's frame tick taking its first octet for the wire
//     (MediaStream::probe_next_play, one probe per call at a time).
//
//   build/default/perf/spantsp_ivr_bench --lines 960 --seconds 600   (the 10 minutes)
//   build/default/perf/spantsp_ivr_bench --lines 96 --seconds 5      (a quick look)
//
// The calls are our outbound calls to the sim's "9900" (answered at once); the prompt is a
// generated 10 s sweep, queued again whenever it ends. Every far party keys 16 DTMF digits
// (kKeyed) from 3 s after the answer; the digits detected are counted.

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <thread>
#include <unordered_map>
#include <vector>

#include <CLI/CLI.hpp>

#include "perf/load_scenario.h"
#include "perf/process_usage.h"
#include "platform/process.h"
#include "tools/tapihost/call_audio.h"
#include "tools/tapihost/cli_defaults.h"
#include "tools/tapihost/host.h"
#include "tools/tapihost/latency_histogram.h"
#include "tools/tapihost/lineerr_name.h"
#include "tools/tapihost/media_pump.h"
#include "tools/tapihost/media_stream_open.h"

namespace {

using namespace spantsp;
using Clock = std::chrono::steady_clock;

constexpr const char* kKeyed = "0,1,2,3,4,5,6,7,8,9,*,#,A,B,C,D";  // ',' = 2 s pause
constexpr std::uint64_t kKeyedDigits = 16;

std::shared_ptr<const host::Prompt> sweep(media::Law law) {
  std::vector<std::int16_t> pcm(10 * 8000);
  double phase = 0;
  for (std::size_t i = 0; i < pcm.size(); ++i) {
    phase += 2 * M_PI * (300.0 + 1000.0 * static_cast<double>(i % 8000) / 8000.0) / 8000.0;
    pcm[i] = static_cast<std::int16_t>(6000 * std::sin(phase));
  }
  return host::prompt_from_pcm("sweep", pcm, 8000, law);
}

struct BenchCall final : host::CallAudioEvents {
  void on_play_end(host::PlayEnd end, std::uint32_t, std::uint32_t) override {
    if (end == host::PlayEnd::kDone && audio) audio->queue(prompt, false);  // play it again
  }
  void on_record_end(host::RecordEnd, std::uint32_t, const std::string&) override {}
  host::MediaStreamLease stream;
  std::unique_ptr<host::CallAudio> audio;
  std::shared_ptr<const host::Prompt> prompt;
};

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"SpanTSP IVR benchmark: every line playing a prompt and detecting digits"};
  perf::Scenario scenario;
  scenario.lines = 960;
  std::string config, provider = host::kDefaultProvider;
  double seconds = 20, warmup_limit = 30;
  app.add_option("--lines", scenario.lines, "lines (T1 ideal spans of 24)")->capture_default_str();
  app.add_option("--config", config, "a configuration instead of the generated one");
  app.add_option("--seconds", seconds, "the measured window")->capture_default_str();
  app.add_option("--warmup-limit", warmup_limit, "give up waiting for every call after this")
      ->capture_default_str();
  app.add_option("--provider", provider)->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  const auto dir =
      std::filesystem::temp_directory_path() / ("spantsp-ivr-bench-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  if (config.empty()) {
    // Every far party keys kKeyed digits, 2 s apart, from 3 s after the answer: the digit
    // detectors run on every call all the time, and find these.
    std::string text = perf::sim_config_text(scenario);
    const std::string anchor = "answer_delay_ms = 0\n";
    const std::string keys = anchor + "dtmf_share = 1.0\ndtmf_digits = \"" + kKeyed +
                             "\"\ndtmf_delay_ms = 3000\ndtmf_on_ms = 80\ndtmf_off_ms = 80\n";
    for (std::size_t at = text.find(anchor); at != std::string::npos;
         at = text.find(anchor, at + keys.size())) {
      text.replace(at, anchor.size(), keys);
    }
    config = (dir / "ivr-bench.toml").string();
    std::ofstream(config) << text;
  }
  platform::set_env("SPANTSP_CONFIG", std::filesystem::absolute(config).string());
  host::Host::Options options;
  options.provider_path = provider;
  options.check_contract = true;  // the run counts only if the contract holds
  host::Host session(options);
  if (session.start() != 0) {
    std::cerr << "spantsp_ivr_bench: provider failed to start: " << session.last_error() << "\n";
    return host::kExitProviderFailed;
  }
  const std::size_t lines = session.lines().size();
  host::LatencyHistogram latency;
  host::MediaPump pump(lines + 8);
  const auto mulaw = sweep(media::Law::kMulaw), alaw = sweep(media::Law::kAlaw);
  std::unordered_map<host::CallHandle, std::unique_ptr<BenchCall>> calls;
  std::vector<host::LineHandle> handles;
  std::map<LONG, std::uint32_t> refused;  // lineOpen / lineMakeCall errors, by code
  std::vector<host::LineHandle> to_call;
  for (const host::LineInfo& info : session.lines()) {
    host::LineHandle line = 0;
    if (const LONG rc = session.line_open(info.device_id, line, host::OpenParams{}); rc != 0) {
      ++refused[rc];
      continue;
    }
    handles.push_back(line);
    to_call.push_back(line);
  }
  // Every line calls at once; a span worker's command queue full (LINEERR_RESOURCEUNAVAIL)
  // is a moment's back-pressure: those lines try again.
  for (int round = 0; round < 100 && !to_call.empty(); ++round) {
    if (round != 0) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    std::vector<host::LineHandle> again;
    for (host::LineHandle line : to_call) {
      host::CallHandle call = 0;
      const LONG rc = session.line_make_call(line, std::string_view("9900"), nullptr, call);
      if (rc > 0) {
        calls.emplace(call, std::make_unique<BenchCall>());
      } else if (rc == LINEERR_RESOURCEUNAVAIL) {
        again.push_back(line);
      } else {
        ++refused[rc];
      }
    }
    to_call.swap(again);
  }
  if (!to_call.empty())
    refused[LINEERR_RESOURCEUNAVAIL] += static_cast<std::uint32_t>(to_call.size());
  pump.start();
  std::uint64_t digits = 0, connected = 0, stream_errors = 0;
  auto handle = [&](const host::Message& m) {
    if (m.message == LINE_MONITORDIGITS) ++digits;
    if (m.message != LINE_CALLSTATE || (m.param1 & 0x00FFFFFF) != LINECALLSTATE_CONNECTED) return;
    const auto it = calls.find(m.call);
    if (it == calls.end() || it->second->audio) return;
    BenchCall& c = *it->second;
    if (host::open_media_stream(session, 0, m.call, LINECALLSELECT_CALL, true, c.stream) != 0) {
      ++stream_errors;
      return;
    }
    session.line_monitor_digits(m.call, LINEDIGITMODE_DTMF);
    c.prompt = c.stream->law() == media::Law::kAlaw ? alaw : mulaw;
    c.audio = std::make_unique<host::CallAudio>(*c.stream.get(), c);
    c.audio->measure_latency(&latency);
    c.audio->queue(c.prompt, false);
    pump.add(*c.audio);
    ++connected;
  };
  auto drain = [&](Clock::time_point until) {
    host::Message m;
    while (Clock::now() < until) {
      if (session.get_message(m, std::chrono::milliseconds(20))) handle(m);
    }
  };
  const auto up_by = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                        std::chrono::duration<double>(warmup_limit));
  while (connected + stream_errors < calls.size() && Clock::now() < up_by) {
    drain(Clock::now() + std::chrono::milliseconds(100));
  }
  drain(Clock::now() + std::chrono::seconds(1));  // every call playing
  auto frames = [&] {
    media::MediaStreamStats sum;
    for (auto& [call, c] : calls) {
      if (!c->stream) continue;
      const auto s = c->stream->stats();
      sum.frames += s.frames;
      sum.play_underruns += s.play_underruns;
    }
    return sum;
  };
  latency.reset();
  const media::MediaStreamStats f0 = frames();
  const perf::ProcessUsage u0 = perf::process_usage();
  const auto t0 = Clock::now();
  drain(t0 + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds)));
  const double window = std::chrono::duration<double>(Clock::now() - t0).count();
  const perf::ProcessUsage u1 = perf::process_usage();
  const media::MediaStreamStats f1 = frames();
  pump.stop();

  std::uint32_t frame_ms = 20;
  for (auto& [call, c] : calls) {
    if (c->stream && c->stream->frame_octets() != 0) {
      frame_ms = static_cast<std::uint32_t>(c->stream->frame_octets() / 8);
      break;
    }
  }
  const double call_seconds = static_cast<double>(connected) * window;
  const double cpu = u1.cpu_seconds - u0.cpu_seconds;
  const double expected = static_cast<double>(connected) * window * 1000.0 / frame_ms;
  const auto carried = static_cast<double>(f1.frames - f0.frames);
  const host::LatencySummary l = latency.summary();
  std::printf(
      "spantsp_ivr_bench: %zu lines, %llu calls in the IVR (%llu stream errors), %.1f s window\n",
      lines, static_cast<unsigned long long>(connected),
      static_cast<unsigned long long>(stream_errors), window);
  std::printf(
      "  CPU per call-second        %.3f ms (%.2f %% of one core per call; %.2f cores in all)\n",
      call_seconds > 0 ? cpu / call_seconds * 1000 : 0.0,
      call_seconds > 0 ? cpu / call_seconds * 100 : 0.0, cpu / window);
  std::printf("  frame deadlines missed     %.0f of %.0f frames (%.4f %%)\n",
              std::max(0.0, expected - carried), expected,
              expected > 0 ? std::max(0.0, expected - carried) / expected * 100 : 0.0);
  std::printf("  application short frames   %llu (play underruns)\n",
              static_cast<unsigned long long>(f1.play_underruns - f0.play_underruns));
  std::printf("  app write -> wire latency  p50 %.1f ms  p99 %.1f ms  max %.1f ms (%llu samples)\n",
              static_cast<double>(l.p50) / 1e6, static_cast<double>(l.p99) / 1e6,
              static_cast<double>(l.max) / 1e6, static_cast<unsigned long long>(l.count));
  std::printf("  digits detected            %llu (each far party keys %llu, 2 s apart, from 3 s)\n",
              static_cast<unsigned long long>(digits),
              static_cast<unsigned long long>(kKeyedDigits));
  for (const auto& [code, count] : refused) {
    std::printf("  lines left out             %u (%s)\n", count,
                std::string(host::lineerr_name(code)).c_str());
  }
  std::printf("  contract violations        %zu\n", session.violation_count());
  for (auto& [call, c] : calls) {
    if (c->audio) pump.remove(*c->audio);
    c->audio.reset();
    c->stream.reset();
  }
  for (host::LineHandle line : handles) session.line_close(line);
  session.stop();
  std::filesystem::remove_all(dir);
  return 0;
}
