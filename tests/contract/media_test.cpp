// The TSPI media functions through the host (DESIGN.md §5, tspi-contract §6): caps and call
// features that tell the truth, and every kind of bad input refused with the reference's
// error before anything starts. The closed loops (digits, tones, gathers, fax detection and
// media control heard by another of our lines through the switch) are media_loop_test.cpp.

#include <vector>

#include "tests/contract/host_fixture.h"
#include "tspi/spantsp_devspecific.h"

namespace spantsp::contract {
namespace {

constexpr DWORD kMediaFeatures = LINECALLFEATURE_MONITORDIGITS | LINECALLFEATURE_GATHERDIGITS |
                                 LINECALLFEATURE_GENERATEDIGITS | LINECALLFEATURE_GENERATETONE |
                                 LINECALLFEATURE_MONITORTONES | LINECALLFEATURE_MONITORMEDIA |
                                 LINECALLFEATURE_SETMEDIACONTROL;

class Media : public HostFixture {
 protected:
  void SetUp() override {
    start("ideal-1e1.toml");
    line_ = open_line(0);
  }

  CallHandle offer() {
    EXPECT_EQ(sim(line_, sim::kSimInjectIncoming, "2125550123", "1001"), 0);
    const CallHandle call = wait_new_call(line_);
    expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_OFFERING}, {LINE_CALLINFO}});
    return call;
  }

  DWORD features(CallHandle call) {
    LINECALLSTATUS status{};
    status.dwTotalSize = sizeof status;
    EXPECT_EQ(host_->line_get_call_status(call, &status), 0);
    return status.dwCallFeatures;
  }

  LineHandle line_ = 0;
};

TEST_F(Media, DevCapsAdvertiseTheLimitsTheFunctionsEnforce) {
  std::vector<unsigned char> buffer(4096);
  auto* caps = reinterpret_cast<LINEDEVCAPS*>(buffer.data());
  caps->dwTotalSize = static_cast<DWORD>(buffer.size());
  ASSERT_EQ(host_->line_get_dev_caps(0, caps), 0);
  EXPECT_EQ(caps->dwMonitorDigitModes, DWORD{LINEDIGITMODE_DTMF | LINEDIGITMODE_DTMFEND});
  EXPECT_EQ(caps->dwGenerateDigitModes, DWORD{LINEDIGITMODE_DTMF});
  EXPECT_EQ(caps->dwGenerateToneModes,
            DWORD{LINETONEMODE_CUSTOM | LINETONEMODE_RINGBACK | LINETONEMODE_BUSY |
                  LINETONEMODE_BEEP | LINETONEMODE_BILLING});
  EXPECT_EQ(caps->dwGenerateToneMaxNumFreq, 3u);
  EXPECT_EQ(caps->dwMonitorToneMaxNumFreq, 3u);
  EXPECT_EQ(caps->dwMonitorToneMaxNumEntries, 8u);
  EXPECT_EQ(caps->dwGatherDigitsMinTimeout, 20u);
  EXPECT_EQ(caps->dwGatherDigitsMaxTimeout, 600000u);
  EXPECT_EQ(caps->dwMedCtlDigitMaxListSize, 16u);
  EXPECT_EQ(caps->dwMedCtlMediaMaxListSize, 4u);
  EXPECT_EQ(caps->dwMedCtlToneMaxListSize, 4u);
  EXPECT_EQ(caps->dwMedCtlCallStateMaxListSize, 4u);
  EXPECT_TRUE(caps->dwDevCapFlags & LINEDEVCAPFLAGS_MEDIACONTROL);
  EXPECT_EQ(caps->dwMediaModes,
            DWORD{LINEMEDIAMODE_UNKNOWN | LINEMEDIAMODE_INTERACTIVEVOICE |
                  LINEMEDIAMODE_AUTOMATEDVOICE | LINEMEDIAMODE_G3FAX | LINEMEDIAMODE_DATAMODEM});
  EXPECT_EQ(caps->MinDialParams.dwDigitDuration, 50u);
  EXPECT_EQ(caps->MaxDialParams.dwDigitDuration, 500u);
  EXPECT_EQ(caps->DefaultDialParams.dwDialPause, 2000u);
}

