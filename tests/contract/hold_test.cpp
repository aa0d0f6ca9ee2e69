// Hold, unhold and swap-hold through the host on ideal spans: an intelligent board holds
// always (hold_test_cases.h).

#include "tests/contract/hold_test_cases.h"

namespace spantsp::contract {

INSTANTIATE_TEST_SUITE_P(Ideal, HoldTest,
                         ::testing::Values(HoldCase{"ideal_t1_groups", "ideal-1t1-groups.toml",
                                                    true, DWORD{8}}),
                         hold_label);

}  // namespace spantsp::contract
