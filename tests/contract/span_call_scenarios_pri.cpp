// The span call scenarios on ISDN PRI spans: libpri on our side and on the far-end switch,
// Q.931 crossing the simulated D-channel, on every span of pri_spans() (pri_span_state.h).

#include "tests/contract/pri_span_state.h"

namespace spantsp::contract {

INSTANTIATE_TEST_SUITE_P(Pri, SpanCall, pri_spans(), span_label);

}  // namespace spantsp::contract
