// ContractChecker, fed synthetic down-call/upcall sequences. One test per rule: the legal
// sequence next to the violation gives no finding, the violation gives exactly its rule id.

#include "tools/tapihost/contract_checker.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace spantsp::host {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr LONG err(auto value) {
  return static_cast<LONG>(value);
}

HTAPILINE line(std::uintptr_t n) {
  return reinterpret_cast<HTAPILINE>(0x4C0000 + n);
}
HTAPICALL call(std::uintptr_t n) {
  return reinterpret_cast<HTAPICALL>(0x430000 + n);
}

const HTAPILINE kLine = line(1);
const HTAPILINE kOtherLine = line(2);
const HTAPICALL kCall = call(1);
constexpr DWORD kVersion = 0x00030001;
constexpr DWORD_PTR kHdCall = 0xC001;
constexpr DWORD kPhoneState = 18;  // PHONE_STATE (tspi-contract §9)

// A TAPISRV session written as a script of the facts the host reports.
class Script {
 public:
  Script() { down({.function = TspiFunction::TSPI_providerInit}, 0); }

  ContractChecker checker;

  void down(const ContractChecker::DownCall& call, LONG result, DWORD_PTR handle = 0,
            DWORD version = 0) {
    const auto id = checker.begin_down_call(call);
    checker.end_down_call(id, {.result = result, .driver_handle = handle, .version = version});
  }
  void open(HTAPILINE ht = kLine, DWORD version = kVersion, DWORD_PTR hd = 0x100) {
    down({.function = TspiFunction::TSPI_lineOpen, .ht_line = ht, .tspi_version = version}, 0, hd);
  }
  // lineMakeCall returning `result` (default: its request id).
  void make_call(DRV_REQUESTID request, HTAPICALL ht = kCall, std::optional<LONG> result = {},
                 DWORD_PTR hd = kHdCall, HTAPILINE on = kLine) {
    down({.function = TspiFunction::TSPI_lineMakeCall,
          .request_id = request,
          .ht_line = on,
          .ht_call = ht},
         result.value_or(static_cast<LONG>(request)), hd);
  }
  // A call-level async function (lineDial, lineDrop, ...) returning its request id.
  void request(TspiFunction function, DRV_REQUESTID request, HTAPICALL ht = kCall) {
    down({.function = function, .request_id = request, .ht_call = ht}, static_cast<LONG>(request));
  }
  void complete(DRV_REQUESTID request, LONG result = 0) {
    checker.begin_completion(request, result);
    checker.end_upcall();
  }
  void event(HTAPILINE ht_line, HTAPICALL ht_call, DWORD message, DWORD_PTR p1 = 0,
             DWORD_PTR p2 = 0, DWORD_PTR p3 = 0) {
    checker.begin_line_event(ht_line, ht_call, message, p1, p2, p3);
    checker.end_upcall();
  }
  void state(DWORD state, DWORD_PTR mode = 0, HTAPICALL ht = kCall, HTAPILINE on = kLine) {
    event(on, ht, LINE_CALLSTATE, state, mode, 0);
  }
  // LINE_NEWCALL on `on` answered with `answer` (null = refused).
  void new_call(HTAPICALL answer, DWORD_PTR hd = kHdCall, HTAPILINE on = kLine) {
    HTAPICALL slot = nullptr;
    checker.begin_line_event(on, nullptr, LINE_NEWCALL, hd, reinterpret_cast<DWORD_PTR>(&slot), 0);
    checker.new_call_answered(on, hd, answer);
    checker.end_upcall();
  }
  void close_call(HTAPICALL ht = kCall) {
    down({.function = TspiFunction::TSPI_lineCloseCall, .ht_call = ht}, 0);
  }
  void close_line(HTAPILINE ht = kLine) {
    down({.function = TspiFunction::TSPI_lineClose, .ht_line = ht}, 0);
  }
  void shutdown() { down({.function = TspiFunction::TSPI_providerShutdown}, 0); }

  std::vector<std::string> rules() const {
    std::vector<std::string> ids;
    for (const Violation& violation : checker.violations()) {
      ids.emplace_back(rule_id(violation.rule));
    }
    return ids;
  }
};

// An incoming call that reached OFFERING.
void offered(Script& s) {
  s.open();
  s.new_call(kCall);
  s.state(LINECALLSTATE_OFFERING, LINEOFFERINGMODE_ACTIVE);
}

// An outgoing call whose MakeCall completed successfully.
void made(Script& s, DRV_REQUESTID request = 7) {
  s.open();
  s.make_call(request);
  s.complete(request);
}

// --- async request model (tspi-contract §2) ------------------------------------------------------

TEST(TapihostContractChecker, AsyncFunctionReturnsItsRequestIdOrAnError) {
  Script legal;
  legal.open();
  legal.make_call(7);
  legal.complete(7);
  legal.make_call(8, call(2), err(LINEERR_CALLUNAVAIL));
  EXPECT_THAT(legal.rules(), IsEmpty());

  Script bad;
  bad.open();
  bad.make_call(7, kCall, 0);
  bad.complete(7);
  bad.make_call(8, call(2), 9);
  EXPECT_THAT(bad.rules(), ElementsAre("async-return-value", "async-return-value"));
}

