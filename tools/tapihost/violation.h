#pragma once
// The rules the host checks a provider against and the record of one violation. Rule ids are
// stable strings (tests and CI logs grep for them); each cites its tspi-contract section.
//
// Thread affinity: plain values; the rule table is constant.

#include <string>
#include <string_view>

namespace spantsp::host {

enum class Rule : unsigned char {
  // Async request model (tspi-contract §2, §8 items 1-2).
  kAsyncReturnValue,
  kSyncReturnValue,
  kCompletionResult,
  kCompletionUnknownRequest,
  kCompletionTwice,
  kCompletionOfFailedRequest,
  kCompletionAfterClose,
  kRequestNeverCompleted,
  kCloseCallPendingRequest,
  kLineClosePendingRequest,
  kLineCloseWithPendingRequests,
  // New calls (§2 lineMakeCall ordering, §3, §8 items 3-4).
  kEventBeforeMakeCallCompletion,
  kEventAfterFailedMakeCall,
  kCallEventWithoutCall,
  kEventAfterNewCallNull,
  kIncomingFirstCallState,
  kNewCallBadParams,
  kNewCallDuplicate,
  // Handles (§8 items 5-7).
  kUnknownLine,
  kUnknownCall,
  kCallLineMismatch,
  kNullDriverHandle,
  kEventAfterCloseCall,
  kEventAfterLineClose,
  // Call states (§4.1, §8 items 10, 13, 14).
  kCallStateBits,
  kStateAfterIdle,
  kCallInfoAfterIdle,
  kCallStateTransition,
  kDisconnectModeVersion,
  kLineDevStateOpenClose,
  // Media functions and their messages (§6).
  kMonitorWithoutRequest,
  kMediaResultUnexpected,
  kMediaResultOwed,
  kMediaAfterIdle,
  // Caps tell the truth (§5, §6): every upcall and feature within what the line advertised.
  kCallStateNotAdvertised,
  kCallStateModeNotAdvertised,
  kLineDevStateNotAdvertised,
  kLineDevStateNotEnabled,
  kAddressStateNotAdvertised,
  kAddressStateNotEnabled,
  kCallInfoNotAdvertised,
  kFeatureRefused,
  // Callback discipline (§8 threading, item 15).
  kUpcallAfterShutdown,
  kUpcallOverlap,
  kUpcallOnDownCallThread,
  // Versions (§1.2, §9).
  kNegotiatedVersion,
  // Variable-size structures (§5, §8 item 8).
  kTotalSizeWritten,
  kWritePastTotalSize,
  kSizeFields,
  kVarFieldRange,
  kVarFieldOverlap,
  kStringFormat,
  kTapiOwnedField,
  kVarFieldTruncated,
  kNeededSizeUnstable,
  kFillFailed,
};

inline constexpr int kRuleCount = static_cast<int>(Rule::kFillFailed) + 1;

struct RuleInfo {
  std::string_view id;       // "completion-twice"
  std::string_view section;  // "tspi-contract §2, §8.2"
  std::string_view summary;  // one line: what the provider must (not) do
};

const RuleInfo& rule_info(Rule rule);
inline std::string_view rule_id(Rule rule) {
  return rule_info(rule).id;
}

struct Violation {
  Rule rule;
  // What happened, naming the function, request id, line and call involved.
  std::string description;

  // "[completion-twice] (tspi-contract §2, §8.2) ASYNC_COMPLETION(7, 0): request 7 ..."
  std::string to_string() const;
};

inline std::string to_string(const Violation& violation) {
  return violation.to_string();
}

}  // namespace spantsp::host
