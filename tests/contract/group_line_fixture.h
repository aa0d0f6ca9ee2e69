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

  void drop_all(std::vector<CallHandle>& calls) {
    for (CallHandle call : calls) drop_and_close(call);
    calls.clear();
  }
};

}  // namespace spantsp::contract
