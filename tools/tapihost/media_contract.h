#pragma once
// The contract checker's rules for the TSPI media functions and their messages
// (tspi-contract §6): LINE_MONITORDIGITS / LINE_MONITORMEDIA / LINE_MONITORTONE only for what
// the call was asked to monitor; exactly one LINE_GATHERDIGITS per gather and one
// LINE_GENERATE per generation (keyed by dwEndToEndID); none still owed when the call reaches
// IDLE or TSPI_lineCloseCall returns (TAPI frees the gather buffer then).
//
// Memory: a call is remembered only from its first media down-call until TSPI_lineCloseCall
// returns or its line is closed (forget); calls that never used a media function — a refused
// lineMakeCall above all — cost nothing (a soak of a million refused calls grew 300 MiB when
// every down-call and every message made an entry).
//
// Thread affinity: none of its own; ContractChecker calls it under its lock.

#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "tools/tapihost/tspi_exports.h"
#include "tools/tapihost/violation.h"
#include "tspi/abi/tspi_abi.h"

namespace spantsp::host {

// What a media down-call asked for (ContractChecker::DownCall::media).
struct MediaDownCall {
  DWORD modes = 0;          // MonitorDigits / MonitorMedia: the modes (0: off)
  DWORD end_to_end_id = 0;  // Gather / Generate: the ID its message must carry
  DWORD tone_list_id = 0;   // MonitorTones
  bool starts = false;      // Gather / Generate / MonitorTones: starts (false: cancels)
};

class MediaContract {
 public:
  using Add = std::function<void(Rule, std::string)>;

  // Before the TSPI_ call (messages may come before it returns).
  void begin(TspiFunction function, std::uintptr_t ht_call, const MediaDownCall& call);
  // After it returned `result`. A start that succeeded while the call reached IDLE owes a
  // message the IDLE could not yet judge (the provider may refuse a start because of that
  // IDLE): returns that message's name ("LINE_GENERATE") when it never came, else nullptr.
  const char* end(TspiFunction function, std::uintptr_t ht_call, const MediaDownCall& call,
                  LONG result);
  // The checker builds `who` below only when these say there is something to judge (the text
  // cost more than all its checks, issue 17): event() judges only the media functions' own
  // messages; idle() and closed() only calls that asked for media.
  static bool judges(DWORD message) {
    return message == LINE_MONITORDIGITS || message == LINE_MONITORMEDIA ||
           message == LINE_MONITORTONE || message == LINE_GATHERDIGITS || message == LINE_GENERATE;
  }
  bool tracks(std::uintptr_t ht_call) const { return calls_.count(ht_call) != 0; }
  // A LINEEVENT about a known, open call; `who` names it for findings.
  void event(std::uintptr_t ht_call, DWORD message, DWORD_PTR p1, DWORD_PTR p2,
             const std::string& who, const Add& add);
  // The call reached IDLE (`who` names the message), or TSPI_lineCloseCall returned.
  void idle(std::uintptr_t ht_call, const std::string& who, const Add& add);
  void closed(std::uintptr_t ht_call, const std::string& who, const Add& add);
  // The call is gone without a TSPI_lineCloseCall (TSPI_lineClose closed it): no finding, as
  // TSPI_lineClose owes no message for its calls.
  void forget(std::uintptr_t ht_call) { calls_.erase(ht_call); }
  // Calls remembered now (for the tests that hold memory to the calls in use).
  std::size_t tracked_calls() const { return calls_.size(); }

 private:
  struct CallMedia {
    // Modes ever asked for: a message queued just before monitoring stopped may still arrive
    // after the call that stopped it returned, so only never-asked modes are findings.
    DWORD digit_modes = 0;
    DWORD media_modes = 0;
    std::unordered_set<DWORD> tone_lists;
    std::unordered_set<DWORD> gathers;    // LINE_GATHERDIGITS owed, by dwEndToEndID
    std::unordered_set<DWORD> generates;  // LINE_GENERATE owed
    // Gathers and generations whose starting down-call has not returned: an IDLE meanwhile
    // owes nothing for them yet (end() judges them).
    std::unordered_set<DWORD> starting;
    bool idle = false;  // LINE_CALLSTATE(IDLE) came: monitoring has ended
  };
  void owed(std::uintptr_t ht_call, const std::string& who, const Add& add);

  std::unordered_map<std::uintptr_t, CallMedia> calls_;
};

}  // namespace spantsp::host
