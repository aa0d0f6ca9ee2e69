#pragma once
// The hold tests through the host, shared by the ideal and the PRI suites: one configuration
// per case, whether its span has hold (board::call_services), and which device is a trunk
// group (for lineSwapHold) when it has one.

#include <optional>
#include <string>

#include "tests/contract/group_line_fixture.h"

namespace spantsp::contract {

struct HoldCase {
  const char* label;
  const char* config;
  bool has_hold;
  std::optional<DWORD> group_device = std::nullopt;
  // The far end can hold our call and it is reported (board::kServiceRemoteHold).
  bool remote_hold = false;
};

class HoldTest : public GroupLine, public ::testing::WithParamInterface<HoldCase> {
 protected:
  void SetUp() override {
    start(GetParam().config);
    settle(0);
  }

  struct AddressCaps {
    DWORD call_features = 0;
    DWORD call_states = 0;
    DWORD max_on_hold = 0;
  };
  AddressCaps address_caps(DWORD device_id) {
    std::vector<unsigned char> buffer(2048);
    auto* caps = reinterpret_cast<LINEADDRESSCAPS*>(buffer.data());
    caps->dwTotalSize = static_cast<DWORD>(buffer.size());
    EXPECT_EQ(host_->line_get_address_caps(device_id, 0, caps), 0);
    return {caps->dwCallFeatures, caps->dwCallStates, caps->dwMaxNumOnHoldCalls};
  }
  DWORD call_features(CallHandle call) {
    std::vector<unsigned char> buffer(1024);
    auto* status = reinterpret_cast<LINECALLSTATUS*>(buffer.data());
    status->dwTotalSize = static_cast<DWORD>(buffer.size());
    EXPECT_EQ(host_->line_get_call_status(call, status), 0);
    return status->dwCallFeatures;
  }
  DWORD on_hold_calls(LineHandle line) {
    LINEADDRESSSTATUS status{};
    status.dwTotalSize = sizeof status;
    EXPECT_EQ(host_->line_get_address_status(line, 0, &status), 0);
    return status.dwNumOnHoldCalls;
  }
  void hold(CallHandle call) {
    ASSERT_EQ(wait_reply(host_->line_hold(call)), 0);
    expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_ONHOLD}});
  }
  void unhold(CallHandle call) {
    ASSERT_EQ(wait_reply(host_->line_unhold(call)), 0);
    expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_CONNECTED, LINECONNECTEDMODE_ACTIVE}});
  }
};

inline std::string hold_label(const ::testing::TestParamInfo<HoldCase>& info) {
  return info.param.label;
}

}  // namespace spantsp::contract
