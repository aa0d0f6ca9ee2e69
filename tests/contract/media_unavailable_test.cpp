// The media-less build (SPANTSP_WITH_MEDIA=OFF, media/media_support.h; the Windows presets):
// caps tell the truth (tspi-contract §6). No digit, tone or media-control capability is
// advertised, no media call feature is ever set, and the TSPI media functions answer
// LINEERR_OPERATIONUNAVAIL even on a connected call given arguments valid where the DSP exists.
// Built only in that build; the media tests of the DSP build are its mirror image.

#include <vector>

#include "media/media_support.h"
#include "tests/contract/host_fixture.h"

namespace spantsp::contract {
namespace {

constexpr DWORD kMediaCallFeatures = LINECALLFEATURE_MONITORDIGITS | LINECALLFEATURE_GATHERDIGITS |
                                     LINECALLFEATURE_GENERATEDIGITS | LINECALLFEATURE_GENERATETONE |
                                     LINECALLFEATURE_MONITORTONES | LINECALLFEATURE_MONITORMEDIA |
                                     LINECALLFEATURE_SETMEDIACONTROL;
// Only voice: what a call on a trunk is without anything listening to its audio.
constexpr DWORD kVoiceMediaModes =
    LINEMEDIAMODE_UNKNOWN | LINEMEDIAMODE_INTERACTIVEVOICE | LINEMEDIAMODE_AUTOMATEDVOICE;

class MediaUnavailable : public HostFixture {
 protected:
  void SetUp() override {
    ASSERT_FALSE(media::dsp_available());
    start("ideal-1e1.toml");
  }
};

TEST_F(MediaUnavailable, DevCapsAdvertiseNoMediaCapability) {
  std::vector<unsigned char> buffer(4096);
  auto* caps = reinterpret_cast<LINEDEVCAPS*>(buffer.data());
  caps->dwTotalSize = static_cast<DWORD>(buffer.size());
  ASSERT_EQ(host_->line_get_dev_caps(0, caps), 0);
  EXPECT_EQ(caps->dwMediaModes, kVoiceMediaModes);
  EXPECT_EQ(caps->dwDevCapFlags & LINEDEVCAPFLAGS_MEDIACONTROL, 0u);
  EXPECT_EQ(caps->dwMonitorDigitModes, 0u);
  EXPECT_EQ(caps->dwGenerateDigitModes, 0u);
  EXPECT_EQ(caps->dwGenerateToneModes, 0u);
  EXPECT_EQ(caps->dwGenerateToneMaxNumFreq, 0u);
  EXPECT_EQ(caps->dwMonitorToneMaxNumFreq, 0u);
  EXPECT_EQ(caps->dwMonitorToneMaxNumEntries, 0u);
  EXPECT_EQ(caps->dwGatherDigitsMinTimeout, 0u);
  EXPECT_EQ(caps->dwGatherDigitsMaxTimeout, 0u);
  EXPECT_EQ(caps->dwMedCtlDigitMaxListSize, 0u);
  EXPECT_EQ(caps->dwMedCtlMediaMaxListSize, 0u);
  EXPECT_EQ(caps->dwMedCtlToneMaxListSize, 0u);
  EXPECT_EQ(caps->dwMedCtlCallStateMaxListSize, 0u);

  std::vector<unsigned char> address_buffer(4096);
  auto* address = reinterpret_cast<LINEADDRESSCAPS*>(address_buffer.data());
  address->dwTotalSize = static_cast<DWORD>(address_buffer.size());
  ASSERT_EQ(host_->line_get_address_caps(0, 0, address), 0);
  EXPECT_EQ(address->dwAvailableMediaModes, kVoiceMediaModes);
  EXPECT_EQ(address->dwCallFeatures & kMediaCallFeatures, 0u);
}

TEST_F(MediaUnavailable, MediaFunctionsOnAConnectedCallAreOperationUnavail) {
  const LineHandle line = open_line(0);
  CallHandle call = 0;
  ASSERT_EQ(make_call(line, "99005551000", call), 0);
  expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_DIALING},
                         {LINE_CALLSTATE, LINECALLSTATE_PROCEEDING},
                         {LINE_CALLSTATE, LINECALLSTATE_CONNECTED}});
  LINECALLSTATUS status{};
  status.dwTotalSize = sizeof status;
  ASSERT_EQ(host_->line_get_call_status(call, &status), 0);
  EXPECT_EQ(status.dwCallFeatures & kMediaCallFeatures, 0u);

  Direct direct;
  const HDRVCALL hd = host_->provider_call_handle(call);
  auto* monitor_digits = direct.get<LONG TSPIAPI(HDRVCALL, DWORD)>("TSPI_lineMonitorDigits");
  auto* gather_digits =
      direct.get<LONG TSPIAPI(HDRVCALL, DWORD, DWORD, LPWSTR, DWORD, LPCWSTR, DWORD, DWORD)>(
          "TSPI_lineGatherDigits");
  auto* generate_digits =
      direct.get<LONG TSPIAPI(HDRVCALL, DWORD, DWORD, LPCWSTR, DWORD)>("TSPI_lineGenerateDigits");
  auto* generate_tone =
      direct.get<LONG TSPIAPI(HDRVCALL, DWORD, DWORD, DWORD, DWORD, LPLINEGENERATETONE const)>(
          "TSPI_lineGenerateTone");
  auto* monitor_tones = direct.get<LONG TSPIAPI(HDRVCALL, DWORD, LPLINEMONITORTONE const, DWORD)>(
      "TSPI_lineMonitorTones");
  auto* monitor_media = direct.get<LONG TSPIAPI(HDRVCALL, DWORD)>("TSPI_lineMonitorMedia");
  auto* set_media_control =
      direct
          .get<LONG TSPIAPI(HDRVLINE, DWORD, HDRVCALL, DWORD, LPLINEMEDIACONTROLDIGIT const, DWORD,
                            LPLINEMEDIACONTROLMEDIA const, DWORD, LPLINEMEDIACONTROLTONE const,
                            DWORD, LPLINEMEDIACONTROLCALLSTATE const, DWORD)>(
              "TSPI_lineSetMediaControl");
  ASSERT_TRUE(monitor_digits && gather_digits && generate_digits && generate_tone &&
              monitor_tones && monitor_media && set_media_control);

  EXPECT_EQ(monitor_digits(hd, LINEDIGITMODE_DTMF), LINEERR_OPERATIONUNAVAIL);
  WCHAR digits[8] = {};
  const WCHAR terminator[] = {L'#', 0};
  EXPECT_EQ(gather_digits(hd, 1, LINEDIGITMODE_DTMF, digits, 4, terminator, 0, 0),
            LINEERR_OPERATIONUNAVAIL);
  const WCHAR keys[] = {L'1', L'2', 0};
  EXPECT_EQ(generate_digits(hd, 2, LINEDIGITMODE_DTMF, keys, 0), LINEERR_OPERATIONUNAVAIL);
  EXPECT_EQ(generate_tone(hd, 3, LINETONEMODE_BEEP, 0, 0, nullptr), LINEERR_OPERATIONUNAVAIL);
  LINEMONITORTONE tone{1, 100, 1000, 0, 0};
  EXPECT_EQ(monitor_tones(hd, 4, &tone, 1), LINEERR_OPERATIONUNAVAIL);
  EXPECT_EQ(monitor_media(hd, LINEMEDIAMODE_G3FAX), LINEERR_OPERATIONUNAVAIL);
  LINEMEDIACONTROLDIGIT control{'#', LINEDIGITMODE_DTMF, LINEMEDIACONTROL_NONE};
  EXPECT_EQ(set_media_control(nullptr, 0, hd, LINECALLSELECT_CALL, &control, 1, nullptr, 0, nullptr,
                              0, nullptr, 0),
            LINEERR_OPERATIONUNAVAIL);
  // Nothing was started: the call goes on to IDLE with no media message in between.
  drop_and_close(call);
}

}  // namespace
}  // namespace spantsp::contract
