#pragma once
// A PRI span of the sim board: our `pri` signalling (PriSpan, CPE or NET as configured) and
// the far-end switch (PriFarEnd, the opposite node type) on the two ends of one in-process
// D-channel (io::DChannel). The sim_control.h controls reach the far end; its span alarms cut the
// D-channel and reach our side as I/O alarms.
//
// Threads: runs on the span worker; every part is driven by the worker's TimerWheel. No locks.
//
// Ownership: built by the PRI module's factory (pri_module.cpp) and owned by the span. The
// SpanEvents and TimerWheel given to start() must outlive it, or stop() must run first.

#include <cstdint>
#include <string>
#include <vector>

#include "board_drivers/board_driver.h"
#include "board_drivers/io/pcap_trace.h"
#include "board_drivers/io/sim/d_channel.h"
#include "board_drivers/io/sim/sim_io_pair.h"
#include "board_drivers/signalling/pri/pri_span.h"
#include "board_drivers/sim/pri/pri_far_end.h"
#include "config/config_model.h"

namespace spantsp::pri {

struct SimPriOptions {
  io::DChannelOptions d_channel;
  // The audio frame period (io::kFramePeriodsMs).
  std::uint32_t frame_period_ms = media::kDefaultFramePeriodMs;
  // A pcap file for every D-channel frame (pcap_trace.h); empty: no trace. A file that cannot
  // be created is reported on stderr and in trace().error(); the span runs untraced.
  std::string trace_path;
};

class SimPriSpan final : public board::SpanSignalling, private FarStatusObserver {
 public:
  SimPriSpan(const config::SpanConfig& span, const config::TrafficProfile& traffic,
             std::uint32_t span_index, const SimPriOptions& options = {});
  // Explicit channels and libpri types (tests); `numbers`: our lines' own numbers by index
  // (loopback through the switch), none by default.
  SimPriSpan(const std::vector<int>& channels, int our_node_type, int switch_type, bool alaw,
             const config::TrafficProfile& traffic, std::uint32_t span_index,
             const SimPriOptions& options = {}, const std::vector<std::string>& numbers = {});
  ~SimPriSpan() override;

  void start(board::SpanEvents& events, pipeline::TimerWheel& timers) override;
  void stop() override;
  bool admit_call() override { return ours_.admit_call(); }
  bool place_call(int channel, const board::CallSetup& setup) override;
  void send_digits(int channel, std::string_view digits, bool complete) override;
  void accept(int channel) override;
  void answer(int channel) override;
  void release(int channel, std::uint8_t q850_cause) override;
  bool hold(int channel) override;
  bool retrieve(int channel) override;
  bool set_user_user(int channel, std::string_view uui) override;
  bool deflect(int channel, const board::Number& to) override;
  bool blind_transfer(int channel, const board::Number& to) override;
  bool transfer(int held, int other) override;
  std::size_t poll(std::uint64_t now_ms) override;
  board::ControlResult device_specific(int channel, void* params, std::size_t size) override;
  media::MediaResult media(int channel, const media::MediaCommand& command) override;
  media::MediaStream* media_stream(int channel) override;

  PriSpan& ours() { return ours_; }
  PriFarEnd& far_end() { return far_; }
  io::DChannel& d_channel() { return *wire_.line(); }
  io::SimIoPair& wire() { return wire_; }
  const io::PcapTrace& trace() const { return trace_; }

 private:
  void on_far_status(const board::SpanStatus& status) override;

  io::PcapTrace trace_;  // first: the D-channel points at it until the end
  PriSpan ours_;
  io::SimIoPair wire_;  // after ours_: its layout is our lines' channels
  PriFarEnd far_;
  bool started_ = false;
};

}  // namespace spantsp::pri
