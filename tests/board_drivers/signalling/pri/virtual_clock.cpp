#include "tests/board_drivers/signalling/pri/virtual_clock.h"

#include <sys/time.h>

#include <atomic>
#include <cassert>

namespace spantsp::pri::test {
namespace {

std::atomic<pipeline::TimerWheel*> g_wheel{nullptr};
std::atomic<std::uint64_t> g_virtual_reads{0};

}  // namespace

VirtualClock::VirtualClock(pipeline::TimerWheel& wheel) : wheel_(wheel) {
  [[maybe_unused]] pipeline::TimerWheel* previous = g_wheel.exchange(&wheel);
  assert(previous == nullptr);
  mark();
}

VirtualClock::~VirtualClock() {
  g_wheel.store(nullptr);
}

void VirtualClock::run_for(std::uint64_t ms) {
  test::run_for(wheel_, ms);
}

std::vector<Timed> VirtualClock::run_for(RecordingEvents& events, std::uint64_t ms) {
  std::vector<Timed> out;
  const std::uint64_t end = wheel_.now_ms() + ms;
  while (wheel_.now_ms() < end) {
    wheel_.advance(wheel_.now_ms() + 1);
    for (std::string& report : events.take()) out.push_back({elapsed_ms(), std::move(report)});
  }
  return out;
}

std::vector<Timed> VirtualClock::run_until_report(RecordingEvents& events, std::uint64_t limit_ms) {
  std::vector<Timed> out;
  const std::uint64_t end = wheel_.now_ms() + limit_ms;
  while (out.empty() && wheel_.now_ms() < end) {
    wheel_.advance(wheel_.now_ms() + 1);
    for (std::string& report : events.take()) out.push_back({elapsed_ms(), std::move(report)});
  }
  return out;
}

bool VirtualClock::run_to_next_deadline(std::uint64_t limit_ms) {
  const std::uint64_t next = wheel_.next_deadline();
  if (next == pipeline::TimerWheel::kNever || next > wheel_.now_ms() + limit_ms) return false;
  wheel_.advance(next);
  return true;
}

std::uint64_t VirtualClock::virtual_clock_reads() {
  return g_virtual_reads.load();
}

}  // namespace spantsp::pri::test

// Every gettimeofday() of the binary's static code (libpri.a included) lands here
// (-Wl,--wrap=gettimeofday, board_drivers/CMakeLists.txt).
extern "C" int __real_gettimeofday(struct timeval* tv, void* tz);

extern "C" int __wrap_gettimeofday(struct timeval* tv, void* tz) {
  using spantsp::pri::test::VirtualClock;
  spantsp::pipeline::TimerWheel* wheel = spantsp::pri::test::g_wheel.load();
  if (wheel == nullptr) return __real_gettimeofday(tv, tz);
  spantsp::pri::test::g_virtual_reads.fetch_add(1);
  const std::uint64_t ms = wheel->now_ms();
  tv->tv_sec =
      static_cast<time_t>(VirtualClock::kEpochSeconds + static_cast<std::int64_t>(ms / 1000));
  tv->tv_usec = static_cast<suseconds_t>((ms % 1000) * 1000);
  return 0;
}
