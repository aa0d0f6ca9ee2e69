#pragma once
// The redirect (call deflection) test bodies through the host, instantiated by
// redirect_test.cpp (ideal) and redirect_pri_test.cpp (PRI switch types). Devices 0, 1 and 2
// are per-channel lines numbered 3012301..3012303, which the sim switch loops back.

#include <vector>

#include "tests/contract/host_fixture.h"

namespace spantsp::contract {

struct RedirectCase {
  const char* label;
  const char* config;
  bool has_redirect;
};

class RedirectTest : public HostFixture, public ::testing::WithParamInterface<RedirectCase> {
 protected:
  void SetUp() override {
    start(GetParam().config);
    // PRI: the switch's first SETUP could cross the link's confirmation (pri_span.h).
    const LineHandle line = open_line(0);
    drop_and_close(connected_call(line));
    EXPECT_EQ(host_->line_close(line), 0);
  }

  DWORD call_features(CallHandle call) {
    std::vector<std::uint64_t> buffer(128);
    auto* status = reinterpret_cast<LINECALLSTATUS*>(buffer.data());
    status->dwTotalSize = static_cast<DWORD>(buffer.size() * sizeof(std::uint64_t));
    EXPECT_EQ(host_->line_get_call_status(call, status), 0);
    return status->dwCallFeatures;
  }
  LINECALLINFO fixed_info(CallHandle call, std::u16string* redirection = nullptr) {
    std::vector<std::uint64_t> buffer(1024);
    auto* info = reinterpret_cast<LINECALLINFO*>(buffer.data());
    info->dwTotalSize = static_cast<DWORD>(buffer.size() * sizeof(std::uint64_t));
    EXPECT_EQ(host_->line_get_call_info(call, info), 0);
    if (redirection != nullptr && info->dwRedirectionIDSize >= 2) {
      const auto* text = reinterpret_cast<const char16_t*>(reinterpret_cast<const char*>(info) +
                                                           info->dwRedirectionIDOffset);
      *redirection = std::u16string(text, info->dwRedirectionIDSize / 2 - 1);
    }
    return *info;
  }
  CallHandle offered(LineHandle line) {
    const CallHandle call = wait_new_call(line);
    expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_OFFERING}, {LINE_CALLINFO}});
    return call;
  }
  // lineRedirect succeeds: the completion, the destination in LINECALLINFO, then IDLE.
  void redirect(CallHandle call, const char* to) {
    ASSERT_EQ(wait_reply(host_->line_redirect(call, to)), 0);
    expect_sequence(call, {{LINE_CALLINFO, LINECALLINFOSTATE_REDIRECTIONID},
                           {LINE_CALLSTATE, LINECALLSTATE_IDLE}});
    std::u16string redirection;
    const LINECALLINFO info = fixed_info(call, &redirection);
    EXPECT_EQ(info.dwRedirectionIDFlags, DWORD{LINECALLPARTYID_ADDRESS});
    EXPECT_EQ(redirection, std::u16string(to, to + std::char_traits<char>::length(to)));
    EXPECT_EQ(host_->line_deallocate_call(call), 0);
  }
};

inline std::string redirect_label(const ::testing::TestParamInfo<RedirectCase>& info) {
  return info.param.label;
}

TEST_P(RedirectTest, CapsAdvertiseRedirectExactlyWhereTheSpanHasIt) {
  std::vector<std::uint64_t> buffer(512);
  auto* caps = reinterpret_cast<LINEADDRESSCAPS*>(buffer.data());
  caps->dwTotalSize = static_cast<DWORD>(buffer.size() * sizeof(std::uint64_t));
  ASSERT_EQ(host_->line_get_address_caps(0, 0, caps), 0);
  EXPECT_EQ((caps->dwCallFeatures & LINECALLFEATURE_REDIRECT) != 0, GetParam().has_redirect);
  EXPECT_EQ((caps->dwCallInfoStates & LINECALLINFOSTATE_REDIRECTIONID) != 0,
            GetParam().has_redirect);
  const LineHandle line = open_line(0);
  ASSERT_EQ(sim(line, sim::kSimInjectIncoming, "2125550123", "1001"), 0);
  const CallHandle call = offered(line);
  EXPECT_EQ((call_features(call) & LINECALLFEATURE_REDIRECT) != 0, GetParam().has_redirect);
  if (!GetParam().has_redirect) {
    EXPECT_EQ(host_->line_redirect(call, "3012302"), LINEERR_OPERATIONUNAVAIL);
    // The provider itself, asked without the host's gate, says the same.
    Direct direct;
    auto* redirect =
        direct.get<LONG TSPIAPI(DRV_REQUESTID, HDRVCALL, LPCWSTR, DWORD)>("TSPI_lineRedirect");
    ASSERT_NE(redirect, nullptr);
    EXPECT_EQ(redirect(1, host_->provider_call_handle(call), u"3012302", 0),
              LINEERR_OPERATIONUNAVAIL);
  }
  drop_and_close(call);
}

