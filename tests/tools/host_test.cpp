// Host, driven against the fake provider (fake_provider.cpp): TAPISRV's lifecycle order, the
// growing caps buffers, TAPI's own argument checks, the application API and its messages, and
// the provider misbehaviours the contract checker must count.

#include "tools/tapihost/host.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "platform/module.h"
#include "platform/process.h"
#include "tools/tapihost/tapi_names.h"

namespace spantsp::host {
namespace {

using namespace std::chrono_literals;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr LONG err(auto value) {
  return static_cast<LONG>(value);
}

// The fake's test hooks, from the same loaded image the Host uses.
struct Fake {
  const char* (*log)();
  void (*clear_log)();
  void (*flush)();
  void (*incoming_call)(DWORD);
  void (*remote_hangup)(DWORD);
  void (*send_line_close)(DWORD);
  void (*send_line_create)(DWORD_PTR);
};

template <class Fn>
Fn hook(void* handle, const char* name) {
  void* address = platform::module_symbol(handle, name);
  if (address == nullptr) throw std::runtime_error(std::string("fake hook missing: ") + name);
  return platform::as_function<Fn>(address);
}

Fake& fake() {
  static Fake hooks = [] {
    std::string error;
    void* handle = platform::load_module(FAKE_TSP_PATH, /*pin=*/false, error);
    if (handle == nullptr) throw std::runtime_error(error);
    return Fake{hook<const char* (*)()>(handle, "fake_tsp_log"),
                hook<void (*)()>(handle, "fake_tsp_clear_log"),
                hook<void (*)()>(handle, "fake_tsp_flush"),
                hook<void (*)(DWORD)>(handle, "fake_tsp_incoming_call"),
                hook<void (*)(DWORD)>(handle, "fake_tsp_remote_hangup"),
                hook<void (*)(DWORD)>(handle, "fake_tsp_send_line_close"),
                hook<void (*)(DWORD_PTR)>(handle, "fake_tsp_send_line_create")};
  }();
  return hooks;
}

// The TSPI_ calls the fake saw since the last clear.
std::vector<std::string> calls() {
  std::vector<std::string> out;
  std::stringstream log(fake().log());
  std::string line;
  while (std::getline(log, line)) out.push_back(line);
  return out;
}

bool saw(const std::string& call) {
  const auto all = calls();
  return std::find(all.begin(), all.end(), call) != all.end();
}

std::vector<std::string> rules(const Host& host) {
  std::vector<std::string> ids;
  for (const Violation& violation : host.violations()) ids.emplace_back(rule_id(violation.rule));
  return ids;
}

std::set<std::string> distinct_rules(const Host& host) {
  const auto ids = rules(host);
  return {ids.begin(), ids.end()};
}

std::string report(const Host& host) {
  std::string out;
  for (const Violation& violation : host.violations()) out += to_string(violation) + "\n";
  return out;
}

// "LINE_REPLY(7,0)", "LINE_CALLSTATE(DIALING)", "LINE_APPNEWCALL"...
std::string text(const Message& message) {
  std::string out = message_name(message.message);
  if (message.message == LINE_REPLY) {
    out += "(" + std::to_string(message.param1) + "," +
           std::to_string(static_cast<LONG>(static_cast<DWORD>(message.param2))) + ")";
  } else if (message.message == LINE_CALLSTATE) {
    out += "(" + call_state_name(static_cast<DWORD>(message.param1)) + ")";
  }
  return out;
}

// Everything the provider has sent so far (its dispatcher flushed first).
std::vector<std::string> messages(Host& host) {
  fake().flush();
  std::vector<std::string> out;
  Message message;
  while (host.get_message(message, 0ms)) out.push_back(text(message));
  return out;
}

// The next message, waiting for the host's own thread if need be.
Message next_message(Host& host) {
  Message message;
  EXPECT_TRUE(host.get_message(message, 2s));
  return message;
}

class TapihostHost : public ::testing::Test {
 protected:
  void SetUp() override {
    platform::unset_env("FAKE_TSP_MISBEHAVE");
    platform::unset_env("FAKE_TSP_LINES");
    fake().clear_log();
  }
  void TearDown() override { platform::unset_env("FAKE_TSP_MISBEHAVE"); }

  static void misbehave(const char* modes) { platform::set_env("FAKE_TSP_MISBEHAVE", modes); }

  static Host::Options options() {
    Host::Options options;
    options.provider_path = FAKE_TSP_PATH;
    return options;
  }

