#pragma once
// The IVR example (issue 14): answers every call on every line of the provider, plays the
// menu's greeting through the call's media stream ("spantsp/media"), routes the caller by the
// digit pressed (barge-in: the greeting stops at the digit), confirms, records voicemail into
// a folder, and says goodbye. A transfer choice plays its confirmation, then hands the caller
// on with lineBlindTransfer where the call's signalling offers it (ideal, EuroISDN, Q.SIG);
// elsewhere, or when the transfer is refused, it plays "unavailable" and hangs up, counted as
// exactly that (IvrStats::transfer_fallbacks), never as a transfer.
// Timeouts and invalid choices are retried `retries` times. A prompt that could not be loaded
// or a recording that cannot be written (full disk …) takes the call down the error branch:
// the error prompt (when it loaded), then hang-up; counted, nothing else affected.
//
// Threads: run() blocks the calling thread, which alone touches call state (as a TAPI
// application's message loop); one MediaPump thread plays and records for every call, and its
// results come back through a queue read by run(). request_stop() from any thread.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "tools/ivr/ivr_menu.h"
#include "tools/tapihost/audio_file.h"
#include "tools/tapihost/host.h"

namespace spantsp::ivr {

struct IvrStats {
  std::uint64_t offered = 0;
  std::uint64_t answered = 0;
  std::uint64_t prompts_played = 0;      // prompts played to their end
  std::uint64_t barge_ins = 0;           // prompts a digit cut short
  std::map<char, std::uint64_t> digits;  // choices pressed, valid or not, by digit
  std::uint64_t invalid = 0;             // digits that are no choice
  std::uint64_t timeouts = 0;            // no digit within timeout_ms
  std::uint64_t messages_recorded = 0;   // voicemails written to the folder
  std::uint64_t transfers = 0;           // lineBlindTransfers the provider completed with success
  std::uint64_t transfer_fallbacks = 0;  // transfer choices: "unavailable" prompt, then hang-up
  std::uint64_t caller_hang_ups = 0;     // the caller hung up before the menu was done
  std::uint64_t errors = 0;              // calls taken down the error branch
  std::uint64_t stream_errors = 0;       // the call's media stream could not be opened
  std::uint64_t completed = 0;           // calls that went IDLE
  std::uint32_t active = 0;              // calls in progress now
  double elapsed_seconds = 0.0;
};

struct IvrOptions {
  std::chrono::milliseconds duration{0};  // 0: until request_stop()
};

// Prompts of a menu loaded for both laws; missing or unreadable files are listed in errors()
// and stay null (the call's error branch handles them).
class PromptSet {
 public:
  void load(const Menu& menu);
  std::shared_ptr<const host::Prompt> get(const std::string& file, media::Law law) const;
  const std::vector<std::string>& errors() const { return errors_; }

 private:
  std::map<std::string, std::shared_ptr<const host::Prompt>> mulaw_, alaw_;
  std::vector<std::string> errors_;
};

class Ivr {
 public:
  Ivr(host::Host& host, const Menu& menu, const PromptSet& prompts, IvrOptions options);
  ~Ivr();
  IvrStats run(const std::function<void(const IvrStats&)>& every_second = {});
  void request_stop() { stop_.store(true, std::memory_order_relaxed); }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::atomic<bool> stop_{false};
};

// "  12.0s answered 40 prompts 93 digits 1:5 2:9 3:4 messages 3 transfers 0 ..." per second.
std::string summary_line(const IvrStats& stats);

}  // namespace spantsp::ivr
