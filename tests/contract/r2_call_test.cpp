// MFC/R2 spans through the host, in real time (a register takes one to two seconds): every
// variant, Mexico's group C included, both ways at once (one span per variant, calls in
// parallel) with the exact LINE_CALLSTATE sequences, DNIS and ANI in LINECALLINFO's called
// and caller IDs and the category in its device-specific block; a group B busy; a channel the
// far end blocks as LINEDEVSTATE_OUTOFSERVICE; the register timeout when the far end's
// register falls silent, its forced release in the middle of it, a signal out of its group,
// its bits stuck after a call (OUTOFSERVICE until idle again); Brazil's double answer
// and collect calls (allowed, refused). The double answer's exact ABCD sequence is checked on
// the virtual clock in tests/board_drivers/signalling/r2/r2_span_test.cpp.
#include <chrono>
#include <thread>

#include "tests/contract/span_call_scenarios.h"

namespace spantsp::contract {
namespace {

constexpr const char* kConfig = "r2-6e1-variants.toml";
constexpr DWORD kVariants = 7;  // spans 1..7: itu, ar, br, cn, co, ve, mx; 2 lines each
// Spans 8..10 (Brazil): double answer + our collect calls + collect calls allowed; collect
// calls refused both ways; double answer, national subscriber.
constexpr DWORD kCollectDoubleAnswerLine = 14, kCollectRefusedLine = 16, kDoubleAnswerLine = 18;

class R2Call : public HostFixture {
 protected:
  void SetUp() override { start(kConfig); }
  // Arms far-end `fault` on line `device` and places a call: DIALING, then DISCONNECTED with
  // `mode`.
  void fault_fails_the_call(DWORD device, DWORD fault, DWORD mode) {
    const LineHandle line = open_line(device);
    ASSERT_EQ(sim(line, sim::kSimR2Fault, "", "", fault), 0);
    CallHandle call = 0;
    ASSERT_EQ(make_call(line, "1234", call), 0);
    expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_DIALING},
                           {LINE_CALLSTATE, LINECALLSTATE_DISCONNECTED, mode}});
    drop_and_close(call);
  }
};

TEST_F(R2Call, EveryVariantPlacesACallThroughTheRegister) {
  std::vector<LineHandle> lines;
  std::vector<CallHandle> calls;
  for (DWORD v = 0; v < kVariants; ++v) {
    lines.push_back(open_line(2 * v));
    CallHandle call = 0;
    ASSERT_EQ(make_call(lines.back(), "1234", call), 0) << "variant " << v;
    calls.push_back(call);
  }
  for (DWORD v = 0; v < kVariants; ++v) {
    SCOPED_TRACE("variant " + std::to_string(v));
    expect_sequence(calls[v],
                    {{LINE_CALLSTATE, LINECALLSTATE_DIALING},
                     {LINE_CALLSTATE, LINECALLSTATE_PROCEEDING},
                     {LINE_CALLSTATE, LINECALLSTATE_RINGBACK},
                     {LINE_CALLSTATE, LINECALLSTATE_CONNECTED, LINECONNECTEDMODE_ACTIVE}});
    EXPECT_EQ(call_info(calls[v]).called, u"1234");
    ASSERT_EQ(sim(lines[v], sim::kSimRemoteClear, "", "", 16), 0);
    expect_sequence(calls[v],
                    {{LINE_CALLSTATE, LINECALLSTATE_DISCONNECTED, LINEDISCONNECTMODE_NORMAL}});
    drop_and_close(calls[v]);
  }
  EXPECT_EQ(host_->checker().outstanding_requests(), 0u);
}