TEST(TapihostContractChecker, SyncFunctionReturnsZeroOrAnError) {
  Script legal;
  made(legal);
  legal.down({.function = TspiFunction::TSPI_lineSetAppSpecific, .ht_call = kCall}, 0);
  legal.down({.function = TspiFunction::TSPI_lineSetAppSpecific, .ht_call = kCall},
             err(LINEERR_INVALCALLSTATE));
  EXPECT_THAT(legal.rules(), IsEmpty());

  Script bad;
  made(bad);
  bad.down({.function = TspiFunction::TSPI_lineSetAppSpecific, .ht_call = kCall}, 5);
  EXPECT_THAT(bad.rules(), ElementsAre("sync-return-value"));
}

TEST(TapihostContractChecker, CompletionResultIsZeroOrALineErr) {
  Script legal;
  legal.open();
  legal.make_call(7);
  legal.complete(7, err(LINEERR_CALLUNAVAIL));
  EXPECT_THAT(legal.rules(), IsEmpty());

  Script positive;
  positive.open();
  positive.make_call(7);
  positive.complete(7, 1);
  EXPECT_THAT(positive.rules(), ElementsAre("completion-result"));

  Script not_lineerr;
  not_lineerr.open();
  not_lineerr.make_call(7);
  not_lineerr.complete(7, -5);
  EXPECT_THAT(not_lineerr.rules(), ElementsAre("completion-result"));
}

TEST(TapihostContractChecker, OnlyIssuedRequestsAreCompleted) {
  Script legal;
  made(legal);
  legal.request(TspiFunction::TSPI_lineDial, 99);
  legal.complete(99);
  EXPECT_THAT(legal.rules(), IsEmpty());

  Script bad;
  made(bad);
  bad.complete(99);
  EXPECT_THAT(bad.rules(), ElementsAre("completion-unknown-request"));
}

TEST(TapihostContractChecker, RequestCompletedExactlyOnce) {
  Script legal;
  made(legal);
  EXPECT_THAT(legal.rules(), IsEmpty());

  Script bad;
  made(bad);
  bad.complete(7);
  EXPECT_THAT(bad.rules(), ElementsAre("completion-twice"));
}

TEST(TapihostContractChecker, FailedAsyncCallIsNeverCompleted) {
  Script legal;
  legal.open();
  legal.make_call(7, kCall, err(LINEERR_CALLUNAVAIL));
  EXPECT_THAT(legal.rules(), IsEmpty());

  Script after;
  after.open();
  after.make_call(7, kCall, err(LINEERR_CALLUNAVAIL));
  after.complete(7, err(LINEERR_CALLUNAVAIL));
  EXPECT_THAT(after.rules(), ElementsAre("completion-of-failed-request"));

  // Completed (from the dispatcher) while the function was running, then it returned an error.
  Script before;
  before.open();
  const auto id = before.checker.begin_down_call({.function = TspiFunction::TSPI_lineMakeCall,
                                                  .request_id = 7,
                                                  .ht_line = kLine,
                                                  .ht_call = kCall});
  std::thread([&] { before.complete(7); }).join();
  before.checker.end_down_call(id, {.result = err(LINEERR_CALLUNAVAIL)});
  EXPECT_THAT(before.rules(), ElementsAre("completion-of-failed-request"));
}

TEST(TapihostContractChecker, NoCompletionAfterItsCallWasClosed) {
  Script legal;
  made(legal);
  legal.request(TspiFunction::TSPI_lineDrop, 8);
  legal.complete(8);
  legal.close_call();
  EXPECT_THAT(legal.rules(), IsEmpty());

  Script bad;
  made(bad);
  bad.request(TspiFunction::TSPI_lineDrop, 8);
  bad.close_call();
  bad.complete(8);
  EXPECT_THAT(bad.rules(), ElementsAre("closecall-pending-request", "completion-after-close"));
}

TEST(TapihostContractChecker, EveryRequestCompletedBeforeShutdownReturns) {
  Script legal;
  made(legal);
  legal.close_call();
  legal.close_line();
  legal.shutdown();
  EXPECT_THAT(legal.rules(), IsEmpty());

  Script bad;
  bad.open();
  bad.make_call(7);
  bad.shutdown();
  EXPECT_THAT(bad.rules(), ElementsAre("request-never-completed"));
}

TEST(TapihostContractChecker, CloseCallReturnsOnlyWhenItsRequestsCompleted) {
  Script legal;
  made(legal);
  legal.request(TspiFunction::TSPI_lineDrop, 8);
  // Completed by the dispatcher while TSPI_lineCloseCall runs (tspi-contract §2, TAO).
  const auto id = legal.checker.begin_down_call(
      {.function = TspiFunction::TSPI_lineCloseCall, .ht_call = kCall});
  std::thread([&] { legal.complete(8, err(LINEERR_OPERATIONFAILED)); }).join();
  legal.checker.end_down_call(id, {.result = 0});
  EXPECT_THAT(legal.rules(), IsEmpty());

  Script bad;
  made(bad);
  bad.request(TspiFunction::TSPI_lineDrop, 8);
  bad.close_call();
  EXPECT_THAT(bad.rules(), ElementsAre("closecall-pending-request"));
  EXPECT_THAT(bad.checker.violations()[0].description, HasSubstr("request 8 (TSPI_lineDrop)"));
}

