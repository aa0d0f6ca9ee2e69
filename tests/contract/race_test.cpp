// Races the contract must survive (tspi-contract §2, §8): a drop racing the far end's clear,
// lineClose with calls and requests in flight, lineCloseCall before lineMakeCall completes,
// glare, and a thousand random interleavings of all of them. The host's checker fails the
// test on any violation (a request completed twice or never, an event after close, ...).

#include <deque>
#include <random>

#include "tests/contract/host_fixture.h"

namespace spantsp::contract {
namespace {

class Races : public HostFixture {
 protected:
  // Like lineDevSpecific, the parameter block must live until the LINE_REPLY.
  LONG sim_async(LineHandle line, sim::SimControlOp op, const char* calling = "",
                 const char* called = "", DWORD cause = 0) {
    sim::SimControl& control = controls_.emplace_back();
    control.dwMagic = sim::kSimControlMagic;
    control.dwVersion = sim::kSimControlVersion;
    control.dwOp = op;
    control.dwCause = cause;
    std::strncpy(control.szCalling, calling, sizeof control.szCalling - 1);
    std::strncpy(control.szCalled, called, sizeof control.szCalled - 1);
    return host_->line_dev_specific(line, 0, 0, &control, sizeof control);
  }

  std::deque<sim::SimControl> controls_;

