#pragma once
// A protocol trace of one span's D-channel: every Q.921 frame either end sends, in a classic
// pcap file that Wireshark and tshark decode down to Q.931 (config key `trace`,
// config/README.md).
//
// Format: link type DLT_LINUX_LAPD (177). Each record starts with the 16-octet Linux "cooked"
// LAPD pseudo-header (pkttype, hatype, halen, addr[8], protocol = ETH_P_LAPD 0x0030, all
// big-endian), then the frame without its FCS (Wireshark's Linux LAPD
// decoding expects none). The pseudo-header carries what a Q.921 decoder needs and the frame
// lacks: the direction (pkttype 4 PACKET_OUTGOING for our frames, 0 PACKET_HOST for the far
// end's) and our side (addr[0] = 1 when we are the network), from which Wireshark reads the
// C/R bit as command or response. DLT_LAPD (203) has no pseudo-header, so its C/R decoding
// would be guesswork; that is why 177 was chosen.
//
// Timestamps: the time the sending controller handed the frame to its HDLC port, on the
// span's TimerWheel (the simulated line's clock), shifted by a fixed origin so the capture
// shows wall-clock dates: set_clock_origin() maps one wheel instant to one Unix time. Gaps
// and order in the file are therefore the simulation's, exactly; the file is in send order.
//
// Frames sent and then lost by the simulated line (cut, injected drops, a full queue) are in
// the trace too: it is what each end transmitted, as a tap at its own transmitter would see.
//
// Memory and I/O: open() allocates the FILE* and (by writing the global header) its buffer;
// write() never allocates. Each record is assembled in a member array and written and flushed
// at once (one write(2) per frame, a few µs), so a capture read while the span runs, or after
// a crash, holds every frame up to the last one.
// A failed write closes the file and counts the error; the span is never affected.
//
// Threads: open() and close() wherever the owner is built or destroyed; write() on the span
// worker only. Not thread-safe. Owned by SimPriSpan; DChannel holds a pointer.

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

namespace spantsp::io {

class PcapTrace {
 public:
  static constexpr std::uint32_t kLinkTypeLinuxLapd = 177;  // DLT_LINUX_LAPD
  static constexpr std::uint16_t kEthPLapd = 0x0030;        // ETH_P_LAPD
  static constexpr std::size_t kGlobalHeaderSize = 24;
  static constexpr std::size_t kRecordHeaderSize = 16;
  static constexpr std::size_t kPseudoHeaderSize = 16;
  // The largest record body: pseudo-header plus a Q.921 frame without FCS (DChannel::kMaxFrame).
  static constexpr std::size_t kSnapLength = kPseudoHeaderSize + 272;

  enum class Direction : std::uint8_t {
    kOurs,    // sent by our signalling (DChannel side kA): PACKET_OUTGOING
    kFarEnd,  // sent by the far end (side kB): PACKET_HOST
  };

  PcapTrace() = default;
  ~PcapTrace();
  PcapTrace(const PcapTrace&) = delete;
  PcapTrace& operator=(const PcapTrace&) = delete;

  // Creates (or truncates) `path` and writes the pcap global header. `we_network`: our side is
  // the network (pri_net). False with error() set ("cannot open trace file "x": reason") when
  // the file cannot be created or written; the trace then stays closed.
  bool open(const std::string& path, bool we_network);
  // Flushes and closes; idempotent.
  void close();
  bool is_open() const { return file_ != nullptr; }
  // Wheel time `line_us` is Unix time `unix_us` in the records (default: both 0).
  void set_clock_origin(std::uint64_t line_us, std::uint64_t unix_us);

  // One frame as handed to the HDLC port, FCS octets included (HdlcPort's convention); they
  // are not written. Frames shorter than 3 octets (no room for address and control) are
  // skipped. Runs on the span worker.
  void write(Direction direction, std::uint64_t line_us, const std::uint8_t* frame,
             std::size_t size_with_fcs);

  std::uint64_t frames_written() const { return frames_written_; }
  std::uint64_t write_errors() const { return write_errors_; }
  // Why the last open() or write() failed; empty when none did.
  const std::string& error() const { return error_; }
  const std::string& path() const { return path_; }

 private:
  void fail(const char* what, int error_number);

  std::FILE* file_ = nullptr;
  std::array<std::uint8_t, kRecordHeaderSize + kSnapLength> record_{};
  bool we_network_ = false;
  std::int64_t origin_offset_us_ = 0;  // added to line time
  std::uint64_t frames_written_ = 0;
  std::uint64_t write_errors_ = 0;
  std::string path_;
  std::string error_;
};

}  // namespace spantsp::io
