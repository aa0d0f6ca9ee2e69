// Outgoing and incoming calls through the host on every kind of span (tspi-contract §2-§4):
// completion first, then the call's states with the right modes for every outcome the far end
// can give; the numbers and name in LINECALLINFO; overlap dialling both ways. Instantiated in
// span_call_scenarios_ideal.cpp and span_call_scenarios_pri.cpp.

#include "tests/contract/span_call_scenarios.h"
#include "media/media_support.h"

namespace spantsp::contract {
namespace {

// --- Outgoing ------------------------------------------------------------------------------

TEST_P(SpanCall, AnsweredCallRunsDialingProceedingRingbackConnected) {
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
  // Every span under test carries audio: a connected call offers the media functions and
  // in-band lineDial (core/call_state.h), plus Hold, user-user information and transfer where the
  // span has them (hold_test_cases.h, user_user_test_cases.h, transfer_test_cases.h check which).
  std::vector<unsigned char> caps_buffer(2048);
  auto* caps = reinterpret_cast<LINEADDRESSCAPS*>(caps_buffer.data());
  caps->dwTotalSize = static_cast<DWORD>(caps_buffer.size());
  ASSERT_EQ(host_->line_get_address_caps(0, 0, caps), 0);
  // The media-less build (SPANTSP_WITH_MEDIA=OFF) offers none of the sound features.
  const DWORD sound = media::dsp_available()
                          ? DWORD{LINECALLFEATURE_DIAL | LINECALLFEATURE_MONITORDIGITS |
                                  LINECALLFEATURE_GATHERDIGITS | LINECALLFEATURE_GENERATEDIGITS |
                                  LINECALLFEATURE_GENERATETONE | LINECALLFEATURE_MONITORTONES |
                                  LINECALLFEATURE_MONITORMEDIA | LINECALLFEATURE_SETMEDIACONTROL}
                          : 0u;
  EXPECT_EQ(
      status.dwCallFeatures,
      DWORD{LINECALLFEATURE_DROP} | sound |
          (caps->dwCallFeatures & (LINECALLFEATURE_HOLD | LINECALLFEATURE_RELEASEUSERUSERINFO |
                                   LINECALLFEATURE_SENDUSERUSER | LINECALLFEATURE_BLINDTRANSFER |
                                   LINECALLFEATURE_SETUPTRANSFER)));
  const CallInfoText info = call_info(call);
  EXPECT_EQ(info.origin, DWORD{LINECALLORIGIN_OUTBOUND});
  EXPECT_EQ(info.called, u"5551000");
  EXPECT_EQ(info.called_flags, DWORD{LINECALLPARTYID_ADDRESS});
  EXPECT_EQ(info.caller, u"3012301");  // the line's number (channel 1)
  EXPECT_EQ(host_->check_fill_at_every_size({host::StructKind::kLineCallInfo, 0, 0, 0, call}), 0u);
  EXPECT_EQ(host_->check_fill_at_every_size({host::StructKind::kLineCallStatus, 0, 0, 0, call}),
            0u);
  drop_and_close(call);
  expect_no_leak();
}

struct Refusal {
  const char* number;  // "99CC": the far end clears with cause CC after CALL PROCEEDING
  bool busy;           // LINECALLSTATE_BUSY before DISCONNECTED
  DWORD mode;
};

TEST_P(SpanCall, FarEndRefusalsEndInDisconnectedWithTheMappedMode) {
  for (const Refusal& r : {Refusal{"99175551000", true, LINEDISCONNECTMODE_BUSY},
                           Refusal{"99215551000", false, LINEDISCONNECTMODE_REJECT},
                           Refusal{"99015551000", false, LINEDISCONNECTMODE_BADADDRESS},
                           Refusal{"99345551000", false, LINEDISCONNECTMODE_CONGESTION},
                           Refusal{"99425551000", false, LINEDISCONNECTMODE_CONGESTION}}) {
    SCOPED_TRACE(r.number);
    CallHandle call = 0;
    ASSERT_EQ(make_call(line_, r.number, call), 0);
    std::vector<Expect> expected = {{LINE_CALLSTATE, LINECALLSTATE_DIALING},
                                    {LINE_CALLSTATE, LINECALLSTATE_PROCEEDING}};
    if (r.busy) expected.push_back({LINE_CALLSTATE, LINECALLSTATE_BUSY, LINEBUSYMODE_STATION});
    expected.push_back({LINE_CALLSTATE, LINECALLSTATE_DISCONNECTED, r.mode});
    expect_sequence(call, expected);
    drop_and_close(call);
  }
  expect_no_leak();
}

TEST_P(SpanCall, NoAnswerRingsUntilTheApplicationDrops) {
  for (const char* number : {"99185551000", "99195551000"}) {
    SCOPED_TRACE(number);
    CallHandle call = 0;
    ASSERT_EQ(make_call(line_, number, call), 0);
    expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_DIALING},
                           {LINE_CALLSTATE, LINECALLSTATE_PROCEEDING},
                           {LINE_CALLSTATE, LINECALLSTATE_RINGBACK}});
    drop_and_close(call);
  }
  expect_no_leak();
}

