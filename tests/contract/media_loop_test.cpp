// Closed media loops through the sim switch (issue 11 "what it must show"), on ideal and PRI
// spans: line A calls line B's own number, the switch offers the call to B and bridges the
// two calls' audio, and what one side generates the other side's detectors report. Audio runs
// in real time (20 ms frames), so these take a few seconds each; the order and content of the
// messages decide every test, never their timing.

#include <algorithm>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "tests/contract/span_call_scenarios.h"
#include "tools/tapihost/media_stream_open.h"
#include "tspi/spantsp_devspecific.h"
#include "tspi/spantsp_media_stream.h"

namespace spantsp::contract {
namespace {

constexpr DWORD kDtmfBoth = LINEDIGITMODE_DTMF | LINEDIGITMODE_DTMFEND;

// Every loop runs by default (a few seconds of real-time audio each); prefix DISABLED_ here to
// leave them out.
#define SPANTSP_MEDIA_LOOP(name) name

class MediaLoop : public SpanCall {
 protected:
  void SetUp() override {
    SpanCall::SetUp();
    line_b_ = open_line(1);
  }

  // Skips LINE_CALLSTATE messages of `call` until `state` (the progress states of a loopback
  // call differ by signalling); fails on any other message.
  void wait_state(CallHandle call, DWORD state) {
    for (;;) {
      const Message m = next_for_call(call);
      ASSERT_EQ(m.message, DWORD{LINE_CALLSTATE}) << describe(m);
      if ((m.param1 & 0x00FFFFFF) == state) return;
      ASSERT_NE(m.param1 & 0x00FFFFFF, DWORD{LINECALLSTATE_IDLE}) << describe(m);
    }
  }

  // A calls B through the switch; B answers. Both are CONNECTED on return.
  void connect() {
    offer();
    answer();
  }

  // A calls B through the switch; B's call is OFFERING on return.
  void offer() {
    const std::string number = host_->lines()[1].number;
    ASSERT_EQ(make_call(line_, number, a_), 0);
    b_ = wait_new_call(line_b_);
    const Message offering = next_for_call(b_);
    ASSERT_EQ(offering.message, DWORD{LINE_CALLSTATE}) << describe(offering);
    ASSERT_EQ(offering.param1, DWORD_PTR{LINECALLSTATE_OFFERING});
    b_offered_media_ = static_cast<DWORD>(offering.param3);
    expect_sequence(b_, {{LINE_CALLINFO}});
  }

  void answer() {
    ASSERT_EQ(wait_reply(host_->line_answer(b_)), 0);
    wait_state(b_, LINECALLSTATE_CONNECTED);
    wait_state(a_, LINECALLSTATE_CONNECTED);
  }

  // A hangs up; both calls reach IDLE and are closed.
  void hang_up() {
    drop_and_close(a_);
    wait_state(b_, LINECALLSTATE_DISCONNECTED);
    drop_and_close(b_);
  }

  Message next_of(CallHandle call, DWORD message) {
    const Message m = next_for_call(call);
    EXPECT_EQ(m.message, message) << describe(m);
    return m;
  }

