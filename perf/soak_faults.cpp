#include "perf/soak_faults.h"

#include <algorithm>
#include <chrono>
#include <cstring>

namespace spantsp::perf {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::uint32_t kRed = 1, kYellow = 2, kBlue = 4, kSignallingDown = 8;
constexpr std::uint32_t kServiceOut = 2, kServiceIn = 0;
constexpr std::uint32_t kNormalClearing = 16;

}  // namespace

std::string_view fault_name(Fault fault) {
  switch (fault) {
    case Fault::kRedAlarm:
      return "red_alarm";
    case Fault::kYellowAlarm:
      return "yellow_alarm";
    case Fault::kBlueAlarm:
      return "blue_alarm";
    case Fault::kSignallingLoss:
      return "dchannel_loss";
    case Fault::kDroppedFrames:
      return "dropped_frames";
    case Fault::kCorruptFrames:
      return "corrupt_frames";
    case Fault::kGlare:
      return "glare";
    case Fault::kFarEndClear:
      return "far_end_clear";
    case Fault::kChannelRestart:
      return "channel_restart";
    case Fault::kSpanRestart:
      return "span_restart";
    case Fault::kChannelService:
      return "channel_service";
    case Fault::kCount:
      break;
  }
  return "?";
}

Fault fault_by_name(std::string_view name) {
  for (std::size_t i = 0; i < kFaultKinds; ++i) {
    if (fault_name(static_cast<Fault>(i)) == name) return static_cast<Fault>(i);
  }
  return Fault::kCount;
}

std::uint64_t FaultCounts::total() const {
  std::uint64_t sum = 0;
  for (std::uint64_t n : injected) sum += n;
  return sum;
}

FaultInjector::FaultInjector(host::Host& host, double per_second, std::uint64_t seed,
                             std::uint32_t kinds)
    : host_(host), per_second_(per_second), kinds_(kinds), rng_(seed) {}

FaultInjector::~FaultInjector() {
  stop();
}

void FaultInjector::start(const std::vector<host::LineInfo>& lines,
                          const std::vector<host::LineHandle>& handles) {
  for (std::size_t i = 0; i < lines.size() && i < handles.size(); ++i) {
    if (handles[i] == 0) continue;
    targets_.push_back({handles[i], lines[i].span, lines[i].switch_info.starts_with("pri")});
  }
  if (per_second_ > 0 && !targets_.empty()) thread_ = std::thread([this] { run(); });
}

void FaultInjector::stop() {
  stop_.store(true);
  if (thread_.joinable()) thread_.join();
  // Lift what is still raised, so the next round starts with every span in service.
  for (const Pending& p : pending_) {
    send(Fault::kCount, p.target, p.op, 0, p.op == sim::kSimServiceChannel ? kServiceIn : 0, false);
  }
  pending_.clear();
}

FaultCounts FaultInjector::counts() const {
  std::lock_guard lock(counts_mutex_);
  return counts_;
}

bool FaultInjector::send(Fault fault, const Target& target, sim::SimControlOp op,
                         std::uint32_t cause, std::uint32_t alarms, bool count) {
  sim::SimControl& c = blocks_.emplace_back();
  std::memset(&c, 0, sizeof c);
  c.dwMagic = sim::kSimControlMagic;
  c.dwVersion = sim::kSimControlVersion;
  c.dwOp = op;
  c.dwCause = cause;
  c.dwAlarms = alarms;
  std::strncpy(c.szCalling, "3035550100", sizeof c.szCalling - 1);
  std::strncpy(c.szCalled, "2100101", sizeof c.szCalled - 1);
  const LONG request = host_.line_dev_specific(target.line, 0, 0, &c, sizeof c);
  if (count) {
    std::lock_guard lock(counts_mutex_);
    auto& counter = request > 0 ? counts_.injected : counts_.refused;
    ++counter[static_cast<std::size_t>(fault)];
  }
  return request > 0;
}

