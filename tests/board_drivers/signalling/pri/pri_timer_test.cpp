// libpri's Q.931 and Q.921 timers between our pri signalling and the sim far-end switch, on a
// virtual clock (virtual_clock.h): each test runs tens of virtual seconds with no real waiting,
// and asserts the exact reports, their causes and the virtual time they came at.
// Timer values are libpri's defaults (t1e1-notes §1.7): T200 1 s, N200 3, T203 10 s, T303 4 s,
// T305 30 s, T308 4 s, T309 6 s.

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "board_drivers/sim/pri/sim_pri_span.h"
#include "board_drivers/sim/sim_control.h"
#include "tests/board_drivers/signalling/pri/pri_test_requests.h"
#include "tests/board_drivers/signalling/pri/virtual_span_fixture.h"

namespace spantsp::pri {
namespace {

using test::call_to;
using test::control;
using test::RecordingEvents;
using test::Timed;
using test::VirtualClock;
using Log = std::vector<std::string>;

// The reports of `timed` without their times.
Log reports(const std::vector<Timed>& timed) {
  Log out;
  for (const Timed& t : timed) out.push_back(t.report);
  return out;
}

class PriTimerTest : public test::VirtualSpanFixture {
 protected:
  // The race of two link set-ups after a loss: the switch's next SABME is lost as the cut ends
  // (dropped), ours gets its UA, and our link is up while the switch still awaits
  // establishment. Returns the "status up" report.
  Timed up_while_the_switch_still_sets_the_link_up() {
    span_->d_channel().set_cut(true);
    EXPECT_EQ(reports(clock_.run_for(events_, 20'000)), Log{"status down"});
    clock_.mark();
    span_->d_channel().drop_next(io::DChannel::kB, 1, 2'000);  // its SABME within a T200
    span_->d_channel().set_cut(false);
    const std::vector<Timed> up = clock_.run_until_report(events_, 2'000);
    EXPECT_EQ(reports(up), Log{"status up"});
    EXPECT_FALSE(span_->ours().controller().link_confirmed());
    return up.empty() ? Timed{} : up[0];
  }

  void TearDown() override {
    VirtualSpanFixture::TearDown();
    // libpri's timers read the wheel's clock (the wrap is in place): nothing here waited.
    EXPECT_GT(VirtualClock::virtual_clock_reads(), 0u);
  }
};

TEST_F(PriTimerTest, T303SetupUnansweredIsSentTwiceThenClearedWithCause18) {
  start();
  span_->far_end().set_mute(true);  // the switch's layer 2 acknowledges, its Q.931 is silent
  const io::DChannelStats& ours = span_->d_channel().stats(io::DChannel::kA);
  clock_.mark();
  ASSERT_TRUE(span_->place_call(1, call_to("5551234")));
  EXPECT_EQ(reports(clock_.run_for(events_, 3999)), Log{});
  const std::uint64_t before_t303 = ours.frames;
  EXPECT_EQ(reports(clock_.run_for(events_, 2)), Log{});
  EXPECT_EQ(ours.frames, before_t303 + 1);  // T303 expired at 4 s: the SETUP again
  const std::vector<Timed> log = clock_.run_for(events_, 5000);
  // The second T303 (8 s): libpri clears with "no user responding".
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].at_ms, 8000u);
  EXPECT_EQ(log[0].report, "disconnected 1 18");
  span_->release(1, board::cause::kNormalClearing);
  EXPECT_EQ(reports(clock_.run_for(events_, 1)), Log{"released 1"});
  EXPECT_EQ(span_->ours().channel_state(1), signalling::ChannelState::kIdle);
}

TEST_F(PriTimerTest, T305DisconnectUnansweredIsFollowedByReleaseThenT308) {
  start();
  connect(1);
  PriFarEnd& far = span_->far_end();
  far.set_mute(true);
  clock_.mark();
  span_->release(1, board::cause::kNormalClearing);  // DISCONNECT
  EXPECT_EQ(reports(clock_.run_for(events_, 29'999)), Log{});
  EXPECT_EQ(far.muted_events(), 1u);  // the DISCONNECT
  EXPECT_EQ(reports(clock_.run_for(events_, 10)), Log{});
  EXPECT_EQ(far.muted_events(), 2u);  // T305 (30 s): RELEASE
  EXPECT_EQ(reports(clock_.run_for(events_, 3'990)), Log{});
  EXPECT_EQ(far.muted_events(), 2u);
  EXPECT_EQ(reports(clock_.run_for(events_, 10)), Log{});
  EXPECT_EQ(far.muted_events(), 3u);  // T308 (4 s): RELEASE again
  // The second T308: libpri frees the call reference and the channel is idle again.
  const std::vector<Timed> log = clock_.run_for(events_, 5'000);
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].at_ms, 38'000u);
  EXPECT_EQ(log[0].report, "released 1");
  EXPECT_EQ(span_->ours().channel_state(1), signalling::ChannelState::kIdle);
}

TEST_F(PriTimerTest, T308ReleaseUnansweredIsRepeatedThenTheChannelIsFreed) {
  start();
  ASSERT_TRUE(span_->place_call(1, call_to("9917555")));  // busy: the network disconnects
  clock_.run_for(100);
  ASSERT_EQ(events_.take(), (Log{"proceeding 1", "disconnected 1 17"}));
  PriFarEnd& far = span_->far_end();
  far.set_mute(true);
  clock_.mark();
  span_->release(1, board::cause::kNormalClearing);  // RELEASE
  EXPECT_EQ(reports(clock_.run_for(events_, 3'999)), Log{});
  EXPECT_EQ(far.muted_events(), 1u);
  EXPECT_EQ(reports(clock_.run_for(events_, 10)), Log{});
  EXPECT_EQ(far.muted_events(), 2u);  // T308: RELEASE again
  const std::vector<Timed> log = clock_.run_for(events_, 5'000);
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].at_ms, 8'000u);
  EXPECT_EQ(log[0].report, "released 1");
  // The switch still holds its side of the call (it never saw the end of it), so it refuses
  // the channel (Q.931 §5.3.4.3: after the second T308 the channel wants a RESTART) ...
  far.set_mute(false);
  ASSERT_TRUE(span_->place_call(1, call_to("5551234")));
  clock_.run_for(100);
  EXPECT_EQ(events_.take(), Log{"disconnected 1 44"});
  span_->release(1, board::cause::kNormalClearing);
  clock_.run_for(100);
  EXPECT_EQ(events_.take(), Log{"released 1"});
  // ... until it restarts it: the channel is usable again, with nothing to report.
  sim::SimControl restart = control(sim::kSimRestartChannel);
  ASSERT_EQ(span_->device_specific(1, &restart, sizeof restart), board::ControlResult::kOk);
  clock_.run_for(100);
  EXPECT_EQ(events_.take(), Log{});
  connect(1);
}

// Idle link: T203 (10 s) finds the peer silent, T200 x N200 polls go unanswered, then the
// link is re-established in vain: DCHAN_DOWN after about 14 s.
TEST_F(PriTimerTest, LayerTwoLossOnAnIdleLinkTakesTheSpanOutOfServiceUntilItReturns) {
  start();
  clock_.mark();
  span_->d_channel().set_cut(true);
  std::vector<Timed> log = clock_.run_for(events_, 20'000);
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].report, "status down");
  EXPECT_GE(log[0].at_ms, 13'000u);  // T203 + T200 x N200
  EXPECT_LE(log[0].at_ms, 15'000u);  // ... + T200
  EXPECT_FALSE(span_->ours().status().in_service());
  EXPECT_FALSE(span_->place_call(1, call_to("5551234")));  // lines out of service
  clock_.mark();
  span_->d_channel().set_cut(false);
  log = clock_.run_for(events_, 5'000);
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].report, "status up");
  EXPECT_LE(log[0].at_ms, 1'100u);  // the next SABME (T200) brings it up
  // Both ends' SABMEs crossed: the link is confirmed at once, nothing is held.
  EXPECT_TRUE(span_->ours().controller().link_confirmed());
  connect(1);
  EXPECT_EQ(span_->ours().stats().held_setups, 0u);
}

// With a frame waiting for acknowledgement the loss shows after T200 x (N200 + 1) = 4 s.
TEST_F(PriTimerTest, LayerTwoLossWithTrafficPendingShowsAfterFourSecondsAndEndsTheClearing) {
  start();
  connect(1);
  clock_.mark();
  span_->d_channel().set_cut(true);
  span_->release(1, board::cause::kNormalClearing);  // DISCONNECT, never acknowledged
  const std::vector<Timed> log = clock_.run_for(events_, 10'000);
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0].at_ms, 4'000u);
  EXPECT_EQ(log[0].report, "status down");
  // Layer 2 gives up re-establishing (4 s more): libpri ends the clearing call.
  EXPECT_EQ(log[1].at_ms, 8'000u);
  EXPECT_EQ(log[1].report, "released 1");
}

TEST_F(PriTimerTest, T309ConnectedCallSurvivesALinkBackWithinT309) {
  start();
  connect(1);
  clock_.mark();
  span_->d_channel().set_cut(true);
  std::vector<Timed> log = clock_.run_for(events_, 15'000);
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].report, "status down");
  // Layer 2 gives up 4 s after the loss showed and T309 (6 s) starts; the line comes back
  // half-way through it.
  EXPECT_EQ(reports(clock_.run_for(events_, log[0].at_ms + 4'000 + 3'000 - clock_.elapsed_ms())),
            Log{});
  span_->d_channel().set_cut(false);
  log = clock_.run_for(events_, 20'000);
  EXPECT_EQ(reports(log), Log{"status up"});
  EXPECT_EQ(span_->ours().channel_state(1), signalling::ChannelState::kConnected);
  // The call is still up on both sides: the far end can clear it.
  sim::SimControl clear = control(sim::kSimRemoteClear, {.cause = 16});
  ASSERT_EQ(span_->device_specific(1, &clear, sizeof clear), board::ControlResult::kOk);
  clock_.run_for(100);
  EXPECT_EQ(events_.take(), Log{"disconnected 1 16"});
  span_->release(1, board::cause::kNormalClearing);
  clock_.run_for(100);
  EXPECT_EQ(events_.take(), Log{"released 1"});
}

TEST_F(PriTimerTest, T309ExpiryClearsTheConnectedCallWithNetworkOutOfOrder) {
  start();
  connect(1);
  ASSERT_TRUE(span_->place_call(2, call_to("9919555")));  // rings, never answered
  clock_.run_for(100);
  ASSERT_EQ(events_.take(), (Log{"proceeding 2", "alerting 2"}));
  clock_.mark();
  span_->d_channel().set_cut(true);
  const std::vector<Timed> log = clock_.run_for(events_, 30'000);
  ASSERT_EQ(log.size(), 3u);
  EXPECT_EQ(log[0].report, "status down");
  // Layer 2 gives up (T200 x (N200 + 1) after the loss was seen): the call not yet connected
  // is cleared at once, the connected one when T309 (6 s) expires.
  EXPECT_EQ(log[1].report, "disconnected 2 38");
  EXPECT_EQ(log[1].at_ms, log[0].at_ms + 4'000);
  EXPECT_EQ(log[2].report, "disconnected 1 38");
  EXPECT_EQ(log[2].at_ms, log[1].at_ms + 6'000);
  span_->release(1, board::cause::kNormalClearing);
  span_->release(2, board::cause::kNormalClearing);
  clock_.run_for(1);
  EXPECT_EQ(events_.take(), (Log{"released 1", "released 2"}));
  // Recovery: the span is back in service and the channels are usable (the far end's own
  // T309 cleared its side).
  span_->d_channel().set_cut(false);
  clock_.run_for(2'000);
  EXPECT_EQ(events_.take(), Log{"status up"});
  connect(1);
}

// libpri 1.6 loses a RESTART that was in flight when layer 2 failed (Q.921 discards its queue
// when it re-establishes the link; T316 is off by default). The network side's RESTART of its
// idle channels on D-channel up is what restores them.
TEST_F(PriTimerTest, RestartLostWithTheLinkIsRepeatedWhenTheDChannelReturns) {
  start(PRI_NETWORK);
  const PriSpanStats before = span_->ours().stats();
  EXPECT_EQ(before.restarts_sent, 3u);  // the first D-channel up
  EXPECT_EQ(before.restart_acks, 3u);
  const std::uint64_t far_before = span_->far_end().restarts_received();
  span_->d_channel().set_cut(true);
  ASSERT_TRUE(span_->ours().restart(2));
  clock_.run_for(6'000);
  EXPECT_EQ(events_.take(), Log{"status down"});
  EXPECT_EQ(span_->ours().stats().restart_acks, before.restart_acks);  // no RESTART ACK
  clock_.mark();
  span_->d_channel().set_cut(false);
  const std::vector<Timed> up = clock_.run_for(events_, 2'000);
  ASSERT_EQ(reports(up), Log{"status up"});
  // The switch had given its own link set-up up (nothing but its UA came back), so our link is
  // confirmed, and the RESTARTs go, one T200 plus the margin after it came up.
  const std::uint64_t confirmed_at = up[0].at_ms + 1'000 + PriController::kConfirmMarginMs;
  ASSERT_GT(confirmed_at, clock_.elapsed_ms());
  clock_.run_for(confirmed_at - clock_.elapsed_ms() - 1);
  EXPECT_FALSE(span_->ours().controller().link_confirmed());
  EXPECT_EQ(span_->ours().stats().restarts_sent, before.restarts_sent + 1);
  clock_.run_for(100);
  EXPECT_TRUE(span_->ours().controller().link_confirmed());
  EXPECT_EQ(span_->ours().stats().restarts_sent, before.restarts_sent + 1 + 3);
  EXPECT_EQ(span_->ours().stats().restart_acks, before.restart_acks + 3);
  EXPECT_EQ(span_->far_end().restarts_received(), far_before + 3);
  EXPECT_EQ(events_.take(), Log{});
  connect(2);
}

// A SETUP sent while the switch still awaits establishment would be discarded, then lost to
// the switch's re-establishment (its T200), and the call cleared (cause 101, the switch's
// answer to our STATUS). Held until the switch's SABME has shown it in step, the call goes
// through.
TEST_F(PriTimerTest, CallPlacedWhileThePeerStillSetsTheLinkUpHoldsItsSetupUntilItIsInStep) {
  start();
  const Timed up = up_while_the_switch_still_sets_the_link_up();
  ASSERT_FALSE(HasFailure());
  const io::DChannelStats& ours = span_->d_channel().stats(io::DChannel::kA);
  const std::uint64_t sent_before = ours.frames;
  ASSERT_TRUE(span_->place_call(1, call_to("5551234")));
  EXPECT_EQ(ours.frames, sent_before);  // held
  EXPECT_EQ(span_->ours().stats().held_setups, 1u);
  const std::vector<Timed> call = clock_.run_for(events_, 2'000);
  EXPECT_EQ(reports(call), (Log{"proceeding 1", "alerting 1", "connected 1"}));
  ASSERT_FALSE(call.empty());
  // Confirmed by the switch's SABME (its T200), before our own wait would have ended.
  EXPECT_LT(call[0].at_ms, up.at_ms + 1'000 + PriController::kConfirmMarginMs);
  EXPECT_EQ(span_->far_end().unmatched_events(), 0u);
  span_->release(1, board::cause::kNormalClearing);
  clock_.run_for(100);
  EXPECT_EQ(events_.take(), Log{"released 1"});
}

// Digits dialled while the SETUP is held join its called number.
TEST_F(PriTimerTest, DigitsDialledWhileTheSetupIsHeldJoinItsNumber) {
  start();
  up_while_the_switch_still_sets_the_link_up();
  ASSERT_FALSE(HasFailure());
  board::CallSetup overlap = call_to("555");
  overlap.sending_complete = false;
  ASSERT_TRUE(span_->place_call(1, overlap));
  span_->send_digits(1, "1234", true);
  clock_.run_for(2'000);
  EXPECT_EQ(span_->far_end().last_setup().called.view(), "5551234");
  EXPECT_EQ(events_.take(), (Log{"proceeding 1", "alerting 1", "connected 1"}));
}

// A held SETUP ends with the span: a red alarm clears its call (38) and it never goes out,
// not even once the link is back and confirmed.
TEST_F(PriTimerTest, HeldSetupEndsWithTheSpanAndNeverGoesOut) {
  start();
  up_while_the_switch_still_sets_the_link_up();
  ASSERT_FALSE(HasFailure());
  ASSERT_TRUE(span_->place_call(1, call_to("5551234")));
  sim::SimControl red = control(sim::kSimSpanAlarm);
  red.dwAlarms = 1;
  ASSERT_EQ(send(1, red), board::ControlResult::kOk);
  clock_.run_for(10);
  EXPECT_EQ(events_.take(), (Log{"status red up", "disconnected 1 38"}));
  // The link's confirmation comes (by time) before the core releases the call.
  const io::DChannelStats& ours = span_->d_channel().stats(io::DChannel::kA);
  const std::uint64_t sent_before = ours.frames;
  clock_.run_for(2'000);
  EXPECT_TRUE(span_->ours().controller().link_confirmed());
  EXPECT_EQ(ours.frames, sent_before);
  span_->release(1, board::cause::kNormalClearing);
  clock_.run_for(10);
  EXPECT_EQ(events_.take(), Log{"released 1"});
  ASSERT_EQ(send(1, control(sim::kSimSpanAlarm)), board::ControlResult::kOk);
  clock_.run_for(5'000);
  EXPECT_EQ(events_.take(), Log{"status up"});
  EXPECT_TRUE(span_->ours().controller().link_confirmed());
  EXPECT_TRUE(span_->far_end().last_setup().called.view().empty());  // no SETUP ever came
  EXPECT_EQ(span_->ours().channel_state(1), signalling::ChannelState::kIdle);
}

}  // namespace
}  // namespace spantsp::pri
