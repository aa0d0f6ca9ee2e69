#pragma once
// The transfer test bodies through the host (lineBlindTransfer, lineSetupTransfer,
// lineCompleteTransfer), instantiated by transfer_test.cpp (ideal) and transfer_pri_test.cpp
// (PRI switch types). Device 0 is a per-channel line; `group_device`, when given, a trunk
// group with room for the consultation call. The sim switch reports what it did with the far
// parties (sim_control.h kSimQueryTransfer).

#include <cstring>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "board_drivers/sim/sim_control.h"
#include "tests/contract/group_line_fixture.h"
#include "tools/tapihost/call_center.h"

namespace spantsp::contract {

struct TransferCase {
  const char* label;
  const char* config;
  bool has_blind;    // single-step transfer (board::kServiceBlindTransfer)
  bool has_consult;  // transfer by join (board::kServiceTransfer), on the group line
  std::optional<DWORD> group_device = std::nullopt;
};

inline std::string transfer_label(const ::testing::TestParamInfo<TransferCase>& info) {
  return info.param.label;
}

// The far parties: connected_call's, and the consultation call's.
inline constexpr const char* kFirstParty = "99005551000";
inline constexpr const char* kSecondParty = "99005552000";

class TransferTest : public GroupLine, public ::testing::WithParamInterface<TransferCase> {
 protected:
  void SetUp() override {
    start(GetParam().config);
    settle(0);
  }

  struct Caps {
    DWORD call_features = 0;
    DWORD call_states = 0;
    DWORD cap_flags = 0;
    DWORD transfer_modes = 0;
  };
  Caps address_caps(DWORD device_id) {
    std::vector<std::uint64_t> buffer(512);
    auto* caps = reinterpret_cast<LINEADDRESSCAPS*>(buffer.data());
    caps->dwTotalSize = static_cast<DWORD>(buffer.size() * sizeof(std::uint64_t));
    EXPECT_EQ(host_->line_get_address_caps(device_id, 0, caps), 0);
    return {caps->dwCallFeatures, caps->dwCallStates, caps->dwAddrCapFlags, caps->dwTransferModes};
  }
  DWORD call_features(CallHandle call) {
    std::vector<std::uint64_t> buffer(128);
    auto* status = reinterpret_cast<LINECALLSTATUS*>(buffer.data());
    status->dwTotalSize = static_cast<DWORD>(buffer.size() * sizeof(std::uint64_t));
    EXPECT_EQ(host_->line_get_call_status(call, status), 0);
    return status->dwCallFeatures;
  }
  // The switch's kSimQueryTransfer answer for `channel` (a span channel, asked on `line`).
  sim::SimControl far_transfer(LineHandle line, DWORD channel) {
    sim::SimControl control{};
    control.dwMagic = sim::kSimControlMagic;
    control.dwVersion = sim::kSimControlVersion;
    control.dwOp = sim::kSimQueryTransfer;
    control.bChannel = static_cast<std::uint8_t>(channel);
    EXPECT_EQ(wait_reply(host_->line_dev_specific(line, 0, 0, &control, sizeof control)), 0);
    return control;
  }
  void expect_joined(LineHandle line, DWORD channel, DWORD how, const char* party,
                     const char* own_party) {
    const sim::SimControl answer = far_transfer(line, channel);
    EXPECT_EQ(answer.dwCause, how) << "channel " << channel;
    EXPECT_STREQ(answer.szCalled, party) << "channel " << channel;
    EXPECT_STREQ(answer.szCalling, own_party) << "channel " << channel;
    EXPECT_EQ(answer.dwAlarms & 1u, 1u) << "channel " << channel << " still busy at the switch";
  }
  // The address (number) of line device `device_id`.
  std::string line_number(DWORD device_id) {
    std::vector<std::uint64_t> buffer(512);
    auto* caps = reinterpret_cast<LINEADDRESSCAPS*>(buffer.data());
    caps->dwTotalSize = static_cast<DWORD>(buffer.size() * sizeof(std::uint64_t));
    EXPECT_EQ(host_->line_get_address_caps(device_id, 0, caps), 0);
    const auto* text = reinterpret_cast<const char16_t*>(reinterpret_cast<const char*>(caps) +
                                                         caps->dwAddressOffset);
    std::string out;
    for (DWORD i = 0; i + 1 < caps->dwAddressSize / 2; ++i) out += static_cast<char>(text[i]);
    return out;
  }
  // lineSetupTransfer on `call`, dialled to kSecondParty and connected: the consultation call.
  CallHandle consult(CallHandle call) {
    CallHandle consultation = 0;
    const LONG request = host_->line_setup_transfer(call, consultation);
    EXPECT_GT(request, 0);
    EXPECT_EQ(wait_reply(request), 0);
    // The held call learns which call consults for it (dwRelatedCallID), and the consultation
    // call names the held one from its first state on.
    expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_ONHOLDPENDTRANSFER},
                           {LINE_CALLINFO, LINECALLINFOSTATE_RELATEDCALLID}});
    expect_sequence(consultation, {{LINE_CALLSTATE, LINECALLSTATE_DIALTONE}});
    const CallInfoText held = call_info(call);
    const CallInfoText consulting = call_info(consultation);
    EXPECT_NE(held.call_id, consulting.call_id);
    EXPECT_EQ(held.related_call_id, consulting.call_id);
    EXPECT_EQ(consulting.related_call_id, held.call_id);
    EXPECT_NE(call_features(call) & LINECALLFEATURE_COMPLETETRANSF, 0u);
    EXPECT_EQ(wait_reply(host_->line_dial(consultation, kSecondParty)), 0);
    expect_sequence(consultation, {{LINE_CALLSTATE, LINECALLSTATE_DIALING},
                                   {LINE_CALLINFO, LINECALLINFOSTATE_CALLEDID}});
    // PROCEEDING on the ideal board; PRI overlap sending has had its SETUP ACKNOWLEDGE.
    wait_state(consultation, LINECALLSTATE_CONNECTED);
    return consultation;
  }
};

