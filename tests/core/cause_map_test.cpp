#include "core/cause_map.h"

#include <gtest/gtest.h>

#include "core/tspi_version.h"

namespace spantsp::core {
namespace {

TEST(CauseMap, CommonCausesMapToTheirModes) {
  EXPECT_EQ(disconnect_mode_from_q850(16, kTspiVersion2_0), DWORD{LINEDISCONNECTMODE_NORMAL});
  EXPECT_EQ(disconnect_mode_from_q850(17, kTspiVersion2_0), DWORD{LINEDISCONNECTMODE_BUSY});
  EXPECT_EQ(disconnect_mode_from_q850(19, kTspiVersion2_0), DWORD{LINEDISCONNECTMODE_NOANSWER});
  EXPECT_EQ(disconnect_mode_from_q850(21, kTspiVersion2_0), DWORD{LINEDISCONNECTMODE_REJECT});
  EXPECT_EQ(disconnect_mode_from_q850(1, kTspiVersion2_0), DWORD{LINEDISCONNECTMODE_BADADDRESS});
  EXPECT_EQ(disconnect_mode_from_q850(34, kTspiVersion2_0), DWORD{LINEDISCONNECTMODE_CONGESTION});
  EXPECT_EQ(disconnect_mode_from_q850(41, kTspiVersion2_0), DWORD{LINEDISCONNECTMODE_TEMPFAILURE});
  EXPECT_EQ(disconnect_mode_from_q850(88, kTspiVersion2_0), DWORD{LINEDISCONNECTMODE_INCOMPATIBLE});
}

TEST(CauseMap, UnknownCausesAreUnknown) {
  EXPECT_EQ(disconnect_mode_from_q850(111, kTspiVersion3_1), DWORD{LINEDISCONNECTMODE_UNKNOWN});
  EXPECT_EQ(disconnect_mode_from_q850(0, kTspiVersion3_1), DWORD{LINEDISCONNECTMODE_UNKNOWN});
}

TEST(CauseMap, OlderVersionsNeverSeeModesTheyLack) {
  // tspi-contract §4.1: NUMBERCHANGED, OUTOFORDER, TEMPFAILURE, BLOCKED are 2.0 values.
  for (int cause = 0; cause < 128; ++cause) {
    const DWORD mode = disconnect_mode_from_q850(static_cast<std::uint8_t>(cause), 0x00010004);
    EXPECT_LE(mode, DWORD{LINEDISCONNECTMODE_NODIALTONE}) << "cause " << cause;
  }
}

TEST(CauseMap, ApplicationModesMapBackToCauses) {
  EXPECT_EQ(q850_from_disconnect_mode(LINEDISCONNECTMODE_REJECT), 21);
  EXPECT_EQ(q850_from_disconnect_mode(LINEDISCONNECTMODE_BUSY), 17);
  EXPECT_EQ(q850_from_disconnect_mode(LINEDISCONNECTMODE_NORMAL), 16);
  EXPECT_EQ(q850_from_disconnect_mode(0x12345678), 16);
}

TEST(CauseMap, RoundTripKeepsTheModeForEveryMappedMode) {
  for (DWORD mode :
       {LINEDISCONNECTMODE_NORMAL, LINEDISCONNECTMODE_REJECT, LINEDISCONNECTMODE_BUSY,
        LINEDISCONNECTMODE_NOANSWER, LINEDISCONNECTMODE_BADADDRESS, LINEDISCONNECTMODE_UNREACHABLE,
        LINEDISCONNECTMODE_CONGESTION, LINEDISCONNECTMODE_INCOMPATIBLE, LINEDISCONNECTMODE_UNAVAIL,
        LINEDISCONNECTMODE_NUMBERCHANGED, LINEDISCONNECTMODE_OUTOFORDER,
        LINEDISCONNECTMODE_TEMPFAILURE, LINEDISCONNECTMODE_BLOCKED}) {
    EXPECT_EQ(disconnect_mode_from_q850(q850_from_disconnect_mode(mode), kTspiVersion3_1), mode)
        << std::hex << mode;
  }
}

}  // namespace
}  // namespace spantsp::core
