// Transfers through the host on an ideal span: the intelligent board's switch transfers
// single-step and joins two calls always (transfer_test_cases.h). Device 8 is a trunk group.

#include "tests/contract/transfer_test_cases.h"

namespace spantsp::contract {

INSTANTIATE_TEST_SUITE_P(Ideal, TransferTest,
                         ::testing::Values(TransferCase{"ideal_t1_groups", "ideal-1t1-groups.toml",
                                                        true, true, DWORD{8}}),
                         transfer_label);

}  // namespace spantsp::contract
