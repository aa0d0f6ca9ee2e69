// The provider's session lifecycle through the host (tspi-contract §1.2) and directly through
// its exports where TAPI's own checks would hide a case.

#include <fstream>

#include "platform/process.h"
#include "tests/contract/host_fixture.h"

namespace spantsp::contract {
namespace {

using Negotiate = LONG TSPIAPI(DWORD, DWORD, DWORD, LPDWORD);

class Lifecycle : public HostFixture {};

TEST_F(Lifecycle, InventoryOf32T1SpansHas736LinesWithStableIds) {
#if !defined(SPANTSP_HAVE_PRI_MODULE)
  GTEST_SKIP() << "PRI is not in this build (README \"Windows\"): windows_tapihost_lines_736 "
                  "counts the ideal twin's 736 lines";
#endif
  start("../../../config/sim-32t1-pri.toml");
  const auto lines = host_->lines();
  ASSERT_EQ(lines.size(), 736u);
  EXPECT_EQ(lines.front().device_id, 0u);
  EXPECT_EQ(lines.front().span, 1u);
  EXPECT_EQ(lines.front().channel, 1u);
  EXPECT_EQ(lines.front().permanent_line_id, (1u << 8) | 1u);
  EXPECT_EQ(lines.back().span, 32u);
  EXPECT_EQ(lines.back().channel, 23u);  // T1 PRI: D channel on 24
  EXPECT_EQ(lines.back().permanent_line_id, (32u << 8) | 23u);
  EXPECT_EQ(lines.front().switch_info, "pri_cpe national");
  EXPECT_EQ(lines.front().provider_info.rfind("SpanTSP ", 0), 0u);
  for (const auto& line : lines) {
    EXPECT_TRUE(line.has_span);
    EXPECT_EQ(line.num_addresses, 1u);
    EXPECT_EQ(line.max_active_calls, 1u);
  }
}

TEST_F(Lifecycle, SeveralInitShutdownCyclesInOneLoad) {
  start("ideal-1e1.toml");
  for (int cycle = 0; cycle < 5; ++cycle) {
    ASSERT_EQ(host_->stop(), 0);
    ASSERT_EQ(host_->start(), 0) << host_->last_error();
    ASSERT_EQ(host_->lines().size(), 30u);
    const LineHandle line = open_line(0);
    CallHandle call = 0;
    ASSERT_EQ(make_call(line, "99005551000", call), 0);
    expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_DIALING},
                           {LINE_CALLSTATE, LINECALLSTATE_PROCEEDING},
                           {LINE_CALLSTATE, LINECALLSTATE_CONNECTED}});
    drop_and_close(call);
  }
}

TEST_F(Lifecycle, DeviceIdsStartAtTheBaseTapiGives) {
  Host::Options options;
  options.line_device_id_base = 40;
  start("ideal-1e1.toml", options);
  const auto lines = host_->lines();
  ASSERT_EQ(lines.size(), 30u);
  EXPECT_EQ(lines.front().device_id, 40u);
  EXPECT_EQ(lines.back().device_id, 69u);
  EXPECT_EQ(lines.front().channel, 1u);
  EXPECT_EQ(lines.back().channel, 31u);  // E1: timeslots 1-15, 17-31
}

TEST_F(Lifecycle, NegotiationEdgeCases) {
  start("ideal-1e1.toml");
  Direct direct;
  auto* negotiate = direct.get<Negotiate>("TSPI_lineNegotiateTSPIVersion");
  ASSERT_NE(negotiate, nullptr);
  DWORD version = 0;
  EXPECT_EQ(negotiate(INITIALIZE_NEGOTIATION, 0x00010004, 0x00030001, &version), 0);
  EXPECT_EQ(version, 0x00030001u);
  EXPECT_EQ(negotiate(INITIALIZE_NEGOTIATION, 0x00020000, 0x00020001, &version), 0);
  EXPECT_EQ(version, 0x00020001u);
  EXPECT_EQ(negotiate(INITIALIZE_NEGOTIATION, 0x00010003, 0x00010004, &version),
            LINEERR_INCOMPATIBLEAPIVERSION);
  EXPECT_EQ(negotiate(INITIALIZE_NEGOTIATION, 0x00040000, 0x00050000, &version),
            LINEERR_INCOMPATIBLEAPIVERSION);
  EXPECT_EQ(negotiate(0, 0x00020000, 0x00030000, &version), 0);
  EXPECT_EQ(version, 0x00030000u);
  EXPECT_EQ(negotiate(29, 0x00020000, 0x00030001, &version), 0);  // last device
  EXPECT_EQ(negotiate(30, 0x00020000, 0x00030001, &version), LINEERR_BADDEVICEID);
}

