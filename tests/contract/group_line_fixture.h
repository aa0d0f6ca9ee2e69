#pragma once
// What the trunk-group line tests share: LINEADDRESSSTATUS in short, and calls hunted onto a
// group line, found again by the channel LINECALLINFO.dwTrunk reports.

#include <vector>

#include "tests/contract/host_fixture.h"

namespace spantsp::contract {

struct AddressStatus {
  DWORD in_use = 0;
  DWORD active = 0;
  DWORD features = 0;
};

class GroupLine : public HostFixture {
 protected:
  AddressStatus address_status(LineHandle line) {
    LINEADDRESSSTATUS status{};
    status.dwTotalSize = sizeof status;
    EXPECT_EQ(host_->line_get_address_status(line, 0, &status), 0);
    return {status.dwNumInUse, status.dwNumActiveCalls, status.dwAddressFeatures};
  }

  DWORD max_calls_in_address_caps(DWORD device_id) {
    std::vector<unsigned char> buffer(2048);
    auto* caps = reinterpret_cast<LINEADDRESSCAPS*>(buffer.data());
    caps->dwTotalSize = static_cast<DWORD>(buffer.size());
    EXPECT_EQ(host_->line_get_address_caps(device_id, 0, caps), 0);
    return caps->dwMaxNumActiveCalls;
  }

  // A connected outgoing call on `line`; returns the channel it was hunted on.
  DWORD call_on(LineHandle line, std::vector<CallHandle>& calls) {
    calls.push_back(connected_call(line));
    return call_info(calls.back()).trunk;
  }

  // Drops the call that runs on `channel` and forgets it.
  void drop_on(DWORD channel, std::vector<CallHandle>& calls) {
    for (auto it = calls.begin(); it != calls.end(); ++it) {
      if (call_info(*it).trunk == channel) {
        drop_and_close(*it);
        calls.erase(it);
        return;
      }
    }
    ADD_FAILURE() << "no call on channel " << channel;
  }

  // PRI: a SETUP the switch sends while the D-channel link is still being confirmed can be
  // lost (pri_span.h); a call of ours waits for the confirmation, so once one has connected
  // the far end's calls arrive. Places and drops one call on `device`.
  void settle(DWORD device) {
    const LineHandle line = open_line(device);
    drop_and_close(connected_call(line));
    EXPECT_EQ(host_->line_close(line), 0);
  }

  // Reads `call`'s messages until LINE_CALLSTATE `state` (the states before it are skipped).
  void wait_state(CallHandle call, DWORD state) {
    for (int i = 0; i < 16; ++i) {
      const Message m = next_for_call(call);
      if (m.message == LINE_CALLSTATE && m.param1 == state) return;
      if (m.message == 0) break;
    }
    ADD_FAILURE() << "call " << call << " never reached state " << state;
  }

  // Drops a call whatever it was told meanwhile (a far end's DISCONNECTED), up to IDLE.
  void drop_any(CallHandle call) {
    const LONG request = host_->line_drop(call);
    ASSERT_GT(request, 0);
    wait_state(call, LINECALLSTATE_IDLE);
    EXPECT_EQ(wait_reply(request), 0);
    EXPECT_EQ(host_->line_deallocate_call(call), 0);
  }

  void drop_all(std::vector<CallHandle>& calls) {
    for (CallHandle call : calls) drop_and_close(call);
    calls.clear();
  }
};

}  // namespace spantsp::contract
