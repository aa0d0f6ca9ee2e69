// The D-channel protocol trace (pcap_trace.h): the file format byte by byte, and a captured
// call as tshark decodes it: link set-up, then every I-frame a Q.931 message, in call order,
// with the direction Q.921 needs. Time is a manually advanced TimerWheel throughout.

#include "board_drivers/io/pcap_trace.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "board_drivers/signalling/pri/pri_module.h"
#include "board_drivers/sim/pri/sim_pri_span.h"
#include "config/config_loader.h"
#include "tests/board_drivers/recording_events.h"

// The module's export, compiled into this test (pri_module.cpp) and checked against the
// factory type the sim board looks it up as.
extern "C" spantsp::board::SpanSignalling* spantsp_pri_make_sim_span_v1(
    const spantsp::config::BoardConfig* board, const spantsp::config::SpanConfig* span,
    std::uint32_t span_index);

namespace spantsp::pri {
namespace {

[[maybe_unused]] constexpr PriSimSpanFactory kFactory = &spantsp_pri_make_sim_span_v1;

using test::RecordingEvents;
using test::run_for;
using Log = std::vector<std::string>;

// Per process: several build trees may run this test at once.
std::string temp_path(const std::string& name) {
  return ::testing::TempDir() + "spantsp_pcap_trace_" + std::to_string(getpid()) + "_" + name;
}

std::vector<std::uint8_t> read_file(const std::string& path) {
  std::vector<std::uint8_t> bytes;
  FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) return bytes;
  std::uint8_t buffer[4096];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, file)) > 0;) {
    bytes.insert(bytes.end(), buffer, buffer + n);
  }
  std::fclose(file);
  return bytes;
}

std::uint32_t le32(const std::vector<std::uint8_t>& b, std::size_t at) {
  return b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (std::uint32_t{b[at + 3]} << 24);
}
std::uint16_t le16(const std::vector<std::uint8_t>& b, std::size_t at) {
  return static_cast<std::uint16_t>(b[at] | (b[at + 1] << 8));
}
std::uint16_t be16(const std::vector<std::uint8_t>& b, std::size_t at) {
  return static_cast<std::uint16_t>((b[at] << 8) | b[at + 1]);
}

// --- The file format, without tshark ---

TEST(PcapTraceFormat, GlobalHeaderAnnouncesMicrosecondPcapOfLinuxLapd) {
  const std::string path = temp_path("header.pcap");
  {
    io::PcapTrace trace;
    ASSERT_TRUE(trace.open(path, false)) << trace.error();
    EXPECT_TRUE(trace.error().empty());
  }
  const auto b = read_file(path);
  ASSERT_EQ(b.size(), 24u);
  EXPECT_EQ(le32(b, 0), 0xA1B2C3D4u);  // little-endian, microseconds
  EXPECT_EQ(le16(b, 4), 2u);
  EXPECT_EQ(le16(b, 6), 4u);
  EXPECT_EQ(le32(b, 8), 0u);   // thiszone
  EXPECT_EQ(le32(b, 12), 0u);  // sigfigs
  EXPECT_EQ(le32(b, 16), 16u + 272u);
  EXPECT_EQ(le32(b, 20), 177u);  // DLT_LINUX_LAPD
  std::remove(path.c_str());
}

