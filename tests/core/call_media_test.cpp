// CallMedia on a fake strand: what each TSPI media request asks of the DSP, and the exact
// messages the DSP's events and the gather timer turn into (tspi-contract §6). The timer is
// fired by hand: time never decides these tests.

#include "core/call_media.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tspi/spantsp_devspecific.h"

namespace spantsp::core {
namespace {

using Op = media::MediaCommand::Op;
using Kind = media::MediaEvent::Kind;

struct Report {
  DWORD message;
  DWORD_PTR p1, p2, p3;
  bool operator==(const Report&) const = default;
};

std::ostream& operator<<(std::ostream& out, const Report& r) {
  return out << "{msg " << r.message << ", " << r.p1 << ", " << r.p2 << ", " << r.p3 << "}";
}

class FakePort final : public MediaPort {
 public:
  media::MediaResult command(const media::MediaCommand& command) override {
    commands.push_back(command);
    return result;
  }
  void report(DWORD message, DWORD_PTR p1, DWORD_PTR p2, DWORD_PTR p3) override {
    reports.push_back({message, p1, p2, p3});
  }
  void arm_timer(std::uint64_t due) override { timer_due = due; }
  void cancel_timer() override { timer_due = 0; }
  void media_mode_detected(DWORD mode) override { detected.push_back(mode); }
  void drop_call() override { ++drops; }
  void inband_dial_ended(bool played) override { dial_ended.push_back(played); }
  std::uint64_t now_ms() const override { return now; }

  std::vector<Op> ops() const {
    std::vector<Op> out;
    for (const auto& c : commands) out.push_back(c.op);
    return out;
  }

  media::MediaResult result = media::MediaResult::kOk;
  std::vector<media::MediaCommand> commands;
  std::vector<Report> reports;
  std::uint64_t timer_due = 0;
  std::vector<DWORD> detected;
  int drops = 0;
  std::vector<bool> dial_ended;
  std::uint64_t now = 1000;
};

media::MediaEvent digit(char d, bool down, std::uint64_t at) {
  media::MediaEvent e;
  e.kind = down ? Kind::kDigitDown : Kind::kDigitUp;
  e.digit = d;
  e.at_ms = at;
  return e;
}

media::MediaEvent press(CallMedia& media, FakePort& port, char d, std::uint64_t at) {
  media.on_event(port, digit(d, true, at));
  media.on_event(port, digit(d, false, at + 80));
  return {};
}

class CallMediaTest : public ::testing::Test {
 protected:
  LONG gather(DWORD id, DWORD num, const char* terminators, DWORD first, DWORD inter) {
    MediaRequest r;
    r.kind = MediaRequest::Kind::kGatherDigits;
    r.end_to_end_id = id;
    r.buffer = buffer;
    r.num_digits = num;
    r.terminators.assign(terminators);
    r.first_timeout_ms = first;
    r.inter_timeout_ms = inter;
    return media.handle(port, r);
  }
  LONG generate_digits(DWORD id, const char* digits) {
    MediaRequest r;
    r.kind = MediaRequest::Kind::kGenerate;
    r.end_to_end_id = id;
    r.command.op = Op::kGenerateDigits;
    for (const char* c = digits; *c != '\0'; ++c) r.command.digits[r.command.digit_count++] = *c;
    return media.handle(port, r);
  }
  std::u16string gathered() const { return std::u16string(buffer); }