TEST(TapihostContractChecker, LineCloseReturnsOnlyWhenItsRequestsCompleted) {
  Script legal;
  legal.open();
  legal.make_call(7);
  legal.complete(7, err(LINEERR_OPERATIONFAILED));
  legal.close_line();
  EXPECT_THAT(legal.rules(), IsEmpty());

  Script bad;
  bad.open();
  bad.make_call(7);
  bad.close_line();
  EXPECT_THAT(bad.rules(), ElementsAre("lineclose-pending-request"));
}

TEST(TapihostContractChecker, LineCloseMessageOnlyWithoutOutstandingRequests) {
  Script legal;
  made(legal);
  legal.event(kLine, nullptr, LINE_CLOSE);
  EXPECT_THAT(legal.rules(), IsEmpty());

  Script bad;
  bad.open();
  bad.make_call(7);
  bad.event(kLine, nullptr, LINE_CLOSE);
  EXPECT_THAT(bad.rules(), ElementsAre("line-close-with-pending-requests"));
}

// --- new calls (tspi-contract §2 lineMakeCall ordering, §3)
// ---------------------------------------

TEST(TapihostContractChecker, NothingAboutAnOutgoingCallBeforeItsCompletion) {
  Script legal;
  legal.open();
  legal.make_call(7);
  legal.complete(7);
  legal.state(LINECALLSTATE_PROCEEDING);
  EXPECT_THAT(legal.rules(), IsEmpty());

  Script bad;
  bad.open();
  bad.make_call(7);
  bad.state(LINECALLSTATE_PROCEEDING);
  bad.complete(7);
  EXPECT_THAT(bad.rules(), ElementsAre("event-before-makecall-completion"));
}

TEST(TapihostContractChecker, NothingAboutACallWhoseCreationFailed) {
  Script legal;
  legal.open();
  legal.make_call(7);
  legal.complete(7, err(LINEERR_CALLUNAVAIL));
  legal.close_call();
  EXPECT_THAT(legal.rules(), IsEmpty());

  Script async_failure;
  async_failure.open();
  async_failure.make_call(7);
  async_failure.complete(7, err(LINEERR_CALLUNAVAIL));
  async_failure.state(LINECALLSTATE_DISCONNECTED, LINEDISCONNECTMODE_UNAVAIL);
  EXPECT_THAT(async_failure.rules(), ElementsAre("event-after-failed-makecall"));

  Script sync_failure;
  sync_failure.open();
  sync_failure.make_call(7, kCall, err(LINEERR_CALLUNAVAIL));
  sync_failure.event(kLine, kCall, LINE_CALLINFO, LINECALLINFOSTATE_OTHER);
  EXPECT_THAT(sync_failure.rules(), ElementsAre("event-after-failed-makecall"));
}

// The soak found the host growing by every refused lineMakeCall (300 MiB for 1.1 million):
// nothing may be kept for a call once it was refused, closed, or its line closed.
TEST(TapihostContractChecker, KeepsNothingForRefusedOrClosedCalls) {
  Script s;
  s.open();
  for (DRV_REQUESTID request = 1; request <= 1000; ++request) {
    s.make_call(request, call(100 + request), err(LINEERR_CALLUNAVAIL));
  }
  EXPECT_EQ(s.checker.open_call_records(), 0u);

  // Calls with messages and media requests, ended by lineCloseCall or by lineClose.
  for (DRV_REQUESTID request = 2001; request <= 2010; ++request) {
    const HTAPICALL ht = call(request);
    s.make_call(request, ht, {}, 0xD000 + request);
    s.complete(request);
    s.state(LINECALLSTATE_CONNECTED, LINECONNECTEDMODE_ACTIVE, ht);
    s.down({.function = TspiFunction::TSPI_lineMonitorDigits,
            .ht_call = ht,
            .media = {.modes = LINEDIGITMODE_DTMF}},
           0);
    s.event(kLine, ht, LINE_MONITORDIGITS, '1', LINEDIGITMODE_DTMF, 0);
    if (request % 2 == 0) {
      s.state(LINECALLSTATE_IDLE, 0, ht);
      s.close_call(ht);
    }
  }
  EXPECT_EQ(s.checker.open_call_records(), 10u);  // 5 open calls, each with media state
  s.close_line();
  EXPECT_EQ(s.checker.open_call_records(), 0u);
  EXPECT_THAT(s.rules(), IsEmpty());
}

TEST(TapihostContractChecker, CallMessagesCarryTheHtCallTapiGave) {
  Script legal;
  offered(legal);
  EXPECT_THAT(legal.rules(), IsEmpty());

  Script bad;
  bad.open();
  bad.state(LINECALLSTATE_OFFERING, LINEOFFERINGMODE_ACTIVE, nullptr);
  EXPECT_THAT(bad.rules(), ElementsAre("call-event-without-call"));
}

TEST(TapihostContractChecker, NothingAfterNewCallAnsweredNull) {
  Script legal;
  legal.open();
  legal.new_call(nullptr);
  legal.new_call(kCall);  // a retry after a short delay is allowed
  legal.state(LINECALLSTATE_OFFERING, LINEOFFERINGMODE_ACTIVE);
  EXPECT_THAT(legal.rules(), IsEmpty());

  Script bad;
  bad.open();
  bad.new_call(nullptr);
  bad.state(LINECALLSTATE_OFFERING, LINEOFFERINGMODE_ACTIVE, nullptr);
  EXPECT_THAT(bad.rules(), ElementsAre("event-after-newcall-null"));
}

