// platform/paths.h and registration.h: where an administrator finds the configuration and the
// log, and (Windows) the installed configuration named in HKLM\SOFTWARE\SpanTSP.

#include "platform/paths.h"

#include <gtest/gtest.h>

#include <string>

#include "platform/registration.h"

namespace spantsp::platform {
namespace {

#if defined(_WIN32)
bool ends_with(const std::string& text, const std::string& tail) {
  return text.size() >= tail.size() &&
         text.compare(text.size() - tail.size(), tail.size(), tail) == 0;
}

TEST(Paths, WindowsDefaultsAreUnderProgramData) {
  std::string error;
  ASSERT_TRUE(unregister_config_path(error)) << error;
  EXPECT_TRUE(ends_with(default_config_path(), "\\SpanTSP\\spantsp.toml")) << default_config_path();
  EXPECT_TRUE(ends_with(default_log_path(), "\\SpanTSP\\spantsp.log")) << default_log_path();
  EXPECT_EQ(default_config_path().substr(0, default_config_path().size() - 12),
            default_log_path().substr(0, default_log_path().size() - 11));
}

TEST(Paths, TheRegisteredConfigurationWinsUntilUnregistered) {
  std::string error;
  ASSERT_TRUE(unregister_config_path(error)) << error;
  const std::string fallback = default_config_path();
  ASSERT_TRUE(register_config_path("D:\\Telephony\\spans.toml", error)) << error;
  EXPECT_EQ(registered_config_path(), "D:\\Telephony\\spans.toml");
  EXPECT_EQ(default_config_path(), "D:\\Telephony\\spans.toml");
  ASSERT_TRUE(unregister_config_path(error)) << error;
  EXPECT_EQ(registered_config_path(), "");
  EXPECT_EQ(default_config_path(), fallback);
  EXPECT_TRUE(unregister_config_path(error)) << "absent is not an error: " << error;
}
#else
TEST(Paths, PosixDefaults) {
  EXPECT_EQ(default_config_path(), "/etc/spantsp/spantsp.toml");
  EXPECT_EQ(default_log_path(), "");  // stderr
}

TEST(Paths, PosixRegistrationRecordsNothing) {
  std::string error;
  EXPECT_TRUE(register_config_path("/tmp/x.toml", error));
  EXPECT_EQ(registered_config_path(), "");
  EXPECT_EQ(default_config_path(), "/etc/spantsp/spantsp.toml");
  EXPECT_TRUE(unregister_config_path(error));
  EXPECT_TRUE(error.empty());
}
#endif

}  // namespace
}  // namespace spantsp::platform
