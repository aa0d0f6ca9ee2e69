#include "tools/tapihost/media_pump.h"

#include <algorithm>
#include <chrono>

namespace spantsp::host {

MediaPump::MediaPump(std::size_t capacity, std::uint32_t period_ms) : period_ms_(period_ms) {
  calls_.reserve(capacity);
}

MediaPump::~MediaPump() {
  stop();
}

void MediaPump::add(CallAudio& call) {
  std::lock_guard lock(mutex_);
  calls_.push_back(&call);
}

void MediaPump::remove(CallAudio& call) {
  std::lock_guard lock(mutex_);  // waits out a pass in progress
  calls_.erase(std::remove(calls_.begin(), calls_.end(), &call), calls_.end());
}

void MediaPump::pump_once() {
  std::lock_guard lock(mutex_);
  for (CallAudio* call : calls_) call->pump();
  passes_.fetch_add(1, std::memory_order_relaxed);
}

void MediaPump::start() {
  if (running_.exchange(true)) return;
  thread_ = std::thread([this] { run(); });
}

void MediaPump::stop() {
  if (!running_.exchange(false)) return;
  thread_.join();
}

void MediaPump::run() {
  auto next = std::chrono::steady_clock::now();
  while (running_.load(std::memory_order_relaxed)) {
    pump_once();
    next += std::chrono::milliseconds(period_ms_);
    const auto now = std::chrono::steady_clock::now();
    if (next < now) next = now;  // late: do not try to catch up in a burst
    std::this_thread::sleep_until(next);
  }
}

}  // namespace spantsp::host