TEST_P(TransferTest, CapsAdvertiseTransferExactlyWhereItWorks) {
  const Caps line_caps = address_caps(0);
  EXPECT_EQ((line_caps.call_features & LINECALLFEATURE_BLINDTRANSFER) != 0, GetParam().has_blind);
  // A per-channel line has no second channel for a consultation call.
  EXPECT_EQ(
      line_caps.call_features & (LINECALLFEATURE_SETUPTRANSFER | LINECALLFEATURE_COMPLETETRANSF),
      0u);
  EXPECT_EQ(line_caps.transfer_modes, 0u);
  EXPECT_EQ(line_caps.call_states & LINECALLSTATE_ONHOLDPENDTRANSFER, 0u);
  if (GetParam().group_device) {
    const Caps group = address_caps(*GetParam().group_device);
    const bool consult = GetParam().has_consult;
    EXPECT_EQ((group.call_features & LINECALLFEATURE_SETUPTRANSFER) != 0, consult);
    EXPECT_EQ((group.call_features & LINECALLFEATURE_COMPLETETRANSF) != 0, consult);
    EXPECT_EQ((group.call_states & LINECALLSTATE_ONHOLDPENDTRANSFER) != 0, consult);
    // Transfer by join only: no signalling we run joins three parties.
    EXPECT_EQ(group.transfer_modes, consult ? DWORD{LINETRANSFERMODE_TRANSFER} : 0u);
    EXPECT_EQ(group.cap_flags & (LINEADDRCAPFLAGS_TRANSFERHELD | LINEADDRCAPFLAGS_TRANSFERMAKE),
              consult ? DWORD{LINEADDRCAPFLAGS_TRANSFERHELD | LINEADDRCAPFLAGS_TRANSFERMAKE} : 0u);
  }
  const LineHandle line = open_line(0);
  const CallHandle call = connected_call(line);
  EXPECT_EQ((call_features(call) & LINECALLFEATURE_BLINDTRANSFER) != 0, GetParam().has_blind);
  EXPECT_EQ(call_features(call) & LINECALLFEATURE_SETUPTRANSFER, 0u);
  Direct direct;
  auto* setup =
      direct.get<LONG TSPIAPI(DRV_REQUESTID, HDRVCALL, HTAPICALL, LPHDRVCALL, LPLINECALLPARAMS)>(
          "TSPI_lineSetupTransfer");
  ASSERT_NE(setup, nullptr);
  HDRVCALL consult_handle = nullptr;
  EXPECT_EQ(setup(1, host_->provider_call_handle(call), reinterpret_cast<HTAPICALL>(0x5151),
                  &consult_handle, nullptr),
            LINEERR_OPERATIONUNAVAIL);
  if (!GetParam().has_blind) {
    EXPECT_EQ(host_->line_blind_transfer(call, "5551234"), LINEERR_OPERATIONUNAVAIL);
    auto* blind =
        direct.get<LONG TSPIAPI(DRV_REQUESTID, HDRVCALL, LPCWSTR, DWORD)>("TSPI_lineBlindTransfer");
    ASSERT_NE(blind, nullptr);
    EXPECT_EQ(blind(1, host_->provider_call_handle(call), u"5551234", 0), LINEERR_OPERATIONUNAVAIL);
  }
  drop_and_close(call);
}

