#pragma once
// The one media thread of a host-library application: every `period_ms` it runs
// CallAudio::pump() for every registered call (top up play rings, drain hear rings), so
// hundreds of calls share one thread and the span workers' frame ticks do the rest.
//
// Threads: add/remove from any thread (a mutex guards the list, which is reserved up front:
// no allocation while calls come and go within `capacity`); CallAudioEvents run on the pump
// thread. remove() returns once the pump no longer touches the call; neither may be called
// from a CallAudioEvents handler (the pass holds the list).

#include <atomic>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

#include "tools/tapihost/call_audio.h"

namespace spantsp::host {

class MediaPump {
 public:
  MediaPump(std::size_t capacity, std::uint32_t period_ms = 10);
  ~MediaPump();
  MediaPump(const MediaPump&) = delete;
  MediaPump& operator=(const MediaPump&) = delete;

  void add(CallAudio& call);
  void remove(CallAudio& call);
  // One pass over every call on the caller's thread (tests drive the pump by hand).
  void pump_once();
  void start();
  void stop();
  std::uint64_t passes() const { return passes_.load(std::memory_order_relaxed); }

 private:
  void run();

  std::uint32_t period_ms_;
  std::mutex mutex_;  // the list, and a pass in progress
  std::vector<CallAudio*> calls_;
  std::atomic<bool> running_{false};
  std::atomic<std::uint64_t> passes_{0};
  std::thread thread_;
};

}  // namespace spantsp::host
