#include "board_drivers/io/sim/sim_io_pair.h"

#include <algorithm>
#include <cstring>

#include "media/span_media.h"
#include "pipeline/perf_role.h"

namespace spantsp::io {
namespace {

// Timer cookies: the frame timer, then one ABCD timer per end.
constexpr std::uint64_t kFrameCookie = 0;
constexpr std::uint64_t kAbcdCookie = 1;  // + side

}  // namespace

class SimIoPair::End final : public SpanIo, public SpanAudio {
 public:
  End(SimIoPair& pair, Side side)
      : pair_(pair),
        side_(side),
        rx_(pair.layout_.channels() * pair.layout_.frame_octets(), pair.idle_),
        tx_(rx_.size(), pair.idle_),
        open_(pair.layout_.channels(), 0),
        tx_bits_(pair.layout_.channels(), 0),
        rx_bits_(pair.layout_.channels(), 0),
        abcd_pending_(pair.layout_.channels(), 0) {
    abcd_timer_.handler = &pair;
    abcd_timer_.cookie = kAbcdCookie + side;
  }

  // SpanIo
  const SpanLayout& layout() const override { return pair_.layout_; }
  void start(SpanIoEvents& events, pipeline::TimerWheel& /*timers*/) override { events_ = &events; }
  void stop() override {
    events_ = nullptr;
    for (std::size_t i = 0; i < open_.size(); ++i) set_bearer(i, false);
    std::fill(abcd_pending_.begin(), abcd_pending_.end(), 0);
    if (pair_.timers_ != nullptr) pair_.timers_->cancel(abcd_timer_);
  }
  HdlcPort* d_channel() override {
    return pair_.line_ ? &pair_.line_->end(side_ == kNear ? DChannel::kA : DChannel::kB) : nullptr;
  }
  void set_tx_abcd(std::size_t index, std::uint8_t bits) override {
    if (index >= tx_bits_.size()) return;
    bits &= 0x0F;
    if (tx_bits_[index] == bits) return;
    tx_bits_[index] = bits;
    pair_.ends_[other()]->receive_abcd(index, bits);
  }
  std::uint8_t rx_abcd(std::size_t index) const override {
    return index < rx_bits_.size() ? rx_bits_[index] : 0;
  }
  SpanAlarms alarms() const override { return alarms_; }
  void set_bearer(std::size_t index, bool open) override {
    if (index >= open_.size() || (open_[index] != 0) == open) return;
    const bool was_live = pair_.live(index);
    open_[index] = open ? 1 : 0;
    // A closed bearer carries idle code both ways from the next frame.
    std::memset(tx(index).data(), pair_.idle_, pair_.layout_.frame_octets());
    std::memset(rx_.data() + index * pair_.layout_.frame_octets(), pair_.idle_,
                pair_.layout_.frame_octets());
    pair_.bearer_changed(index, was_live);
  }
  bool bearer_open(std::size_t index) const override {
    return index < open_.size() && open_[index] != 0;
  }
  std::size_t poll(std::uint64_t /*now_ms*/) override { return 0; }  // all on timers

  // SpanAudio
  std::span<const std::uint8_t> rx(std::size_t index) const override {
    return {rx_.data() + index * pair_.layout_.frame_octets(), pair_.layout_.frame_octets()};
  }
  std::span<std::uint8_t> tx(std::size_t index) override {
    return {tx_.data() + index * pair_.layout_.frame_octets(), pair_.layout_.frame_octets()};
  }
  const std::uint8_t* rx_slab() const override { return rx_.data(); }
  std::uint8_t* tx_slab() override { return tx_.data(); }

  Side other() const { return side_ == kNear ? kFar : kNear; }
  bool open(std::size_t index) const { return open_[index] != 0; }
  SpanIoEvents* events() const { return events_; }
  std::uint8_t* rx_frame(std::size_t index) {
    return rx_.data() + index * pair_.layout_.frame_octets();
  }
  void set_alarms(const SpanAlarms& alarms) {
    alarms_ = alarms;
    if (events_ != nullptr) events_->on_alarms(alarms);
  }

  void receive_abcd(std::size_t index, std::uint8_t bits) {
    rx_bits_[index] = bits;
    abcd_pending_[index] = 1;
    if (pair_.timers_ != nullptr && !abcd_timer_.armed()) {
      pair_.timers_->arm(abcd_timer_, pair_.timers_->now_ms());
    }
  }
  void deliver_abcd(std::uint64_t now_ms, SimIoStats& stats) {
    for (std::size_t i = 0; i < abcd_pending_.size(); ++i) {
      if (abcd_pending_[i] == 0) continue;
      abcd_pending_[i] = 0;
      if (events_ == nullptr) continue;
      ++stats.abcd_changes;
      events_->on_abcd(i, rx_bits_[i], now_ms);  // may set bits again: re-arms the timer
    }
  }