  // Reads the call's messages until IDLE; returns the states seen.
  std::vector<DWORD> states_until_idle(CallHandle call) {
    std::vector<DWORD> states;
    for (int i = 0; i < 16; ++i) {
      const Message m = next_for_call(call);
      if (m.message != LINE_CALLSTATE) continue;
      states.push_back(static_cast<DWORD>(m.param1));
      if (m.param1 == LINECALLSTATE_IDLE) break;
    }
    return states;
  }
};

TEST_F(Races, DropRacingTheFarEndsClearAlwaysEndsIdleWithOneReplyEach) {
  start("ideal-1e1.toml");
  const LineHandle line = open_line(0);
  for (int round = 0; round < 200; ++round) {
    const CallHandle call = connected_call(line);
    // Both go out before either is answered; which lands first is up to the threads.
    const LONG clear = sim_async(line, sim::kSimRemoteClear, "", "", 16);
    const LONG drop = host_->line_drop(call);
    const auto states = states_until_idle(call);
    ASSERT_FALSE(states.empty());
    EXPECT_EQ(states.back(), DWORD{LINECALLSTATE_IDLE});
    if (states.size() == 2) {
      EXPECT_EQ(states.front(), DWORD{LINECALLSTATE_DISCONNECTED});
    }
    EXPECT_LE(states.size(), 2u);
    EXPECT_EQ(wait_reply(drop), 0);
    const LONG clear_result = wait_reply(clear);
    EXPECT_TRUE(clear_result == 0 || clear_result == LINEERR_OPERATIONFAILED) << clear_result;
    EXPECT_EQ(host_->line_deallocate_call(call), 0);
  }
}

TEST_F(Races, LineCloseWithCallsAndRequestsInFlightCompletesThemFirst) {
  start("ideal-1e1.toml");
  for (int round = 0; round < 100; ++round) {
    const LineHandle a = open_line(0);
    const LineHandle b = open_line(1);
    CallHandle outgoing = 0;
    const LONG make = host_->line_make_call(a, std::string_view("5551000"), nullptr, outgoing);
    ASSERT_GT(make, 0);
    ASSERT_EQ(sim(b, sim::kSimInjectIncoming, "2125550123", "1002"), 0);
    const CallHandle incoming = wait_new_call(b);
    const LONG answer = host_->line_answer(incoming);
    // Close both lines while the requests may still be pending: the host checks that every
    // one completes before lineClose returns and that nothing arrives afterwards.
    EXPECT_EQ(host_->line_close(a), 0);
    EXPECT_EQ(host_->line_close(b), 0);
    backlog_.clear();
    (void)answer;
  }
}

TEST_F(Races, LineCloseCallBeforeTheMakeCallCompletion) {
  start("ideal-1e1.toml");
  const LineHandle line = open_line(0);
  for (int round = 0; round < 200; ++round) {
    CallHandle call = 0;
    const LONG make = host_->line_make_call(line, std::string_view("5551000"), nullptr, call);
    ASSERT_GT(make, 0);
    // TAPISRV closes a call whose owner went away, whatever its state; the pending request
    // completes (0 or OPERATIONFAILED) before lineCloseCall returns.
    EXPECT_EQ(host_->line_close_call_now(call), 0);
    backlog_.clear();
  }
  EXPECT_EQ(line_status(line).dwCallsInUse, 0u);
}

TEST_F(Races, GlareGivesCallUnavailAndTheIncomingCallWins) {
  start("ideal-glare.toml");
  const LineHandle line = open_line(0);
  CallHandle outgoing = 0;
  EXPECT_EQ(make_call(line, "5551000", outgoing), LINEERR_CALLUNAVAIL);
  const CallHandle incoming = wait_new_call(line);
  expect_sequence(incoming, {{LINE_CALLSTATE, LINECALLSTATE_OFFERING}, {LINE_CALLINFO}});
  EXPECT_EQ(wait_reply(host_->line_answer(incoming)), 0);
  expect_sequence(incoming, {{LINE_CALLSTATE, LINECALLSTATE_CONNECTED}});
  drop_and_close(incoming);
}

TEST_F(Races, StaleAndForgedHandlesAreRejectedNeverDereferenced) {
  start("ideal-1e1.toml");
  const LineHandle line = open_line(0);
  const CallHandle call = connected_call(line);
  const HDRVCALL stale_call = host_->provider_call_handle(call);
  const HDRVLINE stale_line = host_->provider_line_handle(line);
  drop_and_close(call);
  EXPECT_EQ(host_->line_close(line), 0);
  open_line(0);  // same device, new open: the old HDRVLINE must not come back to life

  Direct direct;
  auto* call_status =
      direct.get<LONG TSPIAPI(HDRVCALL, LPLINECALLSTATUS)>("TSPI_lineGetCallStatus");
  auto* drop = direct.get<LONG TSPIAPI(DRV_REQUESTID, HDRVCALL, LPCSTR, DWORD)>("TSPI_lineDrop");
  auto* dev_status =
      direct.get<LONG TSPIAPI(HDRVLINE, LPLINEDEVSTATUS)>("TSPI_lineGetLineDevStatus");
  auto* make_call = direct.get<LONG TSPIAPI(DRV_REQUESTID, HDRVLINE, HTAPICALL, LPHDRVCALL, LPCWSTR,
                                            DWORD, LPLINECALLPARAMS)>("TSPI_lineMakeCall");
  ASSERT_TRUE(call_status && drop && dev_status && make_call);
  LINECALLSTATUS cs{};
  cs.dwTotalSize = sizeof cs;
  std::vector<unsigned char> buffer(512);
  auto* ds = reinterpret_cast<LINEDEVSTATUS*>(buffer.data());
  ds->dwTotalSize = static_cast<DWORD>(buffer.size());
  EXPECT_EQ(call_status(stale_call, &cs), LINEERR_INVALCALLHANDLE);
  EXPECT_EQ(drop(777, stale_call, nullptr, 0), LINEERR_INVALCALLHANDLE);
  EXPECT_EQ(dev_status(stale_line, ds), LINEERR_INVALLINEHANDLE);
  HDRVCALL out = nullptr;
  EXPECT_EQ(make_call(778, stale_line, nullptr, &out, u"5551000", 0, nullptr),
            LINEERR_INVALLINEHANDLE);
  for (std::uintptr_t forged : {std::uintptr_t{0}, std::uintptr_t{1} << 20, std::uintptr_t{0xFFFFF},
                                std::uintptr_t{0xDEADBEEF}, ~std::uintptr_t{0}}) {
    EXPECT_EQ(call_status(reinterpret_cast<HDRVCALL>(forged), &cs), LINEERR_INVALCALLHANDLE)
        << forged;
    EXPECT_EQ(dev_status(reinterpret_cast<HDRVLINE>(forged), ds), LINEERR_INVALLINEHANDLE)
        << forged;
  }
}

TEST_F(Races, ExhaustedCallPoolIsAnErrorNotACrash) {
  start("ideal-1e1.toml");
  // Keep IDLE calls allocated (never deallocated) until the pool is dry, then make sure the
  // next call fails cleanly and the pool recovers.
  std::vector<CallHandle> held;
  std::vector<LineHandle> lines;
  for (DWORD d = 0; d < 30; ++d) lines.push_back(open_line(d));
  const std::uint32_t capacity = line_status(lines[0]).dwCallCapacity;
  ASSERT_GE(capacity, 30u);
  LONG result = 0;
  while (held.size() < capacity + 10) {
    CallHandle call = 0;
    result = host_->line_make_call(lines[held.size() % lines.size()],
                                   std::string_view("99215551000"), nullptr, call);
    if (result <= 0) break;
    ASSERT_EQ(wait_reply(result), 0);
    expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_DIALING},
                           {LINE_CALLSTATE, LINECALLSTATE_PROCEEDING},
                           {LINE_CALLSTATE, LINECALLSTATE_DISCONNECTED}});
    const LONG drop = host_->line_drop(call);
    expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_IDLE}});
    ASSERT_EQ(wait_reply(drop), 0);
    held.push_back(call);
  }
  EXPECT_EQ(result, LINEERR_RESOURCEUNAVAIL);
  EXPECT_EQ(held.size(), capacity);
  EXPECT_EQ(line_status(lines[0]).dwCallsInUse, capacity);
  for (CallHandle call : held) EXPECT_EQ(host_->line_deallocate_call(call), 0);
  EXPECT_EQ(line_status(lines[0]).dwCallsInUse, 0u);
  CallHandle call = 0;
  ASSERT_EQ(make_call(lines[0], "99005551000", call), 0);
  expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_DIALING},
                         {LINE_CALLSTATE, LINECALLSTATE_PROCEEDING},
                         {LINE_CALLSTATE, LINECALLSTATE_CONNECTED}});
  drop_and_close(call);
}