TEST(TapihostContractChecker, FirstMessageAfterNewCallIsALiveCallState) {
  Script legal;
  offered(legal);
  legal.event(kLine, kCall, LINE_CALLINFO, LINECALLINFOSTATE_CALLERID);
  Script real_state;  // a call found already connected at startup
  real_state.open();
  real_state.new_call(kCall);
  real_state.state(LINECALLSTATE_CONNECTED, LINECONNECTEDMODE_ACTIVE);
  EXPECT_THAT(legal.rules(), IsEmpty());
  EXPECT_THAT(real_state.rules(), IsEmpty());

  Script info_first;
  info_first.open();
  info_first.new_call(kCall);
  info_first.event(kLine, kCall, LINE_CALLINFO, LINECALLINFOSTATE_CALLERID);
  EXPECT_THAT(info_first.rules(), ElementsAre("incoming-first-callstate"));

  Script idle_first;
  idle_first.open();
  idle_first.new_call(kCall);
  idle_first.state(LINECALLSTATE_IDLE);
  EXPECT_THAT(idle_first.rules(), ElementsAre("incoming-first-callstate"));
}

TEST(TapihostContractChecker, NewCallHasTheDocumentedParameters) {
  Script legal;
  offered(legal);
  EXPECT_THAT(legal.rules(), IsEmpty());

  Script bad;
  bad.open();
  bad.checker.begin_line_event(kLine, nullptr, LINE_NEWCALL, kHdCall, 0, 0);
  bad.checker.new_call_answered(kLine, kHdCall, nullptr);
  bad.checker.end_upcall();
  EXPECT_THAT(bad.rules(), ElementsAre("newcall-bad-params"));
}

TEST(TapihostContractChecker, NewCallAnnouncesAnHdCallNotAlreadyLive) {
  Script legal;
  offered(legal);
  legal.state(LINECALLSTATE_IDLE);
  legal.close_call();
  legal.new_call(call(2));  // the provider may reuse a closed call's handle
  EXPECT_THAT(legal.rules(), IsEmpty());

  Script bad;
  offered(bad);
  bad.new_call(call(2));
  EXPECT_THAT(bad.rules(), ElementsAre("newcall-duplicate-hdcall"));
}

// --- handles (tspi-contract §8)
// ---------------------------------------------------------------------

TEST(TapihostContractChecker, LineMessagesCarryAnOpenedHtLine) {
  Script legal;
  legal.open();
  legal.event(kLine, nullptr, LINE_LINEDEVSTATE, LINEDEVSTATE_OUTOFSERVICE);
  EXPECT_THAT(legal.rules(), IsEmpty());

  Script bad;
  bad.open();
  bad.event(kOtherLine, nullptr, LINE_LINEDEVSTATE, LINEDEVSTATE_OUTOFSERVICE);
  EXPECT_THAT(bad.rules(), ElementsAre("unknown-htline"));
}

TEST(TapihostContractChecker, CallMessagesCarryAKnownHtCall) {
  Script legal;
  offered(legal);
  EXPECT_THAT(legal.rules(), IsEmpty());

  Script bad;
  offered(bad);
  bad.state(LINECALLSTATE_CONNECTED, LINECONNECTEDMODE_ACTIVE, call(9));
  EXPECT_THAT(bad.rules(), ElementsAre("unknown-htcall"));
}

TEST(TapihostContractChecker, CallMessagesComeOnTheCallsLine) {
  Script legal;
  legal.open(kLine);
  legal.open(kOtherLine, kVersion, 0x101);
  legal.new_call(kCall);
  legal.state(LINECALLSTATE_OFFERING, LINEOFFERINGMODE_ACTIVE, kCall, kLine);
  EXPECT_THAT(legal.rules(), IsEmpty());

  Script bad;
  bad.open(kLine);
  bad.open(kOtherLine, kVersion, 0x101);
  bad.new_call(kCall);
  bad.state(LINECALLSTATE_OFFERING, LINEOFFERINGMODE_ACTIVE, kCall, kOtherLine);
  EXPECT_THAT(bad.rules(), ElementsAre("call-line-mismatch"));
}

TEST(TapihostContractChecker, ZeroIsNeverADriverHandle) {
  Script legal;
  made(legal);
  legal.new_call(call(2), 0xC002);
  EXPECT_THAT(legal.rules(), IsEmpty());

  Script open_zero;
  open_zero.open(kLine, kVersion, 0);
  EXPECT_THAT(open_zero.rules(), ElementsAre("null-driver-handle"));

  Script make_zero;
  make_zero.open();
  make_zero.make_call(7, kCall, {}, 0);
  EXPECT_THAT(make_zero.rules(), ElementsAre("null-driver-handle"));

  Script newcall_zero;
  newcall_zero.open();
  newcall_zero.new_call(nullptr, 0);
  EXPECT_THAT(newcall_zero.rules(), ElementsAre("null-driver-handle"));
}

TEST(TapihostContractChecker, NoMessageForACallAfterCloseCallReturned) {
  Script legal;
  offered(legal);
  legal.state(LINECALLSTATE_IDLE);
  legal.close_call();
  EXPECT_THAT(legal.rules(), IsEmpty());

  Script bad;
  offered(bad);
  bad.state(LINECALLSTATE_IDLE);
  bad.close_call();
  bad.event(kLine, kCall, LINE_MONITORDIGITS, '5', LINEDIGITMODE_DTMF);
  EXPECT_THAT(bad.rules(), ElementsAre("event-after-closecall"));
}

