// The span call scenarios on a span with ideal signalling (no wire protocol).

#include <vector>

#include "tests/contract/span_call_scenarios.h"

namespace spantsp::contract {

INSTANTIATE_TEST_SUITE_P(Ideal, SpanCall, ::testing::Values(SpanUnderTest{"E1", "ideal-1e1.toml"}),
                         span_label);

// media_loop_test.cpp: the closed media loops on the same span.
std::vector<SpanUnderTest> media_loop_spans() {
  return {SpanUnderTest{"E1", "ideal-1e1.toml"}};
}

}  // namespace spantsp::contract
