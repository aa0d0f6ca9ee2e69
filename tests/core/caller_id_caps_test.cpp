// Caps tell the truth about caller ID (board::incoming_caller_id, core::caller_id_flags):
// LINEADDRESSCAPS dwCallerIDFlags advertises a name only where incoming calls carry one (ideal,
// PRI), a number where they carry it (ideal, PRI, MFC/R2) or the line's own number shows on
// our calls, and never either on a CAS line without a number (DTMF carries the called number
// only). Checked on lines a LineDirectory builds from spans of every signalling.
#include <gtest/gtest.h>

#include <vector>

#include "core/line_caps.h"
#include "core/line_directory.h"
#include "core/tspi_version.h"

namespace spantsp::core {
namespace {

config::SpanConfig span(int id, config::Signalling signalling, const char* number) {
  config::SpanConfig s;
  s.id = id;
  s.type = config::SpanType::kT1;
  s.framing = config::Framing::kEsf;
  s.coding = config::LineCoding::kB8zs;
  s.signalling = signalling;
  s.channels = {1};
  s.line_number = number;
  return s;
}

DWORD advertised(const LineDescriptor& line) {
  std::vector<unsigned char> buffer(4096);
  auto* caps = reinterpret_cast<LINEADDRESSCAPS*>(buffer.data());
  caps->dwTotalSize = static_cast<DWORD>(buffer.size());
  EXPECT_EQ(fill_line_address_caps(line, kTspiVersion3_1, caps), 0);
  return caps->dwCallerIDFlags;
}

TEST(CallerIdCaps, AdvertisedOnlyWhereTheSignallingCarriesIt) {
  config::ProviderConfig cfg;
  config::BoardConfig board;
  board.name = "b";
  board.spans = {span(1, config::Signalling::kIdeal, "100"),
                 span(2, config::Signalling::kPri, "200"), span(3, config::Signalling::kCas, "300"),
                 span(4, config::Signalling::kCas, ""), span(5, config::Signalling::kR2, "")};
  board.spans[4].type = config::SpanType::kE1;
  board.spans[4].framing = config::Framing::kCas;
  board.spans[4].coding = config::LineCoding::kHdb3;
  cfg.boards.push_back(board);
  const LineDirectory dir(cfg, 0);
  ASSERT_EQ(dir.size(), 5u);
  constexpr DWORD kAlways = LINECALLPARTYID_BLOCKED | LINECALLPARTYID_UNKNOWN;
  EXPECT_EQ(advertised(dir.lines()[0]), kAlways | LINECALLPARTYID_ADDRESS | LINECALLPARTYID_NAME);
  EXPECT_EQ(advertised(dir.lines()[1]), kAlways | LINECALLPARTYID_ADDRESS | LINECALLPARTYID_NAME);
  // CAS: no ANI; only our own calls show the line's number.
  EXPECT_EQ(advertised(dir.lines()[2]), kAlways | LINECALLPARTYID_ADDRESS);
  EXPECT_EQ(advertised(dir.lines()[3]), kAlways);
  // MFC/R2: the ANI, no name.
  EXPECT_EQ(advertised(dir.lines()[4]), kAlways | LINECALLPARTYID_ADDRESS);
}

}  // namespace
}  // namespace spantsp::core
