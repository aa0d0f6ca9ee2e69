// The switch's tone before it refuses our call (progress_tones + refusal_tone_ms): busy tone,
// SIT or congestion tone by the cause, heard on the wire with Goertzel filters and cleared
// exactly refusal_tone_ms later; 0 keeps the immediate clearing. Virtual time only.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "board_drivers/io/sim/sim_io_pair.h"
#include "board_drivers/signalling/ideal/ideal_span.h"
#include "board_drivers/sim/far_end.h"
#include "media/g711_frame.h"
#include "media/goertzel_bank.h"
#include "media/tone_zone.h"
#include "tests/board_drivers/sim/sim_test_support.h"

namespace spantsp::sim {
namespace {

using testing::kStartMs;
using testing::quiet_profile;
using K = testing::Kind;

constexpr std::uint32_t kToneMs = 3'000;

config::TrafficProfile refusing_profile(std::uint32_t tone_ms = kToneMs) {
  config::TrafficProfile p = quiet_profile();
  p.progress_tones = true;
  p.refusal_tone_ms = tone_ms;
  return p;
}

// What the far end sends our side, with the time it sent it.
struct Sent {
  std::string what;
  int cause = 0;
  std::uint64_t at = 0;
  bool operator==(const Sent& o) const { return what == o.what && cause == o.cause && at == o.at; }
};

// A FarEnd on a T1 sim wire, alone: the link records its messages, and our end of the wire
// (its bearer closed, as our side's is before CONNECTED) keeps every octet it receives.
class WireTap final : public FarEndLink, public io::SpanIoEvents {
 public:
  explicit WireTap(const config::TrafficProfile& profile)
      : wire_(io::SpanLayout{io::SpanKind::kT1, media::Law::kMulaw, {1, 2}, 0, 20}, nullptr),
        far_(profile, 0, 2) {
    wire_.start(wheel_);
    wire_.end(io::SimIoPair::kNear).start(*this, wheel_);
    far_.start(*this, wheel_, &wire_.end(io::SimIoPair::kFar));
  }
  ~WireTap() {
    far_.stop();
    wire_.stop();
  }

