#include "board_drivers/io/sim/d_channel.h"

#include <cstring>

#include "pipeline/perf_role.h"

namespace spantsp::io {

static_assert(PcapTrace::kSnapLength >= PcapTrace::kPseudoHeaderSize + DChannel::kMaxFrame - 2,
              "the trace must hold the largest frame (without its FCS)");

namespace {

// CRC-16/X.25 one octet at a time: reflected polynomial 0x1021 (0x8408).
constexpr std::array<std::uint16_t, 256> make_fcs_table() {
  std::array<std::uint16_t, 256> table{};
  for (std::uint32_t octet = 0; octet < 256; ++octet) {
    std::uint16_t crc = static_cast<std::uint16_t>(octet);
    for (int bit = 0; bit < 8; ++bit) {
      crc = static_cast<std::uint16_t>((crc & 1) != 0 ? (crc >> 1) ^ 0x8408 : crc >> 1);
    }
    table[octet] = crc;
  }
  return table;
}
constexpr auto kFcsTable = make_fcs_table();

// Zero-bit stuffing one octet at a time: for each run of 1s carried in (0..4) and octet (LSB
// first), the 0s stuffed into it (low 4 bits) and the run of 1s it leaves (high 4 bits).
constexpr std::array<std::array<std::uint8_t, 256>, 5> make_stuffing_table() {
  std::array<std::array<std::uint8_t, 256>, 5> table{};
  for (int carried = 0; carried < 5; ++carried) {
    for (int octet = 0; octet < 256; ++octet) {
      int ones = carried;
      int stuffed = 0;
      for (int bit = 0; bit < 8; ++bit) {
        if (((octet >> bit) & 1) == 0) {
          ones = 0;
        } else if (++ones == 5) {
          ++stuffed;
          ones = 0;
        }
      }
      table[static_cast<std::size_t>(carried)][static_cast<std::size_t>(octet)] =
          static_cast<std::uint8_t>(stuffed | (ones << 4));
    }
  }
  return table;
}
constexpr auto kStuffingTable = make_stuffing_table();

}  // namespace

std::uint16_t hdlc_fcs(const std::uint8_t* data, std::size_t size) {
  // ISO 3309 / X.25: preset to all 1s, complemented at the end.
  std::uint16_t crc = 0xFFFF;
  for (std::size_t i = 0; i < size; ++i) {
    crc = static_cast<std::uint16_t>((crc >> 8) ^ kFcsTable[(crc ^ data[i]) & 0xFF]);
  }
  return static_cast<std::uint16_t>(~crc);
}

std::uint32_t hdlc_line_bits(const std::uint8_t* frame, std::size_t size) {
  // HDLC sends each octet LSB first, a 0 after five 1s; one 8-bit flag per frame.
  std::uint32_t bits = 8 + 8 * static_cast<std::uint32_t>(size);
  std::uint8_t ones = 0;
  for (std::size_t i = 0; i < size; ++i) {
    const std::uint8_t entry = kStuffingTable[ones][frame[i]];
    bits += entry & 0x0F;
    ones = static_cast<std::uint8_t>(entry >> 4);
  }
  return bits;
}

DChannel::DChannel(const DChannelOptions& options) : options_(options) {
  for (std::size_t s = 0; s < 2; ++s) {
    directions_[s].ring.resize(options_.queue_frames == 0 ? 1 : options_.queue_frames);
    directions_[s].timer.handler = this;
    directions_[s].timer.cookie = s;
    ends_[s].owner = this;
    ends_[s].side = static_cast<Side>(s);
  }
}

DChannel::~DChannel() {
  stop();
}

void DChannel::start(pipeline::TimerWheel& timers) {
  if (timers_ != nullptr) return;
  timers_ = &timers;
  for (auto& d : directions_) d.line_free_us = now_us();
}

void DChannel::stop() {
  if (timers_ == nullptr) return;
  for (auto& d : directions_) {
    flush(d);
    d.drop = {};
    d.corrupt = {};
  }
  timers_ = nullptr;
}

void DChannel::set_cut(bool cut) {
  cut_ = cut;
  if (cut && timers_ != nullptr) {
    for (auto& d : directions_) flush(d);
  }
}

void DChannel::flush(Direction& d) {
  d.stats.lost += d.count;
  d.head = 0;
  d.count = 0;
  if (timers_ != nullptr) {
    timers_->cancel(d.timer);
    d.line_free_us = now_us();
  }
}

bool DChannel::send(Side from, const std::uint8_t* frame, std::size_t size) {
  const pipeline::perf_role::Scope role(pipeline::perf_role::Role::kSimWire);
  pipeline::perf_role::count_dchannel_frame();
  Direction& d = directions_[from];
  ++d.stats.frames;
  d.stats.octets += size;
  if (trace_ != nullptr && timers_ != nullptr) {
    trace_->write(from == kA ? PcapTrace::Direction::kOurs : PcapTrace::Direction::kFarEnd,
                  now_us(), frame, size);
  }
  if (timers_ == nullptr || cut_ || size < 2 || size > kMaxFrame || d.count == d.ring.size()) {
    ++d.stats.lost;
    return false;
  }
  Frame& f = d.ring[(d.head + d.count) % d.ring.size()];
  std::memcpy(f.data.data(), frame, size);
  f.size = static_cast<std::uint16_t>(size);
  f.fcs_ok = true;

  const std::uint64_t now = now_us();
  if (options_.unlimited) {
    f.ready_us = now;  // no line time, so no FCS to count it over (libpri ignores the octets)
  } else {
    // The real FCS replaces libpri's placeholder octets, so the line timing is exact.
    const std::uint16_t fcs = hdlc_fcs(f.data.data(), size - 2);
    f.data[size - 2] = static_cast<std::uint8_t>(fcs & 0xFF);
    f.data[size - 1] = static_cast<std::uint8_t>(fcs >> 8);
    const std::uint32_t bits = hdlc_line_bits(f.data.data(), size);
    d.stats.line_bits += bits;
    const std::uint64_t start = d.line_free_us > now ? d.line_free_us : now;
    d.line_free_us = start + (std::uint64_t{bits} * 1'000'000 + options_.bits_per_second - 1) /
                                 options_.bits_per_second;
    f.ready_us = d.line_free_us;
  }
  if (hits(d, d.drop)) {
    // The line time is spent; the frame never arrives.
    ++d.stats.lost;
    return true;
  }
  if (hits(d, d.corrupt)) {
    // One bit flipped: CRC-16 catches every single-bit error, so the receiving controller's
    // verdict is known now and never recomputed at each look at the queue's head.
    f.data[size / 2] ^= 0x10;
    f.fcs_ok = false;
  }
  ++d.count;
  if (d.count == 1) arm(from);
  return true;
}

void DChannel::add_fault(Direction& d, Fault& fault, std::uint32_t frames,
                         std::uint64_t window_ms) {
  if (timers_ == nullptr) return;
  expire(d, fault);
  fault.frames += frames;
  fault.until_ms = timers_->now_ms() + window_ms;
}

void DChannel::expire(Direction& d, Fault& fault) {
  if (fault.frames == 0 || timers_->now_ms() <= fault.until_ms) return;
  d.stats.faults_unmet += fault.frames;
  fault.frames = 0;
}

bool DChannel::hits(Direction& d, Fault& fault) {
  expire(d, fault);
  if (fault.frames == 0) return false;
  --fault.frames;
  return true;
}

void DChannel::arm(Side from) {
  Direction& d = directions_[from];
  if (d.count == 0) {
    timers_->cancel(d.timer);
    return;
  }
  const std::uint64_t ready_us = d.ring[d.head].ready_us;
  timers_->arm(d.timer, (ready_us + 999) / 1000);
}

void DChannel::discard_bad_heads(Direction& d) {
  const std::uint64_t now = now_us();
  while (d.count > 0) {
    const Frame& f = d.ring[d.head];
    if (f.ready_us > now || f.fcs_ok) return;
    ++d.stats.fcs_errors;
    d.head = (d.head + 1) % d.ring.size();
    --d.count;
  }
}

bool DChannel::ready(Side at) {
  if (timers_ == nullptr) return false;
  Direction& d = directions_[other(at)];
  discard_bad_heads(d);
  return d.count > 0 && d.ring[d.head].ready_us <= now_us();
}

std::size_t DChannel::receive(Side at, std::uint8_t* buffer, std::size_t capacity) {
  const pipeline::perf_role::Scope role(pipeline::perf_role::Role::kSimWire);
  if (!ready(at)) return 0;
  Direction& d = directions_[other(at)];
  const Frame& f = d.ring[d.head];
  const std::size_t size = f.size <= capacity ? f.size : capacity;
  std::memcpy(buffer, f.data.data(), size);
  d.head = (d.head + 1) % d.ring.size();
  --d.count;
  ++d.stats.delivered;
  return size;
}

void DChannel::on_timer(std::uint64_t cookie, std::uint64_t /*now_ms*/) {
  // The receiver (a PriController) names its own role.
  const pipeline::perf_role::Scope role(pipeline::perf_role::Role::kSimWire);
  const Side from = static_cast<Side>(cookie);
  FrameReceiver* receiver = ends_[other(from)].receiver;
  if (receiver != nullptr && ready(other(from))) receiver->on_frames_ready();
  if (timers_ == nullptr) return;  // stopped from inside the receiver
  Direction& d = directions_[from];
  // Frames the receiver left (none normally) or that arrive later re-arm the timer.
  if (d.count > 0 && !d.timer.armed()) {
    if (d.ring[d.head].ready_us <= now_us()) {
      // Unread although ready (the receiver stopped early): look again next tick. With no
      // receiver attached the frames wait for the next send.
      if (receiver != nullptr) timers_->arm(d.timer, timers_->now_ms() + 1);
    } else {
      arm(from);
    }
  }
}

}  // namespace spantsp::io