TEST(PcapTraceFormat, RecordsCarryTimeDirectionOurSideAndTheFrameWithoutItsFcs) {
  const std::string path = temp_path("records.pcap");
  // SABME from the user side (C/R 0), then UA from the network, each with 2 FCS octets.
  const std::uint8_t sabme[] = {0x00, 0x01, 0x7F, 0xAA, 0xBB};
  const std::uint8_t ua[] = {0x00, 0x01, 0x73, 0xCC, 0xDD};
  {
    io::PcapTrace trace;
    ASSERT_TRUE(trace.open(path, /*we_network=*/true));
    trace.set_clock_origin(1'000'000'000, 1'700'000'000'000'000);  // wheel 1000 s = 2023-11-14
    trace.write(io::PcapTrace::Direction::kFarEnd, 1'000'000'000, sabme, sizeof sabme);
    trace.write(io::PcapTrace::Direction::kOurs, 1'000'001'250, ua, sizeof ua);
    const std::uint8_t runt[] = {0x00, 0x01, 0xAA, 0xBB};  // no control field: skipped
    trace.write(io::PcapTrace::Direction::kOurs, 1'000'002'000, runt, sizeof runt);
    EXPECT_EQ(trace.frames_written(), 2u);
    EXPECT_EQ(trace.write_errors(), 0u);
  }
  const auto b = read_file(path);
  constexpr std::size_t kRecord = 16 + 16 + 3;
  ASSERT_EQ(b.size(), 24u + 2 * kRecord);

  struct Expect {
    std::uint32_t sec, usec;
    std::uint16_t pkttype;
    std::uint8_t control;
  };
  const Expect expect[] = {{1'700'000'000, 0, 0, 0x7F}, {1'700'000'000, 1'250, 4, 0x73}};
  for (std::size_t i = 0; i < 2; ++i) {
    SCOPED_TRACE("record " + std::to_string(i));
    const std::size_t r = 24 + i * kRecord;
    EXPECT_EQ(le32(b, r + 0), expect[i].sec);
    EXPECT_EQ(le32(b, r + 4), expect[i].usec);
    EXPECT_EQ(le32(b, r + 8), 19u);   // captured: pseudo-header + 3 octets
    EXPECT_EQ(le32(b, r + 12), 19u);  // original
    const std::size_t p = r + 16;
    EXPECT_EQ(be16(b, p + 0), expect[i].pkttype);  // 4 PACKET_OUTGOING, 0 PACKET_HOST
    EXPECT_EQ(be16(b, p + 2), 0u);                 // hatype
    EXPECT_EQ(be16(b, p + 4), 0u);                 // halen
    EXPECT_EQ(b[p + 6], 1u);                       // addr[0]: we are the network
    for (std::size_t k = 7; k < 14; ++k) EXPECT_EQ(b[p + k], 0u);
    EXPECT_EQ(be16(b, p + 14), 0x0030u);  // ETH_P_LAPD
    EXPECT_EQ(b[p + 16], 0x00);
    EXPECT_EQ(b[p + 17], 0x01);
    EXPECT_EQ(b[p + 18], expect[i].control);
  }
  std::remove(path.c_str());
}

TEST(PcapTraceFormat, AFileThatCannotBeCreatedIsReportedAndWritesAreIgnored) {
  io::PcapTrace trace;
  EXPECT_FALSE(trace.open("/nonexistent-spantsp-dir/span1.pcap", false));
  EXPECT_FALSE(trace.is_open());
  EXPECT_EQ(trace.error(),
            "cannot open trace file \"/nonexistent-spantsp-dir/span1.pcap\": No such file or "
            "directory");
  const std::uint8_t frame[] = {0x00, 0x01, 0x7F, 0, 0};
  trace.write(io::PcapTrace::Direction::kOurs, 0, frame, sizeof frame);
  EXPECT_EQ(trace.frames_written(), 0u);
}

TEST(PcapTraceFormat, AFileThatCannotBeWrittenIsReported) {
  io::PcapTrace trace;
  EXPECT_FALSE(trace.open("/dev/full", false));  // the header's flush fails
  EXPECT_FALSE(trace.is_open());
  EXPECT_EQ(trace.error(), "cannot write trace file \"/dev/full\": No space left on device");
}

// --- A span with a trace ---

board::CallSetup call_to(const char* called) {
  board::CallSetup s;
  s.called.assign(called);
  s.calling.assign("3012300001");
  s.sending_complete = true;
  return s;
}

// One answered outgoing call on channel 1 and its clearing by us, as in sim_pri_span_test.
void answered_call_cleared_by_us(board::SpanSignalling& span, pipeline::TimerWheel& wheel,
                                 RecordingEvents& events) {
  span.start(events, wheel);
  run_for(wheel, 50);  // SABME/UA both ways
  ASSERT_TRUE(span.place_call(1, call_to("5551234")));
  run_for(wheel, 100);
  span.release(1, board::cause::kNormalClearing);
  run_for(wheel, 100);
  EXPECT_EQ(events.take(), (Log{"proceeding 1", "alerting 1", "connected 1", "released 1"}));
  span.stop();
}

TEST(PcapTraceSpan, ATraceThatCannotBeOpenedLeavesTheSpanWorking) {
  pipeline::TimerWheel wheel{1'000'000};
  RecordingEvents events;
  SimPriOptions options;
  options.trace_path = "/nonexistent-spantsp-dir/span1.pcap";
  SimPriSpan span(std::vector<int>{1, 2, 3}, PRI_CPE, PRI_SWITCH_NI2, false, {}, 0, options);
  EXPECT_FALSE(span.trace().is_open());
  EXPECT_NE(span.trace().error().find("cannot open trace file"), std::string::npos);
  answered_call_cleared_by_us(span, wheel, events);
}

// The configuration's `trace` reaches the span through the module's factory.
TEST(PcapTraceSpan, TheConfiguredTraceFileIsWrittenByTheModulesSpan) {
  const std::string path = temp_path("configured.pcap");
  std::remove(path.c_str());
  const config::LoadResult loaded = config::load_config_string(
      "[[board]]\nname = \"sim0\"\n[[board.span]]\nid = 1\ntype = \"e1\"\n"
      "signalling = \"pri_cpe\"\ntrace = \"" +
          path + "\"\n",
      "mem");
  ASSERT_TRUE(loaded.ok());
  const config::BoardConfig& board = loaded.config->boards[0];
  std::unique_ptr<board::SpanSignalling> span(
      spantsp_pri_make_sim_span_v1(&board, &board.spans[0], 0));
  ASSERT_NE(span, nullptr);
  auto& pri = static_cast<SimPriSpan&>(*span);
  ASSERT_TRUE(pri.trace().is_open()) << pri.trace().error();
  pipeline::TimerWheel wheel{1'000'000};
  RecordingEvents events;
  answered_call_cleared_by_us(*span, wheel, events);
  const std::uint64_t frames = pri.d_channel().stats(io::DChannel::kA).frames +
                               pri.d_channel().stats(io::DChannel::kB).frames;
  EXPECT_EQ(pri.trace().frames_written(), frames);
  span.reset();
  EXPECT_GT(read_file(path).size(), 24u + frames * 32);
  std::remove(path.c_str());
}

// --- Decoded by tshark ---

struct Decoded {
  std::string direction;  // "U>N" or "N>U", as Wireshark derives it from the pseudo-header
  std::string what;       // "SABME", "UA", "RR", "I" or the Q.931 message
  bool i_frame = false;
  bool global_call_ref = false;  // Q.931 on call reference 0: RESTART and its acknowledgement
  double time_s = 0;             // since the first frame
};

std::string q931_name(const std::string& hex) {
  static const std::map<std::string, std::string> names{{"0x01", "ALERTING"},
                                                        {"0x02", "CALL PROCEEDING"},
                                                        {"0x05", "SETUP"},
                                                        {"0x07", "CONNECT"},
                                                        {"0x0f", "CONNECT ACKNOWLEDGE"},
                                                        {"0x45", "DISCONNECT"},
                                                        {"0x4d", "RELEASE"},
                                                        {"0x46", "RESTART"},
                                                        {"0x4e", "RESTART ACKNOWLEDGE"},
                                                        {"0x5a", "RELEASE COMPLETE"}};
  const auto it = names.find(hex);
  return it == names.end() ? "Q.931 " + hex : it->second;
}

// Runs tshark on `path`; one Decoded per frame. tshark's stderr (it warns when run as root)
// goes to a file and is shown only if tshark fails.
std::vector<Decoded> decode(const std::string& path, std::string& failure) {
  const std::string errors = path + ".stderr";
  const std::string command = std::string("'") + SPANTSP_TSHARK + "' -n -r '" + path +
                              "' -T fields -E separator=/t -e frame.time_relative "
                              "-e lapd.direction -e lapd.control.ftype "
                              "-e lapd.control.u_modifier_cmd -e lapd.control.u_modifier_resp "
                              "-e lapd.control.s_ftype -e q931.message_type -e q931.call_ref 2>'" +
                              errors + "'";
  std::vector<Decoded> frames;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) {
    failure = "cannot run " + command;
    return frames;
  }
  std::string out;
  char buffer[4096];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) out.append(buffer, n);
  const int status = pclose(pipe);
  if (status != 0) {
    const std::vector<std::uint8_t> err = read_file(errors);
    failure = command + " failed (status " + std::to_string(status) +
              "): " + std::string(err.begin(), err.end());
  }
  std::remove(errors.c_str());

  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);) {
    std::vector<std::string> f;
    std::istringstream cells(line);
    for (std::string cell; std::getline(cells, cell, '\t');) f.push_back(cell);
    f.resize(8);
    Decoded d;
    d.time_s = std::atof(f[0].c_str());
    d.direction = f[1] == "1" ? "N>U" : f[1] == "0" ? "U>N" : "?" + f[1];
    if (f[2] == "0x0000") {  // I frame (modulo 128)
      d.i_frame = true;
      d.what = f[6].empty() ? "I" : q931_name(f[6]);
      d.global_call_ref = !f[7].empty() && std::strtoul(f[7].c_str(), nullptr, 16) == 0;
    } else if (f[2] == "0x03") {  // U frame
      d.what = f[3] == "0x1b" ? "SABME" : f[4] == "0x18" ? "UA" : "U " + f[3] + f[4];
    } else if (f[2] == "0x0001") {  // S frame
      d.what = f[5] == "0x0000" ? "RR" : "S " + f[5];
    } else {
      d.what = "? " + line;
    }
    frames.push_back(d);
  }
  return frames;
}

class PcapTraceDecoded : public ::testing::TestWithParam<int> {};

TEST_P(PcapTraceDecoded, EveryIFrameOfACallIsQ931InCallOrderAfterTheLinkSetUp) {
  const std::string tshark = SPANTSP_TSHARK;
  if (tshark.empty() || tshark.find("NOTFOUND") != std::string::npos) {
    GTEST_SKIP() << "tshark not found at configure time (tools/bootstrap installs it)";
  }
  const int our_node = GetParam();
  const bool we_network = our_node == PRI_NETWORK;
  const std::string path = temp_path(we_network ? "call_net.pcap" : "call_cpe.pcap");

  pipeline::TimerWheel wheel{1'000'000};
  RecordingEvents events;
  SimPriOptions options;
  options.trace_path = path;
  std::uint64_t written = 0;
  {
    SimPriSpan span(std::vector<int>{1, 2, 3}, our_node, PRI_SWITCH_NI2, false, {}, 0, options);
    answered_call_cleared_by_us(span, wheel, events);
    written = span.trace().frames_written();
    EXPECT_EQ(span.trace().write_errors(), 0u);
  }

  std::string failure;
  const std::vector<Decoded> frames = decode(path, failure);
  ASSERT_TRUE(failure.empty()) << failure;
  ASSERT_EQ(frames.size(), written);

  // Our frames and the far end's, named from Q.921's point of view: the pseudo-header says
  // which side we are, so the direction (and the C/R bit's meaning) is right for both.
  const std::string us = we_network ? "N>U" : "U>N";
  const std::string them = we_network ? "U>N" : "N>U";
  ASSERT_GE(frames.size(), 4u);
  // Link set-up: both ends send SABME as they start (the far end first), each answers UA.
  Log setup;
  for (std::size_t i = 0; i < 4; ++i) setup.push_back(frames[i].direction + " " + frames[i].what);
  EXPECT_EQ(setup, (Log{them + " SABME", us + " SABME", us + " UA", them + " UA"}));

  Log calls;
  std::size_t i_frames = 0;
  std::size_t q931 = 0;
  std::size_t restarts = 0;
  std::size_t restart_acks = 0;
  double setup_time = -1;
  for (const Decoded& d : frames) {
    if (!d.i_frame) continue;
    ++i_frames;
    if (d.what != "I") ++q931;
    if (d.what == "SETUP") setup_time = d.time_s;
    if (d.global_call_ref) {
      // Channel maintenance (a network side restarts its channels as the link comes up): not
      // the call's, but every one must be answered.
      if (d.what == "RESTART")
        ++restarts;
      else if (d.what == "RESTART ACKNOWLEDGE")
        ++restart_acks;
      else
        ADD_FAILURE() << "unexpected on the global call reference: " << d.what;
      continue;
    }
    calls.push_back(d.direction + " " + d.what);
  }
  EXPECT_EQ(q931, i_frames);  // every I-frame decodes as Q.931
  EXPECT_EQ(restarts, restart_acks);
  EXPECT_EQ(calls, (Log{us + " SETUP", them + " CALL PROCEEDING", them + " ALERTING",
                        them + " CONNECT", us + " CONNECT ACKNOWLEDGE", us + " DISCONNECT",
                        them + " RELEASE", us + " RELEASE COMPLETE"}));
  // Timestamps are the wheel's: the SETUP went out when the test placed the call, 50 ms in.
  EXPECT_NEAR(setup_time, 0.050, 1e-6);
  if (HasFailure()) {
    ADD_FAILURE() << "capture kept for inspection: " << path;
  } else {
    std::remove(path.c_str());
  }
}

INSTANTIATE_TEST_SUITE_P(BothSides, PcapTraceDecoded, ::testing::Values(PRI_CPE, PRI_NETWORK),
                         [](const auto& param_info) {
                           return std::string(param_info.param == PRI_CPE ? "WeAreCpe"
                                                                          : "WeAreNet");
                         });

}  // namespace
}  // namespace spantsp::pri
