// tspi-contract §5, checked on the packers directly: at every dwTotalSize from the version's
// fixed size up to dwNeededSize, nothing is written past dwTotalSize, dwNeededSize never
// changes, and every variable field is whole or absent (Size = Offset = 0).

#include <gtest/gtest.h>

#include <cstring>
#include <string_view>
#include <vector>

#include "core/call_info.h"
#include "core/fixed_sizes.h"
#include "core/line_caps.h"
#include "core/line_status.h"
#include "core/tspi_version.h"

namespace spantsp::core {
namespace {

constexpr unsigned char kGuard = 0xA5;

LineDescriptor sample_line() {
  LineDescriptor line;
  line.device_id = 7;
  line.permanent_id = LineDirectory::permanent_line_id(3, 17);
  line.name = u"Reception desk, span 3 channel 17";
  line.number = u"+4930123417";
  line.switch_info = u"pri_cpe euroisdn";
  line.dev_specific =
      SpanTspLineDevSpecific{kLineDevSpecificMagic, kLineDevSpecificVersion, 3, 17, 2, 1, 0};
  return line;
}

// Fills a fresh buffer of `total` bytes (with guard bytes after it) and checks the rules.
template <class Struct, class Fill>
DWORD fill_and_check(std::uint32_t total, Fill fill, std::uint32_t fixed) {
  std::vector<unsigned char> buffer(total + 64, kGuard);
  std::memset(buffer.data(), 0, total);
  std::memcpy(buffer.data(), &total, sizeof total);  // dwTotalSize, as TAPI sets it
  auto* s = reinterpret_cast<Struct*>(buffer.data());
  EXPECT_EQ(fill(s), 0) << "total " << total;
  for (std::size_t i = total; i < buffer.size(); ++i) {
    EXPECT_EQ(buffer[i], kGuard) << "byte " << i << " past dwTotalSize " << total;
  }
  DWORD header[3];
  std::memcpy(header, buffer.data(), sizeof header);
  EXPECT_EQ(header[0], total) << "dwTotalSize is TAPI's";
  EXPECT_LE(header[2], total);
  EXPECT_GE(header[1], header[2]);
  EXPECT_GE(header[2], fixed);
  return header[1];
}

TEST(VarStructWriter, LineDevCapsAtEverySizeForEveryVersion) {
  const LineDescriptor line = sample_line();
  for (DWORD version : {kTspiVersion2_0, kTspiVersion2_2, kTspiVersion3_0, kTspiVersion3_1}) {
    const std::uint32_t fixed = line_dev_caps_fixed_size(version);
    auto fill = [&](LINEDEVCAPS* caps) { return fill_line_dev_caps(line, version, caps); };
    const DWORD needed = fill_and_check<LINEDEVCAPS>(fixed, fill, fixed);
    ASSERT_GT(needed, fixed);
    for (std::uint32_t total = fixed; total <= needed + 8; ++total) {
      ASSERT_EQ(fill_and_check<LINEDEVCAPS>(total, fill, fixed), needed) << "total " << total;
    }
  }
}

TEST(VarStructWriter, FullSizeLineDevCapsHasEveryStringWhole) {
  const LineDescriptor line = sample_line();
  std::vector<unsigned char> buffer(4096, 0);
  const DWORD total = 4096;
  std::memcpy(buffer.data(), &total, sizeof total);
  auto* caps = reinterpret_cast<LINEDEVCAPS*>(buffer.data());
  ASSERT_EQ(fill_line_dev_caps(line, kTspiVersion3_1, caps), 0);
  EXPECT_EQ(caps->dwNeededSize, caps->dwUsedSize);
  ASSERT_EQ(caps->dwLineNameSize, (line.name.size() + 1) * 2);
  EXPECT_EQ(0, std::memcmp(buffer.data() + caps->dwLineNameOffset, line.name.c_str(),
                           caps->dwLineNameSize));
  EXPECT_EQ(caps->dwPermanentLineID, (3u << 8) | 17u);
  ASSERT_EQ(caps->dwDevSpecificSize, sizeof(SpanTspLineDevSpecific));
  SpanTspLineDevSpecific ds;
  std::memcpy(&ds, buffer.data() + caps->dwDevSpecificOffset, sizeof ds);
  EXPECT_EQ(ds.dwSpan, 3u);
  EXPECT_EQ(ds.dwChannel, 17u);
  EXPECT_EQ(caps->dwStringFormat, DWORD{STRINGFORMAT_UNICODE});
  EXPECT_EQ(caps->dwNumAddresses, 1u);
}

TEST(VarStructWriter, TooSmallForTheFixedPartIsAnError) {
  const LineDescriptor line = sample_line();
  std::vector<unsigned char> buffer(512, 0);
  const DWORD total = line_dev_caps_fixed_size(kTspiVersion3_1) - 4;
  std::memcpy(buffer.data(), &total, sizeof total);
  EXPECT_EQ(
      fill_line_dev_caps(line, kTspiVersion3_1, reinterpret_cast<LINEDEVCAPS*>(buffer.data())),
      LINEERR_STRUCTURETOOSMALL);
}

TEST(VarStructWriter, OlderCallersNeverSeeNewerMembersWritten) {
  const LineDescriptor line = sample_line();
  const std::uint32_t fixed20 = line_dev_caps_fixed_size(kTspiVersion2_0);
  std::vector<unsigned char> buffer(fixed20 + 64, kGuard);
  std::memset(buffer.data(), 0, fixed20);
  std::memcpy(buffer.data(), &fixed20, sizeof fixed20);
  ASSERT_EQ(
      fill_line_dev_caps(line, kTspiVersion2_0, reinterpret_cast<LINEDEVCAPS*>(buffer.data())), 0);
  for (std::size_t i = fixed20; i < buffer.size(); ++i) ASSERT_EQ(buffer[i], kGuard);
}

TEST(VarStructWriter, AddressCapsAndCallInfoAtEverySize) {
  const LineDescriptor line = sample_line();
  auto fill_addr = [&](LINEADDRESSCAPS* c) {
    return fill_line_address_caps(line, kTspiVersion3_1, c);
  };
  const std::uint32_t addr_fixed = sizeof(LINEADDRESSCAPS);
  const DWORD addr_needed = fill_and_check<LINEADDRESSCAPS>(addr_fixed, fill_addr, addr_fixed);
  for (std::uint32_t total = addr_fixed; total <= addr_needed; ++total) {
    ASSERT_EQ(fill_and_check<LINEADDRESSCAPS>(total, fill_addr, addr_fixed), addr_needed);
  }

  CallSnapshot call;
  call.state = LINECALLSTATE_OFFERING;
  call.caller.assign("2125550123");
  call.caller_name.assign("Alice Example");
  call.called.assign("1001");
  call.redirecting.assign("1999");
  call.redirection.assign("5559000");
  board::UserUser uui;  // every size is checked with the UUI and the redirection ID too
  uui.assign("order 4711");
  for (DWORD version : {kTspiVersion2_0, kTspiVersion3_1}) {
    const std::uint32_t fixed = version >= kTspiVersion3_0
                                    ? sizeof(LINECALLINFO)
                                    : offsetof(LINECALLINFO, dwCallerIDAddressType);
    auto fill = [&](LINECALLINFO* i) { return fill_call_info(call, uui, 42, line, version, i); };
    const DWORD needed = fill_and_check<LINECALLINFO>(fixed, fill, fixed);
    for (std::uint32_t total = fixed; total <= needed; ++total) {
      ASSERT_EQ(fill_and_check<LINECALLINFO>(total, fill, fixed), needed);
    }
  }
}

TEST(VarStructWriter, CallInfoLeavesTapiOwnedMembersAlone) {
  const LineDescriptor line = sample_line();
  CallSnapshot call;
  call.state = LINECALLSTATE_CONNECTED;
  std::vector<unsigned char> buffer(2048, 0);
  auto* info = reinterpret_cast<LINECALLINFO*>(buffer.data());
  info->dwTotalSize = 2048;
  info->hLine = 0x1234;
  info->dwNumOwners = 3;
  info->dwMonitorDigitModes = LINEDIGITMODE_DTMF;
  board::UserUser uui;
  uui.assign(std::string_view("a\0b", 3));  // octets, not a string
  ASSERT_EQ(fill_call_info(call, uui, 9, line, kTspiVersion3_1, info), 0);
  ASSERT_EQ(info->dwUserUserInfoSize, 3u);
  EXPECT_EQ(std::memcmp(buffer.data() + info->dwUserUserInfoOffset, "a\0b", 3), 0);
  EXPECT_EQ(info->hLine, 0x1234u);
  EXPECT_EQ(info->dwNumOwners, 3u);
  EXPECT_EQ(info->dwMonitorDigitModes, DWORD{LINEDIGITMODE_DTMF});
  EXPECT_EQ(info->dwAppSpecific, 9u);
  EXPECT_EQ(info->dwLineDeviceID, 7u);
}

}  // namespace
}  // namespace spantsp::core
