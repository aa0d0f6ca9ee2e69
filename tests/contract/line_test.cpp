// Line-level functions through the host and, where TAPI's own checks would hide a case,
// directly: media detection, status messages, service changes (tspi-contract §1.2, §6).

#include "media/media_support.h"
#include "tests/contract/host_fixture.h"

namespace spantsp::contract {
namespace {

class LineFunctions : public HostFixture {
 protected:
  void SetUp() override { start("ideal-1e1.toml"); }

  // lineDrop up to IDLE and the drop's reply; the call stays allocated.
  void drop_to_idle(CallHandle call) {
    const LONG drop = host_->line_drop(call);
    ASSERT_GT(drop, 0);
    expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_IDLE}});
    EXPECT_EQ(wait_reply(drop), 0);
  }
};

TEST_F(LineFunctions, DefaultMediaDetectionAcceptsOnlyWhatTheLineCanDetect) {
  const LineHandle line = open_line(0);
  Direct direct;
  auto* set_media = direct.get<LONG TSPIAPI(HDRVLINE, DWORD)>("TSPI_lineSetDefaultMediaDetection");
  ASSERT_NE(set_media, nullptr);
  const HDRVLINE hd = host_->provider_line_handle(line);
  EXPECT_EQ(set_media(hd, LINEMEDIAMODE_TDD), LINEERR_INVALMEDIAMODE);
  EXPECT_EQ(set_media(hd, LINEMEDIAMODE_INTERACTIVEVOICE | LINEMEDIAMODE_G4FAX),
            LINEERR_INVALMEDIAMODE);
  // What detection tells apart on a line with bearer audio (core/line_caps.h); the media-less
  // build (SPANTSP_WITH_MEDIA=OFF) detects nothing, so it refuses them.
  EXPECT_EQ(set_media(hd, LINEMEDIAMODE_G3FAX | LINEMEDIAMODE_DATAMODEM),
            media::dsp_available() ? 0 : LINEERR_INVALMEDIAMODE);
  EXPECT_EQ(set_media(hd, 0), 0);  // only monitors: allowed (contract §6)
  EXPECT_EQ(set_media(hd, LINEMEDIAMODE_AUTOMATEDVOICE), 0);
}

TEST_F(LineFunctions, StatusMessagesRejectUndefinedBits) {
  const LineHandle line = open_line(0);
  Direct direct;
  auto* set_status = direct.get<LONG TSPIAPI(HDRVLINE, DWORD, DWORD)>("TSPI_lineSetStatusMessages");
  ASSERT_NE(set_status, nullptr);
  const HDRVLINE hd = host_->provider_line_handle(line);
  EXPECT_EQ(set_status(hd, 0x80000000u, 0), LINEERR_INVALLINESTATE);
  EXPECT_EQ(set_status(hd, 0, 0x80000000u), LINEERR_INVALADDRESSSTATE);
  EXPECT_EQ(set_status(hd, LINEDEVSTATE_INSERVICE | LINEDEVSTATE_OUTOFSERVICE, 0), 0);
}

TEST_F(LineFunctions, NoMediaWantedMeansTheCallIsNotOffered) {
  const LineHandle line = open_line(0);
  Direct direct;
  auto* set_media = direct.get<LONG TSPIAPI(HDRVLINE, DWORD)>("TSPI_lineSetDefaultMediaDetection");
  ASSERT_EQ(set_media(host_->provider_line_handle(line), 0), 0);
  // Refused on the trunk (contract §3 step 1): the far end's injection itself succeeds...
  ASSERT_EQ(sim(line, sim::kSimInjectIncoming, "2125550123", "1001"), 0);
  // ...and once voice is wanted again, the next call is offered; nothing came in between.
  ASSERT_EQ(set_media(host_->provider_line_handle(line), LINEMEDIAMODE_INTERACTIVEVOICE), 0);
  LONG result = LINEERR_OPERATIONFAILED;
  for (int i = 0; i < 1000 && result == LINEERR_OPERATIONFAILED; ++i) {
    result = sim(line, sim::kSimInjectIncoming, "2125550124", "1001");
  }
  ASSERT_EQ(result, 0);
  const CallHandle call = wait_new_call(line);
  std::vector<unsigned char> buffer(1024);
  auto* info = reinterpret_cast<LINECALLINFO*>(buffer.data());
  info->dwTotalSize = static_cast<DWORD>(buffer.size());
  ASSERT_EQ(host_->line_get_call_info(call, info), 0);
  EXPECT_EQ(
      std::u16string(reinterpret_cast<const char16_t*>(buffer.data() + info->dwCallerIDOffset)),
      u"2125550124");
  expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_OFFERING}, {LINE_CALLINFO}});
  drop_and_close(call);
}

