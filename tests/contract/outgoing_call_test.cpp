// Outgoing calls through the host (tspi-contract §2, §4): completion first, then the call's
// states with the right modes, for every outcome the far end can give.

#include "tests/contract/host_fixture.h"

namespace spantsp::contract {
namespace {

class OutgoingCall : public HostFixture {
 protected:
  void SetUp() override {
    start("ideal-1e1.toml");
    line_ = open_line(0);
  }
  LineHandle line_ = 0;
};

TEST_F(OutgoingCall, AnsweredCallRunsDialingProceedingRingbackConnected) {
  CallHandle call = 0;
  ASSERT_EQ(make_call(line_, "5551000", call), 0);
  expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_DIALING},
                         {LINE_CALLSTATE, LINECALLSTATE_PROCEEDING},
                         {LINE_CALLSTATE, LINECALLSTATE_RINGBACK},
                         {LINE_CALLSTATE, LINECALLSTATE_CONNECTED, LINECONNECTEDMODE_ACTIVE,
                          LINEMEDIAMODE_INTERACTIVEVOICE}});
  LINECALLSTATUS status{};
  status.dwTotalSize = sizeof status;
  ASSERT_EQ(host_->line_get_call_status(call, &status), 0);
  EXPECT_EQ(status.dwCallState, DWORD{LINECALLSTATE_CONNECTED});
  EXPECT_EQ(status.dwCallFeatures, DWORD{LINECALLFEATURE_DROP});
  drop_and_close(call);
}

struct Outcome {
  const char* number;
  DWORD last_state;
  DWORD mode;
};

class OutgoingOutcome : public OutgoingCall, public ::testing::WithParamInterface<Outcome> {};

TEST_P(OutgoingOutcome, FarEndRefusalEndsInDisconnectedWithTheMappedMode) {
  const Outcome& o = GetParam();
  CallHandle call = 0;
  ASSERT_EQ(make_call(line_, o.number, call), 0);
  std::vector<Expect> expected = {{LINE_CALLSTATE, LINECALLSTATE_DIALING},
                                  {LINE_CALLSTATE, LINECALLSTATE_PROCEEDING}};
  if (o.last_state == LINECALLSTATE_BUSY) {
    expected.push_back({LINE_CALLSTATE, LINECALLSTATE_BUSY, LINEBUSYMODE_STATION});
  }
  expected.push_back({LINE_CALLSTATE, LINECALLSTATE_DISCONNECTED, o.mode});
  expect_sequence(call, expected);
  drop_and_close(call);
}

INSTANTIATE_TEST_SUITE_P(
    Causes, OutgoingOutcome,
    ::testing::Values(
        Outcome{"99175551000", LINECALLSTATE_BUSY, LINEDISCONNECTMODE_BUSY},
        Outcome{"99215551000", LINECALLSTATE_DISCONNECTED, LINEDISCONNECTMODE_REJECT},
        Outcome{"99015551000", LINECALLSTATE_DISCONNECTED, LINEDISCONNECTMODE_BADADDRESS},
        Outcome{"99345551000", LINECALLSTATE_DISCONNECTED, LINEDISCONNECTMODE_CONGESTION},
        Outcome{"99425551000", LINECALLSTATE_DISCONNECTED, LINEDISCONNECTMODE_CONGESTION}));

TEST_F(OutgoingCall, NoAnswerRingsUntilTheApplicationDrops) {
  CallHandle call = 0;
  ASSERT_EQ(make_call(line_, "99195551000", call), 0);
  expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_DIALING},
                         {LINE_CALLSTATE, LINECALLSTATE_PROCEEDING},
                         {LINE_CALLSTATE, LINECALLSTATE_RINGBACK}});
  drop_and_close(call);
}

TEST_F(OutgoingCall, RemoteClearAfterAnswerIsDisconnectedNormal) {
  CallHandle call = 0;
  ASSERT_EQ(make_call(line_, "99005551000", call), 0);
  expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_DIALING},
                         {LINE_CALLSTATE, LINECALLSTATE_PROCEEDING},
                         {LINE_CALLSTATE, LINECALLSTATE_CONNECTED}});
  ASSERT_EQ(sim(line_, sim::kSimRemoteClear, "", "", 16), 0);
  expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_DISCONNECTED, LINEDISCONNECTMODE_NORMAL}});
  drop_and_close(call);
}

TEST_F(OutgoingCall, OverlapDialingSendsTheRestWithLineDial) {
  CallHandle call = 0;
  ASSERT_EQ(make_call(line_, "555;", call), 0);
  expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_DIALING}});
  EXPECT_EQ(wait_reply(host_->line_dial(call, "1000")), 0);
  expect_sequence(call, {{LINE_CALLINFO, LINECALLINFOSTATE_CALLEDID},
                         {LINE_CALLSTATE, LINECALLSTATE_PROCEEDING},
                         {LINE_CALLSTATE, LINECALLSTATE_RINGBACK},
                         {LINE_CALLSTATE, LINECALLSTATE_CONNECTED}});
  drop_and_close(call);
}

TEST_F(OutgoingCall, NoNumberGivesDialtoneThenDialing) {
  CallHandle call = 0;
  ASSERT_EQ(make_call(line_, std::nullopt, call), 0);
  expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_DIALTONE, LINEDIALTONEMODE_UNAVAIL}});
  EXPECT_EQ(wait_reply(host_->line_dial(call, "5551000")), 0);
  expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_DIALING},
                         {LINE_CALLINFO, LINECALLINFOSTATE_CALLEDID},
                         {LINE_CALLSTATE, LINECALLSTATE_PROCEEDING},
                         {LINE_CALLSTATE, LINECALLSTATE_RINGBACK},
                         {LINE_CALLSTATE, LINECALLSTATE_CONNECTED}});
  drop_and_close(call);
}