TEST_F(R2Call, EveryVariantOffersDnisAniAndCategory) {
  std::vector<LineHandle> lines;
  for (DWORD v = 0; v < kVariants; ++v) {
    lines.push_back(open_line(2 * v));
    ASSERT_EQ(sim(lines.back(), sim::kSimInjectIncoming, "5550123", "1001"), 0);
  }
  for (DWORD v = 0; v < kVariants; ++v) {
    SCOPED_TRACE("variant " + std::to_string(v));
    const CallHandle call = wait_new_call(lines[v]);
    expect_sequence(call,
                    {{LINE_CALLSTATE, LINECALLSTATE_OFFERING, LINEOFFERINGMODE_ACTIVE},
                     {LINE_CALLINFO, LINECALLINFOSTATE_CALLERID | LINECALLINFOSTATE_CALLEDID}});
    const CallInfoText info = call_info(call);
    EXPECT_EQ(info.called, u"1001");
    EXPECT_EQ(info.caller, u"5550123");
    EXPECT_EQ(info.caller_flags, static_cast<DWORD>(LINECALLPARTYID_ADDRESS));
    EXPECT_EQ(info.r2_category, 1u);  // national subscriber: II-1 in every variant
    EXPECT_EQ(wait_reply(host_->line_accept(call)), 0);
    expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_ACCEPTED}});
    EXPECT_EQ(wait_reply(host_->line_answer(call)), 0);
    expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_CONNECTED, LINECONNECTEDMODE_ACTIVE}});
    drop_and_close(call);
  }
}

TEST_F(R2Call, GroupBBusyIsLinecallstateBusy) {
  const LineHandle line = open_line(0);
  CallHandle call = 0;
  ASSERT_EQ(make_call(line, "9917", call), 0);
  expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_DIALING},
                         {LINE_CALLSTATE, LINECALLSTATE_BUSY, LINEBUSYMODE_STATION},
                         {LINE_CALLSTATE, LINECALLSTATE_DISCONNECTED, LINEDISCONNECTMODE_BUSY}});
  drop_and_close(call);
}

TEST_F(R2Call, FarEndBlockingPutsTheLineOutOfService) {
  const LineHandle line = open_line(1);
  ASSERT_EQ(sim(line, sim::kSimR2Fault, "", "", sim::kSimR2Block), 0);
  EXPECT_TRUE(wait_line_dev_state(line, LINEDEVSTATE_OUTOFSERVICE));
  CallHandle refused = 0;
  EXPECT_EQ(host_->line_make_call(line, std::string_view("1234"), nullptr, refused),
            LINEERR_INVALLINESTATE);
  ASSERT_EQ(sim(line, sim::kSimR2Fault, "", "", sim::kSimR2Unblock), 0);
  EXPECT_TRUE(wait_line_dev_state(line, LINEDEVSTATE_INSERVICE));
}

TEST_F(R2Call, FarEndForcedReleaseDuringTheRegisterIsATemporaryFailure) {
  // Mexico's far end goes idle before our clear forward: cause 41.
  fault_fails_the_call(12, sim::kSimR2ClearInRegister, LINEDISCONNECTMODE_TEMPFAILURE);
}

TEST_F(R2Call, FarEndSignalOutOfGroupIsAProtocolError) {
  // Argentina's far end answers with a signal group A does not have: cause 111.
  fault_fails_the_call(2, sim::kSimR2WrongTone, LINEDISCONNECTMODE_UNKNOWN);
}

TEST_F(R2Call, FarEndBitsStuckAfterTheCallPutTheLineOutOfService) {
  const LineHandle line = open_line(6);  // China
  ASSERT_EQ(sim(line, sim::kSimR2Fault, "", "", sim::kSimR2StuckBits), 0);
  CallHandle call = 0;
  ASSERT_EQ(make_call(line, "1234", call), 0);
  expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_DIALING},
                         {LINE_CALLSTATE, LINECALLSTATE_PROCEEDING},
                         {LINE_CALLSTATE, LINECALLSTATE_RINGBACK},
                         {LINE_CALLSTATE, LINECALLSTATE_CONNECTED, LINECONNECTEDMODE_ACTIVE}});
  // Our clear forward; the far end's bits stay at answer: clear_timeout (3 s) frees the call,
  // and the line is out of service until the far end shows idle (unblock frees its bits).
  drop_and_close(call);
  EXPECT_TRUE(wait_line_dev_state(line, LINEDEVSTATE_OUTOFSERVICE));
  ASSERT_EQ(sim(line, sim::kSimR2Fault, "", "", sim::kSimR2Unblock), 0);
  EXPECT_TRUE(wait_line_dev_state(line, LINEDEVSTATE_INSERVICE));
}

