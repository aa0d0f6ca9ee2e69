#pragma once
// Drives the real provider through tools/tapihost exactly as TAPISRV would, for contract
// tests. Every test ends by asserting the host's contract checker saw no violation.
//
// Waiting for a message uses a generous timeout that only matters when a test fails: the
// order and content of messages decide every test, never timing.

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "board_drivers/sim/sim_control.h"
#include "platform/module.h"
#include "tools/tapihost/host.h"
#include "tspi/abi/tspi_abi.h"
#include "tspi/spantsp_devspecific.h"

namespace spantsp::contract {

using host::CallHandle;
using host::Host;
using host::LineHandle;
using host::Message;

inline constexpr auto kPatience = std::chrono::seconds(20);

// What a test expects of a message; unset fields match anything.
struct Expect {
  DWORD message;
  std::optional<DWORD_PTR> p1 = std::nullopt;
  std::optional<DWORD_PTR> p2 = std::nullopt;
  std::optional<DWORD_PTR> p3 = std::nullopt;
};

std::string describe(const Message& m);

// LINECALLINFO's origin and party IDs, the strings converted from UTF-16.
struct CallInfoText {
  DWORD origin = 0;
  DWORD caller_flags = 0;
  DWORD called_flags = 0;
  DWORD redirecting_flags = 0;
  std::u16string caller;
  std::u16string caller_name;
  std::u16string called;
  std::u16string redirecting;
  DWORD trunk = 0;  // dwTrunk: the bearer channel
  DWORD call_id = 0;
  DWORD related_call_id = 0;
  DWORD r2_category = 0;  // SpanTspCallDevSpecific in dwDevSpecific (0: none there)
};

class HostFixture : public ::testing::Test {
 protected:
  // Starts a host on the provider with `config_file` (relative to the test data folder).
  void start(const std::string& config_file, Host::Options options = {});
  void TearDown() override;

  LineHandle open_line(DWORD device_id, DWORD media_modes = 0);
  LineHandle open_line(DWORD device_id, const host::OpenParams& params);
  // The next message for `call` (messages of other calls stay queued for later reads).
  Message next_for_call(CallHandle call);
  // The next message of any kind concerning `line` and no call, or any call when
  // `any_call`; returns it.
  Message next_message();
  // Asserts the exact sequence of the next messages of `call`.
  void expect_sequence(CallHandle call, const std::vector<Expect>& expected);
  // Waits for LINE_APPNEWCALL on `line` and returns the new call's handle.
  CallHandle wait_new_call(LineHandle line);
  // Waits for the LINE_REPLY of `request` and returns its result.
  LONG wait_reply(LONG request);

  // Waits for a LINE_LINEDEVSTATE of `line` whose dwParam1 has `state` (other messages stay
  // queued); false when none came within the timeout.
  bool wait_line_dev_state(LineHandle line, DWORD state);
  // How many LINE_LINEDEVSTATE messages of `line` (dwParam1 & `state`) have arrived so far,
  // without waiting; they are consumed, other messages stay queued.
  std::size_t take_line_dev_states(LineHandle line, DWORD state);

  // Sends a sim control to the far end of `line` and waits for its completion.
  LONG sim(LineHandle line, sim::SimControlOp op, const char* calling = "", const char* called = "",
           DWORD cause = 0, DWORD alarms = 0, const char* calling_name = "",
           std::uint8_t channel = 0);

  // lineGetCallInfo of `call`, its party IDs as text.
  CallInfoText call_info(CallHandle call);

  // LINEDEVSTATUS of `line` with the provider's device-specific block (pools, service).
  SpanTspLineDevStatus line_status(LineHandle line, LINEDEVSTATUS* fixed = nullptr);

  // Places a call and consumes its LINE_REPLY; returns the reply's result.
  LONG make_call(LineHandle line, std::optional<std::string> dest, CallHandle& call,
                 const LINECALLPARAMS* params = nullptr);
  // Places a call to a "9900" number the far end answers at once; consumes up to CONNECTED.
  CallHandle connected_call(LineHandle line);
  // Drops, waits for IDLE and the drop's reply, deallocates.
  void drop_and_close(CallHandle call);

  std::unique_ptr<Host> host_;
  std::deque<Message> backlog_;
};

bool matches(const Message& m, const Expect& e);

// The provider's exports resolved directly, bypassing the host's TAPI checks on purpose (to
// hand the provider stale or forged handles). Loading returns the module the host loaded.
struct Direct {
  std::string error;
  void* module = platform::load_module(SPANTSP_PROVIDER_PATH, /*pin=*/false, error);
  ~Direct() { platform::unload_module(module); }
  template <class F>
  F* get(const char* name) {
    return platform::as_function<F*>(platform::module_symbol(module, name));
  }
};

}  // namespace spantsp::contract
