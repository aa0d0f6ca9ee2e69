#pragma once
// One call: a slot of the preallocated call table (DESIGN.md §3 "Pools"). HDRVCALL is its
// index and generation (core/handle.h).
//
// Ownership and threads:
// - `generation` is atomic: bumped when the slot is freed, so any thread can tell a stale
//   handle from a live one without touching the rest. Only the thread whose compare-exchange
//   moves it on returns the slot to the pool (Engine::free_call), so a racing lineClose and
//   lineCloseCall free it once.
// - `gate` orders the requests posted about the call against lineCloseCall
//   (pipeline/request_gate.h); it reopens when the slot goes back to the pool.
// - `ht_call`: for an outgoing call, written by the TSPI thread in lineMakeCall before the
//   slot is published to the worker; for an incoming call, written by TAPI through
//   LINE_NEWCALL on the dispatcher thread. Afterwards read only by the dispatcher.
// - `app_specific`: written by lineSetAppSpecific on any TSPI thread, read by getters.
// - Everything under "worker" belongs to the span worker alone once the slot is published.
// - `snapshot` is what the synchronous getters read (single writer: the worker).

#include <array>
#include <atomic>
#include <cstdint>

#include "board_drivers/board_driver.h"
#include "core/call_media.h"
#include "pipeline/request_gate.h"
#include "pipeline/seqlock.h"
#include "pipeline/timer_wheel.h"
#include "tspi/abi/tspi_abi.h"

namespace spantsp::core {

inline constexpr std::uint32_t kNoIndex = 0xFFFFFFFFu;
inline constexpr std::size_t kMaxPendingRequests = 4;

// What the getters see of a call (LINECALLINFO, LINECALLSTATUS), published by the worker.
struct CallSnapshot {
  std::uint32_t generation = 0;
  std::uint32_t line_index = kNoIndex;
  DWORD state = 0;
  DWORD state_mode = 0;
  DWORD origin = 0;
  DWORD reason = 0;
  DWORD media_mode = 0;
  DWORD features = 0;  // LINECALLSTATUS.dwCallFeatures (core/call_state.h, per state)
  DWORD bearer_mode = 0;
  DWORD rate = 0;
  DWORD call_id = 0;
  // lineSetupTransfer: the consultation call's is the call it consults for, and that call's
  // the consultation call's (LINECALLINFO dwRelatedCallID, TSPI_lineGetCallIDs); else 0.
  DWORD related_call_id = 0;
  int channel = 0;  // the bearer it runs on (a group line's call: the one hunted), 0 before
  DWORD caller_id_flags = 0;
  DWORD called_id_flags = 0;
  DWORD redirecting_id_flags = 0;
  bool number_complete = false;        // outgoing: the whole number has been sent (no lineDial)
  DWORD service_features = 0;          // LINECALLFEATURE_* of the span's services in this state
  std::uint64_t state_entered_ms = 0;  // UTC, for LINECALLSTATUS.tStateEntryTime
  board::Number caller;
  board::Name caller_name;
  board::Number called;
  board::Number redirecting;
  board::Number redirection;     // where lineRedirect sent the call
  std::uint8_t r2_category = 0;  // MFC/R2 calling party category (0: none)
};

// The user-user information LINECALLINFO shows (published by the worker when it changes; a
// separate seqlock, so the state changes' snapshots stay small). `generation` as above.
struct UserUserSnapshot {
  std::uint32_t generation = 0;
  board::UserUser uui;
};

// Received user-user information waiting for lineReleaseUserUserInfo (TSPI_lineReleaseUserUserInfo:
// LINECALLINFO keeps the one shown until released; later ones are buffered). A PRI call brings
// at most three (SETUP or ALERTING, CONNECT, DISCONNECT): beyond kUserUserQueue the newest is
// dropped and counted.
inline constexpr std::size_t kUserUserQueue = 4;

// What Call::settled holds: the generation the worker settled and the commands it had handled.
constexpr std::uint64_t settled_word(std::uint32_t generation, std::uint32_t handled) {
  return (static_cast<std::uint64_t>(generation) << 32) | handled;
}

enum class PendingOp : std::uint8_t {
  kNone,
  kMakeCall,
  kDial,
  kAccept,
  kAnswer,
  kDrop,
  kHold,
  kUnhold,
  kSwapHold,  // on the held call: done when it is retrieved
  kRedirect,  // done when the network clears the deflected call
  // core/span_transfer.cpp
  kBlindTransfer,  // done when the network clears the transferred call
  kSetupTransfer,  // on the call to transfer: done when it is held and the consultation call seized
  kCompleteTransfer,  // on the call to transfer: done when the network clears it after the join
};

struct PendingRequest {
  DRV_REQUESTID request = 0;
  PendingOp op = PendingOp::kNone;
};

struct alignas(64) Call {
  std::atomic<std::uint32_t> generation{1};
  pipeline::RequestGate gate;
  HTAPICALL ht_call = nullptr;
  std::atomic<DWORD> app_specific{0};
  // lineCloseCall without the fence round trip (Engine::close_call): once the worker has
  // settled the call (IDLE, nothing more of its own to say) and has handled every command a
  // TSPI thread posted for it, and the dispatcher has made every upcall before saying so,
  // closing needs nobody's answer.
  std::atomic<std::uint32_t> posted{0};   // TSPI threads: commands posted for this generation
  std::atomic<std::uint64_t> settled{0};  // dispatcher: settled_word(generation, handled)

