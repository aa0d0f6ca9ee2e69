#include "perf/libpri_pair.h"

// libpri.h declares C functions without extern "C" guards.
extern "C" {
#include <libpri.h>
}

#include <sys/time.h>
#include <time.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <memory>

namespace spantsp::perf {
namespace {

// A Q.921 frame is at most 260 octets plus the 2 FCS placeholders.
struct Frame {
  int length = 0;
  std::array<unsigned char, 512> data{};
};

// One direction of the D channel: a fixed ring, no allocation per frame.
class FrameQueue {
 public:
  bool empty() const { return head_ == tail_; }
  bool push(const void* data, int length) {
    if (tail_ - head_ == kSlots || length > static_cast<int>(Frame{}.data.size())) return false;
    Frame& f = frames_[tail_++ % kSlots];
    f.length = length;
    std::memcpy(f.data.data(), data, static_cast<std::size_t>(length));
    return true;
  }
  int pop(void* out, int capacity) {
    if (empty()) return 0;
    const Frame& f = frames_[head_++ % kSlots];
    const int n = f.length < capacity ? f.length : capacity;
    std::memcpy(out, f.data.data(), static_cast<std::size_t>(n));
    return n;
  }

 private:
  static constexpr std::size_t kSlots = 1024;
  std::array<Frame, kSlots> frames_{};
  std::size_t head_ = 0;
  std::size_t tail_ = 0;
};

struct Side {
  FrameQueue* inbox = nullptr;   // frames this controller reads
  FrameQueue* outbox = nullptr;  // the peer's inbox
  struct pri* ctrl = nullptr;
};

int g_libpri_errors = 0;

void on_pri_error(struct pri*, char*) {
  ++g_libpri_errors;
}
void on_pri_message(struct pri*, char*) {}

int io_read(struct pri* ctrl, void* buf, int length) {
  auto* side = static_cast<Side*>(pri_get_userdata(ctrl));
  return side->inbox->pop(buf, length);
}

int io_write(struct pri* ctrl, void* buf, int length) {
  auto* side = static_cast<Side*>(pri_get_userdata(ctrl));
  return side->outbox->push(buf, length) ? length : 0;  // anything but `length` is a failure
}

class Pair final : public LibpriPair {
 public:
  Pair() {
    pri_set_error(on_pri_error);  // process-global hooks: keep libpri quiet, count errors
    pri_set_message(on_pri_message);
    cpe_.inbox = &to_cpe_;
    cpe_.outbox = &to_net_;
    net_.inbox = &to_net_;
    net_.outbox = &to_cpe_;
    // The write callback already runs inside pri_new_cb (SABME): the sides are ready first.
    cpe_.ctrl = pri_new_cb(-1, PRI_CPE, PRI_SWITCH_NI2, io_read, io_write, &cpe_);
    net_.ctrl = pri_new_cb(-1, PRI_NETWORK, PRI_SWITCH_NI2, io_read, io_write, &net_);
    for (int i = 0; i < 64 && dchan_up_ < 2; ++i) pump();
  }
  Pair(const Pair&) = delete;
  Pair& operator=(const Pair&) = delete;

  bool up() const override {
    return cpe_.ctrl != nullptr && net_.ctrl != nullptr && dchan_up_ >= 2;
  }
  std::uint64_t cycles() const override { return cycles_; }
  std::uint64_t frames() const override { return frames_; }
  int errors() const override { return g_libpri_errors; }

  void place_call(int channel) override {
    char called[] = "5551234";
    char caller[] = "5550000";
    char name[] = "Bench";
    q931_call* call = pri_new_call(cpe_.ctrl);
    struct pri_sr* sr = pri_sr_new();
    pri_sr_set_channel(sr, channel, 1, 0);
    pri_sr_set_bearer(sr, PRI_TRANS_CAP_SPEECH, PRI_LAYER_1_ULAW);
    pri_sr_set_called(sr, called, PRI_NATIONAL_ISDN, 1);
    pri_sr_set_caller(sr, caller, name, PRI_NATIONAL_ISDN, PRES_ALLOWED_USER_NUMBER_NOT_SCREENED);
    pri_setup(cpe_.ctrl, call, sr);
    pri_sr_free(sr);
  }

