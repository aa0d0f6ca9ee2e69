#pragma once
// A SimPriSpan on channels 1-3 driven by the virtual clock (virtual_clock.h): the fixture the
// PRI timer and maintenance tests share. Link with spantsp_pri_core_vclock.

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "board_drivers/sim/pri/sim_pri_span.h"
#include "tests/board_drivers/signalling/pri/pri_test_requests.h"
#include "tests/board_drivers/signalling/pri/virtual_clock.h"

namespace spantsp::pri::test {

class VirtualSpanFixture : public ::testing::Test {
 protected:
  using Log = std::vector<std::string>;

  void start(int our_node = PRI_CPE, int switch_type = PRI_SWITCH_NI2) {
    span_ = std::make_unique<SimPriSpan>(std::vector<int>{1, 2, 3}, our_node, switch_type, false,
                                         config::TrafficProfile{}, 0);
    span_->start(events_, wheel_);
    clock_.run_for(50);  // SABME/UA both ways (and our RESTARTs when we are the network)
    ASSERT_EQ(events_.take(), Log{});
  }
  void connect(int channel) {
    ASSERT_TRUE(span_->place_call(channel, call_to("5551234")));
    clock_.run_for(100);
    const std::string ch = std::to_string(channel);
    ASSERT_EQ(events_.take(), (Log{"proceeding " + ch, "alerting " + ch, "connected " + ch}));
  }
  board::ControlResult send(int channel, sim::SimControl c) {
    return span_->device_specific(channel, &c, sizeof c);
  }
  void TearDown() override {
    if (span_) span_->stop();
  }

  pipeline::TimerWheel wheel_{1'000'000};
  VirtualClock clock_{wheel_};
  RecordingEvents events_;
  std::unique_ptr<SimPriSpan> span_;
};

}  // namespace spantsp::pri::test
