#pragma once
// A request from a TSPI thread (or the dispatcher) to a span worker: a plain value copied
// through the span's CommandRing. Everything an async request needs is copied in before the
// TSPI function returns (tspi-contract §2 "copy every input buffer").

#include <array>
#include <cstdint>

#include "board_drivers/board_driver.h"
#include "core/media_request.h"
#include "pipeline/upcall.h"
#include "tspi/abi/tspi_abi.h"

namespace spantsp::core {

struct Command {
  enum class Op : std::uint8_t {
    kOpenLine,
    kCloseLine,  // fence: released once every upcall of the line is out
    kSetMediaDetection,
    kSetStatusMessages,
    kMakeCall,  // the call slot is filled; digits/partial below
    kDial,
    kAccept,
    kAnswer,
    kDrop,
    kCloseCall,   // fence
    kForgetCall,  // a settled call TAPI closed: unlink it and free its slot (no fence)
    kAppSpecificChanged,
    kNewCallRefused,  // from the dispatcher: TAPI answered LINE_NEWCALL with NULL
    kDevSpecific,     // request completes with the board's answer
    kMedia,           // a TSPI media function: `media` answered through its `done`
    kHold,            // core/span_hold.cpp
    kUnhold,
    kSwapHold,  // call = the active call; arg1/arg2 = the held call's index and generation
    // core/span_user_user.cpp; kAccept/kAnswer/kDrop/kSendUserUser carry their user-user
    // information in blob (blob_size octets, board::kMaxUserUser at most).
    kSendUserUser,
    kReleaseUserUser,
    kRedirect,  // digits: the destination (core/span_redirect.cpp)
    // core/span_transfer.cpp
    kBlindTransfer,  // digits: the destination
    // call = the consultation call (filled as kMakeCall's); arg1/arg2 = the call to transfer
    kSetupTransfer,
    kCompleteTransfer,  // call = the call to transfer; arg1/arg2 = the consultation call
  };

  Op op = Op::kOpenLine;
  std::uint32_t line_index = 0;
  std::uint32_t call_index = 0;
  std::uint32_t call_generation = 0;
  DRV_REQUESTID request = 0;
  DWORD arg1 = 0;
  DWORD arg2 = 0;
  pipeline::Fence* fence = nullptr;
  MediaRequest* media = nullptr;  // on the waiting TSPI thread's stack (core/media_request.h)
  board::Number digits;
  bool partial = false;
  // kMakeCall on a cross-span group's part: the TSPI thread claimed one of its free channels
  // (Line::free_claims), which the strand gives back.
  bool claimed = false;
  std::uint16_t blob_size = 0;
  std::array<unsigned char, 160> blob{};
  // kDevSpecific: TAPI's lpParams, in/out and valid until the request completes; the board's
  // answer (the blob, rewritten in place) is copied back there just before a success.
  void* reply = nullptr;
};

}  // namespace spantsp::core
