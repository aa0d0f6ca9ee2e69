#include "core/call_state.h"

#include <gtest/gtest.h>

namespace spantsp::core {
namespace {

TEST(CallState, OfferedCallsCanBeAcceptedAnsweredOrRejected) {
  EXPECT_TRUE(call_op_allowed(LINECALLSTATE_OFFERING, CallOp::kAccept));
  EXPECT_TRUE(call_op_allowed(LINECALLSTATE_OFFERING, CallOp::kAnswer));
  EXPECT_TRUE(call_op_allowed(LINECALLSTATE_OFFERING, CallOp::kDrop));
  EXPECT_FALSE(call_op_allowed(LINECALLSTATE_ACCEPTED, CallOp::kAccept));
  EXPECT_TRUE(call_op_allowed(LINECALLSTATE_ACCEPTED, CallOp::kAnswer));
}

TEST(CallState, NothingIsAllowedOnIdleOrNotYetValidCalls) {
  for (CallOp op : {CallOp::kAccept, CallOp::kAnswer, CallOp::kDial, CallOp::kDrop}) {
    EXPECT_FALSE(call_op_allowed(LINECALLSTATE_IDLE, op));
    EXPECT_FALSE(call_op_allowed(kCallStateNone, op));
  }
}

TEST(CallState, DialOnlyWhileDialling) {
  EXPECT_TRUE(call_op_allowed(LINECALLSTATE_DIALTONE, CallOp::kDial));
  EXPECT_TRUE(call_op_allowed(LINECALLSTATE_DIALING, CallOp::kDial));
  EXPECT_FALSE(call_op_allowed(LINECALLSTATE_PROCEEDING, CallOp::kDial));
  EXPECT_FALSE(call_op_allowed(LINECALLSTATE_CONNECTED, CallOp::kDial));
}

TEST(CallState, FeaturesMatchTheTable) {
  EXPECT_EQ(call_features(LINECALLSTATE_OFFERING),
            DWORD{LINECALLFEATURE_ACCEPT | LINECALLFEATURE_ANSWER | LINECALLFEATURE_DROP});
  EXPECT_EQ(call_features(LINECALLSTATE_CONNECTED), DWORD{LINECALLFEATURE_DROP});
  EXPECT_EQ(call_features(LINECALLSTATE_DIALING),
            DWORD{LINECALLFEATURE_DIAL | LINECALLFEATURE_DROP});
  EXPECT_EQ(call_features(LINECALLSTATE_IDLE), 0u);
}

TEST(CallState, TransitionGuardFollowsTheContract) {
  EXPECT_FALSE(call_transition_allowed(LINECALLSTATE_IDLE, LINECALLSTATE_CONNECTED));
  EXPECT_FALSE(call_transition_allowed(LINECALLSTATE_IDLE, LINECALLSTATE_IDLE));
  EXPECT_FALSE(call_transition_allowed(LINECALLSTATE_DISCONNECTED, LINECALLSTATE_CONNECTED));
  EXPECT_TRUE(call_transition_allowed(LINECALLSTATE_DISCONNECTED, LINECALLSTATE_IDLE));
  EXPECT_FALSE(call_transition_allowed(LINECALLSTATE_CONNECTED, LINECALLSTATE_OFFERING));
  EXPECT_FALSE(call_transition_allowed(LINECALLSTATE_DIALING, LINECALLSTATE_DIALTONE));
  EXPECT_FALSE(call_transition_allowed(LINECALLSTATE_BUSY, LINECALLSTATE_CONNECTED));
  EXPECT_TRUE(call_transition_allowed(LINECALLSTATE_RINGBACK, LINECALLSTATE_CONNECTED));
  EXPECT_TRUE(call_transition_allowed(LINECALLSTATE_BUSY, LINECALLSTATE_DISCONNECTED));
  EXPECT_TRUE(call_transition_allowed(kCallStateNone, LINECALLSTATE_OFFERING));
}

TEST(CallState, ExactlyOneStateBit) {
  EXPECT_TRUE(is_single_call_state(LINECALLSTATE_CONNECTED));
  EXPECT_TRUE(is_single_call_state(0x05000000 | LINECALLSTATE_CONNECTED));  // device substate
  EXPECT_FALSE(is_single_call_state(LINECALLSTATE_CONNECTED | LINECALLSTATE_IDLE));
  EXPECT_FALSE(is_single_call_state(0));
}

}  // namespace
}  // namespace spantsp::core