void FaultInjector::inject(Fault fault, const Target& t) {
  if ((kinds_ & (1u << static_cast<unsigned>(fault))) == 0) return;
  const auto later = [this](int min_ms, int max_ms) {
    return Clock::now() +
           std::chrono::milliseconds(std::uniform_int_distribution<int>(min_ms, max_ms)(rng_));
  };
  // One raised alarm per span at a time: a second would be lifted by the first's clear.
  const auto span_pending = [this, &t] {
    return std::any_of(pending_.begin(), pending_.end(), [&t](const Pending& p) {
      return p.op == sim::kSimSpanAlarm && p.target.span == t.span;
    });
  };
  switch (fault) {
    case Fault::kRedAlarm:
    case Fault::kYellowAlarm:
    case Fault::kBlueAlarm:
    case Fault::kSignallingLoss: {
      if (span_pending()) return;
      const std::uint32_t alarm = fault == Fault::kRedAlarm      ? kRed
                                  : fault == Fault::kYellowAlarm ? kYellow
                                  : fault == Fault::kBlueAlarm   ? kBlue
                                                                 : kSignallingDown;
      if (send(fault, t, sim::kSimSpanAlarm, 0, alarm, true)) {
        pending_.push_back({later(20, 400), t, sim::kSimSpanAlarm});
      }
      return;
    }
    case Fault::kDroppedFrames:
    case Fault::kCorruptFrames: {
      const auto frames = std::uniform_int_distribution<std::uint32_t>(1, 6)(rng_);
      const std::uint32_t from_us = rng_() & 1;
      send(fault, t, fault == Fault::kDroppedFrames ? sim::kSimDropFrames : sim::kSimCorruptFrames,
           frames, from_us, true);
      return;
    }
    case Fault::kGlare:
      send(fault, t, sim::kSimInjectIncoming, 0, 0, true);
      return;
    case Fault::kFarEndClear:
      send(fault, t, sim::kSimRemoteClear, kNormalClearing, 0, true);
      return;
    case Fault::kChannelRestart:
      send(fault, t, sim::kSimRestartChannel, 0, 0, true);
      return;
    case Fault::kSpanRestart:
      send(fault, t, sim::kSimRestartSpan, 0, 0, true);
      return;
    case Fault::kChannelService:
      if (send(fault, t, sim::kSimServiceChannel, 0, kServiceOut, true)) {
        pending_.push_back({later(20, 400), t, sim::kSimServiceChannel});
      }
      return;
    case Fault::kCount:
      return;
  }
}

void FaultInjector::run() {
  static constexpr Fault kAny[] = {Fault::kRedAlarm,  Fault::kYellowAlarm,
                                   Fault::kBlueAlarm, Fault::kSignallingLoss,
                                   Fault::kGlare,     Fault::kFarEndClear};
  static constexpr Fault kPriOnly[] = {Fault::kDroppedFrames, Fault::kCorruptFrames,
                                       Fault::kChannelRestart, Fault::kSpanRestart,
                                       Fault::kChannelService};
  std::exponential_distribution<double> gap(per_second_);
  auto next = Clock::now();
  while (!stop_.load(std::memory_order_relaxed)) {
    const auto now = Clock::now();
    for (auto it = pending_.begin(); it != pending_.end();) {
      if (it->due > now) {
        ++it;
        continue;
      }
      send(Fault::kCount, it->target, it->op, 0, it->op == sim::kSimServiceChannel ? kServiceIn : 0,
           false);
      it = pending_.erase(it);
    }
    if (now >= next) {
      const Target& t = targets_[rng_() % targets_.size()];
      const bool pri_fault = t.pri && (rng_() % 2) == 0;
      inject(pri_fault ? kPriOnly[rng_() % std::size(kPriOnly)] : kAny[rng_() % std::size(kAny)],
             t);
      next += std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(gap(rng_)));
      if (next < now) next = now;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

}  // namespace spantsp::perf