TEST(TapihostContractChecker, NoMessageForALineAfterLineCloseReturned) {
  Script legal;
  legal.open();
  legal.event(kLine, nullptr, LINE_LINEDEVSTATE, LINEDEVSTATE_INSERVICE);
  legal.close_line();
  EXPECT_THAT(legal.rules(), IsEmpty());

  Script bad;
  offered(bad);
  bad.close_line();
  bad.event(kLine, nullptr, LINE_LINEDEVSTATE, LINEDEVSTATE_INSERVICE);
  bad.state(LINECALLSTATE_IDLE);
  EXPECT_THAT(bad.rules(), ElementsAre("event-after-lineclose", "event-after-lineclose"));
}

// --- call states (tspi-contract §4.1)
// -------------------------------------------------------------

TEST(TapihostContractChecker, CallStateHasOneAndOnlyOneStateBit) {
  Script legal;
  offered(legal);
  legal.state(0x05000000 | LINECALLSTATE_ACCEPTED);  // device-specific substate on top
  EXPECT_THAT(legal.rules(), IsEmpty());

  Script two;
  offered(two);
  two.state(LINECALLSTATE_ACCEPTED | LINECALLSTATE_CONNECTED);
  Script none;
  offered(none);
  none.state(0);
  Script undefined;
  offered(undefined);
  undefined.state(0x00010000);
  EXPECT_THAT(two.rules(), ElementsAre("callstate-one-bit"));
  EXPECT_THAT(none.rules(), ElementsAre("callstate-one-bit"));
  EXPECT_THAT(undefined.rules(), ElementsAre("callstate-one-bit"));
}

TEST(TapihostContractChecker, IdleIsFinal) {
  Script legal;
  offered(legal);
  legal.state(LINECALLSTATE_IDLE);
  EXPECT_THAT(legal.rules(), IsEmpty());

  Script bad;
  offered(bad);
  bad.state(LINECALLSTATE_IDLE);
  bad.state(LINECALLSTATE_CONNECTED, LINECONNECTEDMODE_ACTIVE);
  EXPECT_THAT(bad.rules(), ElementsAre("state-after-idle"));
}

TEST(TapihostContractChecker, NoCallInfoAfterIdle) {
  Script legal;
  offered(legal);
  legal.event(kLine, kCall, LINE_CALLINFO, LINECALLINFOSTATE_CALLERID);
  legal.state(LINECALLSTATE_IDLE);
  EXPECT_THAT(legal.rules(), IsEmpty());

  Script bad;
  offered(bad);
  bad.state(LINECALLSTATE_IDLE);
  bad.event(kLine, kCall, LINE_CALLINFO, LINECALLINFOSTATE_CALLERID);
  EXPECT_THAT(bad.rules(), ElementsAre("callinfo-after-idle"));
}

TEST(TapihostContractChecker, CallStateTransitionsFollowTheGuard) {
  Script incoming;
  offered(incoming);
  incoming.state(LINECALLSTATE_ACCEPTED);
  incoming.state(LINECALLSTATE_CONNECTED, LINECONNECTEDMODE_ACTIVE);
  incoming.state(LINECALLSTATE_DISCONNECTED, LINEDISCONNECTMODE_NORMAL);
  incoming.state(LINECALLSTATE_IDLE);
  Script outgoing;
  made(outgoing);
  outgoing.state(LINECALLSTATE_DIALTONE, LINEDIALTONEMODE_NORMAL);
  outgoing.state(LINECALLSTATE_DIALING);
  outgoing.state(LINECALLSTATE_PROCEEDING);
  outgoing.state(LINECALLSTATE_RINGBACK);
  outgoing.state(LINECALLSTATE_CONNECTED, LINECONNECTEDMODE_ACTIVE);
  outgoing.state(LINECALLSTATE_CONNECTED, LINECONNECTEDMODE_CONFIRMED);  // mode change
  outgoing.state(LINECALLSTATE_IDLE);
  EXPECT_THAT(incoming.rules(), IsEmpty());
  EXPECT_THAT(outgoing.rules(), IsEmpty());

  Script after_disconnected;
  offered(after_disconnected);
  after_disconnected.state(LINECALLSTATE_DISCONNECTED, LINEDISCONNECTMODE_NORMAL);
  after_disconnected.state(LINECALLSTATE_CONNECTED, LINECONNECTEDMODE_ACTIVE);
  Script offering_again;
  offered(offering_again);
  offering_again.state(LINECALLSTATE_OFFERING, LINEOFFERINGMODE_ACTIVE);
  Script dialtone_again;
  made(dialtone_again);
  dialtone_again.state(LINECALLSTATE_DIALING);
  dialtone_again.state(LINECALLSTATE_DIALTONE, LINEDIALTONEMODE_NORMAL);
  Script connected_from_busy;
  made(connected_from_busy);
  connected_from_busy.state(LINECALLSTATE_BUSY, LINEBUSYMODE_STATION);
  connected_from_busy.state(LINECALLSTATE_CONNECTED, LINECONNECTEDMODE_ACTIVE);
  EXPECT_THAT(after_disconnected.rules(), ElementsAre("callstate-transition"));
  EXPECT_THAT(offering_again.rules(), ElementsAre("callstate-transition"));
  EXPECT_THAT(dialtone_again.rules(), ElementsAre("callstate-transition"));
  EXPECT_THAT(connected_from_busy.rules(), ElementsAre("callstate-transition"));
}

