// The span call scenarios on ISDN PRI spans: libpri on our side and on the far-end switch,
// Q.931 crossing the simulated D-channel, on every span of pri_spans() (pri_span_state.h).

#include <vector>

#include "tests/contract/pri_span_state.h"

namespace spantsp::contract {

INSTANTIATE_TEST_SUITE_P(Pri, SpanCall, pri_spans(), span_label);

// media_loop_test.cpp: the closed media loops on one E1 and one T1 PRI span (the audio path
// does not depend on the switch type; each loop runs in real time).
std::vector<SpanUnderTest> media_loop_spans() {
  return {SpanUnderTest{"E1_EuroISDN_CPE", "pri-1e1-euroisdn.toml", true, true},
          SpanUnderTest{"T1_NI2_CPE", "pri-1t1-ni2.toml", true, true}};
}

}  // namespace spantsp::contract