TEST_F(Media, MediaFeaturesOnlyOnAConnectedCall) {
  const CallHandle offered = offer();
  EXPECT_EQ(features(offered) & (kMediaFeatures | LINECALLFEATURE_DIAL), 0u);
  EXPECT_EQ(wait_reply(host_->line_answer(offered)), 0);
  expect_sequence(offered, {{LINE_CALLSTATE, LINECALLSTATE_CONNECTED}});
  // Hold (hold_test_cases.h), user-user information (user_user_test_cases.h) and transfer
  // (transfer_test_cases.h) come with the span's services, not with media.
  EXPECT_EQ(features(offered) &
                ~DWORD{LINECALLFEATURE_HOLD | LINECALLFEATURE_SWAPHOLD |
                       LINECALLFEATURE_SENDUSERUSER | LINECALLFEATURE_RELEASEUSERUSERINFO |
                       LINECALLFEATURE_BLINDTRANSFER | LINECALLFEATURE_SETUPTRANSFER},
            kMediaFeatures | LINECALLFEATURE_DIAL | LINECALLFEATURE_DROP);
  drop_and_close(offered);
}

// [[board.span]] dsp_channels = 1: the span's one DSP state serves one call at a time; another
// call's media request is LINEERR_RESOURCEUNAVAIL (fn:TSPI_lineMonitorDigits lists it) and
// starts nothing, until the first call's DSP stops (here: the call ends).
class MediaPool : public Media {
 protected:
  void SetUp() override {
    start("ideal-1e1-dsp1.toml");
    line_ = open_line(0);
    other_ = open_line(1);
  }
  CallHandle connected(LineHandle line) {
    EXPECT_EQ(sim(line, sim::kSimInjectIncoming, "2125550123", "1001"), 0);
    const CallHandle call = wait_new_call(line);
    expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_OFFERING}, {LINE_CALLINFO}});
    EXPECT_EQ(wait_reply(host_->line_answer(call)), 0);
    expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_CONNECTED}});
    return call;
  }
  LineHandle other_ = 0;
};

TEST_F(MediaPool, ASecondCallsDspRequestIsResourceUnavailUntilTheFirstStops) {
  const CallHandle first = connected(line_);
  const CallHandle second = connected(other_);
  EXPECT_EQ(host_->line_monitor_digits(first, LINEDIGITMODE_DTMF), 0);
  EXPECT_EQ(host_->line_monitor_digits(second, LINEDIGITMODE_DTMF), LINEERR_RESOURCEUNAVAIL);
  EXPECT_EQ(host_->line_generate_digits(second, LINEDIGITMODE_DTMF, "12", 0),
            LINEERR_RESOURCEUNAVAIL);
  // Caps and features still tell the truth: the functions work, the resource is busy.
  EXPECT_EQ(features(second) & kMediaFeatures, kMediaFeatures);
  // The first call ends (its media detection, on since CONNECTED, ends with it): the state is
  // the second call's.
  drop_and_close(first);
  EXPECT_EQ(host_->line_monitor_digits(second, LINEDIGITMODE_DTMF), 0);
  EXPECT_EQ(host_->line_monitor_digits(second, 0), 0);
  drop_and_close(second);
}

