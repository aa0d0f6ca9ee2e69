// D-channel admission control (issue 17, pri_span.h admit_call) on the virtual clock: twenty
// digits of overlap dialling put twenty INFORMATION frames into libpri's Q.921 queue at once,
// seven go out (the window, k), thirteen wait. A new call is refused while the backlog is at
// or above the bound and admitted again once the peer's acknowledgements have drained it
// below. Nothing else is queued meanwhile, so the backlog the controller holds is exact.

#include "tests/board_drivers/signalling/pri/virtual_span_fixture.h"

namespace spantsp::pri::test {
namespace {

constexpr std::uint32_t kBound = 10;
constexpr char kTwentyDigits[] = "12345678901234567890";

class PriAdmission : public VirtualSpanFixture {
 protected:
  // Channel 1 in overlap sending, its SETUP acknowledged, then twenty digits at once.
  void queue_twenty_frames() {
    ASSERT_TRUE(span_->place_call(1, call_to("555", false)));
    clock_.run_for(100);
    ASSERT_EQ(events_.take(), Log{});  // SETUP ACKNOWLEDGE: nothing to report
    ASSERT_EQ(span_->ours().controller().backlog(), 0u);
    span_->send_digits(1, kTwentyDigits, false);
  }
};

TEST_F(PriAdmission, ANewCallIsRefusedAtTheBoundAndAdmittedOnceTheBacklogDrains) {
  start();
  span_->ours().set_backlog_limit(kBound);
  EXPECT_TRUE(span_->admit_call());
  queue_twenty_frames();
  // Seven INFORMATION frames on the wire (the window), thirteen waiting behind them.
  EXPECT_EQ(span_->ours().controller().backlog(), 20u);
  EXPECT_FALSE(span_->admit_call());
  EXPECT_FALSE(span_->admit_call());
  EXPECT_EQ(span_->ours().stats().admission_refusals, 2u);
  EXPECT_EQ(span_->ours().stats().backlog_max, 20u);

  // The peer acknowledges as the frames arrive (64 kb/s): the queue shrinks a frame at a time.
  std::uint64_t waited_ms = 0;
  while (!span_->admit_call() && waited_ms < 2'000) {
    clock_.run_for(1);
    ++waited_ms;
  }
  EXPECT_LT(waited_ms, 2'000u);
  EXPECT_GT(waited_ms, 0u);
  EXPECT_EQ(span_->ours().controller().backlog(), kBound - 1);
  EXPECT_GE(span_->ours().stats().admission_refusals, 3u);  // one per ms while it drained

  // Admitted: channel 2's call goes through as usual, behind the rest of the digits.
  ASSERT_TRUE(span_->place_call(2, call_to("5551234")));
  clock_.run_for(500);
  EXPECT_EQ(events_.take(), (Log{"proceeding 2", "alerting 2", "connected 2"}));
  EXPECT_EQ(span_->ours().controller().backlog(), 0u);
  EXPECT_TRUE(span_->admit_call());
}

TEST_F(PriAdmission, WithoutABoundEveryCallIsAdmittedAndTheBacklogStillCounted) {
  start();
  span_->ours().set_backlog_limit(0);
  queue_twenty_frames();
  EXPECT_TRUE(span_->admit_call());
  EXPECT_EQ(span_->ours().stats().admission_refusals, 0u);
  EXPECT_EQ(span_->ours().stats().backlog_max, 20u);
}

TEST_F(PriAdmission, WhileTheWindowIsOpenTheBacklogIsTheUnacknowledgedFrames) {
  start();
  span_->ours().set_backlog_limit(kBound);
  ASSERT_TRUE(span_->place_call(1, call_to("555", false)));
  clock_.run_for(100);
  ASSERT_EQ(events_.take(), Log{});
  span_->send_digits(1, "123", false);  // three INFORMATION frames, all within the window
  EXPECT_EQ(span_->ours().controller().backlog(), 3u);
  clock_.run_for(100);  // carried and acknowledged
  EXPECT_EQ(span_->ours().controller().backlog(), 0u);
  EXPECT_TRUE(span_->admit_call());
}

}  // namespace
}  // namespace spantsp::pri::test