  // worker
  std::uint32_t line_index = kNoIndex;
  int channel = 0;
  DWORD state = 0;
  DWORD state_mode = 0;
  DWORD media_mode = 0;
  bool outgoing = false;
  bool valid = false;       // outgoing: MakeCall completed with success; incoming: announced
  bool trunk_busy = false;  // holds the channel on the board (seized, not yet released)
  bool releasing = false;   // release() sent, waiting for on_released
  // lineSwapHold: this active call is being held so that `swap_to` (a held call of the same
  // line, which carries the request) is retrieved next.
  std::uint32_t swap_to = kNoIndex;
  // Transfer: lineSetupTransfer's consultation call (on the call being transferred, until the
  // hold is answered); then, once lineCompleteTransfer asked the network to join them, the
  // other call of the pair (on both). The network's clearing of either ends it quietly.
  std::uint32_t transfer_consult = kNoIndex;
  std::uint32_t transfer_consult_generation = 0;
  std::uint32_t transfer_peer = kNoIndex;
  std::uint32_t call_id = 0;
  std::uint32_t related_call_id = 0;      // CallSnapshot::related_call_id
  std::uint32_t worker_generation = 0;    // the generation the worker was given
  std::uint32_t handled = 0;              // commands handled for that generation
  bool settled_local = false;             // IDLE: only commands produce upcalls from now on
  std::uint32_t prev_on_line = kNoIndex;  // the line's list of calls TAPI has not closed
  std::uint32_t next_on_line = kNoIndex;
  board::CallSetup setup;
  board::Number redirection;  // lineRedirect's destination, once the network took it
  std::array<PendingRequest, kMaxPendingRequests> pending{};
  // Received user-user information: uui[uui_head] is shown in LINECALLINFO while uui_count > 0.
  std::array<board::UserUser, kUserUserQueue> uui{};
  std::uint8_t uui_head = 0;
  std::uint8_t uui_count = 0;
  bool bearer_media = false;        // its line's signalling carries audio (line_has_bearer_media)
  CallMedia media;                  // the media functions' state (core/call_media.h)
  pipeline::TimerNode media_timer;  // CallMedia's gather timeouts, on the worker's wheel

  pipeline::Seqlock<CallSnapshot> snapshot;
  pipeline::Seqlock<UserUserSnapshot> uui_snapshot;
};

}  // namespace spantsp::core