  FakePort port;
  CallMedia media;
  char16_t buffer[8] = {u'x', u'x', u'x', u'x', u'x', u'x', u'x', u'x'};
};

TEST_F(CallMediaTest, MonitorDigitsWithBothModesReportsEachDigitTwice) {
  MediaRequest r;
  r.kind = MediaRequest::Kind::kMonitorDigits;
  r.modes = LINEDIGITMODE_DTMF | LINEDIGITMODE_DTMFEND;
  ASSERT_EQ(media.handle(port, r), 0);
  ASSERT_EQ(port.ops(), std::vector<Op>{Op::kDetectDigits});
  EXPECT_TRUE(port.commands[0].on);
  press(media, port, '5', 2000);
  press(media, port, '#', 3000);
  EXPECT_EQ(port.reports,
            (std::vector<Report>{{LINE_MONITORDIGITS, '5', LINEDIGITMODE_DTMF, 2000},
                                 {LINE_MONITORDIGITS, '5', LINEDIGITMODE_DTMFEND, 2080},
                                 {LINE_MONITORDIGITS, '#', LINEDIGITMODE_DTMF, 3000},
                                 {LINE_MONITORDIGITS, '#', LINEDIGITMODE_DTMFEND, 3080}}));
  // Off: detection stops, digits are no longer reported.
  r.modes = 0;
  ASSERT_EQ(media.handle(port, r), 0);
  EXPECT_EQ(port.commands.back().op, Op::kDetectDigits);
  EXPECT_FALSE(port.commands.back().on);
  press(media, port, '1', 4000);
  EXPECT_EQ(port.reports.size(), 4u);
}

TEST_F(CallMediaTest, MonitorDigitsDtmfEndOnlyReportsTheEndOfEachDigit) {
  MediaRequest r;
  r.kind = MediaRequest::Kind::kMonitorDigits;
  r.modes = LINEDIGITMODE_DTMFEND;
  ASSERT_EQ(media.handle(port, r), 0);
  press(media, port, 'A', 100);
  EXPECT_EQ(port.reports,
            (std::vector<Report>{{LINE_MONITORDIGITS, 'A', LINEDIGITMODE_DTMFEND, 180}}));
}

TEST_F(CallMediaTest, GatherEndsOnATerminationDigitWhichIsTheLastInTheBuffer) {
  ASSERT_EQ(gather(7, 5, "#", 5000, 3000), 0);
  EXPECT_EQ(port.timer_due, 1000u + 5000);
  press(media, port, '1', 1100);
  EXPECT_EQ(port.timer_due, 1100u + 3000);  // inter-digit from the digit's start
  press(media, port, '2', 1300);
  press(media, port, '#', 1500);
  EXPECT_EQ(gathered(), u"12#");
  ASSERT_EQ(port.reports.size(), 1u);
  EXPECT_EQ(port.reports[0].message, DWORD{LINE_GATHERDIGITS});
  EXPECT_EQ(port.reports[0].p1, DWORD_PTR{LINEGATHERTERM_TERMDIGIT});
  EXPECT_EQ(port.reports[0].p2, 7u);
  EXPECT_EQ(port.timer_due, 0u);
  EXPECT_FALSE(media.gathering());
  EXPECT_EQ(port.ops(), (std::vector<Op>{Op::kDetectDigits, Op::kDetectDigits}));
  EXPECT_FALSE(port.commands.back().on);  // nothing else wanted digits
}

TEST_F(CallMediaTest, GatherFirstDigitTimeoutLeavesASingleNul) {
  ASSERT_EQ(gather(3, 4, "", 2000, 1000), 0);
  media.on_timer(port, port.timer_due);
  EXPECT_EQ(gathered(), u"");
  ASSERT_EQ(port.reports.size(), 1u);
  EXPECT_EQ(port.reports[0].p1, DWORD_PTR{LINEGATHERTERM_FIRSTTIMEOUT});
  EXPECT_EQ(port.reports[0].p2, 3u);
}

TEST_F(CallMediaTest, GatherInterDigitTimeoutKeepsTheDigitsSoFar) {
  ASSERT_EQ(gather(4, 4, "#", 0, 1500), 0);
  EXPECT_EQ(port.timer_due, 0u);  // no first-digit timeout asked
  press(media, port, '9', 1200);
  EXPECT_EQ(port.timer_due, 2700u);
  media.on_timer(port, 2700);
  EXPECT_EQ(gathered(), u"9");
  ASSERT_EQ(port.reports.size(), 1u);
  EXPECT_EQ(port.reports[0].p1, DWORD_PTR{LINEGATHERTERM_INTERTIMEOUT});
}

TEST_F(CallMediaTest, GatherBufferFullWritesNothingPastTheBuffer) {
  ASSERT_EQ(gather(5, 2, "", 0, 0), 0);
  press(media, port, '4', 1);
  press(media, port, '2', 2);
  press(media, port, '7', 3);  // after the gather: not collected anywhere
  EXPECT_EQ(buffer[0], u'4');
  EXPECT_EQ(buffer[1], u'2');
  EXPECT_EQ(buffer[2], u'x');  // dwNumDigits characters: no room for a NUL, none written
  ASSERT_EQ(port.reports.size(), 1u);
  EXPECT_EQ(port.reports[0].p1, DWORD_PTR{LINEGATHERTERM_BUFFERFULL});
}

TEST_F(CallMediaTest, ANewGatherOrANullBufferCancelsTheRunningOneAfterItsDigits) {
  ASSERT_EQ(gather(1, 5, "", 0, 0), 0);
  press(media, port, '8', 10);
  char16_t second[4] = {};
  MediaRequest r;
  r.kind = MediaRequest::Kind::kGatherDigits;
  r.end_to_end_id = 2;
  r.buffer = second;
  r.num_digits = 3;
  ASSERT_EQ(media.handle(port, r), 0);
  EXPECT_EQ(gathered(), u"8");
  ASSERT_EQ(port.reports.size(), 1u);
  EXPECT_EQ(port.reports[0], (Report{LINE_GATHERDIGITS, LINEGATHERTERM_CANCEL, 1, 1000}));
  r.buffer = nullptr;  // cancel the second
  ASSERT_EQ(media.handle(port, r), 0);
  ASSERT_EQ(port.reports.size(), 2u);
  EXPECT_EQ(port.reports[1].p1, DWORD_PTR{LINEGATHERTERM_CANCEL});
  EXPECT_EQ(port.reports[1].p2, 2u);
  r.buffer = nullptr;  // nothing running: nothing reported
  ASSERT_EQ(media.handle(port, r), 0);
  EXPECT_EQ(port.reports.size(), 2u);
}

TEST_F(CallMediaTest, GenerateReportsDoneForItsOwnTokenOnly) {
  ASSERT_EQ(generate_digits(11, "0123456789*#ABCD"), 0);
  ASSERT_EQ(port.ops(), std::vector<Op>{Op::kGenerateDigits});
  EXPECT_EQ(port.commands[0].digit_view(), "0123456789*#ABCD");
  const std::uint32_t token = port.commands[0].token;
  media::MediaEvent done;
  done.kind = Kind::kGenerateDone;
  done.token = token + 100;  // someone else's
  media.on_event(port, done);
  EXPECT_TRUE(port.reports.empty());
  done.token = token;
  media.on_event(port, done);
  EXPECT_EQ(port.reports, (std::vector<Report>{{LINE_GENERATE, LINEGENERATETERM_DONE, 11, 1000}}));
  media.on_event(port, done);  // exactly one LINE_GENERATE per generation
  EXPECT_EQ(port.reports.size(), 1u);
}

TEST_F(CallMediaTest, ANewGenerationCancelsTheRunningOne) {
  ASSERT_EQ(generate_digits(1, "123"), 0);
  MediaRequest tone;
  tone.kind = MediaRequest::Kind::kGenerate;
  tone.end_to_end_id = 2;
  tone.command.op = Op::kGenerateTone;
  tone.command.tone.segment_count = 1;
  ASSERT_EQ(media.handle(port, tone), 0);
  EXPECT_EQ(port.ops(),
            (std::vector<Op>{Op::kGenerateDigits, Op::kCancelGenerate, Op::kGenerateTone}));
  EXPECT_EQ(port.reports, (std::vector<Report>{{LINE_GENERATE, LINEGENERATETERM_CANCEL, 1, 1000}}));
  MediaRequest cancel;
  cancel.kind = MediaRequest::Kind::kCancelGenerate;
  ASSERT_EQ(media.handle(port, cancel), 0);
  EXPECT_EQ(port.reports.back(), (Report{LINE_GENERATE, LINEGENERATETERM_CANCEL, 2, 1000}));
}

TEST_F(CallMediaTest, OnlySkippedDigitsAreDoneAtOnce) {
  MediaRequest r;
  r.kind = MediaRequest::Kind::kGenerate;
  r.end_to_end_id = 9;
  r.command.op = Op::kGenerateDigits;
  ASSERT_EQ(media.handle(port, r), 0);
  EXPECT_TRUE(port.commands.empty());
  EXPECT_EQ(port.reports, (std::vector<Report>{{LINE_GENERATE, LINEGENERATETERM_DONE, 9, 1000}}));
}

TEST_F(CallMediaTest, StopCancelsGatherAndGenerationThenResetsAndReportsNothingMore) {
  ASSERT_EQ(gather(1, 5, "", 4000, 0), 0);
  ASSERT_EQ(generate_digits(2, "55"), 0);
  const std::uint32_t token = port.commands.back().token;
  media.stop(port, true);
  EXPECT_EQ(port.reports, (std::vector<Report>{{LINE_GATHERDIGITS, LINEGATHERTERM_CANCEL, 1, 1000},
                                               {LINE_GENERATE, LINEGENERATETERM_CANCEL, 2, 1000}}));
  EXPECT_EQ(port.commands.back().op, Op::kReset);
  EXPECT_EQ(port.timer_due, 0u);
  media::MediaEvent done;
  done.kind = Kind::kGenerateDone;
  done.token = token;
  media.on_event(port, done);
  press(media, port, '1', 5000);
  media.on_timer(port, 5000);
  EXPECT_EQ(port.reports.size(), 2u);
  media.stop(port, true);  // idempotent: nothing runs, nothing is sent
  EXPECT_EQ(port.reports.size(), 2u);
  EXPECT_EQ(port.commands.back().op, Op::kReset);
}

TEST_F(CallMediaTest, StopOfANeverUsedCallSendsNothing) {
  media.stop(port, true);
  EXPECT_TRUE(port.commands.empty());
  EXPECT_TRUE(port.reports.empty());
}

TEST_F(CallMediaTest, ToneListsReportTheirEntriesAppSpecificAndListId) {
  MediaRequest r;
  r.kind = MediaRequest::Kind::kMonitorTones;
  r.list_id = 40;
  r.tones[0] = ToneWatch{.tone = {{1000}, 1, 100}, .app_specific = 0xA1, .list_id = 40};
  r.tones[1] = ToneWatch{.tone = {{440, 480}, 2, 500}, .app_specific = 0xA2, .list_id = 40};
  r.tone_count = 2;
  ASSERT_EQ(media.handle(port, r), 0);
  MediaRequest other;
  other.kind = MediaRequest::Kind::kMonitorTones;
  other.list_id = 41;
  other.tones[0] = ToneWatch{.tone = {{2100}, 1, 300}, .app_specific = 0xB1, .list_id = 41};
  other.tone_count = 1;
  ASSERT_EQ(media.handle(port, other), 0);
  ASSERT_EQ(port.commands.back().op, Op::kMonitorTones);
  EXPECT_EQ(port.commands.back().tone_count, 3);
  media::MediaEvent heard;
  heard.kind = Kind::kToneDetected;
  heard.tone_index = 2;
  heard.at_ms = 777;
  media.on_event(port, heard);
  heard.tone_index = 1;
  media.on_event(port, heard);
  EXPECT_EQ(port.reports, (std::vector<Report>{{LINE_MONITORTONE, 0xB1, 41, 777},
                                               {LINE_MONITORTONE, 0xA2, 40, 777}}));
  // Replacing list 40 with 7 entries overflows the 8 slots shared with list 41.
  r.tone_count = 8;
  for (int i = 0; i < 8; ++i) r.tones[i] = r.tones[0];
  EXPECT_EQ(media.handle(port, r), LINEERR_RESOURCEUNAVAIL);
  heard.tone_index = 2;
  media.on_event(port, heard);  // the old lists still stand
  EXPECT_EQ(port.reports.back(), (Report{LINE_MONITORTONE, 0xB1, 41, 777}));
  // Dropping both lists stops tone monitoring.
  r.tone_count = 0;
  other.tone_count = 0;
  ASSERT_EQ(media.handle(port, r), 0);
  ASSERT_EQ(media.handle(port, other), 0);
  EXPECT_EQ(port.commands.back().tone_count, 0);
}

TEST_F(CallMediaTest, DetectionSettlesAnUnknownCallAndReportsMonitoredMedia) {
  media.settle_by_detection(
      port, LINEMEDIAMODE_G3FAX | LINEMEDIAMODE_INTERACTIVEVOICE | LINEMEDIAMODE_AUTOMATEDVOICE);
  ASSERT_EQ(port.commands.back().op, Op::kDetectMedia);
  EXPECT_EQ(port.commands.back().media_mask,
            media::kMediaFaxCng | media::kMediaFaxCed | media::kMediaSpeech);
  MediaRequest r;
  r.kind = MediaRequest::Kind::kMonitorMedia;
  r.modes = LINEMEDIAMODE_G3FAX;
  ASSERT_EQ(media.handle(port, r), 0);
  media::MediaEvent heard;
  heard.kind = Kind::kMediaDetected;
  heard.media = media::kMediaFaxCng;
  heard.at_ms = 4321;
  media.on_event(port, heard);
  EXPECT_EQ(port.detected, std::vector<DWORD>{LINEMEDIAMODE_G3FAX});
  EXPECT_EQ(port.reports, (std::vector<Report>{{LINE_MONITORMEDIA, LINEMEDIAMODE_G3FAX, 0, 4321}}));
  // Settled: only the monitored fax detection is left.
  EXPECT_EQ(port.commands.back().media_mask, media::kMediaFaxCng | media::kMediaFaxCed);
}

TEST_F(CallMediaTest, MediaControlDropsOnADigitAndResetEndsWhatPlays) {
  MediaRequest r;
  r.kind = MediaRequest::Kind::kSetMediaControl;
  r.control.digits[0] = {'#', LINEDIGITMODE_DTMF, kMediaControlDrop};
  r.control.digits[1] = {'*', LINEDIGITMODE_DTMFEND, LINEMEDIACONTROL_RESET};
  r.control.digit_count = 2;
  ASSERT_EQ(media.handle(port, r), 0);
  ASSERT_EQ(port.ops(), std::vector<Op>{Op::kDetectDigits});
  ASSERT_EQ(generate_digits(3, "999"), 0);
  media.on_event(port, digit('*', true, 10));  // on the start: nothing
  EXPECT_TRUE(port.reports.empty());
  media.on_event(port, digit('*', false, 90));
  EXPECT_EQ(port.reports, (std::vector<Report>{{LINE_GENERATE, LINEGENERATETERM_CANCEL, 3, 1000}}));
  EXPECT_EQ(port.drops, 0);
  press(media, port, '#', 200);
  EXPECT_EQ(port.drops, 1);
}

TEST_F(CallMediaTest, InbandDialReportsToTheStrandNotWithLineGenerate) {
  ASSERT_EQ(media.dial_inband(port, "+4930"), 0);
  ASSERT_EQ(port.ops(), std::vector<Op>{Op::kGenerateDigits});
  EXPECT_EQ(port.commands[0].digit_view(), "4930");
  media::MediaEvent done;
  done.kind = Kind::kGenerateDone;
  done.token = port.commands[0].token;
  media.on_event(port, done);
  EXPECT_TRUE(port.reports.empty());
  EXPECT_EQ(port.dial_ended, std::vector<bool>{true});
  // Cut short by the call ending: the dial fails, still without LINE_GENERATE.
  ASSERT_EQ(media.dial_inband(port, "1"), 0);
  media.stop(port, true);
  EXPECT_TRUE(port.reports.empty());
  EXPECT_EQ(port.dial_ended, (std::vector<bool>{true, false}));
}

TEST_F(CallMediaTest, ADspThatRefusesChangesNothing) {
  port.result = media::MediaResult::kNoBearer;
  EXPECT_EQ(gather(1, 4, "", 1000, 0), LINEERR_INVALCALLSTATE);
  EXPECT_FALSE(media.gathering());
  EXPECT_EQ(port.timer_due, 0u);
  port.result = media::MediaResult::kUnsupported;
  EXPECT_EQ(generate_digits(2, "1"), LINEERR_OPERATIONUNAVAIL);
  EXPECT_FALSE(media.generating());
  EXPECT_TRUE(port.reports.empty());
}

TEST_F(CallMediaTest, AnEmptyDspPoolIsResourceUnavail) {
  // fn:TSPI_lineMonitorDigits lists LINEERR_RESOURCEUNAVAIL: the span's DSP states are all in
  // use by other calls (SpanMediaOptions::dsp_states); nothing starts, nothing is reported.
  port.result = media::MediaResult::kNoResource;
  EXPECT_EQ(gather(1, 4, "", 1000, 0), LINEERR_RESOURCEUNAVAIL);
  EXPECT_FALSE(media.gathering());
  EXPECT_EQ(port.timer_due, 0u);
  EXPECT_EQ(generate_digits(2, "1"), LINEERR_RESOURCEUNAVAIL);
  EXPECT_FALSE(media.generating());
  EXPECT_TRUE(port.reports.empty());
}

}  // namespace
}  // namespace spantsp::core
