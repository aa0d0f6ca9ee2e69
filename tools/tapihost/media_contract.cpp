#include "tools/tapihost/media_contract.h"

namespace spantsp::host {

void MediaContract::begin(TspiFunction function, std::uintptr_t ht_call,
                          const MediaDownCall& call) {
  CallMedia& media = calls_[ht_call];
  switch (function) {
    case TspiFunction::TSPI_lineMonitorDigits:
      media.digit_modes |= call.modes;
      break;
    case TspiFunction::TSPI_lineMonitorMedia:
      media.media_modes |= call.modes;
      break;
    case TspiFunction::TSPI_lineMonitorTones:
      if (call.starts) media.tone_lists.insert(call.tone_list_id);
      break;
    case TspiFunction::TSPI_lineGatherDigits:
      if (call.starts) media.gathers.insert(call.end_to_end_id);
      break;
    case TspiFunction::TSPI_lineGenerateDigits:
    case TspiFunction::TSPI_lineGenerateTone:
      if (call.starts) media.generates.insert(call.end_to_end_id);
      break;
    default:
      break;
  }
}

void MediaContract::end(TspiFunction function, std::uintptr_t ht_call, const MediaDownCall& call,
                        LONG result) {
  if (result == 0 || !call.starts) return;
  // Failed: nothing was started, so no message is owed for it.
  CallMedia& media = calls_[ht_call];
  if (function == TspiFunction::TSPI_lineGatherDigits) media.gathers.erase(call.end_to_end_id);
  if (function == TspiFunction::TSPI_lineGenerateDigits ||
      function == TspiFunction::TSPI_lineGenerateTone) {
    media.generates.erase(call.end_to_end_id);
  }
}

void MediaContract::event(std::uintptr_t ht_call, DWORD message, DWORD_PTR p1, DWORD_PTR p2,
                          const std::string& who, const Add& add) {
  CallMedia& media = calls_[ht_call];
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
      if (media.gathers.erase(id) == 0) {
        add(Rule::kMediaResultUnexpected,
            who + ": no gather with dwEndToEndID " + std::to_string(id) + " is outstanding");
      }
      break;
    case LINE_GENERATE:
      if (media.generates.erase(id) == 0) {
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
  for (const DWORD id : it->second.gathers) {
    add(Rule::kMediaResultOwed,
        who + ": LINE_GATHERDIGITS for dwEndToEndID " + std::to_string(id) + " was never sent");
  }
  for (const DWORD id : it->second.generates) {
    add(Rule::kMediaResultOwed,
        who + ": LINE_GENERATE for dwEndToEndID " + std::to_string(id) + " was never sent");
  }
  it->second.gathers.clear();
  it->second.generates.clear();
}

void MediaContract::idle(std::uintptr_t ht_call, const std::string& who, const Add& add) {
  owed(ht_call, who, add);
}

void MediaContract::closed(std::uintptr_t ht_call, const std::string& who, const Add& add) {
  owed(ht_call, who, add);
  calls_.erase(ht_call);
}

}  // namespace spantsp::host