TEST_F(R2Call, BrazilDoubleAnswerAndCollectCalls) {
  const LineHandle collect = open_line(kCollectDoubleAnswerLine);
  const LineHandle refused = open_line(kCollectRefusedLine);
  const LineHandle national = open_line(kDoubleAnswerLine);
  CallHandle collect_call = 0, refused_call = 0, national_call = 0;
  ASSERT_EQ(make_call(collect, "1234", collect_call), 0);
  ASSERT_EQ(make_call(refused, "1234", refused_call), 0);
  ASSERT_EQ(make_call(national, "1234", national_call), 0);
  // Our collect call, accepted in group B: the far end's double answer clears it.
  expect_sequence(collect_call,
                  {{LINE_CALLSTATE, LINECALLSTATE_DIALING},
                   {LINE_CALLSTATE, LINECALLSTATE_PROCEEDING},
                   {LINE_CALLSTATE, LINECALLSTATE_RINGBACK},
                   {LINE_CALLSTATE, LINECALLSTATE_CONNECTED, LINECONNECTEDMODE_ACTIVE},
                   {LINE_CALLSTATE, LINECALLSTATE_DISCONNECTED, LINEDISCONNECTMODE_NORMAL}});
  // A far end refusing collect calls: group B unallocated number (Brazil's B-7).
  expect_sequence(refused_call,
                  {{LINE_CALLSTATE, LINECALLSTATE_DIALING},
                   {LINE_CALLSTATE, LINECALLSTATE_DISCONNECTED, LINEDISCONNECTMODE_BADADDRESS}});
  // A national call rides the double answer out: still connected until the far end clears.
  expect_sequence(national_call,
                  {{LINE_CALLSTATE, LINECALLSTATE_DIALING},
                   {LINE_CALLSTATE, LINECALLSTATE_PROCEEDING},
                   {LINE_CALLSTATE, LINECALLSTATE_RINGBACK},
                   {LINE_CALLSTATE, LINECALLSTATE_CONNECTED, LINECONNECTEDMODE_ACTIVE}});
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));   // > 2 x double_answer_timeout
  ASSERT_EQ(sim(national, sim::kSimRemoteClear, "", "", 16), 0);  // fails unless connected
  expect_sequence(national_call,
                  {{LINE_CALLSTATE, LINECALLSTATE_DISCONNECTED, LINEDISCONNECTMODE_NORMAL}});
  for (CallHandle c : {collect_call, refused_call, national_call}) drop_and_close(c);

  // Towards us: a collect call is offered (category II-8) where allowed and answered with a
  // double answer, which the far end's collect-call equipment takes as the refusal.
  ASSERT_EQ(sim(collect, sim::kSimInjectIncoming, "5550123", "1001"), 0);
  const CallHandle offered = wait_new_call(collect);
  expect_sequence(offered,
                  {{LINE_CALLSTATE, LINECALLSTATE_OFFERING, LINEOFFERINGMODE_ACTIVE},
                   {LINE_CALLINFO, LINECALLINFOSTATE_CALLERID | LINECALLINFOSTATE_CALLEDID}});
  EXPECT_EQ(call_info(offered).r2_category, 8u);
  EXPECT_EQ(wait_reply(host_->line_answer(offered)), 0);
  expect_sequence(offered,
                  {{LINE_CALLSTATE, LINECALLSTATE_CONNECTED, LINECONNECTEDMODE_ACTIVE},
                   {LINE_CALLSTATE, LINECALLSTATE_DISCONNECTED, LINEDISCONNECTMODE_NORMAL}});
  drop_and_close(offered);
}

TEST_F(R2Call, SilentFarRegisterIsARegisterTimeout) {
  // mffwd_timeout (3 s) after the first digit: cause 102, a temporary failure.
  fault_fails_the_call(0, sim::kSimR2MissingTone, LINEDISCONNECTMODE_TEMPFAILURE);
}

}  // namespace
}  // namespace spantsp::contract
