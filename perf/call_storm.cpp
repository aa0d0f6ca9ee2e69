#include "perf/call_storm.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <unordered_map>

#include "board_drivers/sim/sim_control.h"
#include "tools/tapihost/lineerr_name.h"

namespace spantsp::perf {
namespace {

using Clock = std::chrono::steady_clock;

double micros(Clock::duration d) {
  return std::chrono::duration<double, std::micro>(d).count();
}

sim::SimControl storm_control() {
  sim::SimControl c;
  std::memset(&c, 0, sizeof c);
  c.dwMagic = sim::kSimControlMagic;
  c.dwVersion = sim::kSimControlVersion;
  c.dwOp = sim::kSimInjectIncomingAll;
  std::strncpy(c.szCalling, "3035550100", sizeof c.szCalling - 1);
  std::strncpy(c.szCalled, "2100101", sizeof c.szCalled - 1);
  return c;
}

struct LineProgress {
  bool new_call = false;
  bool offering = false;
  host::CallHandle call = 0;
};

// Drops every call the round left and deallocates each at IDLE (or at once when the drop is
// refused); returns when none is left or `timeout` passed.
void clear_calls(host::Host& session, std::unordered_map<host::CallHandle, bool>& calls,
                 std::chrono::milliseconds timeout) {
  for (auto& [call, dropped] : calls) {
    if (session.line_drop(call) <= 0) {
      session.line_deallocate_call(call);
      dropped = false;
    } else {
      dropped = true;
    }
  }
  std::erase_if(calls, [](const auto& entry) { return !entry.second; });
  const auto deadline = Clock::now() + timeout;
  host::Message m;
  while (!calls.empty() && Clock::now() < deadline) {
    if (!session.get_message(m, std::chrono::milliseconds(10))) continue;
    if (m.message == LINE_CALLSTATE && (m.param1 & 0x00FFFFFF) == LINECALLSTATE_IDLE &&
        calls.erase(m.call) > 0) {
      session.line_deallocate_call(m.call);
    }
  }
}

}  // namespace

StormReport run_call_storm(host::Host& session, std::uint32_t rounds,
                           std::chrono::milliseconds timeout) {
  StormReport report;
  std::map<std::uint32_t, host::LineHandle> span_line;  // span -> its first line opened
  std::unordered_map<host::LineHandle, std::size_t> index_of;
  std::vector<host::LineHandle> opened;
  for (const host::LineInfo& info : session.lines()) {
    host::OpenParams params;
    params.line_states = LINEDEVSTATE_INSERVICE | LINEDEVSTATE_OUTOFSERVICE;
    host::LineHandle line = 0;
    if (session.line_open(info.device_id, line, params) != 0) continue;
    index_of.emplace(line, opened.size());
    opened.push_back(line);
    if (info.has_span) span_line.emplace(info.span, line);
  }
  report.lines = opened.size();
  report.spans = span_line.size();
  if (opened.empty() || span_line.empty()) {
    report.error = "no line with a span to storm";
  }
  std::vector<sim::SimControl> controls(span_line.size(), storm_control());
  for (std::uint32_t r = 0; r < rounds && report.error.empty(); ++r) {
    std::vector<LineProgress> progress(opened.size());
    std::unordered_map<host::CallHandle, std::size_t> call_line;
    std::unordered_map<host::CallHandle, bool> calls;
    std::vector<double> arrived;  // per line, µs from the start
    arrived.reserve(opened.size());
    const Clock::time_point start = Clock::now();
    std::size_t next = 0;
    for (const auto& [span, line] : span_line) {
      const LONG request =
          session.line_dev_specific(line, 0, 0, &controls[next++], sizeof(sim::SimControl));
      if (request <= 0) {
        report.error = "lineDevSpecific(kSimInjectIncomingAll) on span " + std::to_string(span) +
                       " returned " + host::describe_result(request);
        break;
      }
    }
    StormRound round;
    round.post_us = micros(Clock::now() - start);
    const auto deadline = start + timeout;
    host::Message m;
    while (report.error.empty() && arrived.size() < opened.size() && Clock::now() < deadline) {
      if (!session.get_message(m, std::chrono::milliseconds(1))) continue;
      const Clock::time_point now = Clock::now();
      std::size_t line = opened.size();
      if (m.message == LINE_APPNEWCALL) {
        const auto it = index_of.find(m.line);
        if (it == index_of.end()) continue;
        line = it->second;
        progress[line].new_call = true;
        progress[line].call = static_cast<host::CallHandle>(m.param2);
        call_line.emplace(progress[line].call, line);
        calls.emplace(progress[line].call, false);
      } else if (m.message == LINE_CALLSTATE && (m.param1 & 0x00FFFFFF) == LINECALLSTATE_OFFERING) {
        const auto it = call_line.find(m.call);
        if (it == call_line.end()) continue;
        line = it->second;
        progress[line].offering = true;
      } else if (m.message == LINE_REPLY && static_cast<LONG>(m.param2) != 0) {
        report.error =
            "a storm control failed: " + host::describe_result(static_cast<LONG>(m.param2));
      }
      if (line < opened.size() && progress[line].new_call && progress[line].offering) {
        progress[line].offering = false;  // counted once
        arrived.push_back(micros(now - start));
      }
    }
    round.offered = arrived.size();
    round.complete = arrived.size() == opened.size();
    if (!arrived.empty()) {
      round.first_us = arrived.front();
      round.last_us = arrived.back();
      round.median_us = arrived[arrived.size() / 2];
    }
    report.rounds.push_back(round);
    clear_calls(session, calls, timeout);
  }
  for (host::LineHandle line : opened) session.line_close(line);
  return report;
}

}  // namespace spantsp::perf