TEST_F(OutgoingCall, DialCharactersATrunkCannotHonourAreRefusedBeforeSeizing) {
  CallHandle call = 0;
  EXPECT_EQ(host_->line_make_call(line_, std::string_view("9W5551000"), nullptr, call),
            LINEERR_DIALDIALTONE);
  EXPECT_EQ(host_->line_make_call(line_, std::string_view("5551000@"), nullptr, call),
            LINEERR_DIALQUIET);
  EXPECT_EQ(host_->line_make_call(line_, std::string_view("0$1"), nullptr, call),
            LINEERR_DIALBILLING);
  EXPECT_EQ(host_->line_make_call(line_, std::string_view("1?"), nullptr, call),
            LINEERR_DIALPROMPT);
  EXPECT_EQ(host_->line_make_call(line_, std::string_view("55x"), nullptr, call),
            LINEERR_INVALADDRESS);
  // Nothing was seized: a valid call goes through at once.
  ASSERT_EQ(make_call(line_, "99005551000", call), 0);
  expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_DIALING},
                         {LINE_CALLSTATE, LINECALLSTATE_PROCEEDING},
                         {LINE_CALLSTATE, LINECALLSTATE_CONNECTED}});
  drop_and_close(call);
}

TEST_F(OutgoingCall, SecondCallOnABusyLineIsCallUnavail) {
  CallHandle first = 0, second = 0;
  ASSERT_EQ(make_call(line_, "99005551000", first), 0);
  expect_sequence(first, {{LINE_CALLSTATE, LINECALLSTATE_DIALING},
                          {LINE_CALLSTATE, LINECALLSTATE_PROCEEDING},
                          {LINE_CALLSTATE, LINECALLSTATE_CONNECTED}});
  EXPECT_EQ(host_->line_make_call(line_, std::string_view("5551000"), nullptr, second),
            LINEERR_CALLUNAVAIL);
  drop_and_close(first);
}

TEST_F(OutgoingCall, CallParamsAreValidated) {
  CallHandle call = 0;
  LINECALLPARAMS params{};
  params.dwTotalSize = sizeof params;
  params.dwBearerMode = LINEBEARERMODE_VOICE | LINEBEARERMODE_DATA;
  EXPECT_EQ(host_->line_make_call(line_, std::string_view("5551000"), &params, call),
            LINEERR_INVALBEARERMODE);
  params.dwBearerMode = LINEBEARERMODE_DATA;
  EXPECT_EQ(host_->line_make_call(line_, std::string_view("5551000"), &params, call),
            LINEERR_BEARERMODEUNAVAIL);
  params.dwBearerMode = LINEBEARERMODE_VOICE;
  params.dwMediaMode = LINEMEDIAMODE_G3FAX;
  EXPECT_EQ(host_->line_make_call(line_, std::string_view("5551000"), &params, call),
            LINEERR_INVALMEDIAMODE);
  params.dwMediaMode = LINEMEDIAMODE_INTERACTIVEVOICE;
  params.dwMinRate = 128000;
  EXPECT_EQ(host_->line_make_call(line_, std::string_view("5551000"), &params, call),
            LINEERR_INVALRATE);
  params.dwMinRate = 0;
  params.dwCallParamFlags = LINECALLPARAMFLAGS_SECURE;
  EXPECT_EQ(host_->line_make_call(line_, std::string_view("5551000"), &params, call),
            LINEERR_INVALCALLPARAMS);
}

TEST_F(OutgoingCall, CallInfoCarriesNumbersAndOrigin) {
  CallHandle call = 0;
  ASSERT_EQ(make_call(line_, "99005551000", call), 0);
  expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_DIALING},
                         {LINE_CALLSTATE, LINECALLSTATE_PROCEEDING},
                         {LINE_CALLSTATE, LINECALLSTATE_CONNECTED}});
  std::vector<unsigned char> buffer(2048);
  auto* info = reinterpret_cast<LINECALLINFO*>(buffer.data());
  info->dwTotalSize = static_cast<DWORD>(buffer.size());
  ASSERT_EQ(host_->line_get_call_info(call, info), 0);
  EXPECT_EQ(info->dwOrigin, DWORD{LINECALLORIGIN_OUTBOUND});
  ASSERT_GT(info->dwCalledIDSize, 0u);
  const std::u16string called(
      reinterpret_cast<const char16_t*>(buffer.data() + info->dwCalledIDOffset));
  EXPECT_EQ(called, u"99005551000");
  EXPECT_EQ(info->dwCalledIDFlags, DWORD{LINECALLPARTYID_ADDRESS});
  const std::u16string caller(
      reinterpret_cast<const char16_t*>(buffer.data() + info->dwCallerIDOffset));
  EXPECT_EQ(caller, u"3012301");  // the line's number (channel 1)
  EXPECT_EQ(host_->check_fill_at_every_size({host::StructKind::kLineCallInfo, 0, 0, 0, call}), 0u);
  EXPECT_EQ(host_->check_fill_at_every_size({host::StructKind::kLineCallStatus, 0, 0, 0, call}),
            0u);
  drop_and_close(call);
}

}  // namespace
}  // namespace spantsp::contract