TEST_P(SpanCall, RemoteClearAfterAnswerIsDisconnectedNormal) {
  const CallHandle call = connected_outgoing();
  ASSERT_EQ(sim(line_, sim::kSimRemoteClear, "", "", 16), 0);
  expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_DISCONNECTED, LINEDISCONNECTMODE_NORMAL}});
  drop_and_close(call);
  expect_no_leak();
}

TEST_P(SpanCall, SecondCallOnABusyLineIsCallUnavail) {
  const CallHandle first = connected_outgoing();
  CallHandle second = 0;
  EXPECT_EQ(host_->line_make_call(line_, std::string_view("5551000"), nullptr, second),
            LINEERR_CALLUNAVAIL);
  drop_and_close(first);
  expect_no_leak();
}

// Overlap sending: the rest of the number follows with lineDial. On PRI the SETUP goes without
// "sending complete", the digits as INFORMATION, and the switch completes the number on T302.
TEST_P(SpanCall, OverlapDialingSendsTheRestWithLineDial) {
  CallHandle call = 0;
  ASSERT_EQ(make_call(line_, "555;", call), 0);
  expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_DIALING}});
  EXPECT_EQ(wait_reply(host_->line_dial(call, "1000")), 0);
  expect_sequence(call, {{LINE_CALLINFO, LINECALLINFOSTATE_CALLEDID},
                         {LINE_CALLSTATE, LINECALLSTATE_PROCEEDING},
                         {LINE_CALLSTATE, LINECALLSTATE_RINGBACK},
                         {LINE_CALLSTATE, LINECALLSTATE_CONNECTED}});
  EXPECT_EQ(call_info(call).called, u"5551000");
  drop_and_close(call);
  expect_no_leak();
}

TEST_P(SpanCall, NoNumberGivesDialtoneThenDialing) {
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
  expect_no_leak();
}

// --- Incoming ------------------------------------------------------------------------------

TEST_P(SpanCall, IncomingOfferedAcceptedAnsweredClearedByFarEnd) {
  const CallHandle call = offer();
  EXPECT_EQ(wait_reply(host_->line_accept(call)), 0);
  expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_ACCEPTED}});
  EXPECT_EQ(wait_reply(host_->line_answer(call)), 0);
  expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_CONNECTED, LINECONNECTEDMODE_ACTIVE}});
  ASSERT_EQ(sim(line_, sim::kSimRemoteClear, "", "", 16), 0);
  expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_DISCONNECTED, LINEDISCONNECTMODE_NORMAL}});
  drop_and_close(call);
  expect_no_leak();
}

TEST_P(SpanCall, IncomingAnsweredThenClearedByTheApplicationFreesTheChannel) {
  const CallHandle call = offer();
  EXPECT_EQ(wait_reply(host_->line_answer(call)), 0);
  expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_CONNECTED, LINECONNECTEDMODE_ACTIVE}});
  drop_and_close(call);
  // The far end let go too: the channel takes an outgoing call at once.
  drop_and_close(connected_outgoing());
  expect_no_leak();
}

TEST_P(SpanCall, CallerAbandoningWhileRingingIsDisconnectedNormal) {
  const CallHandle call = offer();
  EXPECT_EQ(wait_reply(host_->line_accept(call)), 0);
  expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_ACCEPTED}});
  ASSERT_EQ(sim(line_, sim::kSimRemoteClear, "", "", 16), 0);
  expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_DISCONNECTED, LINEDISCONNECTMODE_NORMAL}});
  drop_and_close(call);
  expect_no_leak();
}

TEST_P(SpanCall, DropWhileOfferingRefusesTheCallAndFreesTheChannel) {
  const CallHandle first = offer();
  drop_and_close(first);
  // The channel is free again on both sides: the next offer on it goes through.
  const CallHandle second = offer("2125550124", "1002");
  drop_and_close(second);
  expect_no_leak();
}