  // Runs both controllers until neither has a frame to read; timers every 64 rounds (none
  // fire in practice, but T203 would on a long idle link).
  void pump() override {
    for (;;) {
      bool moved = false;
      if (!to_cpe_.empty()) {
        moved = true;
        ++frames_;
        handle_cpe(pri_check_event(cpe_.ctrl));
      }
      if (!to_net_.empty()) {
        moved = true;
        ++frames_;
        handle_net(pri_check_event(net_.ctrl));
      }
      if (++rounds_ % 64 == 0) run_timers();
      if (!moved) return;
    }
  }

 private:
  void run_timers() {
    timeval now{};
    gettimeofday(&now, nullptr);
    for (Side* side : {&cpe_, &net_}) {
      const timeval* next = pri_schedule_next(side->ctrl);
      if (next == nullptr || timercmp(next, &now, >)) continue;
      while (pri_event* e = pri_schedule_run(side->ctrl)) {
        side == &cpe_ ? handle_cpe(e) : handle_net(e);
      }
    }
  }

  void handle_cpe(pri_event* e) {
    if (e == nullptr) return;
    switch (e->e) {
      case PRI_EVENT_DCHAN_UP:
        ++dchan_up_;
        break;
      case PRI_EVENT_ANSWER:
        pri_hangup(cpe_.ctrl, e->answer.call, PRI_CAUSE_NORMAL_CLEARING);
        break;
      case PRI_EVENT_HANGUP:
        pri_hangup(cpe_.ctrl, e->hangup.call, e->hangup.cause);
        break;
      default:
        break;
    }
  }

  void handle_net(pri_event* e) {
    if (e == nullptr) return;
    switch (e->e) {
      case PRI_EVENT_DCHAN_UP:
        ++dchan_up_;
        break;
      case PRI_EVENT_RING:
        pri_proceeding(net_.ctrl, e->ring.call, e->ring.channel, 0);
        pri_acknowledge(net_.ctrl, e->ring.call, e->ring.channel, 0);
        pri_answer(net_.ctrl, e->ring.call, e->ring.channel, 0);
        break;
      case PRI_EVENT_HANGUP_REQ:
        pri_hangup(net_.ctrl, e->hangup.call, e->hangup.cause);
        break;
      case PRI_EVENT_HANGUP_ACK:
        ++cycles_;
        break;
      default:
        break;
    }
  }

  FrameQueue to_cpe_;
  FrameQueue to_net_;
  Side cpe_;
  Side net_;
  int dchan_up_ = 0;
  std::uint64_t cycles_ = 0;
  std::uint64_t frames_ = 0;
  std::uint64_t rounds_ = 0;
};

double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

}  // namespace

LibpriPair& shared_libpri_pair() {
  static Pair pair;
  return pair;
}

LibpriPairRate measure_libpri_pair(double seconds, int in_flight) {
  LibpriPair& pair = shared_libpri_pair();
  LibpriPairRate rate;
  if (!pair.up()) return rate;
  using Clock = std::chrono::steady_clock;
  const std::uint64_t before = pair.cycles();
  const double cpu_before = thread_cpu_seconds();
  const auto start = Clock::now();
  const auto end =
      start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  do {
    for (int round = 0; round < 64; ++round) {
      const std::uint64_t target = pair.cycles() + static_cast<std::uint64_t>(in_flight);
      for (int ch = 1; ch <= in_flight; ++ch) pair.place_call(ch);
      pair.pump();
      if (pair.cycles() != target) return LibpriPairRate{};
    }
  } while (Clock::now() < end);
  rate.wall_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  rate.cpu_seconds = thread_cpu_seconds() - cpu_before;
  rate.cycles = pair.cycles() - before;
  return rate;
}

}  // namespace spantsp::perf