// lineBlindTransfer: the switch sends the far party on to the number and clears our call,
// which goes IDLE; it reports the party sent on and our channel free.
TEST_P(TransferTest, BlindTransferSendsTheFarPartyOnAndFreesOurChannel) {
  if (!GetParam().has_blind) GTEST_SKIP() << "no single-step transfer on this span";
  const LineHandle line = open_line(0);
  const CallHandle call = connected_call(line);
  const DWORD channel = call_info(call).trunk;
  ASSERT_EQ(wait_reply(host_->line_blind_transfer(call, "5551234")), 0);
  expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_IDLE}});
  EXPECT_EQ(host_->line_deallocate_call(call), 0);
  expect_joined(line, channel, 2, "5551234", kFirstParty);
  // The line is free again.
  drop_and_close(connected_call(line));
}

// A blind transfer to another of our lines: the switch offers the far party there.
TEST_P(TransferTest, BlindTransferToOurOwnLineOffersTheFarPartyThere) {
  if (!GetParam().has_blind) GTEST_SKIP() << "no single-step transfer on this span";
  const LineHandle line = open_line(0);
  const LineHandle target = open_line(1);
  const std::string target_number = line_number(1);
  const CallHandle call = connected_call(line);
  ASSERT_EQ(wait_reply(host_->line_blind_transfer(call, target_number)), 0);
  expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_IDLE}});
  EXPECT_EQ(host_->line_deallocate_call(call), 0);
  const CallHandle offered = wait_new_call(target);
  expect_sequence(offered, {{LINE_CALLSTATE, LINECALLSTATE_OFFERING}, {LINE_CALLINFO}});
  const CallInfoText info = call_info(offered);
  EXPECT_EQ(info.caller, std::u16string(kFirstParty, kFirstParty + std::strlen(kFirstParty)));
  EXPECT_EQ(info.called, std::u16string(target_number.begin(), target_number.end()));
  drop_and_close(offered);
}

TEST_P(TransferTest, BadBlindTransfersAreRefusedAndTheCallGoesOn) {
  if (!GetParam().has_blind) GTEST_SKIP() << "no single-step transfer on this span";
  const LineHandle line = open_line(0);
  const CallHandle call = connected_call(line);
  EXPECT_EQ(host_->line_blind_transfer(call, "55!12"), LINEERR_INVALADDRESS);
  EXPECT_EQ(host_->line_blind_transfer(call, ""), LINEERR_INVALADDRESS);
  EXPECT_EQ(host_->line_blind_transfer(call, "5551234;"), LINEERR_INVALADDRESS);  // partial
  // Nothing happened: still connected, and the switch did nothing.
  EXPECT_NE(call_features(call) & LINECALLFEATURE_BLINDTRANSFER, 0u);
  const DWORD channel = call_info(call).trunk;
  EXPECT_EQ(far_transfer(line, channel).dwCause, 0u);
  drop_and_close(call);
  // Wrong state: an offered call cannot be transferred (the host's gate and the provider's).
  ASSERT_EQ(sim(line, sim::kSimInjectIncoming, "2125550123", "1001"), 0);
  const CallHandle offered = wait_new_call(line);
  expect_sequence(offered, {{LINE_CALLSTATE, LINECALLSTATE_OFFERING}, {LINE_CALLINFO}});
  EXPECT_EQ(call_features(offered) & LINECALLFEATURE_BLINDTRANSFER, 0u);
  EXPECT_EQ(host_->line_blind_transfer(offered, "5551234"), LINEERR_INVALCALLSTATE);
  Direct direct;
  auto* blind =
      direct.get<LONG TSPIAPI(DRV_REQUESTID, HDRVCALL, LPCWSTR, DWORD)>("TSPI_lineBlindTransfer");
  ASSERT_NE(blind, nullptr);
  EXPECT_EQ(blind(1, host_->provider_call_handle(offered), u"5551234", 0), LINEERR_INVALCALLSTATE);
  drop_and_close(offered);
}

