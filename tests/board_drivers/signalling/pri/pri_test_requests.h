#pragma once
// What the PRI span tests ask of a span: an outgoing call's setup and a sim far-end control
// (board_drivers/sim/sim_control.h), built the same way in every test file.

#include <cstdint>
#include <cstdio>

#include "board_drivers/board_driver.h"
#include "board_drivers/sim/sim_control.h"

namespace spantsp::pri::test {

// A call from our line 3012300001 ("Reception") to `called`.
inline board::CallSetup call_to(const char* called, bool complete = true) {
  board::CallSetup s;
  s.called.assign(called);
  s.calling.assign("3012300001");
  s.calling_name.assign("Reception");
  s.sending_complete = complete;
  return s;
}

struct ControlFields {
  const char* calling = "";
  const char* called = "";
  const char* calling_name = "";
  std::uint32_t cause = 0;
  std::uint32_t alarms = 0;
};

inline sim::SimControl control(std::uint32_t op, const ControlFields& f = {}) {
  sim::SimControl c{};
  c.dwMagic = sim::kSimControlMagic;
  c.dwVersion = sim::kSimControlVersion;
  c.dwOp = op;
  c.dwCause = f.cause;
  c.dwAlarms = f.alarms;
  std::snprintf(c.szCalling, sizeof c.szCalling, "%s", f.calling);
  std::snprintf(c.szCalled, sizeof c.szCalled, "%s", f.called);
  std::snprintf(c.szCallingName, sizeof c.szCallingName, "%s", f.calling_name);
  return c;
}

}  // namespace spantsp::pri::test