  // Our call to `called` on channel index 0; runs until the far end has cleared it.
  void call(std::string_view called) {
    ASSERT_EQ(far_.on_setup(0, testing::dial(called)), FarEnd::Seize::kSeized);
    for (int i = 0; i < 2'000 && !cleared(); ++i) testing::run_until(wheel_, wheel_.now_ms() + 10);
    ASSERT_TRUE(cleared());
  }
  bool cleared() const { return !sent_.empty() && sent_.back().what == "disconnect"; }

  // Per 20 ms block of what reached our end: '.' when quiet, else the set of `hz` that carry
  // the block's energy as a bit mask ('0' + mask; '?' when none does: a cadence edge).
  std::string blocks(const std::vector<std::uint16_t>& hz) const {
    media::GoertzelBank bank;
    bank.set_frequencies(hz.data(), hz.size());
    std::vector<std::int16_t> pcm(heard_.size());
    media::g711_decode(media::Law::kMulaw, heard_.data(), pcm.data(), pcm.size());
    std::string out;
    std::size_t at = 0;
    while (at < pcm.size()) {
      bool done = false;
      at += bank.feed(pcm.data() + at, pcm.size() - at, done);
      if (!done) break;
      if (bank.mean_power() < media::sine_power_dbm0(-30.0f)) {
        out += '.';
        continue;
      }
      int mask = 0;
      float total = 0.0f;
      for (std::size_t i = 0; i < hz.size(); ++i) {
        if (bank.share(i) > 0.2f) mask |= 1 << i;
        total += bank.share(i);
      }
      out += total > 0.8f ? static_cast<char>('0' + mask) : '?';
    }
    return out;
  }

  FarEnd& far() { return far_; }
  const std::vector<Sent>& sent() const { return sent_; }
  std::uint64_t now() const { return wheel_.now_ms(); }

 private:
  void far_setup(std::size_t, const board::CallSetup&) override { note("setup"); }
  void far_digits(std::size_t, std::string_view, bool) override { note("digits"); }
  void far_proceeding(std::size_t) override { note("proceeding"); }
  void far_alerting(std::size_t) override { note("alerting"); }
  void far_progress(std::size_t, std::uint8_t cause) override { note("progress", cause); }
  void far_connect(std::size_t) override { note("connect"); }
  void far_disconnect(std::size_t index, std::uint8_t cause) override {
    note("disconnect", cause);
    far_.on_release(index, cause);  // our side releases at once
  }
  void far_release_complete(std::size_t) override {}
  void far_span_status(const board::SpanStatus&) override {}
  void note(const char* what, int cause = 0) { sent_.push_back({what, cause, wheel_.now_ms()}); }

  void on_alarms(const io::SpanAlarms&) override {}
  void on_abcd(std::size_t, std::uint8_t, std::uint64_t) override {}
  void on_audio_frame(io::SpanAudio& audio, std::uint64_t) override {
    const auto rx = audio.rx(0);
    heard_.insert(heard_.end(), rx.begin(), rx.end());
  }

  pipeline::TimerWheel wheel_{kStartMs};
  io::SimIoPair wire_;
  FarEnd far_;
  std::vector<Sent> sent_;
  std::vector<std::uint8_t> heard_;
};

// Lengths of the runs of `c` in `s`, the first and last (cut by the start and end) left out.
std::vector<std::size_t> inner_runs(const std::string& s, char c) {
  std::vector<std::size_t> runs;
  for (std::size_t i = 0; i < s.size();) {
    std::size_t j = i;
    while (j < s.size() && s[j] == s[i]) ++j;
    if (s[i] == c) runs.push_back(j - i);
    i = j;
  }
  if (runs.size() >= 2) {
    runs.erase(runs.begin());
    runs.pop_back();
  }
  return runs;
}

TEST(FarEndRefusal, BusyPlaysTheBusyCadenceThenClearsAfterRefusalToneMs) {
  WireTap tap(refusing_profile());
  const std::uint64_t t0 = tap.now();
  tap.call("9917");
  EXPECT_EQ(tap.sent(), (std::vector<Sent>{{"proceeding", 0, t0},
                                           {"progress", board::cause::kUserBusy, t0},
                                           {"disconnect", board::cause::kUserBusy, t0 + kToneMs}}));
  // US busy: 480 + 620 Hz, 500 ms on, 500 ms off (25 blocks each, ±1 at the edges).
  const std::string b = tap.blocks({480, 620});
  const auto on = inner_runs(b, '3');
  ASSERT_EQ(on.size(), 1u) << b;  // three bursts in 3 s: the middle one is whole
  for (std::size_t n : on) EXPECT_NEAR(static_cast<double>(n), 25.0, 1.0) << b;
  for (std::size_t n : inner_runs(b, '.')) EXPECT_NEAR(static_cast<double>(n), 25.0, 1.0) << b;
  // The whole announcement, and nothing after the clearing.
  EXPECT_NEAR(static_cast<double>(b.size()), kToneMs / 20.0, 3.0) << b;
  EXPECT_EQ(tap.far().record(0).played, kPlayedBusyTone);
  EXPECT_EQ(tap.far().counters().busy_tones_played, 1u);
  EXPECT_EQ(tap.far().counters().progress_tones_played, 1u);
  EXPECT_EQ(tap.far().counters().outgoing_busy, 1u);
  EXPECT_TRUE(tap.far().channel_idle(0));
}

TEST(FarEndRefusal, CongestionCausesPlayTheFasterReorderCadence) {
  for (std::uint8_t cause : {34, 38, 41, 42, 44}) {
    WireTap tap(refusing_profile());
    tap.call("99" + std::to_string(cause));
    ASSERT_EQ(tap.sent().size(), 3u);
    EXPECT_EQ(tap.sent()[1], (Sent{"progress", cause, tap.sent()[0].at}));
    EXPECT_EQ(tap.sent()[2].at - tap.sent()[0].at, kToneMs);
    // US congestion: 480 + 620 Hz, 250 ms on, 250 ms off (12.5 blocks).
    const std::string b = tap.blocks({480, 620});
    const auto on = inner_runs(b, '3');
    ASSERT_GE(on.size(), 4u) << b;
    for (std::size_t n : on) EXPECT_NEAR(static_cast<double>(n), 12.5, 1.5) << b;
    EXPECT_EQ(tap.far().record(0).played, kPlayedCongestion) << int{cause};
    EXPECT_EQ(tap.far().counters().reorder_tones_played, 1u);
    EXPECT_EQ(tap.far().counters().outgoing_rejected, 1u);
  }
}

TEST(FarEndRefusal, NumbersThatCannotBeReachedPlaySit) {
  // The zone's information tone ("us" has libtonezone's), or E.180's.
  media::ToneSpec sit;
  if (media::country_tone("us", media::CallProgressTone::kSpecialInformation, sit) !=
      media::ToneZoneResult::kOk) {
    sit = e180_sit_tone();
  }
  ASSERT_GE(sit.segment_count, 3u);
  const std::vector<std::uint16_t> hz{sit.segments[0].frequency_hz[0],
                                      sit.segments[1].frequency_hz[0],
                                      sit.segments[2].frequency_hz[0]};
  for (std::uint8_t cause : {1, 3, 22, 28}) {
    WireTap tap(refusing_profile());
    tap.call(cause < 10 ? "990" + std::to_string(cause) : "99" + std::to_string(cause));
    ASSERT_EQ(tap.sent().size(), 3u);
    EXPECT_EQ(tap.sent()[1].cause, cause);
    // The three rising tones in turn, each about its length, before anything else.
    std::string order;
    for (char c : tap.blocks(hz)) {
      if ((c == '1' || c == '2' || c == '4') && (order.empty() || order.back() != c)) order += c;
    }
    EXPECT_EQ(order.substr(0, 3), "124") << int{cause};
    EXPECT_EQ(tap.far().record(0).played, kPlayedSit);
    EXPECT_EQ(tap.far().counters().sit_tones_played, 1u);
  }
}

TEST(FarEndRefusal, E180SitIsThreeRisingTonesThenSilence) {
  const media::ToneSpec t = e180_sit_tone();
  ASSERT_EQ(t.segment_count, 4u);
  EXPECT_EQ(t.segments[0].frequency_hz[0], 914);
  EXPECT_EQ(t.segments[1].frequency_hz[0], 1371);
  EXPECT_EQ(t.segments[2].frequency_hz[0], 1777);
  EXPECT_EQ(t.segments[0].ms + t.segments[1].ms + t.segments[2].ms, 274u + 274u + 380u);
  EXPECT_EQ(t.segments[3].frequencies, 0u);
  EXPECT_TRUE(t.repeat);
}

TEST(FarEndRefusal, CauseChoosesTheTone) {
  EXPECT_EQ(refusal_sound(17), kPlayedBusyTone);
  for (std::uint8_t c : {1, 3, 22, 28}) EXPECT_EQ(refusal_sound(c), kPlayedSit) << int{c};
  for (std::uint8_t c : {21, 34, 38, 41, 42, 44}) {
    EXPECT_EQ(refusal_sound(c), kPlayedCongestion) << int{c};
  }
}

// refusal_tone_ms = 0 (and progress_tones without it) clears at once: the same messages at the
// same times as with no progress tones at all, and nothing on the wire.
TEST(FarEndRefusal, ZeroKeepsTheImmediateClearing) {
  config::TrafficProfile silent = quiet_profile();
  for (const char* number : {"9917", "9901", "9934"}) {
    WireTap tap(refusing_profile(0));
    WireTap before(silent);
    tap.call(number);
    before.call(number);
    EXPECT_EQ(tap.sent(), before.sent()) << number;
    EXPECT_EQ(tap.sent().size(), 2u) << number;  // PROCEEDING, DISCONNECT
    EXPECT_EQ(tap.blocks({480, 620}), "") << number;
    EXPECT_EQ(tap.far().counters().progress_tones_played, 0u);
  }
}

// Through our ideal span: the call stays PROCEEDING during the tone (our bearer stays closed)
// and ends with the refusal's cause exactly refusal_tone_ms later.
TEST(FarEndRefusal, IdealSpanSeesTheClearingAfterTheTone) {
  pipeline::TimerWheel wheel{kStartMs};
  testing::RecordingEvents events{wheel};
  ideal::IdealSpan span({1, 2}, refusing_profile(), 0, io::SpanKind::kT1);
  span.start(events, wheel);
  ASSERT_TRUE(span.place_call(1, testing::dial("9917")));
  testing::run_until(wheel, kStartMs + kToneMs - 1);
  EXPECT_EQ(events.take(), (testing::Events{{1, K::kProceeding}}));
  EXPECT_EQ(span.channel_state(1), signalling::ChannelState::kProceeding);
  testing::run_until(wheel, kStartMs + kToneMs);
  const testing::Events ended = events.take();
  ASSERT_EQ(ended.size(), 1u);
  EXPECT_EQ(ended[0], (testing::Event{1, K::kDisconnected, board::cause::kUserBusy}));
  EXPECT_EQ(ended[0].time, kStartMs + kToneMs);
  EXPECT_EQ(span.stats().busy_tones_played, 1u);
  span.stop();
}

}  // namespace
}  // namespace spantsp::sim
