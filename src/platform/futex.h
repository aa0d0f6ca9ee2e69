#pragma once
// Sleep on a 32-bit atomic until another thread changes it and wakes us, with a timeout: the
// OS primitive under pipeline::Waker. std::counting_semaphore::try_acquire_until in libstdc++ 12
// polls with sleeps a release() cannot cut short (milliseconds of wake-up latency, measured by
// perf/wake_latency_bench.cpp), so we call the OS directly: futex on Linux (futex_linux.cpp),
// WaitOnAddress/WakeByAddressSingle on Windows 8 and later, an address-hashed SRW lock and
// condition variable where those are missing (futex_windows.cpp). Any thread; no allocation.

#include <atomic>
#include <chrono>
#include <cstdint>

namespace spantsp::platform {

// Blocks while `*word == expected`, at most `timeout`; returns early on futex_wake_one, on a
// changed value, on a timeout or spuriously (callers re-check their condition).
void futex_wait(std::atomic<std::uint32_t>& word, std::uint32_t expected,
                std::chrono::nanoseconds timeout);

// Wakes one thread blocked in futex_wait on `word` (possibly more: callers re-check).
void futex_wake_one(std::atomic<std::uint32_t>& word);

}  // namespace spantsp::platform
