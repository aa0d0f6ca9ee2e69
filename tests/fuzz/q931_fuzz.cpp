// Fuzz target: Q.931 from the far end into our PRI controller (PriSpan, CPE, NI-2) through the
// sim's D-channel (issue 12 §3). The harness plays the network at Q.921 level on the far end of
// a DChannel: it answers SABME/DISC with UA and I-frames with RR, and sends the input's Q.931
// messages as I-frames with the right sequence numbers, so mutations reach layer 3. libpri's
// timers run on the PRI tests' virtual clock (spantsp_pri_core_vclock): a run is exact.
//
// Input: records [kind][length][octets...]:
//   kind % 4 == 0  the far end sends an I-frame carrying the octets (a Q.931 message)
//   kind % 4 == 1  the far end sends the octets as a whole Q.921 frame (address, control...)
//   kind % 4 == 2  we act: octet 0 picks place_call / answer / accept / release / digits /
//                  restart / alarms, octet 1 the channel (1-4), octet 2 a cause or alarms
//   kind % 4 == 3  time passes: length x 10 ms
// After each record 5 ms pass so the frames cross. Seeds are real calls recorded from the sim
// (tests/fuzz/make_q931_seeds.py from a pcap trace).
// Memory: libpri 1.6 cannot free a controller (pri_controller.h): each input leaves one
// retired controller (~18 kB, reachable) behind; long runs set -rss_limit_mb accordingly.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "board_drivers/io/sim/d_channel.h"
#include "board_drivers/io/sim/sim_io_pair.h"
#include "board_drivers/signalling/pri/pri_span.h"
#include "tests/board_drivers/recording_events.h"
#include "tests/board_drivers/signalling/pri/virtual_clock.h"

namespace {

namespace pri = spantsp::pri;
namespace board = spantsp::board;
namespace io = spantsp::io;

// Q.921 (TEI 0, SAPI 0). The network sets C/R in its commands, clears it in its responses.
constexpr std::uint8_t kCommand = 0x02;
constexpr std::uint8_t kAddress0 = 0x00;  // SAPI 0, C/R and EA 0 added below
constexpr std::uint8_t kAddress1 = 0x01;  // TEI 0, EA 1
constexpr std::uint8_t kSabme = 0x6F, kUa = 0x63, kDisc = 0x43, kDm = 0x0F, kPf = 0x10;

// The network's end of the link: just enough Q.921 to carry the input's Q.931 messages.
class NetworkPeer final : public io::FrameReceiver {
 public:
  explicit NetworkPeer(io::HdlcPort& port) : port_(port) { port_.set_receiver(this); }

  void send_raw(const std::uint8_t* octets, std::size_t size) {
    std::vector<std::uint8_t> frame(octets, octets + size);
    frame.resize(frame.size() + 2, 0);  // FCS octets (the sim checks none)
    port_.send_frame(frame.data(), frame.size());
  }
  void send_u(std::uint8_t control, bool command) {
    const std::uint8_t frame[] = {static_cast<std::uint8_t>(kAddress0 | (command ? kCommand : 0)),
                                  kAddress1, control};
    send_raw(frame, sizeof frame);
  }
  void send_i(const std::uint8_t* q931, std::size_t size) {
    std::vector<std::uint8_t> frame{static_cast<std::uint8_t>(kAddress0 | kCommand), kAddress1,
                                    static_cast<std::uint8_t>(vs_ << 1),
                                    static_cast<std::uint8_t>(vr_ << 1)};
    vs_ = (vs_ + 1) & 0x7F;
    frame.insert(frame.end(), q931, q931 + size);
    send_raw(frame.data(), frame.size());
  }

