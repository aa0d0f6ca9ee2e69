#include "perf/cpu_roles.h"

#include <dirent.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>

#include "pipeline/perf_role.h"
#include "tools/tapihost/code_scope.h"

namespace spantsp::perf {

namespace {

using pipeline::perf_role::ThreadSlot;

// Slots handed to provider threads; never freed, so reading one after its thread ended is safe.
constexpr std::size_t kMaxSlots = 4096;
std::array<ThreadSlot, kMaxSlots> g_slots;
std::atomic<std::size_t> g_slots_used{0};
thread_local ThreadSlot* t_slot = nullptr;

// What the signal handler fills, by thread: tid published before the timers are armed.
constexpr std::size_t kMaxThreads = 4096;
struct SampleRow {
  std::atomic<int> tid{0};
  std::atomic<std::uint64_t> samples[kCpuRoles];
};
std::array<SampleRow, kMaxThreads> g_rows;
std::atomic<std::size_t> g_row_count{0};

void on_sample(int /*signal*/, siginfo_t* info, void* /*context*/) {
  const int saved_errno = errno;
  const int tid = static_cast<int>(::gettid());
  const std::size_t rows = g_row_count.load(std::memory_order_acquire);
  for (std::size_t i = 0; i < rows; ++i) {
    if (g_rows[i].tid.load(std::memory_order_relaxed) != tid) continue;
    unsigned role = static_cast<unsigned>(CpuRole::kHost);
    if (!host::in_host_code()) {
      role = t_slot != nullptr ? t_slot->role.load(std::memory_order_relaxed) : 0u;
      if (role >= static_cast<unsigned>(CpuRole::kHost)) role = 0;
    }
    const auto weight =
        static_cast<std::uint64_t>(1 + (info->si_overrun > 0 ? info->si_overrun : 0));
    g_rows[i].samples[role].fetch_add(weight, std::memory_order_relaxed);
    break;
  }
  errno = saved_errno;
}

// The kernel's CPU clock of another thread of this process (MAKE_THREAD_CPUCLOCK, CPUCLOCK_SCHED).
clockid_t thread_clock(int tid) {
  return static_cast<clockid_t>((~static_cast<unsigned>(tid) << 3) | 6u);
}

double thread_cpu_seconds(int tid) {
  timespec ts{};
  if (clock_gettime(thread_clock(tid), &ts) != 0) return -1;
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

void read_switches(int tid, std::uint64_t& voluntary, std::uint64_t& involuntary) {
  std::ifstream status("/proc/self/task/" + std::to_string(tid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("voluntary_ctxt_switches:", 0) == 0) {
      voluntary = std::strtoull(line.c_str() + 24, nullptr, 10);
    } else if (line.rfind("nonvoluntary_ctxt_switches:", 0) == 0) {
      involuntary = std::strtoull(line.c_str() + 27, nullptr, 10);
    }
  }
}

std::string thread_name(int tid) {
  std::ifstream comm("/proc/self/task/" + std::to_string(tid) + "/comm");
  std::string name;
  std::getline(comm, name);
  return name;
}

std::vector<int> thread_ids() {
  std::vector<int> tids;
  if (DIR* dir = ::opendir("/proc/self/task")) {
    while (const dirent* entry = ::readdir(dir)) {
      if (entry->d_name[0] != '.') tids.push_back(std::atoi(entry->d_name));
    }
    ::closedir(dir);
  }
  return tids;
}

std::uint64_t frames_sent() {
  std::uint64_t total = 0;
  const std::size_t used = std::min(g_slots_used.load(std::memory_order_acquire), kMaxSlots);
  for (std::size_t i = 0; i < used; ++i) {
    total += g_slots[i].dchannel_frames.load(std::memory_order_relaxed);
  }
  return total;
}

}  // namespace

AdmissionTotals admission_totals() {
  AdmissionTotals totals;
  const std::size_t used = std::min(g_slots_used.load(std::memory_order_acquire), kMaxSlots);
  for (std::size_t i = 0; i < used; ++i) {
    const pipeline::perf_role::ThreadSlot& slot = g_slots[i];
    totals.checks += slot.backlog_samples.load(std::memory_order_relaxed);
    totals.backlog_sum += slot.backlog_sum.load(std::memory_order_relaxed);
    totals.backlog_max =
        std::max(totals.backlog_max, slot.backlog_max.load(std::memory_order_relaxed));
    totals.refusals += slot.admission_refusals.load(std::memory_order_relaxed);
  }
  return totals;
}

const char* cpu_role_name(CpuRole role) {
  switch (role) {
    case CpuRole::kProvider:
      return "provider";
    case CpuRole::kFarEnd:
      return "far_end";
    case CpuRole::kSimWire:
      return "sim_wire";
    case CpuRole::kHost:
      return "host";
  }
  return "?";
}

bool ThreadCpu::provider_thread() const {
  return name.rfind("spantsp-w", 0) == 0 || name == "spantsp-upcalls";
}

double ThreadCpu::cpu_of(CpuRole role) const {
  double total = 0;
  for (double s : samples) total += s;
  if (total <= 0) {
    const CpuRole whole = provider_thread() ? CpuRole::kProvider : CpuRole::kHost;
    return role == whole ? cpu_seconds : 0.0;
  }
  return cpu_seconds * samples[static_cast<unsigned>(role)] / total;
}

double CpuRolesReport::seconds(CpuRole role) const {
  double total = 0;
  for (const ThreadCpu& t : threads) total += t.cpu_of(role);
  return total;
}

CpuRoles::~CpuRoles() {
  if (running_) stop();
}

bool CpuRoles::start(std::uint32_t interval_us) {
  if (running_) return false;
  running_ = true;
  started_.clear();
  g_row_count.store(0, std::memory_order_release);
  struct sigaction action {};
  action.sa_sigaction = &on_sample;
  action.sa_flags = SA_SIGINFO | SA_RESTART;
  sigemptyset(&action.sa_mask);
  bool sampling = ::sigaction(SIGPROF, &action, nullptr) == 0;
  for (int tid : thread_ids()) {
    if (started_.size() == kMaxThreads) break;
    Started s;
    s.tid = tid;
    s.name = thread_name(tid);
    s.cpu_seconds = thread_cpu_seconds(tid);
    read_switches(tid, s.voluntary, s.involuntary);
    SampleRow& row = g_rows[started_.size()];
    for (auto& n : row.samples) n.store(0, std::memory_order_relaxed);
    row.tid.store(tid, std::memory_order_relaxed);
    started_.push_back(std::move(s));
  }
  g_row_count.store(started_.size(), std::memory_order_release);
  for (Started& s : started_) {
    if (!sampling) break;
    sigevent event{};
    event.sigev_notify = SIGEV_THREAD_ID;
    event.sigev_signo = SIGPROF;
    event._sigev_un._tid = s.tid;
    if (::timer_create(thread_clock(s.tid), &event, &s.timer) != 0) continue;
    itimerspec spec{};
    spec.it_value.tv_nsec = static_cast<long>(interval_us) * 1000;
    spec.it_interval = spec.it_value;
    s.timer_armed = ::timer_settime(s.timer, 0, &spec, nullptr) == 0;
    if (!s.timer_armed) ::timer_delete(s.timer);
  }
  frames_at_start_ = frames_sent();
  return sampling;
}

CpuRolesReport CpuRoles::stop() {
  CpuRolesReport report;
  if (!running_) return report;
  running_ = false;
  for (Started& s : started_) {
    if (s.timer_armed) ::timer_delete(s.timer);
  }
  for (std::size_t i = 0; i < started_.size(); ++i) {
    const Started& s = started_[i];
    const double cpu = thread_cpu_seconds(s.tid);
    if (cpu < 0 || s.cpu_seconds < 0) continue;  // the thread ended during the window
    ThreadCpu t;
    t.tid = s.tid;
    t.name = s.name;
    t.cpu_seconds = cpu - s.cpu_seconds;
    std::uint64_t voluntary = s.voluntary, involuntary = s.involuntary;
    read_switches(s.tid, voluntary, involuntary);
    t.voluntary_switches = voluntary - s.voluntary;
    t.involuntary_switches = involuntary - s.involuntary;
    for (unsigned r = 0; r < kCpuRoles; ++r) {
      t.samples[r] = static_cast<double>(g_rows[i].samples[r].load(std::memory_order_relaxed));
    }
    report.threads.push_back(std::move(t));
  }
  report.dchannel_frames = frames_sent() - frames_at_start_;
  return report;
}

}  // namespace spantsp::perf

extern "C" __attribute__((visibility("default"))) spantsp::pipeline::perf_role::ThreadSlot*
spantsp_perf_role_slot() {
  using namespace spantsp::perf;
  if (t_slot == nullptr) {
    const std::size_t index = g_slots_used.fetch_add(1, std::memory_order_acq_rel);
    if (index < kMaxSlots) t_slot = &g_slots[index];
  }
  return t_slot;
}
