// lineRedirect through the host on an ideal span: an intelligent board deflects always
// (redirect_test_cases.h).

#include "tests/contract/redirect_test_cases.h"

namespace spantsp::contract {

INSTANTIATE_TEST_SUITE_P(Ideal, RedirectTest,
                         ::testing::Values(RedirectCase{"ideal_e1", "ideal-1e1.toml", true}),
                         redirect_label);

}  // namespace spantsp::contract
