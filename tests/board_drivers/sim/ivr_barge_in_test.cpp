// Play with barge-in (tools/tapihost/call_audio.h) closed loop through an ideal span and the
// sim far end, in virtual time: a caller presses 2 during the greeting, the greeting stops at
// the digit and the support prompt follows; the far party's record of what it heard shows
// the greeting sample-exact up to the cut and the support prompt after it.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <vector>

#include "board_drivers/signalling/ideal/ideal_span.h"
#include "board_drivers/sim/far_end.h"
#include "media/g711_frame.h"
#include "tests/board_drivers/media_commands.h"
#include "tests/board_drivers/sim/sim_test_support.h"
#include "tools/tapihost/call_audio.h"

namespace spantsp::sim {
namespace {

using host::CallAudio;
using host::PlayEnd;
using host::RecordEnd;
using media::MediaStream;
using testing::kStartMs;
using K = testing::Kind;

// A tone sweep: every stretch of it is unlike every other (find() places it exactly).
std::shared_ptr<const host::Prompt> sweep(std::string name, std::uint32_t ms, double from_hz,
                                          media::Law law) {
  std::vector<std::int16_t> pcm(ms * 8);
  double phase = 0;
  for (std::size_t i = 0; i < pcm.size(); ++i) {
    const double hz = from_hz + 1500.0 * static_cast<double>(i) / static_cast<double>(pcm.size());
    phase += 2 * M_PI * hz / 8000.0;
    pcm[i] = static_cast<std::int16_t>(8000 * std::sin(phase));
  }
  return host::prompt_from_pcm(std::move(name), pcm, 8000, law);
}

struct Ends final : host::CallAudioEvents {
  void on_play_end(PlayEnd end, std::uint32_t played, std::uint32_t) override {
    plays.push_back({end, played});
    if (end == PlayEnd::kBargedIn && next) audio->queue(next, false);
  }
  void on_record_end(RecordEnd end, std::uint32_t, const std::string&) override {
    records.push_back(end);
  }
  std::vector<std::pair<PlayEnd, std::uint32_t>> plays;
  std::vector<RecordEnd> records;
  CallAudio* audio = nullptr;
  std::shared_ptr<const host::Prompt> next;
};

TEST(IvrBargeIn, TwoDuringTheGreetingCutsItAtTheDigitAndRoutesToSupport) {
  config::TrafficProfile p = testing::quiet_profile();
  p.dtmf_share = 1.0;
  p.dtmf_digits = "2";
  p.dtmf_delay_ms = 700;  // into the 2 s greeting
  p.dtmf_on_ms = 80;
  p.dtmf_off_ms = 80;
  pipeline::TimerWheel wheel{kStartMs};
  testing::RecordingEvents events{wheel};
  ideal::IdealSpan span({1, 2}, p, 0, io::SpanKind::kE1);
  span.start(events, wheel);
  span.far_end().record_audio(4'000);
  ASSERT_TRUE(span.place_call(1, testing::dial("9900")));
  testing::run_until(wheel, wheel.now_ms());
  const std::uint64_t connected_at = wheel.now_ms();
  ASSERT_EQ(span.media(1, board::test::detect_digits()), media::MediaResult::kOk);

  MediaStream& stream = *span.media_stream(1);
  ASSERT_EQ(stream.attach(stream.call_epoch(), true), MediaStream::Attach::kOk);
  const auto greeting = sweep("greeting", 2'000, 300, media::Law::kAlaw);
  const auto support = sweep("support", 1'000, 1'500, media::Law::kAlaw);
  Ends ends;
  CallAudio audio(stream, ends);
  ends.audio = &audio;
  ends.next = support;
  std::uint64_t digit_at = 0;
  std::uint64_t handed_at_digit = 0;  // greeting octets in the stream when the digit came
  events.react = [&](const testing::Event& e) {
    if (e.kind == K::kMedia && e.detail == "down 2") {
      digit_at = e.time;
      handed_at_digit = stream.stats().played_octets + stream.play_queued();
      audio.on_digit('2');
    }
  };
  ASSERT_TRUE(audio.queue(greeting, true));
  for (int step = 0; step < 300; ++step) {  // 3 s, the media thread every 10 ms
    audio.pump();
    testing::run_until(wheel, wheel.now_ms() + 10);
  }

  ASSERT_NE(digit_at, 0u);
  ASSERT_EQ(ends.plays.size(), 2u);
  EXPECT_EQ(ends.plays[0], std::make_pair(PlayEnd::kBargedIn, 0u));
  EXPECT_EQ(ends.plays[1], std::make_pair(PlayEnd::kDone, 1u));

  const auto heard = span.far_end().heard_audio(0);
  const auto start = std::search(heard.begin(), heard.end(), greeting->octets.begin(),
                                 greeting->octets.begin() + 800);
  ASSERT_NE(start, heard.end()) << "the greeting's first 100 ms reached the caller exactly";
  const auto cut =
      std::mismatch(start, heard.end(), greeting->octets.begin(), greeting->octets.end());
  const auto cut_ms = static_cast<std::uint64_t>(cut.second - greeting->octets.begin()) / 8;
  const std::uint64_t greeting_started =
      connected_at + static_cast<std::uint64_t>(start - heard.begin()) / 8;
  // The cut is exactly where the greeting stood in the stream when the digit came: the far
  // party heard every octet handed over before the digit and not one after it...
  EXPECT_EQ(static_cast<std::uint64_t>(cut.second - greeting->octets.begin()), handed_at_digit);
  // ...which is after the far party's digit was detected, and no later than the frames
  // already queued ahead.
  EXPECT_GE(greeting_started + cut_ms, digit_at);
  EXPECT_LE(greeting_started + cut_ms, digit_at + (CallAudio::kLeadFrames + 1) * 20);
  EXPECT_LT(cut_ms, 2'000u);
  // The far party keyed its 2 at 700 ms of the call: the greeting it heard stops within the
  // detector's delay (one 80 ms tone) plus the queued frames of it.
  EXPECT_GE(greeting_started + cut_ms, connected_at + 700);
  EXPECT_LE(greeting_started + cut_ms, connected_at + 700 + 80 + (CallAudio::kLeadFrames + 1) * 20);
  // The support prompt follows, whole.
  const auto next =
      std::search(cut.first, heard.end(), support->octets.begin(), support->octets.end());
  EXPECT_NE(next, heard.end());
  stream.detach();
}

// A scripted caller speaks into voicemail: the recording holds what crossed the wire from the
// far party — its speech where the script put it, silence around it — and ends on the silence
// after it.
TEST(IvrVoicemail, TheRecordingHoldsWhatTheCallerSaid) {
  config::TrafficProfile p = testing::quiet_profile();
  config::CallerScript speaker;
  speaker.name = "speaks";
  speaker.share = 1.0;
  speaker.speak_from_ms = 1'000;
  speaker.speak_ms = 1'500;
  p.callers.push_back(speaker);
  pipeline::TimerWheel wheel{kStartMs};
  testing::RecordingEvents events{wheel};
  ideal::IdealSpan span({1, 2}, p, 0, io::SpanKind::kT1);
  span.start(events, wheel);
  SimControl call = testing::inject("2125550100", "1000");
  ASSERT_EQ(span.device_specific(1, &call, sizeof call), board::ControlResult::kOk);
  testing::run_until(wheel, wheel.now_ms());
  span.answer(1);
  testing::run_until(wheel, wheel.now_ms() + 1);
  MediaStream& stream = *span.media_stream(1);
  ASSERT_TRUE(stream.connected());
  ASSERT_EQ(stream.attach(stream.call_epoch(), true), MediaStream::Attach::kOk);
  Ends ends;
  CallAudio audio(stream, ends);
  host::RecordOptions options;
  options.path = std::filesystem::temp_directory_path() / "spantsp_ivr_voicemail_test.wav";
  options.silence_ms = 500;
  std::string error;
  ASSERT_TRUE(audio.record(options, error)) << error;
  for (int step = 0; step < 400 && ends.records.empty(); ++step) {
    audio.pump();
    testing::run_until(wheel, wheel.now_ms() + 10);
  }
  ASSERT_EQ(ends.records, std::vector<RecordEnd>{RecordEnd::kSilence});
  EXPECT_EQ(span.far_end().record(0).caller, 0);
  EXPECT_EQ(span.far_end().record(0).played, kPlayedSpeech);

  const auto message = host::load_prompt(options.path, media::Law::kMulaw, error);
  ASSERT_TRUE(message) << error;
  std::filesystem::remove(options.path);
  // Mean |sample| per 20 ms: speech from ~1000 ms to ~2500 ms of the call, silence otherwise.
  std::vector<std::int16_t> pcm(message->octets.size());
  media::g711_decode(media::Law::kMulaw, message->octets.data(), pcm.data(), pcm.size());
  std::string shape;
  for (std::size_t at = 0; at + 160 <= pcm.size(); at += 160) {
    long sum = 0;
    for (std::size_t i = at; i < at + 160; ++i) sum += std::abs(pcm[i]);
    shape += sum / 160 > 300 ? 'S' : '.';
  }
  const std::size_t first = shape.find('S'), last = shape.rfind('S');
  ASSERT_NE(first, std::string::npos) << shape;
  EXPECT_NEAR(static_cast<double>(first) * 20, 1'000, 60) << shape;
  EXPECT_NEAR(static_cast<double>(last + 1) * 20, 2'500, 60) << shape;
  // Speech has its pauses (syllables), but mostly it is sound.
  const std::string spoken = shape.substr(first, last - first + 1);
  EXPECT_GT(std::count(spoken.begin(), spoken.end(), 'S') * 10,
            static_cast<long>(spoken.size()) * 6)
      << shape;
  EXPECT_NEAR(static_cast<double>(shape.size()) * 20, 3'000, 60) << "ends 500 ms after the speech";
}

}  // namespace
}  // namespace spantsp::sim
