#include "board_drivers/io/pcap_trace.h"

#include <cerrno>
#include <cstring>

namespace spantsp::io {
namespace {

constexpr std::size_t kFcsSize = 2;
constexpr std::uint16_t kPacketHost = 0;      // Linux PACKET_HOST: received
constexpr std::uint16_t kPacketOutgoing = 4;  // Linux PACKET_OUTGOING: sent

// pcap fields are in the writer's byte order, announced by the magic; ours is fixed
// little-endian so a capture's bytes never depend on the build host.
void put_le32(std::uint8_t* out, std::uint32_t v) {
  out[0] = static_cast<std::uint8_t>(v);
  out[1] = static_cast<std::uint8_t>(v >> 8);
  out[2] = static_cast<std::uint8_t>(v >> 16);
  out[3] = static_cast<std::uint8_t>(v >> 24);
}
void put_le16(std::uint8_t* out, std::uint16_t v) {
  out[0] = static_cast<std::uint8_t>(v);
  out[1] = static_cast<std::uint8_t>(v >> 8);
}
// The LAPD pseudo-header is big-endian whatever the file's order.
void put_be16(std::uint8_t* out, std::uint16_t v) {
  out[0] = static_cast<std::uint8_t>(v >> 8);
  out[1] = static_cast<std::uint8_t>(v);
}

}  // namespace

PcapTrace::~PcapTrace() {
  close();
}

bool PcapTrace::open(const std::string& path, bool we_network) {
  close();
  path_ = path;
  error_.clear();
  we_network_ = we_network;
  file_ = std::fopen(path.c_str(), "wb");
  if (file_ == nullptr) {
    fail("cannot open trace file", errno);
    return false;
  }
  std::uint8_t header[kGlobalHeaderSize] = {};
  put_le32(header + 0, 0xA1B2C3D4);  // microsecond timestamps
  put_le16(header + 4, 2);           // version 2.4
  put_le16(header + 6, 4);
  // thiszone and sigfigs stay 0
  put_le32(header + 16, static_cast<std::uint32_t>(kSnapLength));
  put_le32(header + 20, kLinkTypeLinuxLapd);
  if (std::fwrite(header, 1, sizeof header, file_) != sizeof header || std::fflush(file_) != 0) {
    fail("cannot write trace file", errno);
    return false;
  }
  return true;
}

void PcapTrace::close() {
  if (file_ == nullptr) return;
  std::fclose(file_);
  file_ = nullptr;
}

void PcapTrace::set_clock_origin(std::uint64_t line_us, std::uint64_t unix_us) {
  origin_offset_us_ = static_cast<std::int64_t>(unix_us - line_us);
}

void PcapTrace::write(Direction direction, std::uint64_t line_us, const std::uint8_t* frame,
                      std::size_t size_with_fcs) {
  if (file_ == nullptr || size_with_fcs < kFcsSize + 3) return;
  std::size_t size = size_with_fcs - kFcsSize;
  if (size > kSnapLength - kPseudoHeaderSize) size = kSnapLength - kPseudoHeaderSize;
  const std::size_t body = kPseudoHeaderSize + size;

  const std::uint64_t unix_us = line_us + static_cast<std::uint64_t>(origin_offset_us_);
  std::uint8_t* r = record_.data();
  put_le32(r + 0, static_cast<std::uint32_t>(unix_us / 1'000'000));
  put_le32(r + 4, static_cast<std::uint32_t>(unix_us % 1'000'000));
  put_le32(r + 8, static_cast<std::uint32_t>(body));   // captured
  put_le32(r + 12, static_cast<std::uint32_t>(body));  // on the wire (FCS never counted)

  std::uint8_t* pseudo = r + kRecordHeaderSize;
  std::memset(pseudo, 0, kPseudoHeaderSize);
  put_be16(pseudo + 0, direction == Direction::kOurs ? kPacketOutgoing : kPacketHost);
  // hatype and halen stay 0, as Wireshark writes them; addr[0] says which side we are.
  pseudo[6] = we_network_ ? 1 : 0;
  put_be16(pseudo + 14, kEthPLapd);
  std::memcpy(pseudo + kPseudoHeaderSize, frame, size);

  const std::size_t total = kRecordHeaderSize + body;
  if (std::fwrite(r, 1, total, file_) != total || std::fflush(file_) != 0) {
    ++write_errors_;
    fail("cannot write trace file", errno);
    return;
  }
  ++frames_written_;
}

void PcapTrace::fail(const char* what, int error_number) {
  error_ = std::string(what) + " \"" + path_ + "\": " + std::strerror(error_number);
  close();
}

}  // namespace spantsp::io