TEST(TapihostContractChecker, DisconnectModeIsOneValueOfTheNegotiatedVersion) {
  Script legal;
  legal.open(kLine, 0x00020000);
  legal.new_call(kCall);
  legal.state(LINECALLSTATE_OFFERING, LINEOFFERINGMODE_ACTIVE);
  legal.state(LINECALLSTATE_DISCONNECTED, LINEDISCONNECTMODE_CANCELLED);  // 2.0+
  EXPECT_THAT(legal.rules(), IsEmpty());

  Script undefined;
  offered(undefined);
  undefined.state(LINECALLSTATE_DISCONNECTED, 0x00100000);
  Script two_values;
  offered(two_values);
  two_values.state(LINECALLSTATE_DISCONNECTED, LINEDISCONNECTMODE_NORMAL | LINEDISCONNECTMODE_BUSY);
  Script too_new;  // TEMPFAILURE came with 2.0; the line negotiated 1.4
  too_new.open(kLine, 0x00010004);
  too_new.new_call(kCall);
  too_new.state(LINECALLSTATE_OFFERING, LINEOFFERINGMODE_ACTIVE);
  too_new.state(LINECALLSTATE_DISCONNECTED, LINEDISCONNECTMODE_TEMPFAILURE);
  EXPECT_THAT(undefined.rules(), ElementsAre("disconnectmode-version"));
  EXPECT_THAT(two_values.rules(), ElementsAre("disconnectmode-version"));
  EXPECT_THAT(too_new.rules(), ElementsAre("disconnectmode-version"));
}

TEST(TapihostContractChecker, LineDevStateNeverReportsOpenOrClose) {
  Script legal;
  legal.open();
  legal.event(kLine, nullptr, LINE_LINEDEVSTATE, LINEDEVSTATE_OUTOFSERVICE);
  EXPECT_THAT(legal.rules(), IsEmpty());

  Script bad;
  bad.open();
  bad.event(kLine, nullptr, LINE_LINEDEVSTATE, LINEDEVSTATE_OPEN);
  bad.event(kLine, nullptr, LINE_LINEDEVSTATE, LINEDEVSTATE_CLOSE);
  EXPECT_THAT(bad.rules(), ElementsAre("linedevstate-open-close", "linedevstate-open-close"));
}

// --- callback discipline (tspi-contract §8)
// --------------------------------------------------------

TEST(TapihostContractChecker, NoUpcallAfterShutdownReturned) {
  Script legal;
  legal.checker.begin_phone_event(kPhoneState);
  legal.checker.end_upcall();
  legal.shutdown();
  legal.down({.function = TspiFunction::TSPI_providerInit}, 0);  // a new session
  legal.checker.begin_phone_event(kPhoneState);
  legal.checker.end_upcall();
  EXPECT_THAT(legal.rules(), IsEmpty());

  Script bad;
  bad.shutdown();
  bad.checker.begin_phone_event(kPhoneState);
  bad.checker.end_upcall();
  EXPECT_THAT(bad.rules(), ElementsAre("upcall-after-shutdown"));
}

TEST(TapihostContractChecker, UpcallsNeverOverlap) {
  Script legal;
  std::thread([&] {
    legal.checker.begin_phone_event(kPhoneState);
    legal.checker.end_upcall();
  }).join();
  legal.checker.begin_phone_event(kPhoneState);
  legal.checker.end_upcall();
  EXPECT_THAT(legal.rules(), IsEmpty());

  Script concurrent;
  concurrent.checker.begin_phone_event(kPhoneState);
  std::thread([&] {
    concurrent.checker.begin_phone_event(kPhoneState);
    concurrent.checker.end_upcall();
  }).join();
  concurrent.checker.end_upcall();
  Script reentered;
  reentered.checker.begin_phone_event(kPhoneState);
  reentered.checker.begin_phone_event(kPhoneState);
  reentered.checker.end_upcall();
  reentered.checker.end_upcall();
  EXPECT_THAT(concurrent.rules(), ElementsAre("upcall-overlap"));
  EXPECT_THAT(reentered.rules(), ElementsAre("upcall-overlap"));
}

TEST(TapihostContractChecker, NoUpcallFromInsideADownCall) {
  Script legal;
  legal.open();
  auto id = legal.checker.begin_down_call({.function = TspiFunction::TSPI_lineMakeCall,
                                           .request_id = 7,
                                           .ht_line = kLine,
                                           .ht_call = kCall});
  std::thread([&] { legal.complete(7); }).join();  // the dispatcher, before MakeCall returned
  legal.checker.end_down_call(id, {.result = 7, .driver_handle = kHdCall});
  EXPECT_THAT(legal.rules(), IsEmpty());

  Script bad;
  bad.open();
  id = bad.checker.begin_down_call({.function = TspiFunction::TSPI_lineMakeCall,
                                    .request_id = 7,
                                    .ht_line = kLine,
                                    .ht_call = kCall});
  bad.complete(7);  // inline, on the thread inside TSPI_lineMakeCall
  bad.checker.end_down_call(id, {.result = 7, .driver_handle = kHdCall});
  EXPECT_THAT(bad.rules(), ElementsAre("upcall-on-downcall-thread"));
  EXPECT_THAT(bad.checker.violations()[0].description, HasSubstr("TSPI_lineMakeCall"));
}