TEST_F(Media, FunctionsOnACallWithoutAudioAreInvalCallState) {
  const CallHandle call = offer();
  EXPECT_EQ(host_->line_monitor_digits(call, LINEDIGITMODE_DTMF), LINEERR_INVALCALLSTATE);
  EXPECT_EQ(host_->line_gather_digits(call, LINEDIGITMODE_DTMF, 4, "#", 1000, 1000),
            LINEERR_INVALCALLSTATE);
  EXPECT_EQ(host_->line_generate_digits(call, LINEDIGITMODE_DTMF, "12", 0), LINEERR_INVALCALLSTATE);
  EXPECT_EQ(host_->line_generate_tone(call, LINETONEMODE_BEEP, 0, {}), LINEERR_INVALCALLSTATE);
  EXPECT_EQ(host_->line_monitor_tones(call, {LINEMONITORTONE{1, 100, 1000, 0, 0}}),
            LINEERR_INVALCALLSTATE);
  EXPECT_EQ(host_->line_monitor_media(call, LINEMEDIAMODE_G3FAX), LINEERR_INVALCALLSTATE);
  EXPECT_EQ(
      host_->line_set_media_control(
          call, {.digits = {LINEMEDIACONTROLDIGIT{'#', LINEDIGITMODE_DTMF, kMediaControlDrop}}}),
      LINEERR_INVALCALLSTATE);
  EXPECT_EQ(host_->line_dial(call, "123"), LINEERR_INVALCALLSTATE);
  // Stopping what does not run is no error in any live state.
  EXPECT_EQ(host_->line_monitor_digits(call, 0), 0);
  EXPECT_EQ(host_->line_gather_digits(call, LINEDIGITMODE_DTMF, 0, "", 0, 0), 0);
  EXPECT_EQ(host_->line_generate_digits(call, LINEDIGITMODE_DTMF, "", 0), 0);
  drop_and_close(call);
}

TEST_F(Media, SetMediaModeSettlesAnOfferedCallWithCallInfo) {
  const CallHandle call = offer();
  EXPECT_EQ(host_->line_set_media_mode(call, LINEMEDIAMODE_G3FAX), 0);
  expect_sequence(call, {{LINE_CALLINFO, LINECALLINFOSTATE_MEDIAMODE}});
  std::vector<unsigned char> buffer(2048);
  auto* info = reinterpret_cast<LINECALLINFO*>(buffer.data());
  info->dwTotalSize = static_cast<DWORD>(buffer.size());
  ASSERT_EQ(host_->line_get_call_info(call, info), 0);
  EXPECT_EQ(info->dwMediaMode, DWORD{LINEMEDIAMODE_G3FAX});
  EXPECT_EQ(host_->line_set_media_mode(call, LINEMEDIAMODE_G3FAX), 0);  // unchanged: no message
  EXPECT_EQ(host_->line_set_media_mode(call, 0), LINEERR_INVALMEDIAMODE);
  EXPECT_EQ(host_->line_set_media_mode(call, LINEMEDIAMODE_TDD), LINEERR_INVALMEDIAMODE);
  EXPECT_EQ(host_->line_set_media_mode(call, LINEMEDIAMODE_G3FAX | LINEMEDIAMODE_DATAMODEM),
            LINEERR_INVALMEDIAMODE);  // one mode, unless UNKNOWN keeps candidates
  EXPECT_EQ(host_->line_set_media_mode(
                call, LINEMEDIAMODE_UNKNOWN | LINEMEDIAMODE_G3FAX | LINEMEDIAMODE_DATAMODEM),
            0);
  expect_sequence(call, {{LINE_CALLINFO, LINECALLINFOSTATE_MEDIAMODE}});
  drop_and_close(call);
}

TEST_F(Media, LineDialAfterACompleteNumberIsRefusedNotThrownAway) {
  CallHandle call = 0;
  ASSERT_EQ(make_call(line_, "9919555", call), 0);  // rings, never answered
  expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_DIALING},
                         {LINE_CALLSTATE, LINECALLSTATE_PROCEEDING},
                         {LINE_CALLSTATE, LINECALLSTATE_RINGBACK}});
  EXPECT_EQ(features(call) & LINECALLFEATURE_DIAL, 0u);
  EXPECT_EQ(host_->line_dial(call, "77"), LINEERR_INVALCALLSTATE);
  EXPECT_EQ(call_info(call).called, u"9919555");  // only what the network was given
  drop_and_close(call);
}

TEST_F(Media, OverlapDialCompletesTheNumberThenNoMore) {
  CallHandle call = 0;
  ASSERT_EQ(make_call(line_, "9919;", call), 0);
  expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_DIALING}});
  EXPECT_TRUE(features(call) & LINECALLFEATURE_DIAL);
  EXPECT_EQ(wait_reply(host_->line_dial(call, "555")), 0);
  expect_sequence(call, {{LINE_CALLINFO, LINECALLINFOSTATE_CALLEDID}});
  EXPECT_EQ(call_info(call).called, u"9919555");
  EXPECT_EQ(host_->line_dial(call, "1"), LINEERR_INVALCALLSTATE);
  expect_sequence(
      call, {{LINE_CALLSTATE, LINECALLSTATE_PROCEEDING}, {LINE_CALLSTATE, LINECALLSTATE_RINGBACK}});
  drop_and_close(call);
}

