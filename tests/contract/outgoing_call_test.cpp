// Outgoing calls through the host (tspi-contract §4): what lineMakeCall refuses before
// seizing anything. The call outcomes on every kind of span are span_call_scenarios_test.cpp.

#include "tests/contract/host_fixture.h"

namespace spantsp::contract {
namespace {

class OutgoingCall : public HostFixture {
 protected:
  void SetUp() override {
    start("ideal-1e1.toml");
    line_ = open_line(0);
  }
  LineHandle line_ = 0;
};

TEST_F(OutgoingCall, DialCharactersATrunkCannotHonourAreRefusedBeforeSeizing) {
  CallHandle call = 0;
  EXPECT_EQ(host_->line_make_call(line_, std::string_view("9W5551000"), nullptr, call),
            LINEERR_DIALDIALTONE);
  EXPECT_EQ(host_->line_make_call(line_, std::string_view("5551000@"), nullptr, call),
            LINEERR_DIALQUIET);
  EXPECT_EQ(host_->line_make_call(line_, std::string_view("0$1"), nullptr, call),
            LINEERR_DIALBILLING);
  EXPECT_EQ(host_->line_make_call(line_, std::string_view("1?"), nullptr, call),
            LINEERR_DIALPROMPT);
  EXPECT_EQ(host_->line_make_call(line_, std::string_view("55x"), nullptr, call),
            LINEERR_INVALADDRESS);
  // Nothing was seized: a valid call goes through at once.
  ASSERT_EQ(make_call(line_, "99005551000", call), 0);
  expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_DIALING},
                         {LINE_CALLSTATE, LINECALLSTATE_PROCEEDING},
                         {LINE_CALLSTATE, LINECALLSTATE_CONNECTED}});
  drop_and_close(call);
}

TEST_F(OutgoingCall, CallParamsAreValidated) {
  CallHandle call = 0;
  LINECALLPARAMS params{};
  params.dwTotalSize = sizeof params;
  params.dwBearerMode = LINEBEARERMODE_VOICE | LINEBEARERMODE_DATA;
  EXPECT_EQ(host_->line_make_call(line_, std::string_view("5551000"), &params, call),
            LINEERR_INVALBEARERMODE);
  params.dwBearerMode = LINEBEARERMODE_DATA;
  EXPECT_EQ(host_->line_make_call(line_, std::string_view("5551000"), &params, call),
            LINEERR_BEARERMODEUNAVAIL);
  params.dwBearerMode = LINEBEARERMODE_VOICE;
  params.dwMediaMode = LINEMEDIAMODE_TDD;
  EXPECT_EQ(host_->line_make_call(line_, std::string_view("5551000"), &params, call),
            LINEERR_INVALMEDIAMODE);
  params.dwMediaMode = LINEMEDIAMODE_INTERACTIVEVOICE;
  params.dwMinRate = 128000;
  EXPECT_EQ(host_->line_make_call(line_, std::string_view("5551000"), &params, call),
            LINEERR_INVALRATE);
  params.dwMinRate = 0;
  params.dwCallParamFlags = LINECALLPARAMFLAGS_SECURE;
  EXPECT_EQ(host_->line_make_call(line_, std::string_view("5551000"), &params, call),
            LINEERR_INVALCALLPARAMS);
}

}  // namespace
}  // namespace spantsp::contract