// A thousand random interleavings, fixed seed: each step fires a handful of operations at a
// few lines without waiting for their outcomes, then lets everything settle.
TEST_F(Races, ThousandRandomInterleavingsLeaveNoViolationAndNoLeak) {
  start("ideal-1e1.toml");
  std::mt19937 rng(20261124);
  constexpr DWORD kLines = 4;
  std::vector<LineHandle> lines(kLines, 0);
  for (DWORD d = 0; d < kLines; ++d) lines[d] = open_line(d);
  std::vector<CallHandle> calls;
  for (int step = 0; step < 1000; ++step) {
    const int ops = 2 + static_cast<int>(rng() % 4);
    for (int op = 0; op < ops; ++op) {
      const DWORD d = rng() % kLines;
      const LineHandle line = lines[d];
      switch (rng() % 9) {
        case 0:
        case 1: {
          CallHandle call = 0;
          const char* numbers[] = {"99005551000", "5551000", "99175551000", "99195551000"};
          if (host_->line_make_call(line, std::string_view(numbers[rng() % 4]), nullptr, call) >
              0) {
            calls.push_back(call);
          }
          break;
        }
        case 2:
          sim_async(line, sim::kSimInjectIncoming, "2125550123", "1001");
          break;
        case 3:
          sim_async(line, sim::kSimRemoteClear, "", "", 16);
          break;
        case 4:
          sim_async(line, sim::kSimRemoteAnswer);
          break;
        case 5:
        case 6:
          if (!calls.empty()) {
            const CallHandle call = calls[rng() % calls.size()];
            if (rng() % 2)
              host_->line_drop(call);
            else
              host_->line_answer(call);
          }
          break;
        case 7:
          if (!calls.empty()) {
            const std::size_t i = rng() % calls.size();
            host_->line_close_call_now(calls[i]);
            calls.erase(calls.begin() + static_cast<std::ptrdiff_t>(i));
          }
          break;
        case 8:
          if (rng() % 8 == 0) {  // now and then the whole line goes away and comes back
            EXPECT_EQ(host_->line_close(line), 0);
            lines[d] = open_line(d);
            calls.clear();  // the host forgot the line's calls with it
          }
          break;
      }
    }
    // Incoming calls the application never saw as its own are picked up here.
    Message m;
    while (host_->get_message(m, std::chrono::milliseconds(0))) {
      if (m.message == LINE_APPNEWCALL) calls.push_back(static_cast<CallHandle>(m.param2));
    }
  }
  for (DWORD d = 0; d < kLines; ++d) EXPECT_EQ(host_->line_close(lines[d]), 0);
  backlog_.clear();
  const LineHandle probe = open_line(10);
  EXPECT_EQ(line_status(probe).dwCallsInUse, 0u);
}

}  // namespace
}  // namespace spantsp::contract
