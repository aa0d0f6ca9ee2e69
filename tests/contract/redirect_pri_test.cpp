// lineRedirect through the host on PRI spans, libpri on both ends of the sim D-channel
// (redirect_test_cases.h): CallRerouting on EuroISDN and Q.SIG; on the North American switch
// types no caps bit and LINEERR_OPERATIONUNAVAIL.

#include "tests/contract/redirect_test_cases.h"

namespace spantsp::contract {

INSTANTIATE_TEST_SUITE_P(
    Pri, RedirectTest,
    ::testing::Values(RedirectCase{"euroisdn_e1", "pri-1e1-euroisdn.toml", true},
                      RedirectCase{"euroisdn_t1", "pri-1t1-euroisdn.toml", true},
                      RedirectCase{"euroisdn_e1_net", "pri-1e1-euroisdn-net.toml", true},
                      RedirectCase{"qsig_e1", "pri-1e1-qsig.toml", true},
                      RedirectCase{"qsig_t1", "pri-1t1-qsig.toml", true},
                      RedirectCase{"national_t1", "pri-1t1-ni2.toml", false},
                      RedirectCase{"dms100_t1", "pri-1t1-dms100.toml", false},
                      RedirectCase{"5ess_t1", "pri-1t1-5ess.toml", false}),
    redirect_label);

}  // namespace spantsp::contract
