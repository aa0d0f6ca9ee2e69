// Trunk-group lines through the host (DESIGN.md §5a), ideal signalling: the line directory
// and each hunting policy picking the channel of an outgoing call.

#include <cmath>
#include <cstring>

#include "tests/contract/group_line_fixture.h"
#include "tools/tapihost/call_center.h"
#include "tspi/spantsp_media_stream.h"

namespace spantsp::contract {
namespace {

class GroupHunting : public GroupLine {
 protected:
  void SetUp() override { start("ideal-1t1-groups.toml"); }
  static constexpr DWORD kAscending = 8, kDescending = 9, kRoundRobin = 10, kLru = 11;
};

TEST_F(GroupHunting, DirectoryHasPerChannelLinesThenGroups) {
  const auto lines = host_->lines();
  ASSERT_EQ(lines.size(), 12u);
  EXPECT_EQ(lines[0].channel, 17u);
  EXPECT_EQ(lines[0].max_active_calls, 1u);
  EXPECT_EQ(lines[kLru].name, "least recently used");
  EXPECT_EQ(lines[kLru].max_active_calls, 4u);
  // Group permanent IDs are distinct from every channel's and stable: span << 8 | 0x40 + k.
  EXPECT_EQ(lines[kAscending].permanent_line_id, (1u << 8) | 0x40u);
  EXPECT_EQ(lines[kLru].permanent_line_id, (1u << 8) | 0x43u);
}

// "spantsp/media" on a trunk-group line: the line has no one channel, so it has no line
// stream (LINEERR_OPERATIONUNAVAIL); a call hunted onto it has its channel's stream.
TEST_F(GroupHunting, AGroupLineHasNoMediaStreamButItsCallsDo) {
  const LineHandle line = open_line(kAscending);
  std::vector<unsigned char> buffer(256);
  auto* var = reinterpret_cast<VARSTRING*>(buffer.data());
  var->dwTotalSize = static_cast<DWORD>(buffer.size());
  EXPECT_EQ(host_->line_get_id(line, 0, 0, LINECALLSELECT_LINE, var, "spantsp/media"),
            LINEERR_OPERATIONUNAVAIL);
  var->dwTotalSize = static_cast<DWORD>(buffer.size());
  EXPECT_EQ(host_->line_get_id(line, 0, 0, LINECALLSELECT_ADDRESS, var, "spantsp/media"),
            LINEERR_OPERATIONUNAVAIL);
  std::vector<CallHandle> calls;
  const DWORD channel = call_on(line, calls);
  var->dwTotalSize = static_cast<DWORD>(buffer.size());
  ASSERT_EQ(host_->line_get_id(0, 0, calls[0], LINECALLSELECT_CALL, var, "spantsp/media"), 0);
  ASSERT_EQ(var->dwStringSize, sizeof(SpanTspMediaStreamId));
  SpanTspMediaStreamId id{};
  std::memcpy(&id, buffer.data() + var->dwStringOffset, sizeof id);
  EXPECT_EQ(id.dwChannel, channel);
  EXPECT_NE(id.dwEpoch, kMediaStreamAnyCall);
  drop_all(calls);
}

TEST_F(GroupHunting, AscendingTakesTheLowestFreeChannel) {
  const LineHandle line = open_line(kAscending);
  std::vector<CallHandle> calls;
  EXPECT_EQ(call_on(line, calls), 1u);
  EXPECT_EQ(call_on(line, calls), 2u);
  drop_on(1, calls);
  EXPECT_EQ(call_on(line, calls), 1u);
  drop_all(calls);
}

TEST_F(GroupHunting, DescendingTakesTheHighestFreeChannel) {
  const LineHandle line = open_line(kDescending);
  std::vector<CallHandle> calls;
  EXPECT_EQ(call_on(line, calls), 8u);
  EXPECT_EQ(call_on(line, calls), 7u);
  drop_on(8, calls);
  EXPECT_EQ(call_on(line, calls), 8u);
  drop_all(calls);
}

TEST_F(GroupHunting, RoundRobinTakesTheNextChannelAfterTheLastOneTaken) {
  const LineHandle line = open_line(kRoundRobin);
  std::vector<CallHandle> calls;
  EXPECT_EQ(call_on(line, calls), 9u);
  EXPECT_EQ(call_on(line, calls), 10u);
  drop_on(9, calls);
  EXPECT_EQ(call_on(line, calls), 11u);  // not 9: the rotation goes on
  EXPECT_EQ(call_on(line, calls), 12u);
  EXPECT_EQ(call_on(line, calls), 9u);  // wraps to the free one
  CallHandle refused = 0;
  EXPECT_EQ(make_call(line, "99005551000", refused), LINEERR_CALLUNAVAIL);
  drop_all(calls);
}

TEST_F(GroupHunting, LeastRecentlyUsedTakesTheChannelIdleLongest) {
  const LineHandle line = open_line(kLru);
  std::vector<CallHandle> calls;
  EXPECT_EQ(call_on(line, calls), 13u);
  EXPECT_EQ(call_on(line, calls), 14u);
  drop_on(14, calls);
  drop_on(13, calls);
  EXPECT_EQ(call_on(line, calls), 15u);  // never used
  EXPECT_EQ(call_on(line, calls), 16u);
  EXPECT_EQ(call_on(line, calls), 14u);  // released before 13
  EXPECT_EQ(call_on(line, calls), 13u);
  drop_all(calls);
}

TEST_F(GroupHunting, HuntingSkipsAChannelAnIncomingCallHolds) {
  const LineHandle line = open_line(kAscending);
  ASSERT_EQ(sim(line, sim::kSimInjectIncoming, "2125550123", "2125551900", 0, 0, "", 1), 0);
  const CallHandle incoming = wait_new_call(line);
  expect_sequence(incoming, {{LINE_CALLSTATE, LINECALLSTATE_OFFERING}, {LINE_CALLINFO}});
  std::vector<CallHandle> calls;
  EXPECT_EQ(call_on(line, calls), 2u);
  drop_all(calls);
  drop_and_close(incoming);
}

TEST_F(GroupHunting, PerChannelLinesStayOneCallEach) {
  const LineHandle line = open_line(0);
  std::vector<CallHandle> calls;
  EXPECT_EQ(call_on(line, calls), 17u);
  CallHandle refused = 0;
  EXPECT_EQ(make_call(line, "99005551000", refused), LINEERR_CALLUNAVAIL);
  drop_all(calls);
}

TEST_F(GroupHunting, TheCallCenterJobRunsCallsOnGroupAndChannelLinesAlike) {
  host::CallCenterOptions options;
  options.max_calls = 2'000;
  options.outbound_per_second = INFINITY;
  options.hold_mean = std::chrono::milliseconds(0);
  options.dial_first = "99005550000";  // answered at once
  options.dial_last = "99005559999";
  host::CallCenter job(*host_, options);
  const auto stats = job.run();
  EXPECT_EQ(stats.lines_open, 12u);
  EXPECT_EQ(stats.placed, 2'000u);
  EXPECT_EQ(stats.completed, 2'000u);
  EXPECT_EQ(stats.failed, 0u);
  EXPECT_EQ(host_->violation_count(), 0u);
}

}  // namespace
}  // namespace spantsp::contract