// lineSetupTransfer + lineDial + lineCompleteTransfer on a group line: the switch joins the
// two far parties and clears both our calls (IDLE, channels free).
TEST_P(TransferTest, ConsultationTransferJoinsTheTwoFarPartiesAndFreesOurChannels) {
  if (!GetParam().has_consult) GTEST_SKIP() << "no transfer by join on this span";
  const LineHandle group = open_line(*GetParam().group_device);
  const CallHandle call = connected_call(group);
  const DWORD first_channel = call_info(call).trunk;
  const CallHandle consultation = consult(call);
  const DWORD second_channel = call_info(consultation).trunk;
  EXPECT_NE(first_channel, second_channel);
  ASSERT_EQ(
      wait_reply(host_->line_complete_transfer(call, consultation, LINETRANSFERMODE_TRANSFER)), 0);
  expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_IDLE}});
  expect_sequence(consultation, {{LINE_CALLSTATE, LINECALLSTATE_IDLE}});
  EXPECT_EQ(host_->line_deallocate_call(call), 0);
  EXPECT_EQ(host_->line_deallocate_call(consultation), 0);
  expect_joined(group, first_channel, 1, kSecondParty, kFirstParty);
  expect_joined(group, second_channel, 1, kFirstParty, kSecondParty);
  EXPECT_EQ(address_status(group).in_use, 0u);
}

// The same join with a call held by lineHold and a consultation call made by lineMakeCall
// (LINEADDRCAPFLAGS_TRANSFERHELD | TRANSFERMAKE).
TEST_P(TransferTest, HeldCallAndMadeCallCanBeTransferredToo) {
  if (!GetParam().has_consult) GTEST_SKIP() << "no transfer by join on this span";
  const LineHandle group = open_line(*GetParam().group_device);
  const CallHandle call = connected_call(group);
  ASSERT_EQ(wait_reply(host_->line_hold(call)), 0);
  expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_ONHOLD}});
  const CallHandle second = connected_call(group);
  ASSERT_EQ(wait_reply(host_->line_complete_transfer(call, second, LINETRANSFERMODE_TRANSFER)), 0);
  expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_IDLE}});
  expect_sequence(second, {{LINE_CALLSTATE, LINECALLSTATE_IDLE}});
  EXPECT_EQ(host_->line_deallocate_call(call), 0);
  EXPECT_EQ(host_->line_deallocate_call(second), 0);
  EXPECT_EQ(address_status(group).in_use, 0u);
}

TEST_P(TransferTest, BadConsultationTransfersAreRefused) {
  if (!GetParam().group_device) GTEST_SKIP() << "no group line in this configuration";
  const LineHandle group = open_line(*GetParam().group_device);
  const CallHandle call = connected_call(group);
  const CallHandle other = connected_call(group);
  Direct direct;
  auto* complete =
      direct.get<LONG TSPIAPI(DRV_REQUESTID, HDRVCALL, HDRVCALL, HTAPICALL, LPHDRVCALL, DWORD)>(
          "TSPI_lineCompleteTransfer");
  ASSERT_NE(complete, nullptr);
  const HDRVCALL hd_call = host_->provider_call_handle(call);
  const HDRVCALL hd_other = host_->provider_call_handle(other);
  if (!GetParam().has_consult) {
    EXPECT_EQ(complete(1, hd_call, hd_other, nullptr, nullptr, LINETRANSFERMODE_TRANSFER),
              LINEERR_OPERATIONUNAVAIL);
    drop_and_close(call);
    drop_and_close(other);
    return;
  }
  // Neither call is held: not a transfer to complete.
  EXPECT_EQ(host_->line_complete_transfer(call, other, LINETRANSFERMODE_TRANSFER),
            LINEERR_INVALCALLSTATE);
  EXPECT_EQ(complete(1, hd_call, hd_other, nullptr, nullptr, LINETRANSFERMODE_TRANSFER),
            LINEERR_INVALCALLSTATE);
  ASSERT_EQ(wait_reply(host_->line_hold(call)), 0);
  expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_ONHOLD}});
  // A held call cannot be set up for transfer again; a call with itself is no transfer.
  CallHandle no_consultation = 0;
  EXPECT_EQ(host_->line_setup_transfer(call, no_consultation), LINEERR_INVALCALLSTATE);
  EXPECT_EQ(no_consultation, 0u);
  EXPECT_EQ(complete(1, hd_call, hd_call, nullptr, nullptr, LINETRANSFERMODE_TRANSFER),
            LINEERR_INVALCALLHANDLE);
  // Conference mode is not offered (dwTransferModes), other modes are no modes.
  HDRVCALL conf = nullptr;
  EXPECT_EQ(complete(1, hd_call, hd_other, reinterpret_cast<HTAPICALL>(0x7171), &conf,
                     LINETRANSFERMODE_CONFERENCE),
            LINEERR_OPERATIONUNAVAIL);
  EXPECT_EQ(complete(1, hd_call, hd_other, nullptr, nullptr, 0x40), LINEERR_INVALTRANSFERMODE);
  // Nothing was joined: the switch reports no transfer, both calls go on.
  EXPECT_EQ(far_transfer(group, call_info(call).trunk).dwCause, 0u);
  drop_and_close(call);
  drop_and_close(other);
}

