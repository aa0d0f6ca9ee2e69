// The sim far end's sound, closed loop through an ideal span: what the far party sends (DTMF
// after connect, fax CNG/CED, modem answer tone, the switch's ringback) reaches our SpanMedia's
// detectors exactly, and what our side sends is heard and recorded by the far party.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "board_drivers/signalling/ideal/ideal_span.h"
#include "board_drivers/sim/far_end.h"
#include "tests/board_drivers/media_commands.h"
#include "tests/board_drivers/sim/sim_test_support.h"

namespace spantsp::sim {
namespace {

using board::test::detect_digits;
using board::test::detect_media;
using ideal::IdealSpan;
using media::MediaCommand;
using media::MediaResult;
using testing::Event;
using testing::Events;
using testing::kStartMs;
using testing::quiet_profile;
using testing::RecordingEvents;
using K = testing::Kind;

// One ideal span on channels 1-2 with `profile`, on its own virtual clock.
struct SoundSpan {
  explicit SoundSpan(const config::TrafficProfile& profile, io::SpanKind kind = io::SpanKind::kT1)
      : span({1, 2}, profile, 0, kind) {
    span.start(events, wheel);
  }
  void run_for(std::uint64_t ms) { testing::run_until(wheel, wheel.now_ms() + ms); }
  // Our outgoing call on channel 1 to a number the far end answers at once.
  void connect_outgoing() {
    ASSERT_TRUE(span.place_call(1, testing::dial("9900")));
    run_for(0);
    ASSERT_EQ(events.take(), (Events{{1, K::kProceeding}, {1, K::kConnected}}));
  }
  // Digits channel 1 detected (down edges), and the media kinds it recognised.
  std::string heard() {
    std::string out;
    for (const Event& e : events.events) {
      if (e.kind == K::kMedia && e.detail.rfind("down ", 0) == 0) out += e.detail.back();
    }
    return out;
  }
  std::vector<std::string> media_details() {
    std::vector<std::string> out;
    for (const Event& e : events.events) {
      if (e.kind == K::kMedia && e.detail.rfind("media ", 0) == 0) out.push_back(e.detail);
    }
    return out;
  }

