// User-user information through the host on an ideal span: an intelligent board carries it
// with every message and as USER INFORMATION (user_user_test_cases.h).

#include "tests/contract/user_user_test_cases.h"

namespace spantsp::contract {

INSTANTIATE_TEST_SUITE_P(Ideal, UserUserTest,
                         ::testing::Values(UserUserCase{"ideal_e1", "ideal-1e1.toml", "3012302",
                                                        128, 128, 128, 128, 128}),
                         user_user_label);

}  // namespace spantsp::contract
