#pragma once
// A call-center application written against the Host's TAPI 2.x-style API, as it would be
// written against TAPI: it answers every offered call, keeps it for a hold time, hangs up,
// and places outbound calls on idle lines at a configured rate (or as fast as lines free up).
// With the IVR menu on, an answered call is asked for a menu choice (lineGatherDigits of one
// digit with a first-digit timeout; the sim's callers press digits per their traffic
// profile), routed by it and counted by choice; it is then played the routing digits
// (lineGenerateDigits) the far end records; a call detection settles as fax (LINE_CALLINFO
// MEDIAMODE = G3FAX) is counted and hung up.
// The main job (`tapihost run`), the 100,000-call test and the load tool all run it.
//
// Threads: run() blocks the calling thread, which is the only one that touches the
// application's state; request_stop() may be called from any thread or a signal handler.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "tools/tapihost/host.h"

namespace spantsp::host {

// Outbound numbers drawn from [first, last] (decimal digits, same length), picked with a
// probability proportional to `weight` among the ranges of CallCenterOptions::dial_mix.
struct DialRange {
  std::string first;
  std::string last;
  double weight = 1.0;
};

struct CallCenterOptions {
  // How long to run; 0 = until max_calls or request_stop().
  std::chrono::milliseconds duration{0};
  // Stop after this many finished calls (completed + failed); 0 = no limit.
  std::uint64_t max_calls = 0;
  // Outbound calls per second over all lines; 0 = none; infinity = whenever a line is idle.
  double outbound_per_second = 0.0;
  // Outbound numbers are drawn uniformly from [first, last] (decimal digits, same length).
  std::string dial_first = "5551000";
  std::string dial_last = "5551999";
  // When not empty, replaces dial_first/dial_last: a call mix (the load tool sends the sim's
  // "99CC" test numbers here: answered, busy, never answered).
  std::vector<DialRange> dial_mix;
  bool answer_incoming = true;
  // Share of offered calls deflected (lineRedirect) to `deflect_to` instead of answered, where
  // the line offers LINECALLFEATURE_REDIRECT; elsewhere (or when the redirect fails) they are
  // answered as usual.
  double deflect_share = 0.0;
  std::string deflect_to = "5559000";
  // Share of answered incoming calls transferred to `transfer_to` (a supervisor) instead of
  // kept for the hold time: a consultation call (lineSetupTransfer, lineDial) joined once it
  // connects (lineCompleteTransfer) where the line offers LINECALLFEATURE_SETUPTRANSFER, else
  // a single-step transfer (lineBlindTransfer) where it offers BLINDTRANSFER; elsewhere the
  // call goes on as usual. A transfer that fails on the way drops the calls it involved.
  double transfer_share = 0.0;
  std::string transfer_to = "5559100";
  // Mean of the exponential time we keep a connected call before hanging up; 0 = at once.
  std::chrono::milliseconds hold_mean{30000};
  // Hang up an outbound call still not connected after this long (a caller giving up on a
  // ringing call); 0 = wait for the far end.
  std::chrono::milliseconds ring_timeout{0};
  std::uint64_t seed = 1;
  // Media modes the lines are opened for (0 = every mode the line supports).
  DWORD media_modes = 0;
  // The IVR menu (see above): its first-digit timeout, and the DTMF digits played to a caller
  // once routed (empty: none), per choice the digit itself followed by these.
  bool menu = false;
  std::chrono::milliseconds menu_timeout{5000};
  std::string route_digits = "#";
  // LINEDIGITMODE_ bits every connected call monitors (lineMonitorDigits; 0: none).
  DWORD monitor_digit_modes = 0;
  // A lineMakeCall refused with LINEERR_RESOURCEUNAVAIL ("retry later": a full command queue,
  // or a PRI span's D-channel backlog at its bound) is tried again on that line after this:
  // about the time a 64 kb/s D-channel takes to carry the default bound's 32 frames.
  std::chrono::milliseconds refused_retry{100};
};

// The menu's choices: index of the digit in "0123456789*#ABCD".
inline constexpr std::string_view kMenuDigits = "0123456789*#ABCD";

struct CallCenterStats {
  std::uint64_t offered = 0;   // incoming calls announced (LINE_APPNEWCALL)
  std::uint64_t answered = 0;  // incoming calls that reached CONNECTED
  std::uint64_t placed = 0;    // outbound lineMakeCall requests accepted
  std::uint64_t outbound_connected = 0;
  std::uint64_t completed = 0;         // calls that were connected, then went IDLE
  std::uint64_t failed = 0;            // calls that ended without ever being connected
  std::uint64_t make_call_errors = 0;  // lineMakeCall refused synchronously or by its reply
  std::uint64_t make_call_resource_refusals = 0;  // ... by its reply LINEERR_RESOURCEUNAVAIL
  std::uint64_t deflected = 0;                    // offered calls lineRedirect sent elsewhere
  std::uint64_t deflect_refused = 0;  // ... refused (no REDIRECT on the line, or failed): answered
  std::uint64_t transferred = 0;      // answered calls the network took on (either kind)
  std::uint64_t transferred_consult = 0;  // ... of them by a consultation call joined
  std::uint64_t transfer_refused = 0;     // transfers the line had not, or that failed
  std::uint32_t lines_busy = 0;           // lines with a call right now
  std::uint32_t lines_open = 0;
  std::uint32_t lines_out_of_service = 0;
  // IVR menu
  std::uint64_t menu_asked = 0;         // gathers started on answered calls
  std::uint64_t menu_choices[16] = {};  // by kMenuDigits index
  std::uint64_t menu_no_choice = 0;     // first-digit timeout, or the call ended first
  std::uint64_t fax_detected = 0;       // calls detection settled as G3FAX
  std::uint64_t digits_generated = 0;   // routing digits played to the end (LINE_GENERATE)
  std::uint64_t digits_confirmed = 0;   // ... that the far end reports it heard
  std::uint64_t digits_monitored = 0;   // LINE_MONITORDIGITS received (monitor_digit_modes)
  double elapsed_seconds = 0.0;
  std::uint64_t finished() const { return completed + failed; }
  // Every call that went IDLE: also those deflected or transferred and consultation calls,
  // which finished() leaves out. The per-call rates divide by it (a transfer's allocations
  // spread over a count without the transferred calls would look like a rise per call).
  std::uint64_t ended = 0;
};

// A question to the far end of a line, answered by the LINE_REPLY of `request` (<= 0: it was
// not asked); `answer` reads what the reply brought back once it succeeded.
struct FarEndQuery {
  LONG request = 0;
  std::function<std::string()> answer;
};

// Optional callbacks on run()'s thread; each gets the running totals.
struct CallCenterHooks {
  std::function<void(const CallCenterStats&)> every_second;  // about once a second
  std::function<void(const CallCenterStats&)> lines_open;    // lines open, no call placed yet
  // The same moment: each line's handle, in Host::lines() order (0 where lineOpen failed), for
  // a companion thread that acts on the lines too (the soak's fault injector).
  std::function<void(const std::vector<LineHandle>&)> line_handles;
  std::function<void(const CallCenterStats&)> before_close;  // done, lines not closed yet
  // Asks the far end which DTMF digits it heard during `line`'s latest call (the sim board
  // answers through lineDevSpecific: tools/tapihost/far_end_query.h). Asked at the call's IDLE;
  // the job compares the answer with the routing digits it generated there. Unset:
  // digits_confirmed stays 0.
  std::function<FarEndQuery(LineHandle line)> far_end_heard;
  // Every LINE_MONITORDIGITS, as the job takes it from the host (the load tool's latency).
  std::function<void(const Message&)> monitor_digit;
};

class CallCenter {
 public:
  CallCenter(Host& host, CallCenterOptions options);

  // Opens every line, runs until done, closes the lines. `every_second` (optional) is called
  // on this thread about once a second with the running totals. Returns the final totals.
  CallCenterStats run(const std::function<void(const CallCenterStats&)>& every_second = {});
  CallCenterStats run(const CallCenterHooks& hooks);

  void request_stop() { stop_.store(true, std::memory_order_relaxed); }

 private:
  Host& host_;
  CallCenterOptions options_;
  std::atomic<bool> stop_{false};
};

// "offered 240 answered 230 deflected 8 transferred 5 placed 120 completed 300 failed 3
// busy 95/120" for progress lines.
std::string summary_line(const CallCenterStats& stats);

}  // namespace spantsp::host