 private:
  SimIoPair& pair_;
  Side side_;
  SpanIoEvents* events_ = nullptr;
  std::vector<std::uint8_t> rx_;
  std::vector<std::uint8_t> tx_;
  std::vector<std::uint8_t> open_;
  std::vector<std::uint8_t> tx_bits_;
  std::vector<std::uint8_t> rx_bits_;
  std::vector<std::uint8_t> abcd_pending_;
  pipeline::TimerNode abcd_timer_;
  SpanAlarms alarms_;
};

SimIoPair::SimIoPair(SpanLayout layout, const DChannelOptions* d_channel)
    : layout_(std::move(layout)), idle_(media::idle_octet(layout_.law)) {
  if (!valid_frame_period(layout_.frame_period_ms)) {
    layout_.frame_period_ms = media::kDefaultFramePeriodMs;
  }
  if (d_channel != nullptr) line_ = std::make_unique<DChannel>(*d_channel);
  ends_[kNear] = std::make_unique<End>(*this, kNear);
  ends_[kFar] = std::make_unique<End>(*this, kFar);
  frame_timer_.handler = this;
  frame_timer_.cookie = kFrameCookie;
}

SimIoPair::~SimIoPair() {
  stop();
}

void SimIoPair::start(pipeline::TimerWheel& timers) {
  if (timers_ != nullptr) return;
  timers_ = &timers;
  if (line_) line_->start(timers);
}

void SimIoPair::stop() {
  if (timers_ == nullptr) return;
  ends_[kNear]->stop();
  ends_[kFar]->stop();
  timers_->cancel(frame_timer_);
  if (line_) {
    line_->stop();
    line_->set_cut(false);
  }
  timers_ = nullptr;
}

SpanIo& SimIoPair::end(Side side) {
  return *ends_[side];
}

void SimIoPair::set_alarms(const SpanAlarms& alarms) {
  ends_[kNear]->set_alarms(alarms);
}

bool SimIoPair::live(std::size_t index) const {
  return ends_[kNear]->open(index) || ends_[kFar]->open(index);
}

void SimIoPair::bearer_changed(std::size_t index, bool was_live) {
  const bool now_live = live(index);
  if (now_live && !was_live) ++live_;
  if (!now_live && was_live) --live_;
  if (timers_ == nullptr) return;
  if (live_ > 0 && !frame_timer_.armed()) {
    timers_->arm(frame_timer_, timers_->now_ms() + layout_.frame_period_ms);
  } else if (live_ == 0) {
    timers_->cancel(frame_timer_);
  }
}

void SimIoPair::on_timer(std::uint64_t cookie, std::uint64_t now_ms) {
  const pipeline::perf_role::Scope role(pipeline::perf_role::Role::kSimWire);
  if (cookie == kFrameCookie) {
    on_frame(now_ms);
  } else {
    deliver_abcd(static_cast<Side>(cookie - kAbcdCookie), now_ms);
  }
}

void SimIoPair::deliver_abcd(Side at, std::uint64_t now_ms) {
  const pipeline::perf_role::Scope role(at == kNear ? pipeline::perf_role::Role::kProvider
                                                    : pipeline::perf_role::Role::kFarEnd);
  ends_[at]->deliver_abcd(now_ms, stats_);
}

void SimIoPair::on_frame(std::uint64_t now_ms) {
  ++stats_.frames;
  End& near = *ends_[kNear];
  End& far = *ends_[kFar];
  const std::size_t octets = layout_.frame_octets();
  // Last frame's tx crosses to the other end's rx; tx starts the new frame as idle code.
  for (std::size_t i = 0; i < layout_.channels(); ++i) {
    if (!live(i)) continue;
    ++stats_.channel_frames;
    std::uint8_t* near_tx = near.tx(i).data();
    std::uint8_t* far_tx = far.tx(i).data();
    // A closed end's tx holds idle code (set_bearer and the reset below keep it so).
    std::memcpy(near.rx_frame(i), far_tx, octets);
    std::memcpy(far.rx_frame(i), near_tx, octets);
    std::memset(near_tx, idle_, octets);
    std::memset(far_tx, idle_, octets);
  }
  // Re-armed before the reports: a handler may close the last bearer (and cancel it).
  timers_->arm(frame_timer_, now_ms + layout_.frame_period_ms);
  if (near.events() != nullptr) {
    const pipeline::perf_role::Scope role(pipeline::perf_role::Role::kProvider);
    near.events()->on_audio_frame(near, now_ms);
  }
  if (timers_ != nullptr && far.events() != nullptr) far.events()->on_audio_frame(far, now_ms);
}

}  // namespace spantsp::io
