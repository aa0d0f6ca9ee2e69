// Several application threads at once on the same line and call, through the host with its
// checker on (tspi-contract §2, §8 rule 5; DESIGN.md §3): lineClose against lineMakeCall,
// lineDrop, lineAnswer and lineDial; lineCloseCall against lineDrop. Which request lands first
// differs from run to run; the assertions do not: every request completed exactly once (the
// checker counts twice, never and after-close), nothing delivered for a line or call after its
// close returned, and no call slot left in use.
//
// Before the close invalidated first (pipeline/request_gate.h), a request that had resolved
// the handle could queue its command behind the close: these tests then failed with
// completion-after-close and lineclose-pending-request findings (checked by running them on
// the engine without Line::gate/Call::gate).

#include <atomic>
#include <functional>
#include <future>
#include <thread>

#include "tests/contract/host_fixture.h"
#include "tests/contract/thread_handoff.h"

namespace spantsp::contract {
namespace {

using namespace std::chrono_literals;

#if defined(__SANITIZE_THREAD__) || defined(__SANITIZE_ADDRESS__)
constexpr int kRounds = 40;  // sanitizers run ~10x slower; same interleavings, fewer laps
#else
constexpr int kRounds = 200;
#endif

// Holds the provider's dispatcher inside the next LINE_CALLINFO callback until released, so
// a test can put TSPI calls in the state they have while upcalls are behind.
class HeldCallback {
 public:
  Host::Options options() {
    Host::Options host_options;
    host_options.line_event_hook = [this](DWORD message) {
      if (message == LINE_CALLINFO && armed_.exchange(false)) {
        held_.release();
        release_.acquire();
      }
    };
    return host_options;
  }
  void arm() { armed_ = true; }
  void wait_held() { held_.acquire(); }
  void release() { release_.release(); }

 private:
  Signal held_, release_;
  std::atomic<bool> armed_{false};
};

class ConcurrentCallers : public HostFixture {
 protected:
  // Runs every function on its own thread, released at the same moment and then staggered by
  // a few microseconds that change with `round`: over the rounds the threads meet at every
  // offset, whatever their usual speeds. Returns when all are done.
  static void together(int round, const std::vector<std::function<void()>>& work) {
    Latch start(static_cast<std::ptrdiff_t>(work.size()));
    std::vector<std::thread> threads;
    threads.reserve(work.size());
    for (std::size_t k = 0; k < work.size(); ++k) {
      const auto offset =
          std::chrono::nanoseconds(((round * 7 + static_cast<int>(k) * 13) % 40) * 250);
      threads.emplace_back([&start, &fn = work[k], offset] {
        start.arrive_and_wait();
        const auto until = std::chrono::steady_clock::now() + offset;
        while (std::chrono::steady_clock::now() < until) {
        }
        fn();
      });
    }
    for (auto& thread : threads) thread.join();
  }

  // Messages of the round are not asserted one by one (their order depends on the race):
  // the checker has seen every upcall.
  void discard_messages() {
    backlog_.clear();
    Message m;
    while (host_->get_message(m, 0ms)) {
    }
  }

  std::uint32_t calls_in_use() {
    const LineHandle probe = open_line(29);
    const std::uint32_t in_use = line_status(probe).dwCallsInUse;
    EXPECT_EQ(host_->line_close(probe), 0);
    return in_use;
  }

