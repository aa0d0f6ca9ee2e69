// The far end's traffic: reproducible for a seed, Poisson arrivals at the configured rate, the
// outcome shares and hold times of the profile; its PRNG and dial plan.

#include "board_drivers/sim/far_end.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "board_drivers/sim/sim_random.h"
#include "tests/board_drivers/sim/sim_test_support.h"

namespace spantsp::sim {
namespace {

using ideal::IdealSpan;
using signalling::ChannelState;

using testing::Autopilot;
using testing::Events;
using testing::Harness;
using K = testing::Kind;

constexpr std::uint64_t kMinute = 60'000;
constexpr std::uint64_t kHour = 60 * kMinute;

std::vector<int> t1_channels() {
  std::vector<int> v;
  for (int ch = 1; ch <= 24; ++ch) v.push_back(ch);
  return v;
}

config::TrafficProfile busy_profile(std::uint64_t seed) {
  config::TrafficProfile p;
  p.incoming_calls_per_second = 1.5;
  p.answer_delay_ms = 3'000;
  p.busy_share = 0.15;
  p.no_answer_share = 0.10;
  p.reject_share = 0.10;
  p.hold_time_ms = 20'000;
  p.remote_hangup_share = 0.5;
  p.glare_share = 0.05;
  p.seed = seed;
  return p;
}

struct BusyRun {
  Events events;
  SimSpanStats stats;
  std::uint64_t place_refused = 0;
};

// Ten simulated minutes of a busy T1 with an application answering, hanging up and dialling.
BusyRun busy_run(std::uint64_t seed, std::uint32_t span_index = 0) {
  Harness h(busy_profile(seed), t1_channels(), span_index);
  BusyRun run;
  {
    Autopilot pilot(h);
    pilot.start_dialling();
    h.run_for(10 * kMinute);
    run.place_refused = pilot.place_refused;
  }
  run.events = h.events.take();
  run.stats = h.span.stats();
  return run;
}

// --- Reproducibility ----------------------------------------------------------------------

TEST(FarEndTraffic, SameSeedGivesTheIdenticalTraceOverTenMinutes) {
  const BusyRun a = busy_run(42);
  const BusyRun b = busy_run(42);
  ASSERT_GT(a.events.size(), 1'000u);
  EXPECT_EQ(testing::trace_text(a.events), testing::trace_text(b.events));

  // The profile really is busy: every outcome occurs.
  const auto& s = a.stats;
  EXPECT_GT(s.incoming_offered, 0u);
  EXPECT_GT(s.incoming_answered, 0u);
  EXPECT_GT(s.outgoing_placed, 0u);
  EXPECT_GT(s.outgoing_answered, 0u);
  EXPECT_GT(s.outgoing_busy, 0u);
  EXPECT_GT(s.outgoing_no_answer, 0u);
  EXPECT_GT(s.outgoing_rejected, 0u);
  EXPECT_GT(s.remote_clears, 0u);
  EXPECT_GT(s.glare, 0u);
  EXPECT_EQ(s.invalid_commands, 0u);
  EXPECT_EQ(s.unexpected_messages, 0u);
  EXPECT_EQ(a.place_refused, s.glare);  // the span is in service: only glare refuses
}

TEST(FarEndTraffic, AnotherSeedGivesAnotherTrace) {
  EXPECT_NE(testing::trace_text(busy_run(42).events), testing::trace_text(busy_run(43).events));
}

TEST(FarEndTraffic, SpansOfOneBoardDiffer) {
  // Seeded from profile.seed XOR span index.
  EXPECT_NE(testing::trace_text(busy_run(42, 0).events),
            testing::trace_text(busy_run(42, 1).events));
  EXPECT_EQ(testing::trace_text(busy_run(42 ^ 1, 0).events),
            testing::trace_text(busy_run(42, 1).events));
}

// --- Poisson arrivals -----------------------------------------------------------------------

TEST(FarEndTraffic, ArrivalsOverOneHourAtTwoPerSecondAreWithinFiveSigma) {
  config::TrafficProfile p;
  p.incoming_calls_per_second = 2.0;
  p.hold_time_ms = 5'000;
  p.remote_hangup_share = 1.0;  // the far end ends every call
  p.seed = 2024;
  std::vector<int> e1;
  for (int ch = 1; ch <= 31; ++ch) {
    if (ch != 16) e1.push_back(ch);
  }
  Harness h(p, e1);
  Autopilot pilot(h);
  pilot.answer_after_ms = 500;
  pilot.hangup_after_ms = 10 * kHour;
  h.run_for(kHour);

  const auto s = h.span.stats();
  const double expected = 2.0 * 3'600.0;
  const double sigma = std::sqrt(expected);  // Poisson: variance = mean
  const auto arrivals = static_cast<double>(s.incoming_offered + s.incoming_blocked);
  EXPECT_LT(std::fabs(arrivals - expected), 5 * sigma) << arrivals;
  EXPECT_LT(std::fabs(static_cast<double>(s.incoming_offered) - expected), 5 * sigma);
  EXPECT_EQ(s.invalid_commands, 0u);
  EXPECT_EQ(s.unexpected_messages, 0u);

  // Hold times: exponential with the configured mean (standard error mean/sqrt(n)).
  std::map<int, std::uint64_t> connected_at;
  double total = 0;
  int held = 0;
  for (const auto& e : h.events.events) {
    if (e.kind == K::kConnected) connected_at[e.channel] = e.time;
    if (e.kind == K::kDisconnected) {
      total += static_cast<double>(e.time - connected_at[e.channel]);
      ++held;
    }
  }
  ASSERT_GT(held, 5'000);
  const double mean = total / held;
  EXPECT_LT(std::fabs(mean - 5'000.0), 5 * 5'000.0 / std::sqrt(held)) << mean;
}

// --- Outcome shares ------------------------------------------------------------------------

TEST(FarEndTraffic, OutgoingOutcomesFollowTheProfileShares) {
  config::TrafficProfile p;
  p.answer_delay_ms = 1'000;
  p.busy_share = 0.3;
  p.no_answer_share = 0.2;
  p.reject_share = 0.1;
  p.hold_time_ms = 2'000;
  p.remote_hangup_share = 1.0;
  p.seed = 99;
  Harness h(p, t1_channels());
  Autopilot pilot(h);
  pilot.dial_every_ms = 500;
  pilot.dial_overlap_every = 0;
  pilot.start_dialling();
  h.run_for(kHour);

  const auto s = h.span.stats();
  const double n = static_cast<double>(s.outgoing_busy + s.outgoing_no_answer +
                                       s.outgoing_rejected + s.outgoing_answered);
  ASSERT_GT(n, 3'000);
  auto within = [n](std::uint64_t count, double share) {
    const double sigma = std::sqrt(n * share * (1 - share));  // binomial
    return std::fabs(static_cast<double>(count) - n * share) < 5 * sigma;
  };
  EXPECT_TRUE(within(s.outgoing_busy, 0.3)) << s.outgoing_busy << " of " << n;
  EXPECT_TRUE(within(s.outgoing_no_answer, 0.2)) << s.outgoing_no_answer << " of " << n;
  EXPECT_TRUE(within(s.outgoing_rejected, 0.1)) << s.outgoing_rejected << " of " << n;
  EXPECT_TRUE(within(s.outgoing_answered, 0.4)) << s.outgoing_answered << " of " << n;
}

// --- Dial plan and PRNG ---------------------------------------------------------------------

TEST(FarEndDialPlan, NinetyNineCcNumbersAreTestNumbers) {
  EXPECT_EQ(test_number_decision("9900")->outcome, DialOutcome::kAnswerNow);
  EXPECT_EQ(test_number_decision("9917")->outcome, DialOutcome::kClear);
  EXPECT_EQ(test_number_decision("9917")->cause, 17);
  EXPECT_EQ(test_number_decision("991812")->outcome, DialOutcome::kNoAnswer);
  EXPECT_EQ(test_number_decision("991812")->cause, 18);
  EXPECT_EQ(test_number_decision("9919")->outcome, DialOutcome::kNoAnswer);
  EXPECT_EQ(test_number_decision("9942")->cause, 42);
  EXPECT_FALSE(test_number_decision("99"));
  EXPECT_FALSE(test_number_decision("991"));
  EXPECT_FALSE(test_number_decision("99*1"));
  EXPECT_FALSE(test_number_decision("9817"));
  EXPECT_FALSE(test_number_decision("5559917"));
}

TEST(SimRandomTest, SameSeedSameSequenceAndValuesInRange) {
  SimRandom a(5), b(5), c(6);
  bool differs = false;
  for (int i = 0; i < 1'000; ++i) {
    const auto x = a.next();
    EXPECT_EQ(x, b.next());
    differs |= x != c.next();
    const double u = a.uniform();
    EXPECT_GE(u, 0.0);
    EXPECT_LT(u, 1.0);
    EXPECT_LT(a.below(7), 7u);
    EXPECT_GE(a.exponential(10.0), 0.0);
    b.uniform();
    b.below(7);
    b.exponential(10.0);
  }
  EXPECT_TRUE(differs);
  SimRandom zero(0);  // a zero seed still produces numbers
  EXPECT_NE(zero.next(), zero.next());
}

}  // namespace
}  // namespace spantsp::sim
