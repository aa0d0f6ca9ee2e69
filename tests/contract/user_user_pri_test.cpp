// User-user information through the host on PRI spans, libpri on both ends of the sim
// D-channel (user_user_test_cases.h): with SETUP, ALERTING and DISCONNECT on every switch type
// (35 octets: libpri cuts longer ones), never with CONNECT, no USER INFORMATION (libpri 1.6
// has no call for it): dwUUIAnswerSize and dwUUISendUserUserInfoSize are 0.

#include "tests/contract/user_user_test_cases.h"

namespace spantsp::contract {

INSTANTIATE_TEST_SUITE_P(
    Pri, UserUserTest,
    ::testing::Values(
        UserUserCase{"euroisdn_e1", "pri-1e1-euroisdn.toml", "3012302", 35, 35, 0, 35, 0},
        UserUserCase{"euroisdn_e1_net", "pri-1e1-euroisdn-net.toml", "3012302", 35, 35, 0, 35, 0},
        UserUserCase{"qsig_t1", "pri-1t1-qsig.toml", "3012302", 35, 35, 0, 35, 0},
        UserUserCase{"national_t1", "pri-1t1-ni2.toml", "3012302", 35, 35, 0, 35, 0},
        UserUserCase{"dms100_t1", "pri-1t1-dms100.toml", "3012302", 35, 35, 0, 35, 0},
        UserUserCase{"5ess_t1", "pri-1t1-5ess.toml", "3012302", 35, 35, 0, 35, 0}),
    user_user_label);

}  // namespace spantsp::contract
