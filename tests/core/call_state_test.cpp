#include "core/call_state.h"

#include <gtest/gtest.h>

namespace spantsp::core {
namespace {

constexpr CallTraits kTrunk{};                       // no bearer media, number done
constexpr CallTraits kMedia{.bearer_media = true};   // ideal / PRI
constexpr CallTraits kOverlap{.number_open = true};  // more digits may follow
constexpr DWORD kMediaFeatures = LINECALLFEATURE_MONITORDIGITS | LINECALLFEATURE_GATHERDIGITS |
                                 LINECALLFEATURE_GENERATEDIGITS | LINECALLFEATURE_GENERATETONE |
                                 LINECALLFEATURE_MONITORTONES | LINECALLFEATURE_MONITORMEDIA |
                                 LINECALLFEATURE_SETMEDIACONTROL;

TEST(CallState, OfferedCallsCanBeAcceptedAnsweredOrRejected) {
  EXPECT_TRUE(call_op_allowed(LINECALLSTATE_OFFERING, CallOp::kAccept, kTrunk));
  EXPECT_TRUE(call_op_allowed(LINECALLSTATE_OFFERING, CallOp::kAnswer, kTrunk));
  EXPECT_TRUE(call_op_allowed(LINECALLSTATE_OFFERING, CallOp::kDrop, kTrunk));
  EXPECT_FALSE(call_op_allowed(LINECALLSTATE_ACCEPTED, CallOp::kAccept, kTrunk));
  EXPECT_TRUE(call_op_allowed(LINECALLSTATE_ACCEPTED, CallOp::kAnswer, kTrunk));
}

TEST(CallState, NothingIsAllowedOnIdleOrNotYetValidCalls) {
  for (CallOp op : {CallOp::kAccept, CallOp::kAnswer, CallOp::kDial, CallOp::kDrop,
                    CallOp::kMonitorDigits, CallOp::kGatherDigits, CallOp::kSetMediaControl}) {
    EXPECT_FALSE(call_op_allowed(LINECALLSTATE_IDLE, op, kMedia));
    EXPECT_FALSE(call_op_allowed(kCallStateNone, op, kMedia));
  }
  EXPECT_EQ(call_features(LINECALLSTATE_IDLE, kMedia), 0u);
}

TEST(CallState, OverlapDialOnlyWhileTheNumberIsOpen) {
  EXPECT_TRUE(call_op_allowed(LINECALLSTATE_DIALTONE, CallOp::kDial, kOverlap));
  EXPECT_TRUE(call_op_allowed(LINECALLSTATE_DIALING, CallOp::kDial, kOverlap));
  // A complete number: a board would throw the digits away, so lineDial is refused.
  EXPECT_FALSE(call_op_allowed(LINECALLSTATE_DIALING, CallOp::kDial, kTrunk));
  EXPECT_FALSE(call_op_allowed(LINECALLSTATE_PROCEEDING, CallOp::kDial, kOverlap));
  EXPECT_FALSE(call_op_allowed(LINECALLSTATE_CONNECTED, CallOp::kDial, kTrunk));
}

TEST(CallState, MediaAndInbandDialOnlyWhileConnectedOnALineWithAudio) {
  EXPECT_EQ(call_features(LINECALLSTATE_CONNECTED, kMedia),
            kMediaFeatures | LINECALLFEATURE_DIAL | LINECALLFEATURE_DROP);
  EXPECT_EQ(call_features(LINECALLSTATE_CONNECTED, kTrunk), DWORD{LINECALLFEATURE_DROP});
  for (const DWORD state :
       {LINECALLSTATE_OFFERING, LINECALLSTATE_ACCEPTED, LINECALLSTATE_DIALING,
        LINECALLSTATE_PROCEEDING, LINECALLSTATE_RINGBACK, LINECALLSTATE_DISCONNECTED}) {
    EXPECT_EQ(call_features(state, kMedia) & kMediaFeatures, 0u) << state;
  }
}

TEST(CallState, FeaturesMatchTheTable) {
  EXPECT_EQ(call_features(LINECALLSTATE_OFFERING, kMedia),
            DWORD{LINECALLFEATURE_ACCEPT | LINECALLFEATURE_ANSWER | LINECALLFEATURE_DROP});
  EXPECT_EQ(call_features(LINECALLSTATE_DIALING, kOverlap),
            DWORD{LINECALLFEATURE_DIAL | LINECALLFEATURE_DROP});
  for (CallOp op : {CallOp::kAccept, CallOp::kDial, CallOp::kGenerateTone}) {
    EXPECT_EQ((call_features(LINECALLSTATE_CONNECTED, kMedia) & call_feature_bit(op)) != 0,
              call_op_allowed(LINECALLSTATE_CONNECTED, op, kMedia));
  }
}

TEST(CallState, FeaturesAreExactlyTheAllowedOperationsInEveryState) {
  // call_features computes the bits in one pass; call_op_allowed is the rule.
  const CallOp ops[] = {CallOp::kAccept,         CallOp::kAnswer,         CallOp::kDial,
                        CallOp::kDrop,           CallOp::kMonitorDigits,  CallOp::kGatherDigits,
                        CallOp::kGenerateDigits, CallOp::kGenerateTone,   CallOp::kMonitorTones,
                        CallOp::kMonitorMedia,   CallOp::kSetMediaControl};
  for (int bit = -1; bit < 32; ++bit) {
    const DWORD state = bit < 0 ? kCallStateNone : DWORD{1} << bit;
    for (int t = 0; t < 4; ++t) {
      const CallTraits traits{.bearer_media = (t & 1) != 0, .number_open = (t & 2) != 0};
      DWORD expected = 0;
      for (CallOp op : ops) {
        if (call_op_allowed(state, op, traits)) expected |= call_feature_bit(op);
      }
      EXPECT_EQ(call_features(state, traits), expected) << "state " << state << " traits " << t;
      EXPECT_EQ(call_features(state | 0x5A000000u, traits), expected) << "with a substate";
    }
  }
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