  // Started, line 0 open, message queue empty, log cleared.
  static LineHandle open_line(Host& host, DWORD device = 0) {
    LineHandle line = 0;
    EXPECT_EQ(host.line_open(device, line), 0);
    EXPECT_NE(line, 0u);
    messages(host);
    fake().clear_log();
    return line;
  }
};

// --- lifecycle (tspi-contract §1.2)
// ------------------------------------------------------------------

TEST_F(TapihostHost, StartFollowsTapisrvOrderAndGrowsCapsBuffersToTheNeededSize) {
  Host host(options());
  ASSERT_EQ(host.start(), 0) << host.last_error();
  // LINEDEVCAPS: 292 fixed + 3 strings of 24 + 28 device-specific + 38 device classes = 430;
  // LINEADDRESSCAPS: 228 fixed + "1000" = 238.
  EXPECT_THAT(calls(),
              ElementsAre("TSPI_lineNegotiateTSPIVersion(INIT)", "TSPI_providerEnumDevices",
                          "TSPI_providerInit", "TSPI_lineNegotiateTSPIVersion(0)",
                          "TSPI_lineGetDevCaps(0,292)", "TSPI_lineGetDevCaps(0,430)",
                          "TSPI_lineGetAddressCaps(0,0,228)", "TSPI_lineGetAddressCaps(0,0,238)",
                          "TSPI_lineNegotiateTSPIVersion(1)", "TSPI_lineGetDevCaps(1,292)",
                          "TSPI_lineGetDevCaps(1,430)", "TSPI_lineGetAddressCaps(1,0,228)",
                          "TSPI_lineGetAddressCaps(1,0,238)"));
  EXPECT_EQ(host.provider_version(), 0x00030001u);

  const auto lines = host.lines();
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[1].device_id, 1u);
  EXPECT_EQ(lines[1].permanent_line_id, 0x1001u);
  EXPECT_EQ(lines[1].tspi_version, 0x00030001u);
  EXPECT_EQ(lines[1].name, "Fake Line 1");
  EXPECT_EQ(lines[1].number, "1001");
  EXPECT_EQ(lines[1].provider_info, "FakeTSP 1.0");
  EXPECT_EQ(lines[1].switch_info, "fake switch");
  EXPECT_TRUE(lines[1].has_span);
  EXPECT_EQ(lines[1].span, 1u);
  EXPECT_EQ(lines[1].channel, 2u);
  EXPECT_EQ(lines[1].num_addresses, 1u);
  EXPECT_EQ(lines[1].media_modes,
            DWORD{LINEMEDIAMODE_INTERACTIVEVOICE | LINEMEDIAMODE_AUTOMATEDVOICE});

