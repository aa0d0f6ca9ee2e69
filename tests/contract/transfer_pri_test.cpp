// Transfers through the host on PRI spans, libpri on both ends of the sim D-channel
// (transfer_test_cases.h): single-step transfer by CallRerouting on EuroISDN and Q.SIG, the
// join by ETSI explicit call transfer on EuroISDN only; on Q.SIG and the North American
// switch types no caps bit and LINEERR_OPERATIONUNAVAIL where there is none.

#include "tests/contract/transfer_test_cases.h"

namespace spantsp::contract {

INSTANTIATE_TEST_SUITE_P(
    Pri, TransferTest,
    ::testing::Values(
        TransferCase{"euroisdn_e1_group", "pri-1e1-euroisdn-group.toml", true, true, DWORD{26}},
        TransferCase{"euroisdn_t1", "pri-1t1-euroisdn.toml", true, false},
        TransferCase{"euroisdn_e1_net", "pri-1e1-euroisdn-net.toml", true, false},
        TransferCase{"qsig_e1", "pri-1e1-qsig.toml", true, false},
        TransferCase{"qsig_t1", "pri-1t1-qsig.toml", true, false},
        TransferCase{"national_t1_group", "pri-1t1-ni2-group.toml", false, false, DWORD{0}},
        TransferCase{"dms100_t1", "pri-1t1-dms100.toml", false, false},
        TransferCase{"5ess_t1", "pri-1t1-5ess.toml", false, false}),
    transfer_label);

}  // namespace spantsp::contract
