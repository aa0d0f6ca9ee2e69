// Play and record over a media stream (tools/tapihost/call_audio.h, audio_file.h), with the
// span worker's side of the stream driven by hand: prompts play in order and whole, a
// recording ends on silence, on its maximum length, on a termination digit and when the call
// ends, writes exactly what was heard, and every bad input (missing file, unsupported format,
// a disk that is full) is a clear error.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <vector>

#include "media/g711_frame.h"
#include "media/media_stream.h"
#include "tools/tapihost/audio_file.h"
#include "tools/tapihost/call_audio.h"

namespace spantsp::host {
namespace {

constexpr std::size_t kFrame = 160;

struct Recorder final : CallAudioEvents {
  void on_play_end(PlayEnd end, std::uint32_t played, std::uint32_t) override {
    plays.push_back({end, played});
  }
  void on_record_end(RecordEnd end, std::uint32_t ms, const std::string& error) override {
    records.push_back(end);
    record_ms = ms;
    record_error = error;
  }
  std::vector<std::pair<PlayEnd, std::uint32_t>> plays;
  std::vector<RecordEnd> records;
  std::uint32_t record_ms = 0;
  std::string record_error;
};

// A stream with the worker's side played by the test.
struct Loop {
  Loop() {
    stream.configure(media::Law::kMulaw, kFrame);
    stream.open_call();
    EXPECT_EQ(stream.attach(stream.call_epoch(), true), media::MediaStream::Attach::kOk);
  }
  // One frame: `rx` heard from the caller; returns what went to the wire.
  std::vector<std::uint8_t> frame(const std::vector<std::uint8_t>& rx) {
    std::vector<std::uint8_t> tx(kFrame, 0xFF);
    stream.on_frame(rx, tx);
    audio.pump();
    return tx;
  }
  media::MediaStream stream;
  Recorder events;
  CallAudio audio{stream, events};
};

std::filesystem::path temp(const std::string& name) {
  return std::filesystem::temp_directory_path() / ("spantsp_call_audio_" + name);
}

std::vector<std::uint8_t> loud_frame(std::uint8_t seed) {
  std::vector<std::uint8_t> f(kFrame);
  for (std::size_t i = 0; i < kFrame; ++i) f[i] = static_cast<std::uint8_t>((i * 5 + seed) % 0x70);
  return f;  // µ-law 0x00-0x6F: loud, never 0x7F (which decodes like 0xFF)
}

std::shared_ptr<const Prompt> prompt_of(std::size_t octets, std::uint8_t base) {
  auto p = std::make_shared<Prompt>();
  p->name = "p";
  p->law = media::Law::kMulaw;
  for (std::size_t i = 0; i < octets; ++i)
    p->octets.push_back(static_cast<std::uint8_t>(base + i % 50));
  return p;
}

TEST(CallAudio, QueuedPromptsPlayInOrderAndWhole) {
  Loop loop;
  const auto a = prompt_of(400, 0), b = prompt_of(250, 100);
  ASSERT_TRUE(loop.audio.queue(a, true));
  ASSERT_TRUE(loop.audio.queue(b, true));
  loop.audio.pump();  // the media thread fills ahead
  std::vector<std::uint8_t> wire;
  const std::vector<std::uint8_t> silence(kFrame, 0xFF);
  for (int i = 0; i < 8; ++i) {
    const auto tx = loop.frame(silence);
    wire.insert(wire.end(), tx.begin(), tx.end());
  }
  std::vector<std::uint8_t> expected(a->octets);
  expected.insert(expected.end(), b->octets.begin(), b->octets.end());
  ASSERT_GE(wire.size(), expected.size());
  EXPECT_TRUE(std::equal(expected.begin(), expected.end(), wire.begin()));
  EXPECT_EQ(loop.events.plays,
            (std::vector<std::pair<PlayEnd, std::uint32_t>>{{PlayEnd::kDone, 2}}));
}

TEST(CallAudio, ADigitStopsABargeInPromptButNotAnotherOne) {
  Loop loop;
  ASSERT_TRUE(loop.audio.queue(prompt_of(4000, 0), false));
  loop.audio.on_digit('5');
  EXPECT_TRUE(loop.audio.playing());
  loop.audio.stop_playing();
  ASSERT_TRUE(loop.audio.queue(prompt_of(4000, 0), true));
  loop.audio.on_digit('5');
  EXPECT_FALSE(loop.audio.playing());
  loop.audio.pump();
  EXPECT_EQ(loop.events.plays, (std::vector<std::pair<PlayEnd, std::uint32_t>>{
                                   {PlayEnd::kBargedIn, 0}}));  // the stop was folded into it
}

TEST(CallAudio, ARecordingHoldsExactlyWhatWasHeardAndEndsOnSilence) {
  Loop loop;
  const auto path = temp("silence.wav");
  RecordOptions options;
  options.path = path;
  options.silence_ms = 100;
  std::string error;
  ASSERT_TRUE(loop.audio.record(options, error)) << error;
  std::vector<std::uint8_t> said;
  for (int i = 0; i < 10; ++i) {
    const auto f = loud_frame(static_cast<std::uint8_t>(i));
    said.insert(said.end(), f.begin(), f.end());
    loop.frame(f);
  }
  for (int i = 0; i < 10 && loop.events.records.empty(); ++i) {
    loop.frame(std::vector<std::uint8_t>(kFrame, 0xFF));
  }
  ASSERT_EQ(loop.events.records, std::vector<RecordEnd>{RecordEnd::kSilence});
  EXPECT_EQ(loop.events.record_ms, 200u + 100u);  // 10 loud frames, then 100 ms of silence
  const auto back = load_prompt(path, media::Law::kMulaw, error);
  ASSERT_TRUE(back) << error;
  ASSERT_EQ(back->octets.size(), said.size() + 800);
  EXPECT_TRUE(std::equal(said.begin(), said.end(), back->octets.begin()));
  std::filesystem::remove(path);
}

TEST(CallAudio, ARecordingEndsOnItsMaximumOnATerminatorAndWithTheCall) {
  {
    Loop loop;
    RecordOptions options;
    options.path = temp("max.wav");
    options.max_ms = 50;
    std::string error;
    ASSERT_TRUE(loop.audio.record(options, error));
    for (int i = 0; i < 3; ++i) loop.frame(loud_frame(1));
    EXPECT_EQ(loop.events.records, std::vector<RecordEnd>{RecordEnd::kMaxLength});
    EXPECT_EQ(loop.events.record_ms, 50u);
    std::filesystem::remove(options.path);
  }
  {
    Loop loop;
    RecordOptions options;
    options.path = temp("digit.wav");
    std::string error;
    ASSERT_TRUE(loop.audio.record(options, error));
    loop.frame(loud_frame(1));
    loop.audio.on_digit('1');  // not a terminator
    loop.audio.on_digit('#');
    loop.frame(loud_frame(1));
    EXPECT_EQ(loop.events.records, std::vector<RecordEnd>{RecordEnd::kDigit});
    std::filesystem::remove(options.path);
  }
  {
    Loop loop;
    RecordOptions options;
    options.path = temp("hangup.wav");
    std::string error;
    ASSERT_TRUE(loop.audio.record(options, error));
    loop.frame(loud_frame(1));
    loop.stream.close_call();
    loop.audio.pump();
    EXPECT_EQ(loop.events.records, std::vector<RecordEnd>{RecordEnd::kCallEnded});
    EXPECT_EQ(loop.events.record_ms, 20u);
    std::filesystem::remove(options.path);
  }
}

TEST(CallAudio, AFullDiskIsAClearError) {
  Loop loop;
  RecordOptions options;
  options.path = "/dev/full";
  std::string error;
  if (loop.audio.record(options, error)) {  // the header may be buffered: then the first write
    for (int i = 0; i < 5 && loop.events.records.empty(); ++i) loop.frame(loud_frame(1));
    ASSERT_EQ(loop.events.records, std::vector<RecordEnd>{RecordEnd::kError});
    error = loop.events.record_error;
  }
  EXPECT_NE(error.find("/dev/full"), std::string::npos) << error;
}

TEST(AudioFile, BadPromptFilesAreClearErrors) {
  std::string error;
  EXPECT_FALSE(load_prompt(temp("missing.wav"), media::Law::kMulaw, error));
  EXPECT_NE(error.find("no such file"), std::string::npos) << error;
  const auto junk = temp("junk.wav");
  std::ofstream(junk) << "this is not audio at all";
  EXPECT_FALSE(load_prompt(junk, media::Law::kMulaw, error));
  EXPECT_NE(error.find("unsupported or unreadable"), std::string::npos) << error;
  EXPECT_NE(error.find(junk.string()), std::string::npos) << error;
  std::filesystem::remove(junk);
  const auto empty = temp("empty.ulaw");
  std::ofstream(empty).flush();
  EXPECT_FALSE(load_prompt(empty, media::Law::kMulaw, error));
  EXPECT_NE(error.find("no audio"), std::string::npos) << error;
  std::filesystem::remove(empty);
}

TEST(AudioFile, RawG711IsTakenAsItIsOrTranscoded) {
  const auto raw = temp("raw.ulaw");
  const std::vector<std::uint8_t> octets = loud_frame(3);
  {
    std::ofstream out(raw, std::ios::binary);
    out.write(reinterpret_cast<const char*>(octets.data()), static_cast<long>(octets.size()));
  }
  std::string error;
  const auto same = load_prompt(raw, media::Law::kMulaw, error);
  ASSERT_TRUE(same) << error;
  EXPECT_EQ(same->octets, octets);
  const auto alaw = load_prompt(raw, media::Law::kAlaw, error);
  ASSERT_TRUE(alaw) << error;
  std::vector<std::int16_t> pcm(octets.size());
  media::g711_decode(media::Law::kMulaw, octets.data(), pcm.data(), pcm.size());
  std::vector<std::uint8_t> expected(octets.size());
  media::g711_encode(media::Law::kAlaw, pcm.data(), expected.data(), pcm.size());
  EXPECT_EQ(alaw->octets, expected);
  std::filesystem::remove(raw);
}

TEST(AudioFile, OtherRatesAreResampledTo8kHz) {
  std::vector<std::int16_t> pcm(22'050);  // one second of 440 Hz at 22.05 kHz
  for (std::size_t i = 0; i < pcm.size(); ++i) {
    pcm[i] = static_cast<std::int16_t>(10'000 *
                                       std::sin(2 * M_PI * 440 * static_cast<double>(i) / 22'050));
  }
  const auto p = prompt_from_pcm("tone", pcm, 22'050, media::Law::kMulaw);
  EXPECT_NEAR(static_cast<double>(p->octets.size()), 8'000.0, 2.0);
  std::vector<std::int16_t> back(p->octets.size());
  media::g711_decode(media::Law::kMulaw, p->octets.data(), back.data(), back.size());
  // Still 440 Hz: count the rising zero crossings.
  int crossings = 0;
  for (std::size_t i = 1; i < back.size(); ++i) crossings += back[i - 1] < 0 && back[i] >= 0;
  EXPECT_NEAR(crossings, 440, 2);
}

}  // namespace
}  // namespace spantsp::host
