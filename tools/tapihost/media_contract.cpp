#include "tools/tapihost/media_contract.h"

namespace spantsp::host {

void MediaContract::begin(TspiFunction function, std::uintptr_t ht_call,
                          const MediaDownCall& call) {
  // Only the media functions make an entry (every other down-call passes through here too).
  switch (function) {
    case TspiFunction::TSPI_lineMonitorDigits:
      calls_[ht_call].digit_modes |= call.modes;
      break;
    case TspiFunction::TSPI_lineMonitorMedia:
      calls_[ht_call].media_modes |= call.modes;
      break;
    case TspiFunction::TSPI_lineMonitorTones:
      if (call.starts) calls_[ht_call].tone_lists.insert(call.tone_list_id);
      break;
    case TspiFunction::TSPI_lineGatherDigits:
      if (call.starts) {
        calls_[ht_call].gathers.insert(call.end_to_end_id);
        calls_[ht_call].starting.insert(call.end_to_end_id);
      }
      break;
    case TspiFunction::TSPI_lineGenerateDigits:
    case TspiFunction::TSPI_lineGenerateTone:
      if (call.starts) {
        calls_[ht_call].generates.insert(call.end_to_end_id);
        calls_[ht_call].starting.insert(call.end_to_end_id);
      }
      break;
    default:
      break;
  }
}

const char* MediaContract::end(TspiFunction function, std::uintptr_t ht_call,
                               const MediaDownCall& call, LONG result) {
  const bool gather = function == TspiFunction::TSPI_lineGatherDigits;
  const bool generate = function == TspiFunction::TSPI_lineGenerateDigits ||
                        function == TspiFunction::TSPI_lineGenerateTone;
  if (!call.starts || (!gather && !generate)) return nullptr;
  const auto it = calls_.find(ht_call);
  if (it == calls_.end()) return nullptr;
  CallMedia& media = it->second;
  media.starting.erase(call.end_to_end_id);
  auto& outstanding = gather ? media.gathers : media.generates;
  if (result != 0) {
    outstanding.erase(call.end_to_end_id);  // failed: nothing started, no message owed
    return nullptr;
  }
  if (media.idle && outstanding.erase(call.end_to_end_id) != 0) {
    return gather ? "LINE_GATHERDIGITS" : "LINE_GENERATE";
  }
  return nullptr;
}

void MediaContract::event(std::uintptr_t ht_call, DWORD message, DWORD_PTR p1, DWORD_PTR p2,
                          const std::string& who, const Add& add) {
  // A call that never asked for media has no entry, and none is made for its messages.
  static const CallMedia kNothingAsked;
  const auto it = calls_.find(ht_call);
  CallMedia* const asked = it == calls_.end() ? nullptr : &it->second;
  const CallMedia& media = asked != nullptr ? *asked : kNothingAsked;
  const bool monitor =
      message == LINE_MONITORDIGITS || message == LINE_MONITORMEDIA || message == LINE_MONITORTONE;
  if (monitor && media.idle) {
    // tspi-contract §6: the provider ends monitoring itself at IDLE, on the same strand that
    // reported IDLE, so nothing of it can still be in flight.
    add(Rule::kMediaAfterIdle, who + ": the call reached IDLE before");
    return;
  }
  const auto id = static_cast<DWORD>(p2);
  switch (message) {
    case LINE_MONITORDIGITS:
      if ((static_cast<DWORD>(p2) & media.digit_modes) == 0) {
        add(Rule::kMonitorWithoutRequest,
            who + ": TSPI_lineMonitorDigits never asked for LINEDIGITMODE " + std::to_string(p2));
      }
      break;
    case LINE_MONITORMEDIA:
      if ((static_cast<DWORD>(p1) & media.media_modes) == 0) {
        add(Rule::kMonitorWithoutRequest,
            who + ": TSPI_lineMonitorMedia never asked for media mode " + std::to_string(p1));
      }
      break;
    case LINE_MONITORTONE:
      if (media.tone_lists.count(id) == 0) {
        add(Rule::kMonitorWithoutRequest,
            who + ": no TSPI_lineMonitorTones list " + std::to_string(id) + " was set");
      }
      break;
    case LINE_GATHERDIGITS:
      if (asked == nullptr || asked->gathers.erase(id) == 0) {
        add(Rule::kMediaResultUnexpected,
            who + ": no gather with dwEndToEndID " + std::to_string(id) + " is outstanding");
      }
      break;
    case LINE_GENERATE:
      if (asked == nullptr || asked->generates.erase(id) == 0) {
        add(Rule::kMediaResultUnexpected,
            who + ": no generation with dwEndToEndID " + std::to_string(id) + " is outstanding");
      }
      break;
    default:
      break;
  }
}

void MediaContract::owed(std::uintptr_t ht_call, const std::string& who, const Add& add) {
  const auto it = calls_.find(ht_call);
  if (it == calls_.end()) return;
  CallMedia& media = it->second;
  const auto settle = [&](std::unordered_set<DWORD>& outstanding, const char* message) {
    for (auto id = outstanding.begin(); id != outstanding.end();) {
      if (media.starting.count(*id) != 0) {
        ++id;  // its down-call has not returned: end() judges it
        continue;
      }
      add(Rule::kMediaResultOwed,
          who + ": " + message + " for dwEndToEndID " + std::to_string(*id) + " was never sent");
      id = outstanding.erase(id);
    }
  };
  settle(media.gathers, "LINE_GATHERDIGITS");
  settle(media.generates, "LINE_GENERATE");
}

void MediaContract::idle(std::uintptr_t ht_call, const std::string& who, const Add& add) {
  owed(ht_call, who, add);
  if (const auto it = calls_.find(ht_call); it != calls_.end()) it->second.idle = true;
}

void MediaContract::closed(std::uintptr_t ht_call, const std::string& who, const Add& add) {
  owed(ht_call, who, add);
  calls_.erase(ht_call);
}

}  // namespace spantsp::host