// --- bad input on a connected call: the reference's error, nothing started --------------

class MediaBadInput : public Media {
 protected:
  void SetUp() override {
    Media::SetUp();
    call_ = connected_call(line_);
  }
  void TearDown() override {
    if (call_ != 0 && host_) drop_and_close(call_);
    Media::TearDown();
  }
  CallHandle call_ = 0;
};

TEST_F(MediaBadInput, DigitModes) {
  EXPECT_EQ(host_->line_monitor_digits(call_, LINEDIGITMODE_PULSE), LINEERR_INVALDIGITMODE);
  EXPECT_EQ(host_->line_gather_digits(call_, LINEDIGITMODE_PULSE, 4, "", 0, 0),
            LINEERR_INVALDIGITMODE);
  EXPECT_EQ(host_->line_gather_digits(call_, 0, 4, "", 0, 0), LINEERR_INVALDIGITMODE);
  EXPECT_EQ(host_->line_generate_digits(call_, LINEDIGITMODE_PULSE, "12", 0),
            LINEERR_INVALDIGITMODE);
}

TEST_F(MediaBadInput, GatherOfNoDigitsIsInvalParam) {
  // The host maps 0 digits to a NULL buffer (a cancel); the provider sees 0 with a buffer here.
  Direct direct;
  auto* gather =
      direct.get<LONG TSPIAPI(HDRVCALL, DWORD, DWORD, LPWSTR, DWORD, LPCWSTR, DWORD, DWORD)>(
          "TSPI_lineGatherDigits");
  ASSERT_NE(gather, nullptr);
  WCHAR buffer[4] = {};
  EXPECT_EQ(
      gather(host_->provider_call_handle(call_), 1, LINEDIGITMODE_DTMF, buffer, 0, nullptr, 0, 0),
      LINEERR_INVALPARAM);
}

TEST_F(MediaBadInput, InvalidTerminationDigits) {
  EXPECT_EQ(host_->line_gather_digits(call_, LINEDIGITMODE_DTMF, 4, "#x", 0, 0),
            LINEERR_INVALDIGITS);
  EXPECT_EQ(host_->line_gather_digits(call_, LINEDIGITMODE_DTMF, 4, "E", 0, 0),
            LINEERR_INVALDIGITS);
}

TEST_F(MediaBadInput, TimeoutsOutsideTheCaps) {
  EXPECT_EQ(host_->line_gather_digits(call_, LINEDIGITMODE_DTMF, 4, "#", 5, 0),
            LINEERR_INVALTIMEOUT);
  EXPECT_EQ(host_->line_gather_digits(call_, LINEDIGITMODE_DTMF, 4, "#", 0, 600001),
            LINEERR_INVALTIMEOUT);
}

TEST_F(MediaBadInput, ToneModesAndTones) {
  EXPECT_EQ(host_->line_generate_tone(call_, LINETONEMODE_BUSY | LINETONEMODE_BEEP, 0, {}),
            LINEERR_INVALTONEMODE);
  EXPECT_EQ(host_->line_generate_tone(call_, 0x100, 0, {}), LINEERR_INVALTONEMODE);
  const LINEGENERATETONE f{1000, 200, 200, 0};
  EXPECT_EQ(host_->line_generate_tone(call_, LINETONEMODE_CUSTOM, 0, {f, f, f, f}),
            LINEERR_INVALTONE);  // more than dwGenerateToneMaxNumFreq
  EXPECT_EQ(host_->line_generate_tone(call_, LINETONEMODE_CUSTOM, 0, {}), LINEERR_INVALTONE);
  EXPECT_EQ(
      host_->line_generate_tone(call_, LINETONEMODE_CUSTOM, 0, {LINEGENERATETONE{50, 200, 200, 0}}),
      LINEERR_INVALTONE);  // below 100 Hz
  EXPECT_EQ(host_->line_generate_tone(
                call_, LINETONEMODE_CUSTOM, 0,
                {LINEGENERATETONE{1000, 200, 200, 0}, LINEGENERATETONE{1400, 100, 200, 0}}),
            LINEERR_INVALTONE);  // one cadence for all frequencies
  std::vector<LINEMONITORTONE> nine(9, LINEMONITORTONE{1, 100, 1000, 0, 0});
  EXPECT_EQ(host_->line_monitor_tones(call_, nine), LINEERR_INVALTONE);
  EXPECT_EQ(host_->line_monitor_tones(call_, {LINEMONITORTONE{1, 100, 5000, 0, 0}}),
            LINEERR_INVALTONE);
}