// The call-center job's transfer share: every answered call is transferred to the
// supervisor, by a consultation call on the group line and single-step on device 0.
TEST_P(TransferTest, TheCallCenterJobTransfersItsShareOfAnsweredCalls) {
  if (!GetParam().has_blind) GTEST_SKIP() << "no transfer on this span";
  std::vector<DWORD> devices = {0};
  if (GetParam().has_consult) devices.push_back(*GetParam().group_device);
  host::CallCenterOptions options;
  options.transfer_share = 1.0;
  options.transfer_to = kSecondParty;
  options.hold_mean = std::chrono::milliseconds(60'000);
  options.duration = std::chrono::seconds(30);  // a bound, should a transfer never end
  host::CallCenter job(*host_, options);
  // One incoming call on each line, injected once the job has opened them (a group line
  // names the channel: its first, 1).
  std::vector<sim::SimControl> controls(devices.size());
  host::CallCenterHooks hooks;
  hooks.line_handles = [&](const std::vector<LineHandle>& handles) {
    for (std::size_t i = 0; i < devices.size(); ++i) {
      sim::SimControl& control = controls[i];
      control.dwMagic = sim::kSimControlMagic;
      control.dwVersion = sim::kSimControlVersion;
      control.dwOp = sim::kSimInjectIncoming;
      control.bChannel = devices[i] == 0 ? 0 : 1;
      std::strncpy(control.szCalling, "2125550123", sizeof control.szCalling - 1);
      std::strncpy(control.szCalled, "1001", sizeof control.szCalled - 1);
      // LINEERR_RESOURCEUNAVAIL: the span's command ring is full while it works through the
      // job's lineOpens (seen under ASan); the documented answer is to ask again.
      LONG request = LINEERR_RESOURCEUNAVAIL;
      for (int attempt = 0; attempt < 500 && request == LINEERR_RESOURCEUNAVAIL; ++attempt) {
        if (attempt > 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
        request = host_->line_dev_specific(handles[devices[i]], 0, 0, &control, sizeof control);
      }
      EXPECT_GT(request, 0);
    }
  };
  hooks.every_second = [&](const host::CallCenterStats& s) {
    if (s.transferred + s.transfer_refused >= devices.size()) job.request_stop();
  };
  const host::CallCenterStats stats = job.run(hooks);
  EXPECT_EQ(stats.answered, devices.size());
  EXPECT_EQ(stats.transferred, devices.size());
  EXPECT_EQ(stats.transferred_consult, GetParam().has_consult ? 1u : 0u);
  EXPECT_EQ(stats.transfer_refused, 0u);
  // Every call that ended is counted once: the transferred calls and the consultation calls
  // (the per-call rates of tapihost divide by it).
  EXPECT_EQ(stats.ended, stats.transferred + stats.transferred_consult);
  EXPECT_EQ(host_->violation_count(), 0u);
}

}  // namespace spantsp::contract