  fake().clear_log();
  EXPECT_EQ(host.stop(), 0);
  EXPECT_THAT(calls(), ElementsAre("TSPI_providerShutdown"));
  EXPECT_EQ(host.violation_count(), 0u) << report(host);
}

TEST_F(TapihostHost, SeveralSessionsPerLoad) {
  Host host(options());
  for (int cycle = 0; cycle < 3; ++cycle) {
    fake().clear_log();
    ASSERT_EQ(host.start(), 0);
    EXPECT_EQ(calls().front(), "TSPI_lineNegotiateTSPIVersion(INIT)");
    EXPECT_EQ(host.lines().size(), 2u);
    open_line(host);
    ASSERT_EQ(host.stop(), 0);
    EXPECT_THAT(calls(), ElementsAre("TSPI_lineClose(0)", "TSPI_providerShutdown"));
  }
  EXPECT_EQ(host.violation_count(), 0u) << report(host);
}

TEST_F(TapihostHost, FixedSizeFollowsTheNegotiatedVersion) {
  misbehave("version_2_0");
  Host host(options());
  ASSERT_EQ(host.start(), 0);
  EXPECT_THAT(calls(), Contains("TSPI_lineGetDevCaps(0,252)"));
  EXPECT_EQ(host.lines()[0].tspi_version, 0x00020000u);
  EXPECT_EQ(host.violation_count(), 0u) << report(host);
}

TEST_F(TapihostHost, LineOpenPushesMediaDetectionAndStatusMessages) {
  Host host(options());
  ASSERT_EQ(host.start(), 0);
  fake().clear_log();
  LineHandle line = 0;
  ASSERT_EQ(host.line_open(1, line), 0);
  EXPECT_THAT(
      calls(),
      ElementsAre(
          "TSPI_lineOpen(1)",
          "TSPI_lineSetDefaultMediaDetection(" +
              std::to_string(LINEMEDIAMODE_INTERACTIVEVOICE | LINEMEDIAMODE_AUTOMATEDVOICE) + ")",
          "TSPI_lineSetStatusMessages(" +
              std::to_string(LINEDEVSTATE_INSERVICE | LINEDEVSTATE_OUTOFSERVICE) + "," +
              std::to_string(LINEADDRESSSTATE_INUSEZERO | LINEADDRESSSTATE_INUSEONE) + ")"));
  fake().clear_log();
  EXPECT_EQ(host.line_close(line), 0);
  EXPECT_THAT(calls(), ElementsAre("TSPI_lineClose(1)"));
  EXPECT_EQ(host.violation_count(), 0u) << report(host);
}

TEST_F(TapihostHost, OnlyOneHostPerProcess) {
  Host host(options());
  EXPECT_THROW(Host second(options()), std::logic_error);
}

TEST_F(TapihostHost, UnloadableProviderIsReportedAsNoDriver) {
  Host::Options bad = options();
  bad.provider_path = "/nonexistent/provider.tsp";
  Host host(bad);
  EXPECT_FALSE(host.loaded());
  EXPECT_EQ(host.start(), err(LINEERR_NODRIVER));
  EXPECT_THAT(host.last_error(), HasSubstr("/nonexistent/provider.tsp"));
}

TEST_F(TapihostHost, ProviderInitFailureIsReturned) {
  misbehave("init_fails");
  Host host(options());
  EXPECT_EQ(host.start(), err(LINEERR_NOMEM));
  EXPECT_THAT(host.last_error(), HasSubstr("TSPI_providerInit returned LINEERR_NOMEM"));
  EXPECT_FALSE(host.started());
}

// --- TAPI's own checks (tspi-contract §8 "What TAPI validates for us")
// -------------------------------

TEST_F(TapihostHost, TapiChecksNeverReachTheProvider) {
  Host host(options());
  ASSERT_EQ(host.start(), 0);
  const LineHandle line = open_line(host);
  LineHandle other = 0;
  CallHandle call = 0;
  EXPECT_EQ(host.line_open(7, other), err(LINEERR_BADDEVICEID));
  EXPECT_EQ(host.line_make_call(999, "1", nullptr, call), err(LINEERR_INVALLINEHANDLE));
  EXPECT_EQ(host.line_drop(999), err(LINEERR_INVALCALLHANDLE));
  EXPECT_EQ(host.line_deallocate_call(999), err(LINEERR_INVALCALLHANDLE));
  LINEDEVSTATUS small{};
  small.dwTotalSize = sizeof(LINEDEVSTATUS) - 4;
  EXPECT_EQ(host.line_get_line_dev_status(line, &small), err(LINEERR_STRUCTURETOOSMALL));
  LINEADDRESSSTATUS address{};
  address.dwTotalSize = sizeof address;
  EXPECT_EQ(host.line_get_address_status(line, 3, &address), err(LINEERR_INVALADDRESSID));
  LINECALLPARAMS params{};
  params.dwTotalSize = sizeof params;
  params.dwOrigAddressSize = 8;
  params.dwOrigAddressOffset = sizeof params;  // past dwTotalSize
  EXPECT_EQ(host.line_make_call(line, "1", &params, call), err(LINEERR_INVALCALLPARAMS));
  EXPECT_THAT(calls(), IsEmpty());
  EXPECT_EQ(host.violation_count(), 0u) << report(host);
}

TEST_F(TapihostHost, GetIdAnswersTapiLineItselfAndForwardsOtherClasses) {
  Host host(options());
  ASSERT_EQ(host.start(), 0);
  const LineHandle line = open_line(host, 1);
  alignas(8) unsigned char buffer[128] = {};
  auto* id = reinterpret_cast<VARSTRING*>(buffer);
  id->dwTotalSize = sizeof buffer;
  ASSERT_EQ(host.line_get_id(line, 0, 0, LINECALLSELECT_LINE, id, "tapi/line"), 0);
  DWORD device = 0;
  std::memcpy(&device, buffer + id->dwStringOffset, sizeof device);
  EXPECT_EQ(device, 1u);
  EXPECT_THAT(calls(), IsEmpty());

  std::memset(buffer, 0, sizeof buffer);
  id->dwTotalSize = sizeof buffer;
  ASSERT_EQ(host.line_get_id(line, 0, 0, LINECALLSELECT_LINE, id, "wave/in"), 0);
  EXPECT_EQ(DWORD{id->dwStringFormat}, DWORD{STRINGFORMAT_UNICODE});
  EXPECT_THAT(calls(), ElementsAre("TSPI_lineGetID"));
  EXPECT_EQ(host.violation_count(), 0u) << report(host);
}

TEST_F(TapihostHost, DevSpecificWorksOnACopyReturnedWithTheReply) {
  Host host(options());
  ASSERT_EQ(host.start(), 0);
  const LineHandle line = open_line(host);
  char params[4] = {'a', 'b', 'c', '\0'};
  EXPECT_EQ(host.line_dev_specific(line, 1, 0, params, sizeof params), err(LINEERR_INVALADDRESSID));
  const LONG request = host.line_dev_specific(line, 0, 0, params, sizeof params);
  ASSERT_GT(request, 0);
  EXPECT_THAT(messages(host), ElementsAre("LINE_REPLY(" + std::to_string(request) + ",0)"));
  EXPECT_EQ(params[0], 'X');
  EXPECT_THAT(calls(), ElementsAre("TSPI_lineDevSpecific(4)"));
  EXPECT_EQ(host.violation_count(), 0u) << report(host);
}

// --- calls ---------------------------------------------------------------------------------------

TEST_F(TapihostHost, OutgoingCallRepliesBeforeItsStates) {
  Host host(options());
  ASSERT_EQ(host.start(), 0);
  const LineHandle line = open_line(host);
  CallHandle call = 0;
  const LONG request = host.line_make_call(line, "5551000", nullptr, call);
  ASSERT_GT(request, 0);
  EXPECT_NE(call, 0u);
  const std::string reply = "LINE_REPLY(" + std::to_string(request) + ",0)";
  EXPECT_THAT(messages(host),
              ElementsAre(reply, "LINE_CALLSTATE(DIALING)", "LINE_CALLSTATE(PROCEEDING)",
                          "LINE_CALLSTATE(RINGBACK)", "LINE_CALLSTATE(CONNECTED)"));
  EXPECT_THAT(calls(), ElementsAre("TSPI_lineMakeCall(0,5551000)"));

  LINECALLSTATUS status{};
  status.dwTotalSize = sizeof status;
  ASSERT_EQ(host.line_get_call_status(call, &status), 0);
  EXPECT_EQ(DWORD{status.dwCallState}, DWORD{LINECALLSTATE_CONNECTED});
  EXPECT_EQ(DWORD{status.dwCallPrivilege}, DWORD{LINECALLPRIVILEGE_OWNER});  // TAPI's own field

  EXPECT_EQ(host.line_deallocate_call(call), err(LINEERR_INVALCALLSTATE));  // not IDLE yet
  const LONG drop = host.line_drop(call);
  ASSERT_GT(drop, 0);
  EXPECT_THAT(messages(host),
              ElementsAre("LINE_CALLSTATE(IDLE)", "LINE_REPLY(" + std::to_string(drop) + ",0)"));
  EXPECT_EQ(host.line_deallocate_call(call), 0);
  EXPECT_EQ(host.line_set_app_specific(call, 1), err(LINEERR_INVALCALLHANDLE));
  EXPECT_THAT(calls(), Contains("TSPI_lineCloseCall"));
  EXPECT_EQ(host.violation_count(), 0u) << report(host);
}

TEST_F(TapihostHost, ReplyWaitsForTheRequestToReturnEvenWhenCompletedInline) {
  misbehave("inline_completion");
  Host host(options());
  ASSERT_EQ(host.start(), 0);
  const LineHandle line = open_line(host);
  CallHandle call = 0;
  const LONG request = host.line_make_call(line, "5551000", nullptr, call);
  ASSERT_GT(request, 0);
  const auto got = messages(host);
  ASSERT_FALSE(got.empty());
  EXPECT_EQ(got.front(), "LINE_REPLY(" + std::to_string(request) + ",0)");
  EXPECT_THAT(rules(host), ElementsAre("upcall-on-downcall-thread"));
}

TEST_F(TapihostHost, FailedMakeCallIsClosedByTheHost) {
  misbehave("makecall_async_fail");
  Host host(options());
  ASSERT_EQ(host.start(), 0);
  const LineHandle line = open_line(host);
  CallHandle call = 0;
  const LONG request = host.line_make_call(line, "5551000", nullptr, call);
  ASSERT_GT(request, 0);
  const Message reply = next_message(host);
  EXPECT_EQ(reply.message, DWORD{LINE_REPLY});
  EXPECT_EQ(static_cast<LONG>(static_cast<DWORD>(reply.param2)), err(LINEERR_CALLUNAVAIL));
  // TAPISRV closes the dead call on its own thread (fn:TSPI_lineCloseCall).
  for (int i = 0; i < 200 && !saw("TSPI_lineCloseCall"); ++i) std::this_thread::sleep_for(5ms);
  EXPECT_TRUE(saw("TSPI_lineCloseCall"));
  EXPECT_EQ(host.line_drop(call), err(LINEERR_INVALCALLHANDLE));
  EXPECT_EQ(host.violation_count(), 0u) << report(host);
}

TEST_F(TapihostHost, SynchronousMakeCallFailureIsReturnedAndNothingIsClosed) {
  misbehave("makecall_sync_fail");
  Host host(options());
  ASSERT_EQ(host.start(), 0);
  const LineHandle line = open_line(host);
  CallHandle call = 0;
  EXPECT_EQ(host.line_make_call(line, "5551000", nullptr, call), err(LINEERR_CALLUNAVAIL));
  EXPECT_EQ(call, 0u);
  EXPECT_THAT(messages(host), IsEmpty());
  EXPECT_THAT(calls(), ElementsAre("TSPI_lineMakeCall(0,5551000)"));
  EXPECT_EQ(host.violation_count(), 0u) << report(host);
}

TEST_F(TapihostHost, IncomingCallIsAnnouncedAcceptedAnsweredAndCleared) {
  Host host(options());
  ASSERT_EQ(host.start(), 0);
  const LineHandle line = open_line(host);
  fake().incoming_call(0);
  fake().flush();
  Message announced;
  ASSERT_TRUE(host.get_message(announced, 0ms));
  EXPECT_EQ(announced.message, DWORD{LINE_APPNEWCALL});
  EXPECT_EQ(announced.line, line);
  const CallHandle call = announced.call;
  EXPECT_EQ(announced.param2, call);
  EXPECT_EQ(announced.param3, DWORD_PTR{LINECALLPRIVILEGE_OWNER});
  EXPECT_THAT(messages(host), ElementsAre("LINE_CALLSTATE(OFFERING)"));

  const LONG accept = host.line_accept(call);
  EXPECT_THAT(messages(host), ElementsAre("LINE_CALLSTATE(ACCEPTED)",
                                          "LINE_REPLY(" + std::to_string(accept) + ",0)"));
  const LONG answer = host.line_answer(call);
  EXPECT_THAT(messages(host), ElementsAre("LINE_CALLSTATE(CONNECTED)",
                                          "LINE_REPLY(" + std::to_string(answer) + ",0)"));

  alignas(8) unsigned char buffer[512] = {};
  auto* info = reinterpret_cast<LINECALLINFO*>(buffer);
  info->dwTotalSize = sizeof buffer;
  ASSERT_EQ(host.line_get_call_info(call, info), 0);
  EXPECT_EQ(DWORD{info->hLine}, line);  // TAPI-owned members, filled by the host
  EXPECT_EQ(DWORD{info->dwNumOwners}, 1u);
  EXPECT_NE(DWORD{info->dwCallStates} & LINECALLSTATE_UNKNOWN, 0u);
  const std::u16string caller(reinterpret_cast<const char16_t*>(buffer + info->dwCallerIDOffset));
  EXPECT_EQ(caller, u"5551234");

  fake().remote_hangup(0);
  EXPECT_THAT(messages(host), ElementsAre("LINE_CALLSTATE(DISCONNECTED)"));
  const LONG drop = host.line_drop(call);
  EXPECT_THAT(messages(host),
              ElementsAre("LINE_CALLSTATE(IDLE)", "LINE_REPLY(" + std::to_string(drop) + ",0)"));
  EXPECT_EQ(host.line_deallocate_call(call), 0);
  EXPECT_EQ(host.violation_count(), 0u) << report(host);
}

TEST_F(TapihostHost, RefusedNewCallGetsNullAndTheProviderDropsIt) {
  Host::Options refusing = options();
  refusing.refuse_new_calls.count = 1;
  Host host(refusing);
  ASSERT_EQ(host.start(), 0);
  open_line(host);
  fake().incoming_call(0);
  EXPECT_THAT(messages(host), IsEmpty());
  fake().incoming_call(0);
  EXPECT_THAT(messages(host), ElementsAre("LINE_APPNEWCALL", "LINE_CALLSTATE(OFFERING)"));
  EXPECT_EQ(host.violation_count(), 0u) << report(host);
}

TEST_F(TapihostHost, CheckFillAtEverySizeOnAContractAbidingProvider) {
  Host host(options());
  ASSERT_EQ(host.start(), 0);
  const LineHandle line = open_line(host);
  fake().incoming_call(0);
  fake().flush();
  Message announced;
  ASSERT_TRUE(host.get_message(announced, 0ms));
  EXPECT_EQ(host.check_fill_at_every_size({.kind = StructKind::kLineDevCaps, .device_id = 0}), 0u);
  // Probe at the fixed size, full size, then every size from 292 to 430.
  EXPECT_EQ(calls().size(), 2u + (430u - 292u + 1u));
  EXPECT_EQ(host.check_fill_at_every_size({.kind = StructKind::kLineAddressCaps}), 0u);
  EXPECT_EQ(host.check_fill_at_every_size({.kind = StructKind::kLineDevStatus, .line = line}), 0u);
  EXPECT_EQ(
      host.check_fill_at_every_size({.kind = StructKind::kLineCallInfo, .call = announced.call}),
      0u);
  EXPECT_EQ(
      host.check_fill_at_every_size({.kind = StructKind::kLineCallStatus, .call = announced.call}),
      0u);
  EXPECT_EQ(host.violation_count(), 0u) << report(host);
}

// --- provider-initiated changes (tspi-contract §1.3) ---------------------------------------------

TEST_F(TapihostHost, LineCloseFromTheProviderMakesTheHostCloseTheLine) {
  Host host(options());
  ASSERT_EQ(host.start(), 0);
  const LineHandle line = open_line(host);
  fake().send_line_close(0);
  const Message closed = next_message(host);
  EXPECT_EQ(closed.message, DWORD{LINE_CLOSE});
  EXPECT_EQ(closed.line, line);
  EXPECT_THAT(calls(), Contains("TSPI_lineClose(0)"));
  CallHandle call = 0;
  EXPECT_EQ(host.line_make_call(line, "1", nullptr, call), err(LINEERR_INVALLINEHANDLE));
  EXPECT_EQ(host.violation_count(), 0u) << report(host);
}

TEST_F(TapihostHost, LineCreateAddsADevice) {
  Host host(options());
  ASSERT_EQ(host.start(), 0);
  fake().clear_log();
  fake().send_line_create(77);
  const Message created = next_message(host);
  EXPECT_EQ(created.message, DWORD{LINE_CREATE});
  EXPECT_EQ(created.param1, 2u);
  EXPECT_EQ(calls().front(), "TSPI_providerCreateLineDevice(77,2)");
  ASSERT_EQ(host.lines().size(), 3u);
  EXPECT_EQ(host.lines()[2].name, "Fake Line 2");
  EXPECT_EQ(host.violation_count(), 0u) << report(host);
}

TEST_F(TapihostHost, NonReentrantProviderIsServedOneCallAtATime) {
  misbehave("nonreentrant");
  Host host(options());
  ASSERT_EQ(host.start(), 0);
  const LineHandle line = open_line(host);
  CallHandle call = 0;
  ASSERT_GT(host.line_make_call(line, "5551000", nullptr, call), 0);
  EXPECT_EQ(messages(host).size(), 5u);
  EXPECT_EQ(host.stop(), 0);
  EXPECT_EQ(host.violation_count(), 0u) << report(host);
}

// --- misbehaviour is counted (one test per fake mode) --------------------------------------------

class TapihostMisbehaviour : public TapihostHost {
 protected:
  // Start, open line 0, place a call that reaches CONNECTED.
  static CallHandle call_on_line_0(Host& host) {
    EXPECT_EQ(host.start(), 0);
    const LineHandle line = open_line(host);
    CallHandle call = 0;
    EXPECT_GT(host.line_make_call(line, "5551000", nullptr, call), 0);
    messages(host);
    return call;
  }
};

TEST_F(TapihostMisbehaviour, AsyncReturnOfZero) {
  misbehave("makecall_returns_zero");
  Host host(options());
  call_on_line_0(host);
  EXPECT_THAT(rules(host), ElementsAre("async-return-value"));
}

TEST_F(TapihostMisbehaviour, DoubleCompletion) {
  misbehave("double_completion");
  Host host(options());
  call_on_line_0(host);
  EXPECT_THAT(rules(host), ElementsAre("completion-twice"));
}

TEST_F(TapihostMisbehaviour, StateBeforeMakeCallCompletion) {
  misbehave("event_before_completion");
  Host host(options());
  call_on_line_0(host);
  EXPECT_THAT(rules(host), ElementsAre("event-before-makecall-completion"));
}

TEST_F(TapihostMisbehaviour, StateAfterIdle) {
  misbehave("state_after_idle");
  Host host(options());
  const CallHandle call = call_on_line_0(host);
  host.line_drop(call);
  messages(host);
  EXPECT_THAT(rules(host), ElementsAre("state-after-idle"));
}

TEST_F(TapihostMisbehaviour, CallInfoAfterIdle) {
  misbehave("callinfo_after_idle");
  Host host(options());
  const CallHandle call = call_on_line_0(host);
  host.line_drop(call);
  messages(host);
  EXPECT_THAT(rules(host), ElementsAre("callinfo-after-idle"));
}

TEST_F(TapihostMisbehaviour, EventAfterCloseCall) {
  misbehave("event_after_closecall");
  Host host(options());
  const CallHandle call = call_on_line_0(host);
  host.line_drop(call);
  messages(host);
  ASSERT_EQ(host.line_deallocate_call(call), 0);
  fake().flush();
  EXPECT_THAT(rules(host), ElementsAre("event-after-closecall"));
}

TEST_F(TapihostMisbehaviour, RequestStillPendingWhenCloseCallReturns) {
  misbehave("drop_never_completes");
  Host host(options());
  const CallHandle call = call_on_line_0(host);
  ASSERT_GT(host.line_drop(call), 0);
  ASSERT_EQ(host.stop(), 0);  // closes the call, the line, then shuts down
  EXPECT_THAT(rules(host), ElementsAre("closecall-pending-request"));
}

TEST_F(TapihostMisbehaviour, LineDevStateOpen) {
  misbehave("linedevstate_open");
  Host host(options());
  ASSERT_EQ(host.start(), 0);
  open_line(host);
  EXPECT_THAT(rules(host), ElementsAre("linedevstate-open-close"));
}

TEST_F(TapihostMisbehaviour, NullLineHandle) {
  misbehave("null_hdline");
  Host host(options());
  ASSERT_EQ(host.start(), 0);
  open_line(host);
  EXPECT_THAT(rules(host), ElementsAre("null-driver-handle"));
}

TEST_F(TapihostMisbehaviour, DisconnectModeOutsideTheVersion) {
  misbehave("bad_disconnect_mode");
  Host host(options());
  call_on_line_0(host);
  fake().remote_hangup(0);
  messages(host);
  EXPECT_THAT(rules(host), ElementsAre("disconnectmode-version"));
}

TEST_F(TapihostMisbehaviour, TapiOwnedFieldWritten) {
  misbehave("tapi_owned_write");
  Host host(options());
  const CallHandle call = call_on_line_0(host);
  alignas(8) unsigned char buffer[512] = {};
  auto* info = reinterpret_cast<LINECALLINFO*>(buffer);
  info->dwTotalSize = sizeof buffer;
  ASSERT_EQ(host.line_get_call_info(call, info), 0);
  EXPECT_THAT(rules(host), ElementsAre("tapi-owned-field"));
}

TEST_F(TapihostMisbehaviour, WritePastTotalSize) {
  misbehave("write_past_total");
  Host host(options());
  ASSERT_EQ(host.start(), 0);
  // Every fill of the inventory: 2 devices x (2 LINEDEVCAPS + 2 LINEADDRESSCAPS).
  EXPECT_EQ(host.checker().count(Rule::kWritePastTotalSize), 8u);
  EXPECT_THAT(distinct_rules(host), ElementsAre("write-past-total-size"));
}

TEST_F(TapihostMisbehaviour, TruncatedStringFoundByFillAtEverySize) {
  misbehave("truncate_strings");
  Host host(options());
  ASSERT_EQ(host.start(), 0);
  EXPECT_EQ(host.violation_count(), 0u) << report(host);  // 292 and 430 are not truncating
  EXPECT_GT(host.check_fill_at_every_size({.kind = StructKind::kLineDevCaps, .device_id = 0}), 0u);
  EXPECT_THAT(distinct_rules(host), ElementsAre("string-format", "var-field-truncated"));
}

TEST_F(TapihostMisbehaviour, NeededSizeDependingOnTheBuffer) {
  misbehave("needed_size_varies");
  Host host(options());
  ASSERT_EQ(host.start(), 0);
  EXPECT_EQ(host.violation_count(), 0u) << report(host);
  host.check_fill_at_every_size({.kind = StructKind::kLineDevCaps, .device_id = 0});
  EXPECT_THAT(rules(host), ElementsAre("needed-size-unstable"));
}

TEST_F(TapihostMisbehaviour, MessageAfterNewCallAnsweredNull) {
  misbehave("ignore_newcall_null");
  Host::Options refusing = options();
  refusing.refuse_new_calls.count = 1;
  Host host(refusing);
  ASSERT_EQ(host.start(), 0);
  open_line(host);
  fake().incoming_call(0);
  EXPECT_THAT(messages(host), IsEmpty());
  EXPECT_THAT(rules(host), ElementsAre("event-after-newcall-null"));
}

TEST_F(TapihostMisbehaviour, UpcallAfterShutdown) {
  misbehave("upcall_after_shutdown");
  Host host(options());
  ASSERT_EQ(host.start(), 0);
  ASSERT_EQ(host.stop(), 0);
  for (int i = 0; i < 200 && host.violation_count() < 2; ++i) std::this_thread::sleep_for(5ms);
  EXPECT_THAT(rules(host), ElementsAre("upcall-after-shutdown", "completion-unknown-request"));
}

// --- caps tell the truth: the checker holds every upcall and feature to what was advertised ----

TEST_F(TapihostMisbehaviour, CallStateNotInDwCallStates) {
  misbehave("unadvertised_state");  // DIALTONE, which the fake's dwCallStates lacks
  Host host(options());
  call_on_line_0(host);
  EXPECT_THAT(rules(host), ElementsAre("callstate-not-advertised"));
}

TEST_F(TapihostMisbehaviour, CallStateModeNotInItsCaps) {
  misbehave("unadvertised_mode");  // CONNECTED INACTIVE; dwConnectedModes is ACTIVE only
  Host host(options());
  call_on_line_0(host);
  EXPECT_THAT(rules(host), ElementsAre("callstate-mode-not-advertised"));
}

TEST_F(TapihostMisbehaviour, LineAndAddressStatesNotInTheCaps) {
  misbehave("unadvertised_line_state");  // RINGING, and LINE_ADDRESSSTATE NUMCALLS
  Host host(options());
  ASSERT_EQ(host.start(), 0);
  open_line(host);
  fake().flush();
  EXPECT_THAT(rules(host),
              ElementsAre("linedevstate-not-advertised", "addressstate-not-advertised"));
}

TEST_F(TapihostMisbehaviour, LineStateTheApplicationDidNotEnable) {
  misbehave("unenabled_line_state");  // OUTOFSERVICE, advertised, sent whatever the mask
  Host host(options());
  ASSERT_EQ(host.start(), 0);
  LineHandle line = 0;
  ASSERT_EQ(
      host.line_open(
          0, line, OpenParams{.line_states = DWORD{LINEDEVSTATE_INSERVICE}, .address_states = {}}),
      0);
  fake().flush();
  EXPECT_THAT(rules(host), ElementsAre("linedevstate-not-enabled"));
}

TEST_F(TapihostMisbehaviour, CallInfoBitNotInDwCallInfoStates) {
  misbehave("unadvertised_callinfo");  // CALLERID; the fake advertises OTHER only
  Host host(options());
  call_on_line_0(host);
  EXPECT_THAT(rules(host), ElementsAre("callinfo-not-advertised"));
}

TEST_F(TapihostMisbehaviour, FeatureOfferedThenRefusedSynchronously) {
  misbehave("refuse_offered_dial");  // DIAL in every LINECALLSTATUS, lineDial refused
  Host host(options());
  const CallHandle call = call_on_line_0(host);
  EXPECT_EQ(host.line_dial(call, "1000"), err(LINEERR_INVALCALLSTATE));
  EXPECT_THAT(rules(host), ElementsAre("feature-offered-then-refused"));
}

TEST_F(TapihostMisbehaviour, FeatureOfferedThenRefusedByItsCompletion) {
  misbehave("refuse_offered_dial_async");
  Host host(options());
  const CallHandle call = call_on_line_0(host);
  const LONG dial = host.line_dial(call, "1000");
  ASSERT_GT(dial, 0);
  EXPECT_THAT(messages(host), ElementsAre("LINE_REPLY(" + std::to_string(dial) + "," +
                                          std::to_string(err(LINEERR_INVALCALLSTATE)) + ")"));
  EXPECT_THAT(rules(host), ElementsAre("feature-offered-then-refused"));
}

TEST_F(TapihostHost, FeatureTheCallDoesNotOfferNowIsRefusedBeforeTheProvider) {
  Host host(options());
  ASSERT_EQ(host.start(), 0);
  const LineHandle line = open_line(host);
  CallHandle call = 0;
  ASSERT_GT(host.line_make_call(line, "5551000", nullptr, call), 0);
  messages(host);  // ... CONNECTED: the fake offers DROP only
  fake().clear_log();
  EXPECT_EQ(host.line_answer(call), err(LINEERR_INVALCALLSTATE));
  EXPECT_EQ(host.line_dial(call, "1000"), err(LINEERR_INVALCALLSTATE));
  EXPECT_THAT(calls(), ElementsAre("TSPI_lineGetCallStatus", "TSPI_lineGetCallStatus"));
  EXPECT_EQ(host.violation_count(), 0u) << report(host);
}

TEST_F(TapihostHost, FeatureTheAddressNeverOffersIsUnavailable) {
  misbehave("no_dial_feature");
  Host host(options());
  ASSERT_EQ(host.start(), 0);
  const LineHandle line = open_line(host);
  CallHandle call = 0;
  ASSERT_GT(host.line_make_call(line, "5551000", nullptr, call), 0);
  messages(host);
  fake().clear_log();
  EXPECT_EQ(host.line_dial(call, "1000"), err(LINEERR_OPERATIONUNAVAIL));
  EXPECT_THAT(calls(), IsEmpty());
  EXPECT_EQ(host.violation_count(), 0u) << report(host);
}

TEST_F(TapihostMisbehaviour, NegotiatedVersionOutsideTheRange) {
  misbehave("bad_version");
  Host host(options());
  EXPECT_EQ(host.start(), err(LINEERR_INCOMPATIBLEAPIVERSION));
  EXPECT_THAT(rules(host), ElementsAre("negotiated-version-range"));
}

}  // namespace
}  // namespace spantsp::host
