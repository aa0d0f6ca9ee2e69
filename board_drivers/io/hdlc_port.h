#pragma once
// One end of an HDLC D-channel as a signalling module sees it (DESIGN.md §4: the I/O half of a
// host-signalled board): whole frames out, whole frames in, and a nudge when frames are there
// to read. The sim board's in-process DChannel implements it; a DAHDI HDLCFCS channel would
// too.
//
// Frames follow libpri's FCS convention (t1e1-notes §1.1): every frame ends with the 2 FCS
// octets and the sizes count them.
//
// Threads: an HdlcPort and its FrameReceiver belong to one span worker; every call happens on
// it. send_frame() never calls the receiver of either end (so libpri's write callback can
// use it); the receiver is nudged from a later timer turn of the worker.

#include <cstddef>
#include <cstdint>

namespace spantsp::io {

class FrameReceiver {
 public:
  // Frames are readable at this end now: read them with HdlcPort::receive_frame().
  virtual void on_frames_ready() = 0;

 protected:
  ~FrameReceiver() = default;
};

class HdlcPort {
 public:
  // Queues one frame (FCS octets included) for transmission; false when it was lost (link
  // cut, queue full, oversized). Never blocks, never re-enters a receiver.
  virtual bool send_frame(const std::uint8_t* frame, std::size_t size) = 0;
  // Copies the next frame that has fully arrived into `buffer`; 0 when none.
  virtual std::size_t receive_frame(std::uint8_t* buffer, std::size_t capacity) = 0;
  // True when receive_frame() would return a frame now.
  virtual bool frame_ready() = 0;
  virtual void set_receiver(FrameReceiver* receiver) = 0;

 protected:
  ~HdlcPort() = default;
};

}  // namespace spantsp::io
