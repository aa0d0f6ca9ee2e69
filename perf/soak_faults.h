#pragma once
// The fault soak's injector (issue 12 §4): while the call-center application runs on its lines,
// a thread of its own makes the sim far end misbehave through the SimControl block
// (board_drivers/sim/sim_control.h) sent with lineDevSpecific on those same lines: span alarms
// (red, yellow, blue, signalling lost), on PRI spans dropped and corrupted D-channel frames,
// channel and span RESTARTs and SERVICE, and on every span incoming calls that collide with our
// outgoing ones (glare) and far-end clears that race our drops. Alarms and SERVICE are lifted
// again after a random time, and all of them when the injector stops.
//
// Threads: start() and stop() on the application's thread; the injector's own thread calls the
// Host's application API, which any thread may call (tools/tapihost/host.h). The SimControl
// blocks it hands to lineDevSpecific stay alive until the injector is destroyed, which must come
// after the lines were closed (the host copies each block back at its LINE_REPLY).

#include <array>
#include <atomic>
#include <cstdint>
#include <deque>
#include <mutex>
#include <random>
#include <string_view>
#include <thread>
#include <vector>

#include "board_drivers/sim/sim_control.h"
#include "tools/tapihost/host.h"

namespace spantsp::perf {

enum class Fault : std::uint8_t {
  kRedAlarm,
  kYellowAlarm,
  kBlueAlarm,
  kSignallingLoss,  // D-channel loss on PRI spans, signalling down on ideal ones
  kDroppedFrames,   // PRI
  kCorruptFrames,   // PRI
  kGlare,           // the far end seizes a channel we may be calling on
  kFarEndClear,     // races our lineDrop (the application hangs up at once)
  kChannelRestart,  // PRI
  kSpanRestart,     // PRI
  kChannelService,  // PRI (NI-2): out of service, back later
  kCount
};
inline constexpr std::size_t kFaultKinds = static_cast<std::size_t>(Fault::kCount);
std::string_view fault_name(Fault fault);
// The Fault called `name` (fault_name's words); kCount when there is none.
Fault fault_by_name(std::string_view name);

struct FaultCounts {
  std::array<std::uint64_t, kFaultKinds> injected{};  // lineDevSpecific accepted the request
  std::array<std::uint64_t, kFaultKinds> refused{};   // refused at once (line closing, ...)
  std::uint64_t total() const;
};

class FaultInjector {
 public:
  // `per_second`: faults over all spans; 0 = none. `kinds`: bit i set = Fault i may be injected.
  FaultInjector(host::Host& host, double per_second, std::uint64_t seed, std::uint32_t kinds = ~0u);
  ~FaultInjector();
  FaultInjector(const FaultInjector&) = delete;
  FaultInjector& operator=(const FaultInjector&) = delete;

  // `handles` in Host::lines() order (CallCenterHooks::line_handles). Starts the thread.
  void start(const std::vector<host::LineInfo>& lines,
             const std::vector<host::LineHandle>& handles);
  // Lifts every alarm and SERVICE still raised, then joins the thread. Idempotent.
  void stop();
  FaultCounts counts() const;

 private:
  struct Target {
    host::LineHandle line = 0;
    std::uint32_t span = 0;
    bool pri = false;
  };
  struct Pending {  // an alarm or SERVICE to lift at `due`
    std::chrono::steady_clock::time_point due;
    Target target;
    sim::SimControlOp op;
  };

  void run();
  void inject(Fault fault, const Target& target);
  bool send(Fault fault, const Target& target, sim::SimControlOp op, std::uint32_t cause,
            std::uint32_t alarms, bool count);

  host::Host& host_;
  double per_second_;
  std::uint32_t kinds_;
  std::mt19937_64 rng_;
  std::vector<Target> targets_;
  std::vector<Pending> pending_;
  std::deque<sim::SimControl> blocks_;  // alive until destruction (see above)
  std::atomic<bool> stop_{false};
  std::thread thread_;
  mutable std::mutex counts_mutex_;
  FaultCounts counts_;
};

}  // namespace spantsp::perf
