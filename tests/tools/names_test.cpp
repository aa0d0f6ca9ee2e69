// Names of LINEERR_ values, messages and call states.

#include <gtest/gtest.h>

#include "tools/tapihost/lineerr_name.h"
#include "tools/tapihost/tapi_names.h"

namespace spantsp::host {
namespace {

TEST(TapihostLineErrName, NamesEveryLineErrConstant) {
  EXPECT_EQ(lineerr_name(static_cast<LONG>(LINEERR_NOMEM)), "LINEERR_NOMEM");
  EXPECT_EQ(lineerr_name(static_cast<LONG>(LINEERR_ALLOCATED)), "LINEERR_ALLOCATED");
  EXPECT_EQ(lineerr_name(static_cast<LONG>(LINEERR_DISCONNECTED)), "LINEERR_DISCONNECTED");
  EXPECT_TRUE(is_lineerr(static_cast<LONG>(LINEERR_OPERATIONUNAVAIL)));
  EXPECT_FALSE(is_lineerr(0));
  EXPECT_FALSE(is_lineerr(-5));
  EXPECT_EQ(lineerr_name(-5), "");
}

TEST(TapihostLineErrName, DescribesResults) {
  EXPECT_EQ(describe_result(0), "0");
  EXPECT_EQ(describe_result(17), "17");
  EXPECT_EQ(describe_result(static_cast<LONG>(LINEERR_NOMEM)), "LINEERR_NOMEM (0x80000044)");
  EXPECT_EQ(describe_result(-5), "unknown error 0xFFFFFFFB");
}

TEST(TapihostTapiNames, MessagesAndCallStates) {
  EXPECT_EQ(message_name(LINE_CALLSTATE), "LINE_CALLSTATE");
  EXPECT_EQ(message_name(LINE_NEWCALL), "LINE_NEWCALL");
  EXPECT_EQ(message_name(999), "LINE_999");
  EXPECT_EQ(call_state_name(LINECALLSTATE_CONNECTED), "CONNECTED");
  EXPECT_EQ(call_state_name(LINECALLSTATE_IDLE | LINECALLSTATE_BUSY), "IDLE|BUSY");
  EXPECT_EQ(call_state_name(0x00010000), "0x10000");
  EXPECT_EQ(call_state_name(0), "0");
}

}  // namespace
}  // namespace spantsp::host