// An offered call of one line deflected to another of our lines: the switch offers it there
// with the deflecting line as the redirecting number, and the caller's leg follows.
TEST_P(RedirectTest, RedirectOfAnOfferingCallReachesTheTargetLine) {
  if (!GetParam().has_redirect) GTEST_SKIP() << "no call deflection on this span";
  const LineHandle caller = open_line(0);
  const LineHandle first = open_line(1);
  const LineHandle target = open_line(2);
  CallHandle a = 0;
  ASSERT_EQ(make_call(caller, "3012302", a), 0);
  const CallHandle b = offered(first);
  redirect(b, "3012303");
  const CallHandle c = offered(target);
  const CallInfoText info = call_info(c);
  EXPECT_EQ(info.redirecting, u"3012302");
  EXPECT_EQ(info.redirecting_flags, DWORD{LINECALLPARTYID_ADDRESS});
  EXPECT_EQ(info.caller, u"3012301");
  EXPECT_EQ(info.called, u"3012303");
  EXPECT_EQ(fixed_info(c).dwReason, DWORD{LINECALLREASON_REDIRECT});
  ASSERT_EQ(wait_reply(host_->line_answer(c)), 0);
  expect_sequence(c, {{LINE_CALLSTATE, LINECALLSTATE_CONNECTED}});
  for (int i = 0; i < 8; ++i) {
    const Message m = next_for_call(a);
    if (m.message == 0 || (m.message == LINE_CALLSTATE && m.param1 == LINECALLSTATE_CONNECTED)) {
      break;
    }
  }
  drop_and_close(a);
  expect_sequence(c, {{LINE_CALLSTATE, LINECALLSTATE_DISCONNECTED}});
  drop_and_close(c);
}

TEST_P(RedirectTest, RedirectToAnOutsideNumberEndsTheCallHere) {
  if (!GetParam().has_redirect) GTEST_SKIP() << "no call deflection on this span";
  const LineHandle line = open_line(0);
  ASSERT_EQ(sim(line, sim::kSimInjectIncoming, "2125550123", "1001"), 0);
  redirect(offered(line), "5551234");
  // The line is free again.
  drop_and_close(connected_call(line));
}

TEST_P(RedirectTest, BadRedirectsAreRefusedAndTheCallGoesOn) {
  if (!GetParam().has_redirect) GTEST_SKIP() << "no call deflection on this span";
  const LineHandle line = open_line(0);
  ASSERT_EQ(sim(line, sim::kSimInjectIncoming, "2125550123", "1001"), 0);
  const CallHandle call = offered(line);
  EXPECT_EQ(host_->line_redirect(call, "55!12"), LINEERR_INVALADDRESS);
  EXPECT_EQ(host_->line_redirect(call, ""), LINEERR_INVALADDRESS);
  EXPECT_EQ(host_->line_redirect(call, "5551234;"), LINEERR_INVALADDRESS);  // partial
  ASSERT_EQ(wait_reply(host_->line_answer(call)), 0);
  expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_CONNECTED}});
  // Connected: too late to deflect.
  EXPECT_EQ(call_features(call) & LINECALLFEATURE_REDIRECT, 0u);
  EXPECT_EQ(host_->line_redirect(call, "5551234"), LINEERR_INVALCALLSTATE);
  Direct direct;
  auto* redirect =
      direct.get<LONG TSPIAPI(DRV_REQUESTID, HDRVCALL, LPCWSTR, DWORD)>("TSPI_lineRedirect");
  ASSERT_NE(redirect, nullptr);
  EXPECT_EQ(redirect(1, host_->provider_call_handle(call), u"5551234", 0), LINEERR_INVALCALLSTATE);
  drop_and_close(call);
}

}  // namespace spantsp::contract