  pipeline::TimerWheel wheel{kStartMs};
  RecordingEvents events{wheel};
  IdealSpan span;
};

config::TrafficProfile dtmf_profile() {
  config::TrafficProfile p = quiet_profile();
  p.dtmf_share = 1.0;
  p.dtmf_digits = "0123456789*#ABCD";
  p.dtmf_delay_ms = 200;
  p.dtmf_on_ms = 70;
  p.dtmf_off_ms = 70;
  return p;
}

TEST(FarEndSound, DtmfAfterAnswerReachesOurDetectorExactly) {
  for (io::SpanKind kind : {io::SpanKind::kT1, io::SpanKind::kE1}) {
    SoundSpan s(dtmf_profile(), kind);
    s.connect_outgoing();
    ASSERT_EQ(s.span.media(1, detect_digits()), MediaResult::kOk);
    s.run_for(4'000);
    EXPECT_EQ(s.heard(), "0123456789*#ABCD");
    EXPECT_EQ(s.span.far_end().record(0).digits_sent.view(), "0123456789*#ABCD");
    EXPECT_EQ(s.span.far_end().record(0).played, kPlayedDtmf);
    EXPECT_EQ(s.span.stats().dtmf_strings_sent, 1u);
  }
}

TEST(FarEndSound, DtmfWaitsForItsDelayAndOnlyForTheShareDrawn) {
  config::TrafficProfile p = dtmf_profile();
  p.dtmf_delay_ms = 1'000;
  SoundSpan s(p);
  s.connect_outgoing();
  ASSERT_EQ(s.span.media(1, detect_digits()), MediaResult::kOk);
  s.run_for(900);
  EXPECT_EQ(s.heard(), "");
  s.run_for(3'000);
  EXPECT_EQ(s.heard(), "0123456789*#ABCD");

  config::TrafficProfile none = dtmf_profile();
  none.dtmf_share = 0.0;
  SoundSpan quiet(none);
  quiet.connect_outgoing();
  ASSERT_EQ(quiet.span.media(1, detect_digits()), MediaResult::kOk);
  quiet.run_for(4'000);
  EXPECT_EQ(quiet.heard(), "");
  EXPECT_EQ(quiet.span.far_end().record(0).played, 0u);
}

TEST(FarEndSound, OurDigitsAreRecordedByTheListeningFarEndExactly) {
  config::TrafficProfile p = quiet_profile();
  p.listen = true;
  SoundSpan s(p);
  s.connect_outgoing();
  ASSERT_EQ(s.span.media(1, board::test::generate("0123456789*#ABCD", 0, 80, 80)),
            MediaResult::kOk);
  s.run_for(4'000);
  EXPECT_EQ(s.span.far_end().record(0).digits_heard.view(), "0123456789*#ABCD");
  EXPECT_EQ(s.span.stats().digits_heard, 16u);

  // kSimQueryHeard answers the same record in place, also after the call ended; the other
  // channel heard nothing.
  s.span.release(1, 16);
  s.run_for(100);
  SimControl query = testing::control(kSimQueryHeard);
  ASSERT_EQ(s.span.device_specific(1, &query, sizeof query), board::ControlResult::kOk);
  EXPECT_STREQ(query.szCalled, "0123456789*#ABCD");
  EXPECT_EQ(query.dwCause, 16u);
  EXPECT_EQ(query.dwAlarms, 0u);
  SimControl other = testing::control(kSimQueryHeard);
  ASSERT_EQ(s.span.device_specific(2, &other, sizeof other), board::ControlResult::kOk);
  EXPECT_STREQ(other.szCalled, "");
  EXPECT_EQ(other.dwCause, 0u);
  // A channel the span does not have.
  EXPECT_EQ(s.span.device_specific(9, &other, sizeof other), board::ControlResult::kInvalid);
}

TEST(FarEndSound, OurToneIsHeardByTheListeningFarEnd) {
  config::TrafficProfile p = quiet_profile();
  p.listen = true;
  SoundSpan s(p);
  s.connect_outgoing();
  MediaCommand beep;
  beep.op = MediaCommand::Op::kGenerateTone;
  beep.tone.segments[0].frequency_hz[0] = 1000;
  beep.tone.segments[0].frequencies = 1;
  beep.tone.segments[0].ms = 500;
  beep.tone.segment_count = 1;
  ASSERT_EQ(s.span.media(1, beep), MediaResult::kOk);
  s.run_for(1'000);
  EXPECT_EQ(s.span.far_end().record(0).tones_heard, 1u << kHeardBeep1000);
}

TEST(FarEndSound, NothingIsHeardWhenTheFarEndDoesNotListen) {
  SoundSpan s(quiet_profile());
  s.connect_outgoing();
  ASSERT_EQ(s.span.media(1, board::test::generate("123", 0, 80, 80)), MediaResult::kOk);
  s.run_for(2'000);
  EXPECT_EQ(s.span.far_end().record(0).digits_heard.view(), "");
}

TEST(FarEndSound, CallingFaxSendsCngThatOurDetectorRecognises) {
  config::TrafficProfile p = quiet_profile();
  p.fax_share = 1.0;
  SoundSpan s(p);
  ASSERT_EQ(s.span.device_specific(2, nullptr, 0), board::ControlResult::kInvalid);
  SimControl call = testing::inject("5550100", "1000");
  ASSERT_EQ(s.span.device_specific(2, &call, sizeof call), board::ControlResult::kOk);
  s.run_for(0);
  s.span.answer(2);
  s.run_for(0);
  ASSERT_EQ(s.span.channel_state(2), signalling::ChannelState::kConnected);
  ASSERT_EQ(s.span.media(2, detect_media(media::kMediaFaxCng | media::kMediaFaxCed)),
            MediaResult::kOk);
  s.run_for(5'000);
  Events media;
  for (const Event& e : s.events.events) {
    if (e.kind == K::kMedia) media.push_back(e);
  }
  EXPECT_EQ(media, (Events{{2, K::kMedia, 0, "media " + std::to_string(media::kMediaFaxCng)}}));
  EXPECT_EQ(s.span.far_end().record(1).played, kPlayedFaxCng);
  EXPECT_EQ(s.span.stats().fax_calls, 1u);
}

TEST(FarEndSound, AnsweringFaxSendsCed) {
  config::TrafficProfile p = quiet_profile();
  p.fax_share = 1.0;
  SoundSpan s(p);
  s.connect_outgoing();
  ASSERT_EQ(s.span.media(1, detect_media(media::kMediaFaxCng | media::kMediaFaxCed |
                                         media::kMediaModemAnswer)),
            MediaResult::kOk);
  s.run_for(5'000);
  EXPECT_EQ(s.media_details(),
            (std::vector<std::string>{"media " + std::to_string(media::kMediaFaxCed)}));
  EXPECT_EQ(s.span.far_end().record(0).played, kPlayedFaxCed);
}

TEST(FarEndSound, ModemAnswersWithItsAnswerTone) {
  config::TrafficProfile p = quiet_profile();
  p.modem_share = 1.0;
  SoundSpan s(p);
  s.connect_outgoing();
  ASSERT_EQ(s.span.media(1, detect_media(media::kMediaFaxCed | media::kMediaModemAnswer)),
            MediaResult::kOk);
  s.run_for(5'000);
  EXPECT_EQ(s.media_details(),
            (std::vector<std::string>{"media " + std::to_string(media::kMediaModemAnswer)}));
  EXPECT_EQ(s.span.far_end().record(0).played, kPlayedModemAnswer);
}

TEST(FarEndSound, SwitchPlaysRingbackWhileOurCallRings) {
  config::TrafficProfile p = quiet_profile();
  p.progress_tones = true;
  p.tone_zone = "uk";
  p.answer_delay_ms = 3'000;
  SoundSpan s(p);
  ASSERT_TRUE(s.span.place_call(1, testing::dial("5551234")));
  s.run_for(1'000);
  EXPECT_EQ(s.span.far_end().record(0).played, kPlayedRingback);
  EXPECT_GT(s.span.wire().stats().frames, 0u);  // in-band: the wire carries it
  EXPECT_EQ(s.span.stats().tone_zone_fallbacks, 0u);
  s.run_for(3'000);
  EXPECT_EQ(s.span.channel_state(1), signalling::ChannelState::kConnected);
}

TEST(FarEndSound, NoDigitsAfterTheCallEnds) {
  SoundSpan s(dtmf_profile());
  s.connect_outgoing();
  ASSERT_EQ(s.span.media(1, detect_digits()), MediaResult::kOk);
  s.run_for(400);  // the first digits
  s.span.release(1, board::cause::kNormalClearing);
  s.run_for(0);
  s.events.take();
  s.run_for(4'000);
  EXPECT_TRUE(s.events.take().empty());
  EXPECT_EQ(s.span.wire().live_channels(), 0u);
}

// The far party's record is the latest call's: kept after the call ends (kSimQueryHeard),
// reset when the next call starts on the channel, whichever way it goes.
TEST(FarEndSound, TheRecordStartsAfreshWithTheNextCallOnTheChannel) {
  config::TrafficProfile p = quiet_profile();
  p.listen = true;
  SoundSpan s(p);
  s.connect_outgoing();
  ASSERT_EQ(s.span.media(1, board::test::generate("123", 0, 80, 80)), MediaResult::kOk);
  s.run_for(1'000);
  ASSERT_EQ(s.span.far_end().record(0).digits_heard.view(), "123");
  s.span.release(1, board::cause::kNormalClearing);
  s.run_for(100);
  EXPECT_EQ(s.span.far_end().record(0).digits_heard.view(), "123");  // kept after the call
  s.events.take();

  // Our next outgoing call there: nothing heard yet, then only its own digits.
  s.connect_outgoing();
  EXPECT_EQ(s.span.far_end().record(0).digits_heard.view(), "");
  ASSERT_EQ(s.span.media(1, board::test::generate("45", 0, 80, 80)), MediaResult::kOk);
  s.run_for(1'000);
  EXPECT_EQ(s.span.far_end().record(0).digits_heard.view(), "45");
  SimControl query = testing::control(kSimQueryHeard);
  ASSERT_EQ(s.span.device_specific(1, &query, sizeof query), board::ControlResult::kOk);
  EXPECT_STREQ(query.szCalled, "45");
  s.span.release(1, board::cause::kNormalClearing);
  s.run_for(100);
  s.events.take();

  // A call the far end offers there resets it as well, before it is even answered.
  SimControl call = testing::inject("5550100", "1000");
  ASSERT_EQ(s.span.device_specific(1, &call, sizeof call), board::ControlResult::kOk);
  s.run_for(0);
  EXPECT_EQ(s.span.far_end().record(0).digits_heard.view(), "");
  EXPECT_EQ(s.span.far_end().record(0).played, 0u);
  query = testing::control(kSimQueryHeard);
  ASSERT_EQ(s.span.device_specific(1, &query, sizeof query), board::ControlResult::kOk);
  EXPECT_STREQ(query.szCalled, "");
  EXPECT_EQ(s.span.stats().digits_heard, 5u);  // the span's counter keeps counting
}

}  // namespace
}  // namespace spantsp::sim
