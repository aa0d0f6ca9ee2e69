// Fuzz target: sequences of TSPI calls against the sim board (issue 12 §3). tapihost's Host
// loads the provider with the contract checker on and runs one TAPI session per input: the
// input is a program of valid and invalid calls (open, close, make, drop, answer, accept,
// dial, close-call, status and info at any buffer size, sim far-end controls: incoming calls,
// clears, alarms, restarts, frame loss), drawn octet by octet; any contract violation, a
// provider that accepts a stale handle, or a sanitizer finding is a crash.
//
// Threads: the harness thread plays the application; the provider runs its workers.

#include <dlfcn.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <deque>
#include <string>
#include <vector>

#include "board_drivers/sim/sim_control.h"
#include "tests/fuzz/fuzz_support.h"
#include "tools/tapihost/host.h"
#include "tspi/abi/tspi_abi.h"

namespace {

namespace host = spantsp::host;
namespace sim = spantsp::sim;

constexpr const char* kHarness = "tspi_sequence_fuzz";

host::Host* g_host = nullptr;
decltype(&TSPI_lineGetCallStatus) g_get_call_status = nullptr;

// Reads the program: every read past the end gives 0, so any input is a complete program.
class Program {
 public:
  Program(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  bool done() const { return at_ >= size_; }
  std::uint8_t byte() { return at_ < size_ ? data_[at_++] : 0; }
  std::uint32_t dword() {
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v |= std::uint32_t{byte()} << (8 * i);
    return v;
  }
  template <class T>
  T pick(const std::vector<T>& from) {
    return from.empty() ? T{} : from[byte() % from.size()];
  }
  // A number: one of the sim's test numbers, or digits and dial characters from the input.
  std::string number() {
    static const char* const kKnown[] = {"99005550000", "99175551234", "99195550000",
                                         "99165550000", "5551000",     "+4930123456",
                                         "555;",        "55W5",        ""};
    const std::uint8_t choice = byte();
    if (choice < 200) return kKnown[choice % std::size(kKnown)];
    std::string text;
    for (std::uint8_t n = byte() % 48; n > 0; --n) {
      static const char kChars[] = "0123456789*#ABCDabcd+TP,()-.;|^W@$?!x ";
      text += kChars[byte() % (sizeof kChars - 1)];
    }
    return text;
  }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t at_ = 0;
};

struct Session {
  std::vector<host::LineHandle> lines;
  std::vector<host::CallHandle> calls;
  std::vector<HDRVCALL> closed_calls;    // provider handles of calls already closed
  std::deque<sim::SimControl> controls;  // lineDevSpecific buffers, alive until stop()
  std::deque<std::vector<std::uint64_t>> buffers;
};

void drain(Session& s, std::chrono::nanoseconds wait) {
  host::Message m;
  while (g_host->get_message(m, wait)) {
    wait = std::chrono::nanoseconds(0);
    if (m.message == LINE_APPNEWCALL) s.calls.push_back(static_cast<host::CallHandle>(m.param2));
  }
}

// A zeroed, 8-aligned buffer with dwTotalSize set: below, at or above the fixed size.
template <class T>
T* sized(Session& s, Program& p) {
  const std::uint8_t choice = p.byte();
  DWORD total = sizeof(T);
  if (choice < 32)
    total = choice;  // too small
  else if (choice < 128)
    total = sizeof(T) + (choice - 32) * 4;  // room for some fields
  else
    total = sizeof(T) + 4096;
  auto& buffer = s.buffers.emplace_back((std::max<DWORD>(total, sizeof(T)) + 7) / 8, 0);
  T* t = reinterpret_cast<T*>(buffer.data());
  t->dwTotalSize = total;
  return t;
}

void control(Session& s, Program& p) {
  static const std::uint32_t kOps[] = {
      sim::kSimInjectIncoming, sim::kSimRemoteAnswer, sim::kSimRemoteClear,
      sim::kSimSpanAlarm,      sim::kSimRemoteDigits, sim::kSimInjectRedirected,
      sim::kSimRestartChannel, sim::kSimRestartSpan,  sim::kSimServiceChannel,
      sim::kSimDropFrames,     sim::kSimCorruptFrames};
  sim::SimControl& c = s.controls.emplace_back();
  std::memset(&c, 0, sizeof c);
  c.dwMagic = p.byte() == 0xFF ? p.dword() : sim::kSimControlMagic;
  c.dwVersion = sim::kSimControlVersion;
  c.dwOp = kOps[p.byte() % std::size(kOps)];
  c.dwCause = p.byte();
  c.dwAlarms = p.byte() & 0x0F;
  std::strncpy(c.szCalling, "5551234", sizeof c.szCalling - 1);
  const std::string called = p.number();
  std::strncpy(c.szCalled, called.c_str(), sizeof c.szCalled - 1);
  DWORD size = sizeof c;
  if (p.byte() == 0xFE) size = p.byte();  // a wrong size
  const host::CallHandle call = p.byte() < 32 ? p.pick(s.calls) : 0;
  const host::LineHandle line = p.pick(s.lines);
  g_host->line_dev_specific(line, 0, call, &c, size);
}

// Arguments are read from the program in the order written (never inside one call's argument
// list, whose evaluation order C++ leaves open), so an input means the same on every compiler.
void step(Session& s, Program& p) {
  const std::uint8_t op = p.byte() % 20;
  switch (op) {
    case 0: {
      host::LineHandle line = 0;
      const DWORD device = p.byte() % (g_host->num_lines() + 1);
      if (g_host->line_open(device, line) == 0) {
        s.lines.push_back(line);
      }
      break;
    }
    case 1:
      g_host->line_close(p.pick(s.lines));
      break;
    case 2: {
      host::CallHandle call = 0;
      const std::string number = p.number();
      LINECALLPARAMS* params = nullptr;
      if (p.byte() >= 192) {
        params = sized<LINECALLPARAMS>(s, p);
        params->dwBearerMode = p.byte() < 128 ? LINEBEARERMODE_VOICE : p.dword();
        params->dwMediaMode = p.byte() < 128 ? LINEMEDIAMODE_INTERACTIVEVOICE : p.dword();
        params->dwCallParamFlags = p.byte() < 128 ? 0 : p.dword();
        params->dwAddressMode = p.byte() < 128 ? 0 : p.dword();
      }
      const bool null_number = p.byte() >= 240;
      const host::LineHandle line = p.pick(s.lines);
      if (g_host->line_make_call(
              line, null_number ? std::nullopt : std::optional<std::string_view>(number), params,
              call) > 0) {
        s.calls.push_back(call);
      }
      break;
    }
    case 3:
      g_host->line_drop(p.pick(s.calls));
      break;
    case 4:
      g_host->line_answer(p.pick(s.calls));
      break;
    case 5:
      g_host->line_accept(p.pick(s.calls));
      break;
    case 6: {
      const host::CallHandle call = p.pick(s.calls);
      g_host->line_dial(call, p.number());
      break;
    }
    case 7:
    case 8: {
      const host::CallHandle call = p.pick(s.calls);
      const HDRVCALL hd = g_host->provider_call_handle(call);
      const LONG result =
          op == 7 ? g_host->line_deallocate_call(call) : g_host->line_close_call_now(call);
      if (result == 0 && hd != nullptr) s.closed_calls.push_back(hd);
      break;
    }
    case 9: {
      const host::CallHandle call = p.pick(s.calls);
      g_host->line_get_call_info(call, sized<LINECALLINFO>(s, p));
      break;
    }
    case 10: {
      const host::CallHandle call = p.pick(s.calls);
      g_host->line_get_call_status(call, sized<LINECALLSTATUS>(s, p));
      break;
    }
    case 11: {
      const host::LineHandle line = p.pick(s.lines);
      g_host->line_get_line_dev_status(line, sized<LINEDEVSTATUS>(s, p));
      break;
    }
    case 12: {
      const host::LineHandle line = p.pick(s.lines);
      const DWORD address = p.byte() % 2;
      g_host->line_get_address_status(line, address, sized<LINEADDRESSSTATUS>(s, p));
      break;
    }
    case 13:
    case 14:
      control(s, p);
      break;
    case 15: {
      const host::CallHandle call = p.pick(s.calls);
      const DWORD modes = p.byte() < 128 ? LINEDIGITMODE_DTMF : p.dword();
      g_host->line_monitor_digits(call, modes);
      break;
    }
    case 16: {
      const host::CallHandle call = p.pick(s.calls);
      const std::string digits = p.number();
      const DWORD duration = p.byte();
      g_host->line_generate_digits(call, LINEDIGITMODE_DTMF, digits, duration);
      break;
    }
    case 17: {
      // A stale provider handle straight to the provider (as a buggy TAPISRV could): refused.
      if (s.closed_calls.empty() || g_get_call_status == nullptr) break;
      const HDRVCALL stale = p.pick(s.closed_calls);
      LINECALLSTATUS* status = sized<LINECALLSTATUS>(s, p);
      status->dwTotalSize = sizeof(LINECALLSTATUS) + 4096;
      if (g_get_call_status(stale, status) == 0) {
        spantsp::fuzz::fail(kHarness, "TSPI_lineGetCallStatus accepted a closed call's handle");
      }
      break;
    }
    case 18: {
      const host::CallHandle call = p.pick(s.calls);
      g_host->line_set_app_specific(call, p.dword());
      break;
    }
    case 19:
      drain(s, std::chrono::milliseconds(p.byte() % 32));
      break;
  }
  drain(s, std::chrono::nanoseconds(0));
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  const auto dir = spantsp::fuzz::make_temp_dir("tspi_sequence_fuzz");
  spantsp::fuzz::use_config(std::filesystem::path(SPANTSP_FUZZ_DATA) / "sim-fuzz.toml",
                            dir / "spantsp.toml");
  ::setenv("SPANTSP_SIM_DCHANNEL", "unlimited", 1);
  ::setenv("SPANTSP_LOG_LEVEL", "error", 1);
  host::Host::Options options;
  options.provider_path = SPANTSP_FUZZ_PROVIDER;
  g_host = new host::Host(options);  // lives until the process ends
  if (!g_host->loaded()) spantsp::fuzz::fail(kHarness, g_host->last_error());
  void* module = ::dlopen(SPANTSP_FUZZ_PROVIDER, RTLD_NOW | RTLD_NOLOAD);
  if (module != nullptr) {
    g_get_call_status =
        reinterpret_cast<decltype(g_get_call_status)>(::dlsym(module, "TSPI_lineGetCallStatus"));
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::size_t violations_before = g_host->violation_count();
  const LONG started = g_host->start();
  if (started != 0)
    spantsp::fuzz::fail(kHarness, "the provider did not start: " + g_host->last_error());
  {
    Session session;
    Program program(data, size);
    for (int steps = 0; !program.done() && steps < 256; ++steps) step(session, program);
    drain(session, std::chrono::milliseconds(2));
    g_host->stop();
  }
  const auto violations = g_host->violations();
  if (violations.size() != violations_before) {
    std::string text;
    for (std::size_t i = violations_before; i < violations.size(); ++i) {
      text += host::to_string(violations[i]) + "\n";
    }
    spantsp::fuzz::fail(kHarness, "contract violations:\n" + text);
  }
  return 0;
}