  void on_frames_ready() override {
    std::uint8_t frame[io::DChannel::kMaxFrame];
    for (std::size_t size; (size = port_.receive_frame(frame, sizeof frame)) != 0;) {
      if (size < 5) continue;  // address, control, FCS
      const std::uint8_t control = frame[2];
      const bool command = (frame[0] & kCommand) == 0;  // the user clears C/R in commands
      if ((control & 0x01) == 0) {                      // I-frame
        vr_ = ((frame[2] >> 1) + 1) & 0x7F;
        const std::uint8_t rr[] = {kAddress0, kAddress1, 0x01, static_cast<std::uint8_t>(vr_ << 1)};
        send_raw(rr, sizeof rr);
      } else if ((control & 0x03) == 0x01) {  // S-frame: answer a poll
        if (command && size >= 6 && (frame[3] & 0x01) != 0) {
          const std::uint8_t rr[] = {kAddress0, kAddress1, 0x01,
                                     static_cast<std::uint8_t>((vr_ << 1) | 1)};
          send_raw(rr, sizeof rr);
        }
      } else if ((control & ~kPf) == kSabme) {
        vs_ = vr_ = 0;
        send_u(kUa | (control & kPf), false);
      } else if ((control & ~kPf) == kDisc) {
        send_u(kUa | (control & kPf), false);
      } else if ((control & ~kPf) == kDm) {
        send_u(kSabme | kPf, true);
      }
    }
  }

 private:
  io::HdlcPort& port_;
  std::uint8_t vs_ = 0;
  std::uint8_t vr_ = 0;
};

void act(pri::PriSpan& span, const std::uint8_t* octets, std::size_t size) {
  const std::uint8_t what = size > 0 ? octets[0] : 0;
  const int channel = 1 + (size > 1 ? octets[1] % 4 : 0);
  const std::uint8_t value = size > 2 ? octets[2] : 16;
  switch (what % 8) {
    case 0: {
      board::CallSetup setup;
      setup.called.append("5551234");
      setup.calling.append("2125550000");
      setup.sending_complete = (value & 1) == 0;
      span.place_call(channel, setup);
      break;
    }
    case 1:
      span.answer(channel);
      break;
    case 2:
      span.accept(channel);
      break;
    case 3:
      span.release(channel, value & 0x7F);
      break;
    case 4:
      span.send_digits(channel, "42", (value & 1) == 0);
      break;
    case 5:
      span.restart(channel);
      break;
    case 6:
      span.set_alarms(value & 1, value & 2, value & 4);
      break;
    default:
      span.set_alarms(false, false, false);
      break;
  }
}

// One input, on a fresh span, link and clock (inside this namespace, where `pri` names ours and
// not libpri's global struct).
void run(const std::uint8_t* data, std::size_t size) {
  static const bool verbose = std::getenv("SPANTSP_FUZZ_VERBOSE") != nullptr;  // seed work
  spantsp::pipeline::TimerWheel wheel{1'000'000};
  pri::test::VirtualClock clock{wheel};
  pri::test::RecordingEvents events;
  io::SpanLayout layout;
  layout.kind = io::SpanKind::kT1;
  layout.law = io::law_of(layout.kind);
  layout.bearers = {1, 2, 3, 4};
  layout.d_channel_slot = 24;
  const io::DChannelOptions d_channel;
  io::SimIoPair wire(layout, &d_channel);
  wire.start(wheel);
  NetworkPeer peer(*wire.end(io::SimIoPair::kFar).d_channel());
  pri::PriSpan span({1, 2, 3, 4}, PRI_CPE, PRI_SWITCH_NI2, false);
  span.start(events, wheel, wire.end(io::SimIoPair::kNear));
  peer.send_u(kSabme | kPf, true);
  clock.run_for(50);  // both SABMEs, both UAs
  events.take();

  for (std::size_t at = 0; at + 2 <= size;) {
    const std::uint8_t kind = data[at];
    const std::size_t length = std::min<std::size_t>(data[at + 1], size - at - 2);
    const std::uint8_t* octets = data + at + 2;
    at += 2 + length;
    switch (kind % 4) {
      case 0:
        peer.send_i(octets, length);
        break;
      case 1:
        peer.send_raw(octets, length);
        break;
      case 2:
        act(span, octets, length);
        break;
      case 3:
        clock.run_for(length * 10);
        break;
    }
    clock.run_for(5);
    for (const std::string& report : events.take()) {
      if (verbose) std::fprintf(stderr, "q931_fuzz: %s\n", report.c_str());
    }
  }
  span.stop();
  wire.stop();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  run(data, size);
  return 0;
}
