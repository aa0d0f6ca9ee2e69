// Hold, unhold and swap-hold through the host on PRI spans, libpri on both ends of the sim
// D-channel (hold_test_cases.h): Q.931 HOLD / RETRIEVE on EuroISDN and Q.SIG; on the North
// American switch types no caps bit and LINEERR_OPERATIONUNAVAIL.

#include "tests/contract/hold_test_cases.h"

namespace spantsp::contract {

INSTANTIATE_TEST_SUITE_P(
    Pri, HoldTest,
    ::testing::Values(
        HoldCase{"euroisdn_e1_group", "pri-1e1-euroisdn-group.toml", true, DWORD{26}, true},
        HoldCase{"euroisdn_t1", "pri-1t1-euroisdn.toml", true, std::nullopt, true},
        HoldCase{"euroisdn_e1_net", "pri-1e1-euroisdn-net.toml", true, std::nullopt, true},
        HoldCase{"qsig_e1", "pri-1e1-qsig.toml", true, std::nullopt, true},
        HoldCase{"qsig_t1", "pri-1t1-qsig.toml", true, std::nullopt, true},
        HoldCase{"national_t1_group", "pri-1t1-ni2-group.toml", false, DWORD{0}},
        HoldCase{"national_t1", "pri-1t1-ni2.toml", false},
        HoldCase{"dms100_t1", "pri-1t1-dms100.toml", false},
        HoldCase{"5ess_t1", "pri-1t1-5ess.toml", false}),
    hold_label);

}  // namespace spantsp::contract
