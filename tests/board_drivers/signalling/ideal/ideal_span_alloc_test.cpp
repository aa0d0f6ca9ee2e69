// DESIGN.md §3 "Pools": steady-state call handling allocates nothing. Ten simulated minutes of
// busy traffic through an IdealSpan and its far end, with an allocation-free application,
// must not reach operator new once. (Its own executable: it replaces the global operator new.)

#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <cstdlib>
#include <new>
#include <vector>

#include "board_drivers/board_driver.h"
#include "board_drivers/signalling/ideal/ideal_span.h"
#include "pipeline/timer_wheel.h"
#include "tests/board_drivers/sim/sim_test_support.h"

namespace {
std::atomic<bool> g_counting{false};
std::atomic<std::uint64_t> g_allocations{0};
}  // namespace

// This replacement operator new takes its memory from malloc, so free() is the matching release;
// GCC cannot see that through the replacement and warns at -O2.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

void* operator new(std::size_t size) {
  if (g_counting.load(std::memory_order_relaxed)) g_allocations.fetch_add(1);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}

namespace spantsp::sim {
namespace {

using ideal::IdealSpan;
using signalling::ChannelState;

constexpr int kChannels = 24;

// Answers, hangs up, releases and dials on its own timers, with fixed-size state only.
class QuietCore final : public board::SpanEvents, public pipeline::TimerHandler {
 public:
  QuietCore(IdealSpan& span, pipeline::TimerWheel& wheel) : span_(span), wheel_(wheel) {
    for (int i = 0; i < kChannels; ++i) {
      nodes_[static_cast<std::size_t>(i)].handler = this;
      nodes_[static_cast<std::size_t>(i)].cookie = static_cast<std::uint64_t>(i + 1);
    }
    dial_.handler = this;
    dial_.cookie = 0;
  }
  ~QuietCore() {
    for (auto& n : nodes_) wheel_.cancel(n);
    wheel_.cancel(dial_);
  }
  void start() { wheel_.arm(dial_, wheel_.now_ms() + 700); }

  std::uint64_t events = 0;

  void on_incoming(int ch, const board::CallSetup&) override { later(ch, kAnswer, 800); }
  void on_more_digits(int, std::string_view, bool) override { ++events; }
  void on_proceeding(int) override { ++events; }
  void on_alerting(int) override { ++events; }
  void on_progress(int, bool) override { ++events; }
  void on_connected(int ch) override { later(ch, kHangUp, 30'000); }
  void on_disconnected(int ch, std::uint8_t) override { later(ch, kRelease, 0); }
  void on_released(int ch) override {
    ++events;
    wheel_.cancel(node(ch));
  }
  void on_span_status(const board::SpanStatus&) override { ++events; }
  void on_channel_service(int, bool) override { ++events; }
  void on_media(int, const media::MediaEvent&) override { ++events; }

  void on_timer(std::uint64_t cookie, std::uint64_t) override {
    if (cookie == 0) {
      for (int ch = 1; ch <= kChannels; ++ch) {
        if (span_.channel_state(ch) == ChannelState::kIdle && !node(ch).armed()) {
          span_.place_call(ch, testing::dial(++dialled_ % 7 == 0 ? "9917" : "5551234"));
          break;
        }
      }
      wheel_.arm(dial_, wheel_.now_ms() + 700);
      return;
    }
    const int ch = static_cast<int>(cookie);
    switch (actions_[cookie - 1]) {
      case kAnswer:
        span_.answer(ch);
        break;
      case kHangUp:
      case kRelease:
        span_.release(ch, board::cause::kNormalClearing);
        break;
    }
  }

 private:
  enum Action { kAnswer, kHangUp, kRelease };
  pipeline::TimerNode& node(int ch) { return nodes_[static_cast<std::size_t>(ch - 1)]; }
  void later(int ch, Action a, std::uint64_t delay) {
    ++events;
    actions_[static_cast<std::size_t>(ch - 1)] = a;
    wheel_.arm(node(ch), wheel_.now_ms() + delay);
  }

  IdealSpan& span_;
  pipeline::TimerWheel& wheel_;
  std::array<pipeline::TimerNode, kChannels> nodes_{};
  std::array<Action, kChannels> actions_{};
  pipeline::TimerNode dial_;
  std::uint64_t dialled_ = 0;
};

TEST(IdealSpanAllocations, TenBusyMinutesAllocateNothing) {
  config::TrafficProfile p;
  p.incoming_calls_per_second = 1.0;
  p.answer_delay_ms = 2'000;
  p.busy_share = 0.1;
  p.no_answer_share = 0.05;
  p.reject_share = 0.05;
  p.hold_time_ms = 10'000;
  p.remote_hangup_share = 0.5;
  p.glare_share = 0.05;
  std::vector<int> channels;
  for (int ch = 1; ch <= kChannels; ++ch) channels.push_back(ch);

  pipeline::TimerWheel wheel(testing::kStartMs);
  IdealSpan span(channels, p, 0);
  QuietCore core(span, wheel);
  span.start(core, wheel);
  core.start();

  g_counting = true;
  testing::run_until(wheel, testing::kStartMs + 10 * 60'000);
  g_counting = false;

  EXPECT_EQ(g_allocations.load(), 0u);
  const auto s = span.stats();
  EXPECT_GT(s.incoming_answered, 100u);
  EXPECT_GT(s.outgoing_answered, 100u);
  EXPECT_GT(s.glare, 0u);
  EXPECT_EQ(s.invalid_commands, 0u);
  EXPECT_EQ(s.unexpected_messages, 0u);
  span.stop();
}

}  // namespace
}  // namespace spantsp::sim
