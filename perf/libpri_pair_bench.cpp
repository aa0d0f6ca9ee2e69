// The protocol floor: the bare libpri pair, with nothing of ours in between. Two controllers in
// one thread, CPE (caller) and NET (callee), NI2, created with pri_new_cb and exchanging Q.921
// frames through in-memory queues (t1e1-notes §1.10). The end-to-end PRI figure is reported as
// a ratio to this one, measured in the same run: the provider can only be slower than the
// protocol stack it drives.
//
// One cycle, as in the notes: CPE pri_setup (exclusive B channel, mu-law speech, called and
// calling number and name); NET answers the RING with proceeding + acknowledge + answer; CPE
// hangs up on ANSWER with cause 16; NET pri_hangup on HANGUP_REQ (RELEASE); CPE pri_hangup on
// HANGUP (RELEASE COMPLETE); the cycle counts when NET sees HANGUP_ACK. in_flight = N keeps N
// calls on N different B channels at once.
//
// The FCS convention (t1e1-notes §1.1): libpri writes 2 trailing octets it does not fill and
// drops the last 2 of what it reads, so moving whole buffers between the two works unchanged.
// Timing is items_per_second over CPU time, as the notes' table reports call cycles per
// CPU-second; the wall rate is in the Time column.

#include <benchmark/benchmark.h>

// libpri.h declares C functions without extern "C" guards.
extern "C" {
#include <libpri.h>
}

#include <sys/time.h>
#include <array>
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

class Pair {
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

  bool up() const { return cpe_.ctrl != nullptr && net_.ctrl != nullptr && dchan_up_ >= 2; }
  std::uint64_t cycles() const { return cycles_; }
  std::uint64_t frames() const { return frames_; }

  void place_call(int channel) {
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
  void pump() {
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

void BM_LibpriPair_CallCycle(benchmark::State& state) {
  const int in_flight = static_cast<int>(state.range(0));
  // libpri 1.6 has no way to free a controller, so one pair serves every run of this
  // benchmark (Google Benchmark calls it several times while sizing the iteration count).
  static const auto pair = std::make_unique<Pair>();
  const int errors_before = g_libpri_errors;
  if (!pair->up()) {
    state.SkipWithError("D channel did not come up");
    return;
  }
  const std::uint64_t cycles_before = pair->cycles();
  const std::uint64_t frames_before = pair->frames();
  for (auto _ : state) {
    const std::uint64_t target = pair->cycles() + static_cast<std::uint64_t>(in_flight);
    for (int ch = 1; ch <= in_flight; ++ch) pair->place_call(ch);
    pair->pump();
    if (pair->cycles() != target) {
      state.SkipWithError("a call cycle did not complete");
      return;
    }
  }
  const auto cycles = static_cast<double>(pair->cycles() - cycles_before);
  state.SetItemsProcessed(static_cast<std::int64_t>(cycles));
  state.counters["frames_per_cycle"] =
      cycles > 0 ? static_cast<double>(pair->frames() - frames_before) / cycles : 0.0;
  state.counters["libpri_errors"] = g_libpri_errors - errors_before;
}

BENCHMARK(BM_LibpriPair_CallCycle)->ArgName("in_flight")->Arg(1)->Arg(23);

}  // namespace
}  // namespace spantsp::perf
