#pragma once
// The user-user information tests through the host, shared by the ideal and the PRI suites:
// one configuration per case and the sizes its span type advertises (board::user_user_sizes).
// Devices 0 and 1 are per-channel lines whose numbers the sim switch loops back (a call from
// one reaches the other), so UUI travels line to line through the network and back.

#include <cstring>
#include <string>
#include <vector>

#include "board_drivers/board_driver.h"
#include "tests/contract/host_fixture.h"

namespace spantsp::contract {

struct UserUserCase {
  const char* label;
  const char* config;
  const char* number_of_device_1;  // device 1's number (loopback target)
  DWORD make_call;                 // expected LINEDEVCAPS dwUUI*Size
  DWORD accept;
  DWORD answer;
  DWORD drop;
  DWORD send;
};

class UserUserTest : public HostFixture, public ::testing::WithParamInterface<UserUserCase> {
 protected:
  void SetUp() override {
    start(GetParam().config);
    // PRI: the switch's first SETUP could cross the link's confirmation (pri_span.h); one call
    // of ours waits for it.
    const LineHandle line = open_line(0);
    drop_and_close(connected_call(line));
    EXPECT_EQ(host_->line_close(line), 0);
  }

  // LINECALLINFO's user-user information (dwUserUserInfoSize octets).
  std::string user_user(CallHandle call) {
    std::vector<std::uint64_t> buffer(1024);
    auto* info = reinterpret_cast<LINECALLINFO*>(buffer.data());
    info->dwTotalSize = static_cast<DWORD>(buffer.size() * sizeof(std::uint64_t));
    EXPECT_EQ(host_->line_get_call_info(call, info), 0);
    if (info->dwUserUserInfoSize == 0) return {};
    return std::string(reinterpret_cast<const char*>(info) + info->dwUserUserInfoOffset,
                       info->dwUserUserInfoSize);
  }

  // lineMakeCall with LINECALLPARAMS carrying `uui`; consumes the LINE_REPLY.
  LONG make_call_with_uui(LineHandle line, const std::string& dest, const std::string& uui,
                          CallHandle& call) {
    std::vector<std::uint64_t> buffer((sizeof(LINECALLPARAMS) + uui.size() + 7) / 8 + 1);
    auto* params = reinterpret_cast<LINECALLPARAMS*>(buffer.data());
    params->dwTotalSize = static_cast<DWORD>(sizeof(LINECALLPARAMS) + uui.size());
    params->dwUserUserInfoSize = static_cast<DWORD>(uui.size());
    params->dwUserUserInfoOffset = sizeof(LINECALLPARAMS);
    std::memcpy(reinterpret_cast<char*>(params) + sizeof(LINECALLPARAMS), uui.data(), uui.size());
    return make_call(line, dest, call, params);
  }

  // Reads `call`'s messages up to LINE_CALLSTATE `state`; returns how many
  // LINE_CALLINFO(USERUSERINFO) came on the way (other messages are skipped).
  int user_user_infos_until(CallHandle call, DWORD state) {
    int infos = 0;
    for (int i = 0; i < 16; ++i) {
      const Message m = next_for_call(call);
      if (m.message == 0) break;
      if (m.message == LINE_CALLINFO && (m.param1 & LINECALLINFOSTATE_USERUSERINFO) != 0) ++infos;
      if (m.message == LINE_CALLSTATE && m.param1 == state) return infos;
    }
    ADD_FAILURE() << "call " << call << " never reached state " << state;
    return infos;
  }

  LINEDEVCAPS dev_caps(DWORD device_id) {
    std::vector<std::uint64_t> buffer(1024);
    auto* caps = reinterpret_cast<LINEDEVCAPS*>(buffer.data());
    caps->dwTotalSize = static_cast<DWORD>(buffer.size() * sizeof(std::uint64_t));
    EXPECT_EQ(host_->line_get_dev_caps(device_id, caps), 0);
    return *caps;
  }
  DWORD address_call_features(DWORD device_id) {
    std::vector<std::uint64_t> buffer(512);
    auto* caps = reinterpret_cast<LINEADDRESSCAPS*>(buffer.data());
    caps->dwTotalSize = static_cast<DWORD>(buffer.size() * sizeof(std::uint64_t));
    EXPECT_EQ(host_->line_get_address_caps(device_id, 0, caps), 0);
    return caps->dwCallFeatures;
  }
  DWORD call_features(CallHandle call) {
    std::vector<std::uint64_t> buffer(128);
    auto* status = reinterpret_cast<LINECALLSTATUS*>(buffer.data());
    status->dwTotalSize = static_cast<DWORD>(buffer.size() * sizeof(std::uint64_t));
    EXPECT_EQ(host_->line_get_call_status(call, status), 0);
    return status->dwCallFeatures;
  }

  // An incoming call offered on `line` (a sim control), its OFFERING and LINE_CALLINFO read;
  // returns the LINE_CALLINFO's dwParam1.
  CallHandle offered_call(LineHandle line, DWORD& info_states) {
    EXPECT_EQ(sim(line, sim::kSimInjectIncoming, "2125550123", "1001"), 0);
    const CallHandle call = wait_new_call(line);
    expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_OFFERING}});
    const Message info = next_for_call(call);
    EXPECT_EQ(info.message, DWORD{LINE_CALLINFO});
    info_states = static_cast<DWORD>(info.param1);
    return call;
  }
};

inline std::string user_user_label(const ::testing::TestParamInfo<UserUserCase>& info) {
  return info.param.label;
}

}  // namespace spantsp::contract