TEST_F(LineFunctions, SpanAlarmTakesLinesOutOfServiceAndClearsCalls) {
  const LineHandle line = open_line(0);
  CallHandle call = 0;
  ASSERT_EQ(make_call(line, "99005551000", call), 0);
  expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_DIALING},
                         {LINE_CALLSTATE, LINECALLSTATE_PROCEEDING},
                         {LINE_CALLSTATE, LINECALLSTATE_CONNECTED}});
  ASSERT_EQ(sim(line, sim::kSimSpanAlarm, "", "", 0, 1 /* red */), 0);
  // The line hears it went out of service (the host asked for LINEDEVSTATE by default) and
  // the call is cleared with "network out of order".
  expect_sequence(call,
                  {{LINE_CALLSTATE, LINECALLSTATE_DISCONNECTED, LINEDISCONNECTMODE_OUTOFORDER}});
  bool out_of_service = false;
  for (int i = 0; i < 8 && !out_of_service; ++i) {
    const Message m = next_message();
    out_of_service =
        m.message == LINE_LINEDEVSTATE && m.line == line && (m.param1 & LINEDEVSTATE_OUTOFSERVICE);
  }
  EXPECT_TRUE(out_of_service);
  drop_and_close(call);
  CallHandle refused = 0;
  EXPECT_EQ(host_->line_make_call(line, std::string_view("5551000"), nullptr, refused),
            LINEERR_INVALLINESTATE);
  LINEDEVSTATUS status{};
  EXPECT_EQ(line_status(line, &status).dwSpanInService, 0u);
  EXPECT_EQ(status.dwDevStatusFlags, 0u);
  EXPECT_EQ(status.dwLineFeatures, 0u);

  ASSERT_EQ(sim(line, sim::kSimSpanAlarm, "", "", 0, 0), 0);  // alarm cleared
  bool in_service = false;
  for (int i = 0; i < 8 && !in_service; ++i) {
    const Message m = next_message();
    in_service =
        m.message == LINE_LINEDEVSTATE && m.line == line && (m.param1 & LINEDEVSTATE_INSERVICE);
  }
  EXPECT_TRUE(in_service);
  ASSERT_EQ(make_call(line, "99005551000", call), 0);
  expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_DIALING},
                         {LINE_CALLSTATE, LINECALLSTATE_PROCEEDING},
                         {LINE_CALLSTATE, LINECALLSTATE_CONNECTED}});
  drop_and_close(call);
}

TEST_F(LineFunctions, CloseAfterIdleWaitsForNobodyAndCloseBeforeIdleWaitsForTheWorker) {
  const LineHandle line = open_line(0);
  const std::uint32_t waited = line_status(line).dwCloseCallsWaited;
  CallHandle call = connected_call(line);
  drop_to_idle(call);
  // A request on the same span completes behind everything its worker said before, so the
  // call's "settled" record has been delivered by now.
  ASSERT_EQ(sim(line, sim::kSimSpanAlarm, "", "", 0, 0), 0);
  EXPECT_EQ(host_->line_deallocate_call(call), 0);
  SpanTspLineDevStatus status = line_status(line);
  EXPECT_EQ(status.dwCloseCallsWaited, waited);  // freed on the spot
  EXPECT_EQ(status.dwCallsInUse, 0u);

  // TAPISRV closing a connected call: the worker must clear it first, so this one waits.
  call = connected_call(line);
  EXPECT_EQ(host_->line_close_call_now(call), 0);
  status = line_status(line);
  EXPECT_EQ(status.dwCloseCallsWaited, waited + 1);
  EXPECT_EQ(status.dwCallsInUse, 0u);
}