TEST_P(SpanCall, CallerCalledAndNameAreInCallInfo) {
  const CallHandle call = offer("2125550123", "1001", "Ada Lovelace");
  const CallInfoText info = call_info(call);
  EXPECT_EQ(info.origin, DWORD{LINECALLORIGIN_EXTERNAL});
  EXPECT_EQ(info.caller, u"2125550123");
  EXPECT_EQ(info.called, u"1001");
  EXPECT_EQ(info.called_flags, DWORD{LINECALLPARTYID_ADDRESS});
  if (GetParam().carries_calling_name) {
    EXPECT_EQ(info.caller_name, u"Ada Lovelace");
    EXPECT_EQ(info.caller_flags, DWORD{LINECALLPARTYID_ADDRESS | LINECALLPARTYID_NAME});
  } else {
    EXPECT_EQ(info.caller_name, u"");
    EXPECT_EQ(info.caller_flags, DWORD{LINECALLPARTYID_ADDRESS});
  }
  // The sim's far end has no way to set a redirecting number yet (sim_control.h v1).
  EXPECT_EQ(info.redirecting, u"");
  LINECALLSTATUS status{};
  status.dwTotalSize = sizeof status;
  ASSERT_EQ(host_->line_get_call_status(call, &status), 0);
  // Every ideal and PRI span carries user-user information (board::call_services).
  EXPECT_EQ(status.dwCallFeatures,
            DWORD{LINECALLFEATURE_ACCEPT | LINECALLFEATURE_ANSWER | LINECALLFEATURE_DROP |
                  LINECALLFEATURE_RELEASEUSERUSERINFO} |
                (GetParam().deflects ? DWORD{LINECALLFEATURE_REDIRECT} : 0u));
  EXPECT_EQ(host_->check_fill_at_every_size({host::StructKind::kLineCallInfo, 0, 0, 0, call}), 0u);
  drop_and_close(call);
  expect_no_leak();
}

// Overlap receiving: the SETUP without "sending complete", the rest of the number later; each
// piece updates dwCalledID with LINE_CALLINFO(CALLEDID).
TEST_P(SpanCall, OverlapReceivingUpdatesTheCalledId) {
  const CallHandle call = offer("2125550123", "10+");
  EXPECT_EQ(call_info(call).called, u"10");
  ASSERT_EQ(sim(line_, sim::kSimRemoteDigits, "", "01"), 0);
  const std::size_t updates = GetParam().one_callinfo_per_digit ? 2 : 1;
  for (std::size_t i = 0; i < updates; ++i) {
    expect_sequence(call, {{LINE_CALLINFO, LINECALLINFOSTATE_CALLEDID}});
  }
  EXPECT_EQ(call_info(call).called, u"1001");
  EXPECT_EQ(wait_reply(host_->line_answer(call)), 0);
  expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_CONNECTED, LINECONNECTEDMODE_ACTIVE}});
  drop_and_close(call);
  expect_no_leak();
}

// A diverted call: the redirecting number (the party first called) reaches LINECALLINFO with
// LINECALLREASON_REDIRECT, announced with the caller and called IDs.
TEST_P(SpanCall, RedirectingNumberOfADivertedCallIsInCallInfo) {
  ASSERT_EQ(sim(line_, sim::kSimInjectRedirected, "2125550123", "1001", 0, 0, "2125559999"), 0);
  const CallHandle call = wait_new_call(line_);
  expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_OFFERING, LINEOFFERINGMODE_ACTIVE},
                         {LINE_CALLINFO, LINECALLINFOSTATE_CALLERID | LINECALLINFOSTATE_CALLEDID |
                                             LINECALLINFOSTATE_REDIRECTINGID}});
  const CallInfoText info = call_info(call);
  EXPECT_EQ(info.redirecting, u"2125559999");
  EXPECT_EQ(info.redirecting_flags, DWORD{LINECALLPARTYID_ADDRESS});
  EXPECT_EQ(info.caller, u"2125550123");
  EXPECT_EQ(info.called, u"1001");
  drop_and_close(call);
  expect_no_leak();
}

// A caller who gives up before the application's first move is heard: on PRI our side answers
// every complete SETUP with CALL PROCEEDING at once (as chan_dahdi does), without which libpri
// puts no DISCONNECT on the wire for an unanswered SETUP (t1e1-notes gotcha 1.9.1).
TEST_P(SpanCall, CallerAbandoningBeforeOurFirstResponseIsDisconnectedNormal) {
  const CallHandle call = offer();
  ASSERT_EQ(sim(line_, sim::kSimRemoteClear, "", "", 16), 0);
  expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_DISCONNECTED, LINEDISCONNECTMODE_NORMAL}});
  drop_and_close(call);
  expect_no_leak();
}

}  // namespace
}  // namespace spantsp::contract
