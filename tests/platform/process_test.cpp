// platform/process.h and browser.h: the environment round trip getenv sees, and a browser
// that cannot be started is reported, not ignored.

#include "platform/process.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "platform/browser.h"

namespace spantsp::platform {
namespace {

TEST(Process, SetAndUnsetReachGetenv) {
  set_env("SPANTSP_PLATFORM_TEST", "value with spaces");
  const char* value = std::getenv("SPANTSP_PLATFORM_TEST");
  ASSERT_NE(value, nullptr);
  EXPECT_STREQ(value, "value with spaces");
  set_env("SPANTSP_PLATFORM_TEST", "second");
  EXPECT_STREQ(std::getenv("SPANTSP_PLATFORM_TEST"), "second");
  unset_env("SPANTSP_PLATFORM_TEST");
  EXPECT_EQ(std::getenv("SPANTSP_PLATFORM_TEST"), nullptr);
}

TEST(Process, HasAnId) {
  EXPECT_NE(process_id(), 0u);
}

TEST(Browser, AMissingBrowserCommandIsReported) {
  EXPECT_FALSE(open_url("spantsp-no-such-browser-program", "http://127.0.0.1:1/"));
}

}  // namespace
}  // namespace spantsp::platform