TEST(TapihostContractChecker, NegotiatedVersionLiesInTheRangeAskedFor) {
  const ContractChecker::DownCall negotiate{.function = TspiFunction::TSPI_lineNegotiateTSPIVersion,
                                            .low_version = 0x00020000,
                                            .high_version = 0x00030001};
  Script legal;
  legal.down(negotiate, 0, 0, 0x00030001);
  legal.down(negotiate, err(LINEERR_INCOMPATIBLEAPIVERSION), 0, 0);
  EXPECT_THAT(legal.rules(), IsEmpty());

  Script bad;
  bad.down(negotiate, 0, 0, 0x00010003);
  EXPECT_THAT(bad.rules(), ElementsAre("negotiated-version-range"));
}

// --- reporting
// -------------------------------------------------------------------------------------

TEST(TapihostContractChecker, ViolationTextNamesRuleSectionAndRequest) {
  Script bad;
  bad.open();
  bad.make_call(7, kCall, 0);
  ASSERT_EQ(bad.checker.violation_count(), 1u);
  EXPECT_EQ(bad.checker.count(Rule::kAsyncReturnValue), 1u);
  const std::string text = to_string(bad.checker.violations()[0]);
  EXPECT_THAT(text, HasSubstr("[async-return-value]"));
  EXPECT_THAT(text, HasSubstr("tspi-contract §2"));
  EXPECT_THAT(text, HasSubstr("TSPI_lineMakeCall returned 0 instead of its dwRequestID 7"));
  bad.checker.clear_violations();
  EXPECT_EQ(bad.checker.violation_count(), 0u);
}

TEST(TapihostContractChecker, EveryRuleHasAnIdAndASection) {
  for (int i = 0; i < kRuleCount; ++i) {
    const RuleInfo& info = rule_info(static_cast<Rule>(i));
    EXPECT_FALSE(info.id.empty()) << i;
    EXPECT_THAT(std::string(info.section), HasSubstr("§")) << info.id;
    EXPECT_FALSE(info.summary.empty()) << info.id;
  }
}

// --- media functions and their messages (tspi-contract §6) ---------------------------------------

void media_down(Script& s, TspiFunction function, MediaDownCall media, LONG result = 0) {
  s.down({.function = function, .ht_call = kCall, .media = media}, result);
}

TEST(TapihostContractChecker, MonitorMessagesOnlyForWhatWasAsked) {
  Script legal;
  made(legal);
  legal.state(LINECALLSTATE_CONNECTED, LINECONNECTEDMODE_ACTIVE);
  media_down(legal, TspiFunction::TSPI_lineMonitorDigits,
             {.modes = LINEDIGITMODE_DTMF | LINEDIGITMODE_DTMFEND});
  legal.event(kLine, kCall, LINE_MONITORDIGITS, '5', LINEDIGITMODE_DTMF, 1);
  legal.event(kLine, kCall, LINE_MONITORDIGITS, '5', LINEDIGITMODE_DTMFEND, 2);
  media_down(legal, TspiFunction::TSPI_lineMonitorDigits, {.modes = 0});
  // Queued just before monitoring stopped: still legal.
  legal.event(kLine, kCall, LINE_MONITORDIGITS, '6', LINEDIGITMODE_DTMF, 3);
  media_down(legal, TspiFunction::TSPI_lineMonitorMedia, {.modes = LINEMEDIAMODE_G3FAX});
  legal.event(kLine, kCall, LINE_MONITORMEDIA, LINEMEDIAMODE_G3FAX, 0, 4);
  media_down(legal, TspiFunction::TSPI_lineMonitorTones, {.tone_list_id = 9, .starts = true});
  legal.event(kLine, kCall, LINE_MONITORTONE, 0xAB, 9, 5);
  EXPECT_THAT(legal.rules(), IsEmpty());

  Script bad;
  made(bad);
  bad.state(LINECALLSTATE_CONNECTED, LINECONNECTEDMODE_ACTIVE);
  media_down(bad, TspiFunction::TSPI_lineMonitorDigits, {.modes = LINEDIGITMODE_DTMF});
  bad.event(kLine, kCall, LINE_MONITORDIGITS, '5', LINEDIGITMODE_DTMFEND, 1);
  bad.event(kLine, kCall, LINE_MONITORMEDIA, LINEMEDIAMODE_G3FAX, 0, 2);
  bad.event(kLine, kCall, LINE_MONITORTONE, 0xAB, 9, 3);
  EXPECT_THAT(bad.rules(), ElementsAre("monitor-without-request", "monitor-without-request",
                                       "monitor-without-request"));
}