TEST_F(Lifecycle, EveryCapsStructureFillsAtEverySize) {
  start("ideal-1e1.toml");
  EXPECT_EQ(host_->check_fill_at_every_size({host::StructKind::kLineDevCaps, 0}), 0u);
  EXPECT_EQ(host_->check_fill_at_every_size({host::StructKind::kLineDevCaps, 29}), 0u);
  EXPECT_EQ(host_->check_fill_at_every_size({host::StructKind::kLineAddressCaps, 0, 0}), 0u);
  const LineHandle line = open_line(3);
  EXPECT_EQ(host_->check_fill_at_every_size({host::StructKind::kLineDevStatus, 0, 0, line}), 0u);
  EXPECT_EQ(host_->check_fill_at_every_size({host::StructKind::kLineAddressStatus, 0, 0, line}),
            0u);
}

TEST_F(Lifecycle, LineStatusReportsServiceAndPools) {
  start("ideal-1e1.toml");
  const LineHandle line = open_line(0);
  LINEDEVSTATUS status{};
  const SpanTspLineDevStatus extra = line_status(line, &status);
  EXPECT_EQ(status.dwNumActiveCalls, 0u);
  EXPECT_EQ(status.dwDevStatusFlags,
            DWORD{LINEDEVSTATUSFLAGS_CONNECTED | LINEDEVSTATUSFLAGS_INSERVICE});
  EXPECT_EQ(status.dwLineFeatures, DWORD{LINEFEATURE_MAKECALL});
  EXPECT_EQ(extra.dwMagic, kLineDevStatusMagic);
  EXPECT_EQ(extra.dwCallsInUse, 0u);
  EXPECT_EQ(extra.dwCallCapacity, 60u);  // 30 lines x 2 call slots
}

TEST_F(Lifecycle, LineGetIdAnswersTapiLineOnly) {
  start("ideal-1e1.toml");
  const LineHandle line = open_line(5);
  std::vector<unsigned char> buffer(256);
  auto* id = reinterpret_cast<VARSTRING*>(buffer.data());
  id->dwTotalSize = static_cast<DWORD>(buffer.size());
  ASSERT_EQ(host_->line_get_id(line, 0, 0, LINECALLSELECT_LINE, id, "tapi/line"), 0);
  ASSERT_EQ(id->dwStringSize, sizeof(DWORD));
  DWORD device = 0;
  std::memcpy(&device, buffer.data() + id->dwStringOffset, sizeof device);
  EXPECT_EQ(device, 5u);
  EXPECT_EQ(id->dwStringFormat, DWORD{STRINGFORMAT_BINARY});
  EXPECT_EQ(host_->line_get_id(line, 0, 0, LINECALLSELECT_LINE, id, "wave/in"),
            LINEERR_INVALDEVICECLASS);
}

class BadConfiguration : public ::testing::Test {};

TEST_F(BadConfiguration, EnumDevicesFailsWithIniFileCorruptAndInitNeverHalfStarts) {
  const std::string path = ::testing::TempDir() + "broken.toml";
  std::ofstream(path) << "[[board]]\nname = \"sim0\"\ndriver = \"sim\"\n[[board.span]]\nid = 1\n"
                         "type = \"e1\"\nframing = \"esf\"\nsignalling = \"ideal\"\n";
  platform::set_env("SPANTSP_CONFIG", path);
  Host::Options options;
  options.provider_path = SPANTSP_PROVIDER_PATH;
  Host host(options);
  ASSERT_TRUE(host.loaded());
  EXPECT_EQ(host.start(), LINEERR_INIFILECORRUPT);
  EXPECT_EQ(host.violation_count(), 0u);
}

TEST_F(BadConfiguration, MissingFileFailsTheSameWay) {
  platform::set_env("SPANTSP_CONFIG", "/nonexistent/spantsp.toml");
  Host::Options options;
  options.provider_path = SPANTSP_PROVIDER_PATH;
  Host host(options);
  ASSERT_TRUE(host.loaded());
  EXPECT_EQ(host.start(), LINEERR_INIFILECORRUPT);
}

}  // namespace
}  // namespace spantsp::contract