TEST_F(MediaBadInput, MediaModes) {
  EXPECT_EQ(host_->line_monitor_media(call_, LINEMEDIAMODE_TDD), LINEERR_INVALMEDIAMODE);
  EXPECT_EQ(host_->line_monitor_media(call_, LINEMEDIAMODE_UNKNOWN), LINEERR_INVALMEDIAMODE);
  EXPECT_EQ(host_->line_monitor_media(call_, LINEMEDIAMODE_AUTOMATEDVOICE),
            LINEERR_INVALMEDIAMODE);  // nobody can hear a machine voice from a human one
  EXPECT_EQ(host_->line_conditional_media_detection(line_, LINEMEDIAMODE_TDD),
            LINEERR_INVALMEDIAMODE);
  EXPECT_EQ(host_->line_conditional_media_detection(
                line_, LINEMEDIAMODE_G3FAX | LINEMEDIAMODE_INTERACTIVEVOICE),
            0);
  LINECALLPARAMS params{};
  params.dwTotalSize = sizeof params;
  params.dwBearerMode = LINEBEARERMODE_DATA;
  EXPECT_EQ(host_->line_conditional_media_detection(line_, LINEMEDIAMODE_G3FAX, &params),
            LINEERR_BEARERMODEUNAVAIL);
}

TEST_F(MediaBadInput, MediaControlListsLongerThanAdvertisedOrActionsWeCannotTake) {
  using MC = Host::MediaControl;
  const LINEMEDIACONTROLDIGIT digit{'#', LINEDIGITMODE_DTMF, kMediaControlDrop};
  EXPECT_EQ(host_->line_set_media_control(call_, MC{.digits = std::vector(17, digit)}),
            LINEERR_INVALDIGITLIST);
  EXPECT_EQ(
      host_->line_set_media_control(
          call_,
          MC{.digits = {LINEMEDIACONTROLDIGIT{'#', LINEDIGITMODE_DTMF, LINEMEDIACONTROL_PAUSE}}}),
      LINEERR_INVALDIGITLIST);  // nothing of ours can pause
  EXPECT_EQ(
      host_->line_set_media_control(
          call_, MC{.digits = {LINEMEDIACONTROLDIGIT{'x', LINEDIGITMODE_DTMF, kMediaControlDrop}}}),
      LINEERR_INVALDIGITLIST);
  const LINEMEDIACONTROLMEDIA fax{LINEMEDIAMODE_G3FAX, 0, kMediaControlDrop};
  EXPECT_EQ(host_->line_set_media_control(call_, MC{.media = std::vector(5, fax)}),
            LINEERR_INVALMEDIALIST);
  const LINEMEDIACONTROLTONE tone{1, 100, 1000, 0, 0, kMediaControlDrop};
  EXPECT_EQ(host_->line_set_media_control(call_, MC{.tones = std::vector(5, tone)}),
            LINEERR_INVALTONELIST);
  const LINEMEDIACONTROLCALLSTATE state{LINECALLSTATE_DISCONNECTED, LINEMEDIACONTROL_RESET};
  EXPECT_EQ(host_->line_set_media_control(call_, MC{.call_states = std::vector(5, state)}),
            LINEERR_INVALCALLSTATELIST);
  EXPECT_EQ(host_->line_set_media_control(call_, MC{.digits = {digit}}, LINECALLSELECT_LINE),
            LINEERR_OPERATIONUNAVAIL);  // line and address defaults are not offered
}

}  // namespace
}  // namespace spantsp::contract