TEST_F(LineFunctions, LineCloseFreesIdleCallsTapiNeverClosed) {
  const LineHandle line = open_line(0);
  drop_to_idle(connected_call(line));
  const LineHandle probe = open_line(1);
  EXPECT_EQ(line_status(probe).dwCallsInUse, 1u);
  // The provider directly, as a TAPISRV that never closed the call would: lineClose frees it.
  Direct direct;
  auto* close = direct.get<LONG TSPIAPI(HDRVLINE)>("TSPI_lineClose");
  ASSERT_NE(close, nullptr);
  EXPECT_EQ(close(host_->provider_line_handle(line)), 0);
  EXPECT_EQ(line_status(probe).dwCallsInUse, 0u);
}

TEST_F(LineFunctions, AddressStatusAndCallIdsFollowTheCall) {
  const LineHandle line = open_line(0);
  CallHandle call = 0;
  ASSERT_EQ(make_call(line, "99005551000", call), 0);
  expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_DIALING},
                         {LINE_CALLSTATE, LINECALLSTATE_PROCEEDING},
                         {LINE_CALLSTATE, LINECALLSTATE_CONNECTED}});
  LINEADDRESSSTATUS address{};
  address.dwTotalSize = sizeof address;
  ASSERT_EQ(host_->line_get_address_status(line, 0, &address), 0);
  EXPECT_EQ(address.dwNumActiveCalls, 1u);
  EXPECT_EQ(address.dwNumInUse, 1u);
  EXPECT_EQ(address.dwAddressFeatures, 0u);
  EXPECT_EQ(host_->line_get_address_status(line, 1, &address), LINEERR_INVALADDRESSID);

  Direct direct;
  auto* ids = direct.get<LONG TSPIAPI(HDRVCALL, LPDWORD, LPDWORD, LPDWORD)>("TSPI_lineGetCallIDs");
  auto* address_id = direct.get<LONG TSPIAPI(HDRVCALL, LPDWORD)>("TSPI_lineGetCallAddressID");
  auto* num_ids = direct.get<LONG TSPIAPI(HDRVLINE, LPDWORD)>("TSPI_lineGetNumAddressIDs");
  DWORD a = 99, c = 0, r = 99, n = 0;
  ASSERT_EQ(ids(host_->provider_call_handle(call), &a, &c, &r), 0);
  EXPECT_EQ(a, 0u);
  EXPECT_NE(c, 0u);
  EXPECT_EQ(r, 0u);
  ASSERT_EQ(address_id(host_->provider_call_handle(call), &a), 0);
  EXPECT_EQ(a, 0u);
  ASSERT_EQ(num_ids(host_->provider_line_handle(line), &n), 0);
  EXPECT_EQ(n, 1u);
  drop_and_close(call);
  ASSERT_EQ(host_->line_get_address_status(line, 0, &address), 0);
  EXPECT_EQ(address.dwNumActiveCalls, 0u);
  EXPECT_EQ(address.dwAddressFeatures, DWORD{LINEADDRFEATURE_MAKECALL});
}

TEST_F(LineFunctions, SimControlsRejectMalformedRequests) {
  const LineHandle line = open_line(0);
  sim::SimControl control{};
  control.dwMagic = 0x12345678;
  control.dwVersion = sim::kSimControlVersion;
  control.dwOp = sim::kSimInjectIncoming;
  EXPECT_EQ(wait_reply(host_->line_dev_specific(line, 0, 0, &control, sizeof control)),
            LINEERR_INVALPARAM);
  control.dwMagic = sim::kSimControlMagic;
  control.dwOp = 999;
  EXPECT_EQ(wait_reply(host_->line_dev_specific(line, 0, 0, &control, sizeof control)),
            LINEERR_OPERATIONUNAVAIL);
  control.dwOp = sim::kSimRemoteAnswer;  // no outgoing call ringing on the channel
  EXPECT_EQ(wait_reply(host_->line_dev_specific(line, 0, 0, &control, sizeof control)),
            LINEERR_OPERATIONFAILED);
  unsigned char too_big[512] = {};
  EXPECT_EQ(host_->line_dev_specific(line, 0, 0, too_big, sizeof too_big), LINEERR_INVALPARAM);
}

}  // namespace
}  // namespace spantsp::contract