  void expect_every_request_completed_once_and_no_slot_leaked() {
    EXPECT_EQ(host_->checker().outstanding_requests(), 0u);
    EXPECT_EQ(calls_in_use(), 0u);
    EXPECT_EQ(host_->violation_count(), 0u);
  }
};

TEST_F(ConcurrentCallers, LineCloseAgainstMakeCallCompletesEveryRequestBeforeItReturns) {
  start("ideal-1e1.toml");
  for (int round = 0; round < kRounds; ++round) {
    const LineHandle line = open_line(0);
    together(round, {[&] {
                       for (int i = 0; i < 3; ++i) {
                         CallHandle call = 0;
                         // Any outcome is legal (placed, line closed, channel busy); what it must
                         // never do is complete after lineClose returned.
                         host_->line_make_call(line, std::string_view("5551000"), nullptr, call);
                       }
                     },
                     [&] { EXPECT_EQ(host_->line_close(line), 0); }});
    discard_messages();
    // A lineMakeCall that had resolved the line before the close but was queued behind it
    // left its slot linked to the closed line: a slot in use with no call TAPI knows.
    ASSERT_EQ(calls_in_use(), 0u) << "round " << round;
  }
  expect_every_request_completed_once_and_no_slot_leaked();
}

// The interleaving of the defect, forced: lineMakeCall has resolved the line and waits for a
// call slot (the pool is empty, one slot is on its way back behind a callback the test holds),
// while lineClose runs on another thread. Before the fix the close queued its command first and
// the make call landed behind it: its slot was linked to the closed line and never freed, and
// its completion came after lineClose returned (checked: this test failed so on the engine
// without the gates). Now the close waits for the request it let in.
TEST_F(ConcurrentCallers, LineCloseWaitsForAMakeCallThatResolvedTheLineBeforeIt) {
  HeldCallback callback;
  start("ideal-1e1.toml", callback.options());
  // Fill the pool (60 slots): lines 1..29 keep an IDLE call and a connected one, line 0 two
  // IDLE calls.
  std::vector<LineHandle> lines;
  for (DWORD device = 0; device < 30; ++device) lines.push_back(open_line(device));
  const auto idle_call = [&](LineHandle line) {
    const CallHandle call = connected_call(line);
    const LONG drop = host_->line_drop(call);
    EXPECT_EQ(wait_reply(drop), 0);
    return call;
  };
  std::vector<CallHandle> connected;
  for (DWORD device = 1; device < 30; ++device) {
    idle_call(lines[device]);
    connected.push_back(connected_call(lines[device]));
  }
  const CallHandle x = idle_call(lines[0]);
  idle_call(lines[0]);
  discard_messages();
  const auto in_use = [&] { return line_status(lines[1]).dwCallsInUse; };
  ASSERT_EQ(in_use(), 60u);

  callback.arm();
  ASSERT_EQ(host_->line_set_app_specific(connected.front(), 7), 0);  // LINE_CALLINFO: held
  callback.wait_held();
  // lineCloseCall's fast path: the slot goes back to the pool behind the held callback.
  ASSERT_EQ(host_->line_deallocate_call(x), 0);
  std::thread make([&] {
    CallHandle call = 0;
    host_->line_make_call(lines[0], std::string_view("5551000"), nullptr, call);
  });
  std::thread close([&] { EXPECT_EQ(host_->line_close(lines[0]), 0); });
  // Time only lets both threads reach their waits; the assertions hold whichever ran first.
  std::this_thread::sleep_for(100ms);
  callback.release();
  make.join();
  close.join();
  discard_messages();
  EXPECT_EQ(in_use(), 58u) << "a slot stayed linked to the closed line";
  EXPECT_EQ(host_->checker().outstanding_requests(), 0u);
  EXPECT_EQ(host_->violation_count(), 0u);
}

TEST_F(ConcurrentCallers, LineCloseAgainstDropAnswerAndDialOnItsCalls) {
  start("ideal-1e1.toml");
  for (int round = 0; round < kRounds; ++round) {
    const LineHandle a = open_line(0);
    const LineHandle b = open_line(1);
    const LineHandle c = open_line(2);
    const CallHandle outgoing = connected_call(a);
    ASSERT_EQ(sim(b, sim::kSimInjectIncoming, "2125550123", "3012302"), 0);
    const CallHandle incoming = wait_new_call(b);
    CallHandle partial = 0;  // DIALING, waiting for the rest of the number (lineDial)
    ASSERT_EQ(make_call(c, std::string("555;"), partial), 0);
    discard_messages();
    together(
        round,
        {[&] { host_->line_drop(outgoing); }, [&] { EXPECT_EQ(host_->line_close(a), 0); },
         [&] { host_->line_answer(incoming); }, [&] { EXPECT_EQ(host_->line_close(b), 0); },
         [&] { host_->line_dial(partial, "1000"); }, [&] { EXPECT_EQ(host_->line_close(c), 0); }});
    discard_messages();
    ASSERT_EQ(calls_in_use(), 0u) << "round " << round;
  }
  expect_every_request_completed_once_and_no_slot_leaked();
}

TEST_F(ConcurrentCallers, LineCloseCallAgainstDropCompletesTheDropBeforeItReturns) {
  start("ideal-1e1.toml");
  const LineHandle line = open_line(0);
  const LineHandle offered_line = open_line(1);
  for (int round = 0; round < kRounds; ++round) {
    const CallHandle connected = connected_call(line);
    ASSERT_EQ(sim(offered_line, sim::kSimInjectIncoming, "2125550123", "3012302"), 0);
    const CallHandle offered = wait_new_call(offered_line);
    discard_messages();
    // TAPISRV may close a call in any state, on another thread than a drop (tspi-contract §2
    // "drop + close").
    together(round, {[&] { host_->line_drop(connected); },
                     [&] { EXPECT_EQ(host_->line_close_call_now(connected), 0); },
                     [&] { host_->line_drop(offered); },
                     [&] { EXPECT_EQ(host_->line_close_call_now(offered), 0); }});
    discard_messages();
  }
  EXPECT_EQ(host_->line_close(line), 0);
  EXPECT_EQ(host_->line_close(offered_line), 0);
  expect_every_request_completed_once_and_no_slot_leaked();
}

TEST_F(ConcurrentCallers, TwoClosersOfOneLineOneWinsAndTheOtherSeesAStaleHandle) {
  start("ideal-1e1.toml");
  Direct direct;
  auto* close = direct.get<LONG TSPIAPI(HDRVLINE)>("TSPI_lineClose");
  ASSERT_NE(close, nullptr);
  for (int round = 0; round < kRounds; ++round) {
    const LineHandle line = open_line(0);
    const HDRVLINE hd = host_->provider_line_handle(line);
    std::atomic<int> won{0}, stale{0};
    // Straight to the provider: TAPISRV itself never closes one line twice, a stale handle
    // in a race is what the provider must still survive (tspi-contract §8, KB108923).
    together(round,
             {[&] { (close(hd) == 0 ? won : stale)++; }, [&] { (close(hd) == 0 ? won : stale)++; },
              [&] { (close(hd) == 0 ? won : stale)++; }});
    EXPECT_EQ(won.load(), 1);
    EXPECT_EQ(stale.load(), 2);
    EXPECT_EQ(host_->line_close(line), LINEERR_INVALLINEHANDLE);  // the provider closed it
    discard_messages();
  }
  expect_every_request_completed_once_and_no_slot_leaked();
}

// A slot reused more times than the old 32-bit layout's 12 generation bits could tell apart
// (4,096; 2,048 with lineCloseCall's fast path), with 32-bit handles, while another thread
// keeps presenting the handle of the slot's first call: it is refused every time, and the
// live call on the same slot works.
TEST_F(ConcurrentCallers, NarrowHandlesOfAReusedSlotStayStalePastTheOldGenerationWidth) {
#if defined(__SANITIZE_THREAD__) || defined(__SANITIZE_ADDRESS__)
  constexpr int kReuses = 2'100;  // past 2,048 reuses with the fast path: the old wrap point
#else
  constexpr int kReuses = 4'200;
#endif
  start("ideal-1e1-narrow-handles.toml");
  Direct direct;
  auto* get_status = direct.get<LONG TSPIAPI(HDRVCALL, LINECALLSTATUS*)>("TSPI_lineGetCallStatus");
  auto* drop = direct.get<LONG TSPIAPI(DRV_REQUESTID, HDRVCALL, LPCSTR, DWORD)>("TSPI_lineDrop");
  ASSERT_NE(get_status, nullptr);
  ASSERT_NE(drop, nullptr);
  const LineHandle line = open_line(0);
  const CallHandle first = connected_call(line);
  const HDRVCALL stale = host_->provider_call_handle(first);
  ASSERT_LE(reinterpret_cast<std::uintptr_t>(stale), 0xFFFFFFFFu);  // a 32-bit handle
  drop_and_close(first);

  std::atomic<bool> done{false};
  std::atomic<int> accepted{0};
  std::thread presenter([&] {
    // Straight to the provider, as a TAPISRV race would: never accepted, never completed.
    while (!done.load()) {
      LINECALLSTATUS status{};
      status.dwTotalSize = sizeof status;
      if (get_status(stale, &status) != LINEERR_INVALCALLHANDLE) ++accepted;
      if (drop(0x7FFFFFF0, stale, nullptr, 0) != LINEERR_INVALCALLHANDLE) ++accepted;
    }
  });
  for (int i = 0; i < kReuses; ++i) {
    // The pool hands the last freed slot out first: the first call's slot comes back every
    // call or every other (when the previous close is still on its way back to the pool),
    // moved on by two generations each time (lineCloseCall's fast path).
    const CallHandle call = connected_call(line);
    LINECALLSTATUS status{};
    status.dwTotalSize = sizeof status;
    ASSERT_EQ(host_->line_get_call_status(call, &status), 0);
    EXPECT_EQ(DWORD{status.dwCallState}, DWORD{LINECALLSTATE_CONNECTED});
    drop_and_close(call);
  }
  done = true;
  presenter.join();
  EXPECT_EQ(accepted.load(), 0);
  EXPECT_EQ(host_->line_close(line), 0);
  expect_every_request_completed_once_and_no_slot_leaked();
}

// TSPI_providerShutdown racing a TSPI call already inside the provider (a lineClose waiting
// for its fence behind a callback the test holds): Shutdown waits for it to return before it
// frees the session, and stops the engine (whose closes make upcalls) without holding the
// provider's lifecycle lock, so another lifecycle call is not stuck behind those upcalls
// (DESIGN.md §3). A TSPI call that arrives once Shutdown has begun is the caller's error
// (TSPI_providerShutdown: it must be the last line call) and fails cleanly with
// LINEERR_INVALLINEHANDLE: so the test starts Shutdown only once the lineClose is inside (its
// handle is dead: lineClose invalidates before its fence), and checks Shutdown has begun (the
// session is unpublished) before it asks for the lifecycle lock.
// Before the fix Shutdown held the lock through the engine's stop (EnumDevices waited for the
// held callback: the 5 s bound failed) and freed the session under the lineClose.
TEST_F(ConcurrentCallers, ShutdownWaitsForACallInFlightAndStopsTheEngineOutsideItsLock) {
  HeldCallback callback;
  start("ideal-1e1.toml", callback.options());
  Direct direct;
  auto* shutdown = direct.get<LONG TSPIAPI(DWORD, DWORD)>("TSPI_providerShutdown");
  auto* enum_devices =
      direct.get<LONG TSPIAPI(DWORD, LPDWORD, LPDWORD, HPROVIDER, LINEEVENT, PHONEEVENT)>(
          "TSPI_providerEnumDevices");
  auto* dev_status =
      direct.get<LONG TSPIAPI(HDRVLINE, LPLINEDEVSTATUS)>("TSPI_lineGetLineDevStatus");
  ASSERT_NE(shutdown, nullptr);
  ASSERT_NE(enum_devices, nullptr);
  ASSERT_NE(dev_status, nullptr);
  const LineHandle closing = open_line(0);
  const LineHandle open = open_line(1);
  const CallHandle call = connected_call(open);
  const HDRVLINE closing_hd = host_->provider_line_handle(closing);
  const HDRVLINE open_hd = host_->provider_line_handle(open);
  discard_messages();
  // Waits (at most 5 s) until the provider answers lineGetLineDevStatus on `hd` with `result`.
  const auto status_becomes = [&](HDRVLINE hd, LONG result) {
    const auto until = std::chrono::steady_clock::now() + 5s;
    for (;;) {
      LINEDEVSTATUS status{};
      status.dwTotalSize = sizeof status;
      if (dev_status(hd, &status) == result) return true;
      if (std::chrono::steady_clock::now() > until) return false;
      std::this_thread::sleep_for(1ms);
    }
  };

  callback.arm();
  ASSERT_EQ(host_->line_set_app_specific(call, 7), 0);  // LINE_CALLINFO: held
  callback.wait_held();
  std::atomic<int> order{0};
  std::atomic<int> closed_at{0}, shut_down_at{0};
  std::thread close([&] {
    EXPECT_EQ(host_->line_close(closing), 0);  // waits for its fence behind the held callback
    closed_at = ++order;
  });
  const bool close_inside = status_becomes(closing_hd, LINEERR_INVALLINEHANDLE);
  std::thread shut([&] {
    EXPECT_EQ(shutdown(host_->provider_version(), 1), 0);
    shut_down_at = ++order;
  });
  // Shutdown has unpublished the session: the open line's handle is dead too.
  const bool shutdown_begun = status_becomes(open_hd, LINEERR_INVALLINEHANDLE);
  std::promise<LONG> enumerated;
  std::thread lifecycle([&] {
    DWORD lines = 0, phones = 0;
    enumerated.set_value(enum_devices(1, &lines, &phones, nullptr, nullptr, nullptr));
  });
  auto result = enumerated.get_future();
  const bool not_blocked = result.wait_for(5s) == std::future_status::ready;
  // Neither can return while the callback is held: the lineClose waits for its fence, and
  // Shutdown for the lineClose.
  const int closed_while_held = closed_at.load();
  const int shut_down_while_held = shut_down_at.load();
  callback.release();
  close.join();
  shut.join();
  lifecycle.join();
  EXPECT_TRUE(close_inside) << "the lineClose never invalidated its handle";
  EXPECT_TRUE(shutdown_begun) << "Shutdown never unpublished the session";
  EXPECT_TRUE(not_blocked) << "the lifecycle lock was held while the engine stopped";
  EXPECT_EQ(result.get(), 0);
  EXPECT_EQ(closed_while_held, 0);
  EXPECT_EQ(shut_down_while_held, 0) << "Shutdown returned with a TSPI call inside";
  EXPECT_EQ(closed_at.load(), 1) << "Shutdown returned before the lineClose inside it";
  EXPECT_EQ(shut_down_at.load(), 2);
  // The host still believes in its session: its stop() closes line 1 and shuts down again,
  // which the provider answers as a stray call and a repeated Shutdown (both harmless).
  host_->checker().clear_violations();
}

}  // namespace
}  // namespace spantsp::contract