  LineHandle line_b_ = 0;
  CallHandle a_ = 0;
  CallHandle b_ = 0;
  DWORD b_offered_media_ = 0;
};

TEST_P(MediaLoop, SPANTSP_MEDIA_LOOP(EverySixteenDtmfDigitsCrossWithStartAndEnd)) {
  connect();
  ASSERT_EQ(host_->line_monitor_digits(b_, kDtmfBoth), 0);
  const std::string digits = "0123456789*#ABCD";
  DWORD id = 0;
  ASSERT_EQ(host_->line_generate_digits(a_, LINEDIGITMODE_DTMF, digits, 60, &id), 0);
  const Message done = next_of(a_, LINE_GENERATE);
  EXPECT_EQ(done.param1, DWORD_PTR{LINEGENERATETERM_DONE});
  EXPECT_EQ(done.param2, DWORD_PTR{id});
  std::string heard;
  for (std::size_t i = 0; i < digits.size() * 2; ++i) {
    const Message m = next_of(b_, LINE_MONITORDIGITS);
    const DWORD mode = i % 2 == 0 ? LINEDIGITMODE_DTMF : LINEDIGITMODE_DTMFEND;
    EXPECT_EQ(m.param2, DWORD_PTR{mode});
    if (i % 2 == 0) heard += static_cast<char>(m.param1 & 0xFF);
  }
  EXPECT_EQ(heard, digits);
  hang_up();
}

TEST_P(MediaLoop, SPANTSP_MEDIA_LOOP(ACustomToneIsReportedByTheOtherSidesMonitor)) {
  connect();
  ASSERT_EQ(host_->line_monitor_tones(b_, {LINEMONITORTONE{0x7700, 200, 1400, 0, 0}}), 0);
  DWORD id = 0;
  ASSERT_EQ(host_->line_generate_tone(a_, LINETONEMODE_CUSTOM, 800,
                                      {LINEGENERATETONE{1400, 0, 0, 0}}, &id),
            0);
  const Message tone = next_of(b_, LINE_MONITORTONE);
  EXPECT_EQ(tone.param1, 0x7700u);
  const Message done = next_of(a_, LINE_GENERATE);
  EXPECT_EQ(done.param1, DWORD_PTR{LINEGENERATETERM_DONE});
  EXPECT_EQ(done.param2, DWORD_PTR{id});
  hang_up();
}

TEST_P(MediaLoop, SPANTSP_MEDIA_LOOP(GatherEndsOnItsTerminationDigit)) {
  connect();
  DWORD gather = 0;
  ASSERT_EQ(host_->line_gather_digits(b_, LINEDIGITMODE_DTMF, 6, "#", 5000, 3000, &gather), 0);
  ASSERT_EQ(host_->line_generate_digits(a_, LINEDIGITMODE_DTMF, "42#", 60), 0);
  const Message m = next_of(b_, LINE_GATHERDIGITS);
  EXPECT_EQ(m.param1, DWORD_PTR{LINEGATHERTERM_TERMDIGIT});
  EXPECT_EQ(m.param2, DWORD_PTR{gather});
  EXPECT_EQ(m.text, "42#");
  EXPECT_EQ(next_of(a_, LINE_GENERATE).param1, DWORD_PTR{LINEGENERATETERM_DONE});
  hang_up();
}

TEST_P(MediaLoop, SPANTSP_MEDIA_LOOP(GatherEndsOnTheFirstDigitTimeoutWithAnEmptyBuffer)) {
  connect();
  ASSERT_EQ(host_->line_gather_digits(b_, LINEDIGITMODE_DTMF, 4, "#", 300, 0), 0);
  const Message m = next_of(b_, LINE_GATHERDIGITS);
  EXPECT_EQ(m.param1, DWORD_PTR{LINEGATHERTERM_FIRSTTIMEOUT});
  EXPECT_EQ(m.text, "");
  hang_up();
}

TEST_P(MediaLoop, SPANTSP_MEDIA_LOOP(GatherEndsOnTheInterDigitTimeoutWithTheDigitsSoFar)) {
  connect();
  ASSERT_EQ(host_->line_gather_digits(b_, LINEDIGITMODE_DTMF, 5, "#", 5000, 400), 0);
  ASSERT_EQ(host_->line_generate_digits(a_, LINEDIGITMODE_DTMF, "73", 60), 0);
  const Message m = next_of(b_, LINE_GATHERDIGITS);
  EXPECT_EQ(m.param1, DWORD_PTR{LINEGATHERTERM_INTERTIMEOUT});
  EXPECT_EQ(m.text, "73");
  EXPECT_EQ(next_of(a_, LINE_GENERATE).param1, DWORD_PTR{LINEGENERATETERM_DONE});
  hang_up();
}

TEST_P(MediaLoop, SPANTSP_MEDIA_LOOP(FaxCallingToneSettlesAnUnknownCallAsG3Fax)) {
  connect();
  ASSERT_TRUE(b_offered_media_ & LINEMEDIAMODE_UNKNOWN);
  ASSERT_TRUE(b_offered_media_ & LINEMEDIAMODE_G3FAX);
  // A calls as a fax machine does: CNG, 1100 Hz for 0.5 s every 3.5 s.
  ASSERT_EQ(
      host_->line_generate_tone(a_, LINETONEMODE_CUSTOM, 0, {LINEGENERATETONE{1100, 500, 3000, 0}}),
      0);
  const Message m = next_of(b_, LINE_CALLINFO);
  EXPECT_EQ(m.param1, DWORD_PTR{LINECALLINFOSTATE_MEDIAMODE});
  std::vector<unsigned char> buffer(2048);
  auto* info = reinterpret_cast<LINECALLINFO*>(buffer.data());
  info->dwTotalSize = static_cast<DWORD>(buffer.size());
  ASSERT_EQ(host_->line_get_call_info(b_, info), 0);
  EXPECT_EQ(info->dwMediaMode, DWORD{LINEMEDIAMODE_G3FAX});
  ASSERT_EQ(host_->line_generate_tone(a_, 0, 0, {}), 0);  // stop: CANCEL
  EXPECT_EQ(next_of(a_, LINE_GENERATE).param1, DWORD_PTR{LINEGENERATETERM_CANCEL});
  hang_up();
}

TEST_P(MediaLoop, SPANTSP_MEDIA_LOOP(MediaControlDropsTheCallOnADigit)) {
  connect();
  ASSERT_EQ(
      host_->line_set_media_control(
          b_, {.digits = {LINEMEDIACONTROLDIGIT{'#', LINEDIGITMODE_DTMF, kMediaControlDrop}}}),
      0);
  ASSERT_EQ(host_->line_generate_digits(a_, LINEDIGITMODE_DTMF, "5#", 60), 0);
  expect_sequence(b_, {{LINE_CALLSTATE, LINECALLSTATE_DISCONNECTED, LINEDISCONNECTMODE_NORMAL},
                       {LINE_CALLSTATE, LINECALLSTATE_IDLE}});
  EXPECT_EQ(host_->line_deallocate_call(b_), 0);
  // A's generation may finish before or after the far end clears A's call.
  for (;;) {
    const Message m = next_for_call(a_);
    if (m.message == LINE_CALLSTATE && m.param1 == LINECALLSTATE_DISCONNECTED) break;
    ASSERT_EQ(m.message, DWORD{LINE_GENERATE}) << describe(m);
  }
  drop_and_close(a_);
}

TEST_P(MediaLoop, SPANTSP_MEDIA_LOOP(LineDialOnAConnectedCallSendsTheDigitsInBand)) {
  connect();
  ASSERT_EQ(host_->line_monitor_digits(b_, LINEDIGITMODE_DTMF), 0);
  EXPECT_EQ(wait_reply(host_->line_dial(a_, "314")), 0);  // done once played
  std::string heard;
  for (int i = 0; i < 3; ++i) heard += static_cast<char>(next_of(b_, LINE_MONITORDIGITS).param1);
  EXPECT_EQ(heard, "314");
  // In-band digits are not part of the number the network was given.
  const std::string number = host_->lines()[1].number;
  EXPECT_EQ(call_info(a_).called, std::u16string(number.begin(), number.end()));
  hang_up();  // and no LINE_GENERATE ever came for the dial (the sequences above are exact)
}

TEST_P(MediaLoop, SPANTSP_MEDIA_LOOP(APendingGatherAndGenerationEndBeforeIdle)) {
  connect();
  ASSERT_EQ(host_->line_gather_digits(b_, LINEDIGITMODE_DTMF, 4, "#", 0, 0), 0);
  ASSERT_EQ(host_->line_generate_tone(b_, LINETONEMODE_BUSY, 0, {}), 0);
  drop_and_close(a_);
  expect_sequence(b_, {{LINE_GATHERDIGITS, LINEGATHERTERM_CANCEL},
                       {LINE_GENERATE, LINEGENERATETERM_CANCEL},
                       {LINE_CALLSTATE, LINECALLSTATE_DISCONNECTED}});
  drop_and_close(b_);
}

// "spantsp/media" (issue 14): what A's application plays through its call's stream reaches
// B's application through B's call's stream octet for octet (the switch bridges the legs).
TEST_P(MediaLoop, SPANTSP_MEDIA_LOOP(AMediaStreamCarriesAudioBetweenApplicationsExactly)) {
  connect();
  host::MediaStreamLease a, b;
  ASSERT_EQ(host::open_media_stream(*host_, 0, a_, LINECALLSELECT_CALL, false, a), 0);
  ASSERT_EQ(host::open_media_stream(*host_, 0, b_, LINECALLSELECT_CALL, true, b), 0);
  host::MediaStreamLease again;
  EXPECT_EQ(host::open_media_stream(*host_, 0, b_, LINECALLSELECT_CALL, true, again),
            LINEERR_RESOURCEUNAVAIL);
  EXPECT_EQ(a->frame_octets(), b->frame_octets());
  std::vector<std::uint8_t> sent(1'600);
  for (std::size_t i = 0; i < sent.size(); ++i) sent[i] = static_cast<std::uint8_t>(i * 7 + 3);
  ASSERT_EQ(a->play(sent), sent.size());
  std::vector<std::uint8_t> heard;
  std::vector<std::uint8_t> chunk(4'096);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (std::search(heard.begin(), heard.end(), sent.begin(), sent.end()) == heard.end() &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    const std::size_t n = b->hear(chunk);
    heard.insert(heard.end(), chunk.begin(), chunk.begin() + static_cast<long>(n));
  }
  EXPECT_NE(std::search(heard.begin(), heard.end(), sent.begin(), sent.end()), heard.end());
  a.reset();
  b.reset();
  hang_up();
}

TEST_P(MediaLoop, SPANTSP_MEDIA_LOOP(OnlyTheDeviceClassesTheCapsNameAreServed)) {
  std::vector<unsigned char> buffer(4096);
  auto* caps = reinterpret_cast<LINEDEVCAPS*>(buffer.data());
  caps->dwTotalSize = static_cast<DWORD>(buffer.size());
  ASSERT_EQ(host_->line_get_dev_caps(0, caps), 0);
  const std::u16string classes(
      reinterpret_cast<const char16_t*>(buffer.data() + caps->dwDeviceClassesOffset),
      caps->dwDeviceClassesSize / sizeof(char16_t));
  EXPECT_EQ(classes, std::u16string(u"tapi/line\0spantsp/media\0\0", 25));
  connect();
  std::vector<unsigned char> id(256);
  auto* var = reinterpret_cast<VARSTRING*>(id.data());
  for (const char* name : {"wave/in", "wave/out", "comm/datamodem", "ndis", "spantsp/other"}) {
    var->dwTotalSize = static_cast<DWORD>(id.size());
    EXPECT_EQ(host_->line_get_id(line_, 0, 0, LINECALLSELECT_LINE, var, name),
              LINEERR_INVALDEVICECLASS)
        << name;
    var->dwTotalSize = static_cast<DWORD>(id.size());
    EXPECT_EQ(host_->line_get_id(0, 0, a_, LINECALLSELECT_CALL, var, name),
              LINEERR_INVALDEVICECLASS)
        << name;
  }
  host::MediaStreamLease line_stream;
  EXPECT_EQ(host::open_media_stream(*host_, line_, 0, LINECALLSELECT_LINE, false, line_stream), 0);
  EXPECT_TRUE(line_stream->connected());
  line_stream.reset();
  hang_up();
}

// lineGetID("spantsp/media") of a call answers only while the call is CONNECTED: offered,
// still dialing, or disconnected by the far end it is LINEERR_RESOURCEUNAVAIL (TSPI_lineGetID's
// codes have no INVALCALLSTATE); a closed call's handle, presented straight to the provider as
// a TAPISRV race would, is LINEERR_INVALCALLHANDLE. A VARSTRING with room for its fixed part
// only gets the size it needs and no partial identifier.
TEST_P(MediaLoop, SPANTSP_MEDIA_LOOP(AMediaStreamIdIsGivenForAConnectedCallOnly)) {
  std::vector<unsigned char> buffer(256);
  auto* var = reinterpret_cast<VARSTRING*>(buffer.data());
  const auto get_id = [&](CallHandle call, DWORD total) {
    std::fill(buffer.begin(), buffer.end(), 0);
    var->dwTotalSize = total;
    return host_->line_get_id(0, 0, call, LINECALLSELECT_CALL, var, "spantsp/media");
  };
  offer();
  EXPECT_EQ(get_id(b_, 256), LINEERR_RESOURCEUNAVAIL) << "B offered";
  EXPECT_EQ(get_id(a_, 256), LINEERR_RESOURCEUNAVAIL) << "A not yet answered";
  answer();
  ASSERT_EQ(get_id(b_, sizeof(VARSTRING)), 0);
  EXPECT_EQ(var->dwNeededSize, sizeof(VARSTRING) + sizeof(SpanTspMediaStreamId));
  EXPECT_EQ(var->dwUsedSize, sizeof(VARSTRING));
  EXPECT_EQ(var->dwStringSize, 0u);
  EXPECT_EQ(var->dwStringOffset, 0u);
  ASSERT_EQ(get_id(b_, sizeof(VARSTRING) + sizeof(SpanTspMediaStreamId)), 0);
  EXPECT_EQ(var->dwStringSize, sizeof(SpanTspMediaStreamId));
  EXPECT_EQ(var->dwUsedSize, var->dwNeededSize);

  // B hangs up: A is DISCONNECTED, then IDLE once it drops, then closed.
  const HDRVCALL a_closed = host_->provider_call_handle(a_);
  drop_and_close(b_);
  wait_state(a_, LINECALLSTATE_DISCONNECTED);
  EXPECT_EQ(get_id(a_, 256), LINEERR_RESOURCEUNAVAIL) << "A disconnected";
  host::MediaStreamLease late;
  EXPECT_EQ(host::open_media_stream(*host_, 0, a_, LINECALLSELECT_CALL, true, late),
            LINEERR_RESOURCEUNAVAIL);
  drop_and_close(a_);
  EXPECT_EQ(get_id(a_, 256), LINEERR_INVALCALLHANDLE) << "the host (TAPI) refuses it";
  Direct direct;
  auto* tspi_get_id =
      direct.get<LONG TSPIAPI(HDRVLINE, DWORD, HDRVCALL, DWORD, LPVARSTRING, LPCWSTR, HANDLE)>(
          "TSPI_lineGetID");
  ASSERT_NE(tspi_get_id, nullptr);
  var->dwTotalSize = 256;
  EXPECT_EQ(tspi_get_id(nullptr, 0, a_closed, LINECALLSELECT_CALL, var, kMediaDeviceClass, nullptr),
            LINEERR_INVALCALLHANDLE)
      << "and so does the provider";
}

// Everything stops at IDLE: B monitors digits, tones and media while A keeps generating; B
// hangs up mid-string. Nothing of B's monitors may follow its IDLE (the checker's
// media-after-idle rule, failing the test at TearDown), and once TSPI_lineCloseCall returned
// nothing at all (event-after-closecall).
TEST_P(MediaLoop, SPANTSP_MEDIA_LOOP(MonitorsStopAtIdleAndNothingFollowsCloseCall)) {
  connect();
  ASSERT_EQ(host_->line_monitor_digits(b_, kDtmfBoth), 0);
  ASSERT_EQ(host_->line_monitor_tones(b_, {LINEMONITORTONE{0x7701, 200, 1400, 0, 0}}), 0);
  ASSERT_EQ(host_->line_monitor_media(b_, LINEMEDIAMODE_G3FAX | LINEMEDIAMODE_DATAMODEM), 0);
  DWORD id = 0;
  ASSERT_EQ(
      host_->line_generate_digits(a_, LINEDIGITMODE_DTMF, "0123456789*#0123456789*#", 80, &id), 0);
  const Message first = next_of(b_, LINE_MONITORDIGITS);
  EXPECT_EQ(first.param1 & 0xFF, DWORD_PTR{'0'});
  const LONG drop = host_->line_drop(b_);
  ASSERT_GT(drop, 0);
  // Digits detected before the drop took effect may still come; then IDLE ends the call.
  for (;;) {
    const Message m = next_for_call(b_);
    if (m.message == LINE_MONITORDIGITS) continue;
    ASSERT_EQ(m.message, DWORD{LINE_CALLSTATE}) << describe(m);
    if ((m.param1 & 0x00FFFFFF) == LINECALLSTATE_IDLE) break;
  }
  EXPECT_EQ(wait_reply(drop), 0);
  // The switch clears A, which stops generating (its generation is cut short).
  expect_sequence(
      a_, {{LINE_GENERATE, LINEGENERATETERM_CANCEL}, {LINE_CALLSTATE, LINECALLSTATE_DISCONNECTED}});
  EXPECT_EQ(host_->line_deallocate_call(b_), 0);
  drop_and_close(a_);
}

}  // namespace

// The spans the loops run on (ideal in contract_test, PRI in contract_pri_test).
std::vector<SpanUnderTest> media_loop_spans();
INSTANTIATE_TEST_SUITE_P(Loop, MediaLoop, ::testing::ValuesIn(media_loop_spans()), span_label);

}  // namespace spantsp::contract