TEST(TapihostContractChecker, ExactlyOneResultPerGatherAndGeneration) {
  Script legal;
  made(legal);
  legal.state(LINECALLSTATE_CONNECTED, LINECONNECTEDMODE_ACTIVE);
  media_down(legal, TspiFunction::TSPI_lineGatherDigits, {.end_to_end_id = 1, .starts = true});
  media_down(legal, TspiFunction::TSPI_lineGenerateDigits, {.end_to_end_id = 2, .starts = true});
  // Refused: no message is owed for it.
  media_down(legal, TspiFunction::TSPI_lineGenerateTone, {.end_to_end_id = 3, .starts = true},
             err(LINEERR_INVALTONE));
  legal.event(kLine, kCall, LINE_GATHERDIGITS, LINEGATHERTERM_TERMDIGIT, 1, 5);
  legal.event(kLine, kCall, LINE_GENERATE, LINEGENERATETERM_DONE, 2, 6);
  legal.state(LINECALLSTATE_IDLE);
  legal.close_call();
  EXPECT_THAT(legal.rules(), IsEmpty());

  Script twice;
  made(twice);
  twice.state(LINECALLSTATE_CONNECTED, LINECONNECTEDMODE_ACTIVE);
  media_down(twice, TspiFunction::TSPI_lineGatherDigits, {.end_to_end_id = 1, .starts = true});
  twice.event(kLine, kCall, LINE_GATHERDIGITS, LINEGATHERTERM_BUFFERFULL, 1, 5);
  twice.event(kLine, kCall, LINE_GATHERDIGITS, LINEGATHERTERM_CANCEL, 1, 6);
  twice.event(kLine, kCall, LINE_GENERATE, LINEGENERATETERM_DONE, 3, 7);
  EXPECT_THAT(twice.rules(), ElementsAre("media-result-unexpected", "media-result-unexpected"));
}

TEST(TapihostContractChecker, ResultsAreOwedBeforeIdleAndBeforeCloseCallReturns) {
  Script at_idle;
  made(at_idle);
  at_idle.state(LINECALLSTATE_CONNECTED, LINECONNECTEDMODE_ACTIVE);
  media_down(at_idle, TspiFunction::TSPI_lineGatherDigits, {.end_to_end_id = 1, .starts = true});
  at_idle.state(LINECALLSTATE_IDLE);
  EXPECT_THAT(at_idle.rules(), ElementsAre("media-result-owed"));

  Script monitor_after_idle;
  made(monitor_after_idle);
  monitor_after_idle.state(LINECALLSTATE_CONNECTED, LINECONNECTEDMODE_ACTIVE);
  media_down(monitor_after_idle, TspiFunction::TSPI_lineMonitorDigits,
             {.modes = LINEDIGITMODE_DTMF});
  monitor_after_idle.event(kLine, kCall, LINE_MONITORDIGITS, '1', LINEDIGITMODE_DTMF, 1);
  monitor_after_idle.state(LINECALLSTATE_IDLE);
  monitor_after_idle.event(kLine, kCall, LINE_MONITORDIGITS, '2', LINEDIGITMODE_DTMF, 2);
  EXPECT_THAT(monitor_after_idle.rules(), ElementsAre("media-after-idle"));

  Script at_close;
  made(at_close);
  at_close.state(LINECALLSTATE_CONNECTED, LINECONNECTEDMODE_ACTIVE);
  media_down(at_close, TspiFunction::TSPI_lineGenerateDigits, {.end_to_end_id = 4, .starts = true});
  at_close.close_call();
  EXPECT_THAT(at_close.rules(), ElementsAre("media-result-owed"));
}

// The IDLE of a call can reach the host while a start on it is still in the provider (found by
// Load.CallsWithMediaMakeNoHeapAllocationInTheProvider, 1 run in 24): the provider refuses the
// start because of that IDLE, and nothing is owed; had it accepted, its message was owed.
TEST(TapihostContractChecker, AnIdleDuringAStartLetsTheStartsResultDecide) {
  const auto idle_during = [](Script& s, TspiFunction function, LONG result) {
    made(s);
    s.state(LINECALLSTATE_CONNECTED, LINECONNECTEDMODE_ACTIVE);
    const auto id = s.checker.begin_down_call(
        {.function = function, .ht_call = kCall, .media = {.end_to_end_id = 7, .starts = true}});
    std::thread([&] { s.state(LINECALLSTATE_IDLE); }).join();  // the dispatcher, meanwhile
    s.checker.end_down_call(id, {.result = result});
  };
  Script refused;
  idle_during(refused, TspiFunction::TSPI_lineGenerateDigits, LINEERR_INVALCALLSTATE);
  refused.close_call();
  EXPECT_THAT(refused.rules(), IsEmpty());

  Script accepted;
  idle_during(accepted, TspiFunction::TSPI_lineGatherDigits, 0);
  EXPECT_THAT(accepted.rules(), ElementsAre("media-result-owed"));
  accepted.close_call();
  EXPECT_THAT(accepted.rules(), ElementsAre("media-result-owed")) << "reported once";

  // Its message may come before the start returns: then nothing is owed.
  Script answered;
  made(answered);
  answered.state(LINECALLSTATE_CONNECTED, LINECONNECTEDMODE_ACTIVE);
  const auto id = answered.checker.begin_down_call({.function = TspiFunction::TSPI_lineGenerateTone,
                                                    .ht_call = kCall,
                                                    .media = {.end_to_end_id = 8, .starts = true}});
  std::thread([&] {
    answered.event(kLine, kCall, LINE_GENERATE, LINEGENERATETERM_CANCEL, 8, 5);
    answered.state(LINECALLSTATE_IDLE);
  }).join();
  answered.checker.end_down_call(id, {.result = 0});
  EXPECT_THAT(answered.rules(), IsEmpty());
}

}  // namespace
}  // namespace spantsp::host
