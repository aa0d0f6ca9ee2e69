#pragma once
// One line device at run time: its open state and what the span worker keeps for it.
// HDRVLINE is the line index and `generation` (bumped at every close, so a handle from an
// earlier open is stale).
//
// Threads: `open`/`generation` are atomics any TSPI thread checks. `gate` orders the requests
// posted about the line against lineClose (pipeline/request_gate.h): lineClose bumps the
// generation, closes the gate and waits for the requests already inside before its command.
// `ht_line`, `event_proc` and `version` are written by lineOpen before the open is published to the
// worker and are then read-only until lineClose has passed its fence. "worker" fields belong to the
// span worker; `snapshot` is what TSPI_lineGetLineDevStatus / GetAddressStatus read.

#include <atomic>
#include <cstdint>

#include "core/call.h"
#include "pipeline/request_gate.h"
#include "pipeline/seqlock.h"
#include "tspi/abi/tspi_abi.h"

namespace spantsp::core {

struct LineSnapshot {
  bool open = false;
  bool in_service = true;                // span and one of the line's channels in service
  bool span_in_service = true;           // the span alone (LINEDEVSTATUS device-specific block)
  std::uint32_t active_calls = 0;        // valid, not IDLE nor ONHOLD (contract §2: pending not)
  std::uint32_t max_calls = 1;           // one per channel: 1, or a trunk group's channel count
  std::uint32_t on_hold_calls = 0;       // ONHOLD calls (they keep their channels)
  std::uint32_t on_hold_pend_calls = 0;  // ONHOLDPENDTRANSFER calls (they keep theirs too)
  DWORD call_state = 0;                  // state of its newest call holding a channel, 0 when none
  DWORD media_modes = 0;                 // default media detection
  DWORD line_states = 0;                 // TSPI_lineSetStatusMessages
  DWORD address_states = 0;
};

struct alignas(64) Line {
  std::atomic<std::uint32_t> generation{1};
  std::atomic<bool> open{false};
  pipeline::RequestGate gate;
  HTAPILINE ht_line = nullptr;
  LINEEVENT event_proc = nullptr;
  DWORD version = 0;

  // worker
  bool worker_open = false;
  DWORD media_modes = 0;
  DWORD line_states = 0;
  DWORD address_states = 0;
  // Which call holds which channel lives in SpanRuntime's channel table: a trunk-group line
  // holds one call per channel.
  std::uint32_t calls_head = kNoIndex;        // every call of the line TAPI has not closed yet
  std::uint32_t channels_out_of_service = 0;  // taken out by the switch (SERVICE)
  std::uint32_t hunt_cursor = 0;              // round robin: position of the last channel used

  // Cross-span group (DESIGN.md §5a, core/group_parts.h). Each span's part is a Line slot its
  // own strand writes; TSPI threads pick the part an outgoing call goes to by a lock-free claim.
  // part, any thread: free in-service channels less claims in flight (a claim takes one while
  // it is > 0; the strand gives it back when the call took a channel or failed).
  std::atomic<int> free_claims{0};
  // part, any thread: release sequence of the channel the part would hunt by least recently
  // used, or kNoFreeChannel.
  std::atomic<std::uint64_t> oldest_free{0};
  // TAPI line, any thread: round robin, the part that took the last outgoing call.
  std::atomic<std::uint32_t> last_part{0};
  // TAPI line, any thread: its parts now in service. The strand whose part changes it from or
  // to 0 reports LINEDEVSTATE_OUTOFSERVICE / INSERVICE for the whole line.
  std::atomic<std::uint32_t> parts_in_service{0};
  // part, worker: what this strand last put into free_claims and parts_in_service.
  int counted_free = 0;
  bool counted_in_service = true;
  bool service_edge = false;  // the last snapshot took the whole line into or out of service

  pipeline::Seqlock<LineSnapshot> snapshot;
};

}  // namespace spantsp::core
