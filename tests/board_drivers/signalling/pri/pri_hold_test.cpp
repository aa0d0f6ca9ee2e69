// Q.931 HOLD / RETRIEVE between our pri signalling (CPE) and the sim switch (libpri NET), per
// switch type: where libpri has the service (EuroISDN, Q.SIG) the switch grants both and the
// call is retrieved onto its own channel; elsewhere nothing goes on the wire (hold() false).
// The advertised services (board::call_services) are checked against the same outcome.
// Virtual clock: no real waiting.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "board_drivers/call_services.h"
#include "tests/board_drivers/signalling/pri/virtual_span_fixture.h"

namespace spantsp::pri {
namespace {

using Log = std::vector<std::string>;

struct SwitchCase {
  int libpri;
  config::SwitchType config;
  const char* name;
};

class PriHoldTest : public test::VirtualSpanFixture,
                    public ::testing::WithParamInterface<SwitchCase> {
 protected:
  bool advertised() const {
    config::SpanConfig span;
    span.type = config::SpanType::kT1;
    span.signalling = config::Signalling::kPri;
    span.switch_type = GetParam().config;
    return (board::call_services(span) & board::kServiceHold) != 0;
  }
};

TEST_P(PriHoldTest, HoldAndRetrieveWorkExactlyWhereAdvertised) {
  start(PRI_CPE, GetParam().libpri);
  connect(2);
  if (!advertised()) {
    EXPECT_FALSE(span_->hold(2));
    clock_.run_for(100);
    EXPECT_EQ(events_.take(), Log{});
    EXPECT_EQ(span_->far_end().holds_granted(), 0u);
    return;
  }
  ASSERT_TRUE(span_->hold(2));
  EXPECT_FALSE(span_->hold(2));  // one request at a time
  clock_.run_for(100);
  EXPECT_EQ(events_.take(), Log{"hold 2 ok"});
  EXPECT_EQ(span_->far_end().holds_granted(), 1u);
  EXPECT_TRUE(span_->far_end().held(1));
  EXPECT_FALSE(span_->hold(2));  // already held
  ASSERT_TRUE(span_->retrieve(2));
  clock_.run_for(100);
  EXPECT_EQ(events_.take(), Log{"retrieve 2 ok"});
  EXPECT_EQ(span_->far_end().retrieves_granted(), 1u);
  EXPECT_FALSE(span_->far_end().held(1));
  EXPECT_FALSE(span_->retrieve(2));  // not held
  // The retrieved call is an ordinary connected call again: it clears normally.
  span_->release(2, 16);
  clock_.run_for(100);
  EXPECT_EQ(events_.take(), Log{"released 2"});
}

TEST_P(PriHoldTest, AHeldCallClearsNormally) {
  if (!advertised()) GTEST_SKIP() << GetParam().name << " has no hold";
  start(PRI_CPE, GetParam().libpri);
  connect(1);
  ASSERT_TRUE(span_->hold(1));
  clock_.run_for(100);
  EXPECT_EQ(events_.take(), Log{"hold 1 ok"});
  span_->release(1, 16);
  clock_.run_for(100);
  EXPECT_EQ(events_.take(), Log{"released 1"});
  // The channel is free for the next call.
  connect(1);
}

TEST_P(PriHoldTest, NoHoldBeforeTheCallIsConnected) {
  start(PRI_CPE, GetParam().libpri);
  ASSERT_TRUE(span_->place_call(3, test::call_to("5551234")));
  EXPECT_FALSE(span_->hold(3));
  EXPECT_FALSE(span_->retrieve(3));
  EXPECT_FALSE(span_->hold(1));  // idle channel
}

INSTANTIATE_TEST_SUITE_P(
    SwitchTypes, PriHoldTest,
    ::testing::Values(SwitchCase{PRI_SWITCH_EUROISDN_T1, config::SwitchType::kEuroIsdn, "euroisdn"},
                      SwitchCase{PRI_SWITCH_QSIG, config::SwitchType::kQsig, "qsig"},
                      SwitchCase{PRI_SWITCH_NI2, config::SwitchType::kNi2, "national"},
                      SwitchCase{PRI_SWITCH_DMS100, config::SwitchType::kDms100, "dms100"},
                      SwitchCase{PRI_SWITCH_LUCENT5E, config::SwitchType::kLucent5e, "5ess"},
                      SwitchCase{PRI_SWITCH_ATT4ESS, config::SwitchType::kAtt4ess, "4ess"},
                      SwitchCase{PRI_SWITCH_NI1, config::SwitchType::kNi1, "ni1"}),
    [](const ::testing::TestParamInfo<SwitchCase>& p) { return std::string(p.param.name); });

}  // namespace
}  // namespace spantsp::pri
