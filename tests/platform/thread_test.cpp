// platform/thread.h: naming never fails the caller; pinning to a CPU that exists works and to
// one that cannot exist is refused.

#include "platform/thread.h"

#include <gtest/gtest.h>

#include <thread>

namespace spantsp::platform {
namespace {

TEST(Thread, NamingAcceptsLongNames) {
  std::thread([] { set_current_thread_name("spantsp-a-name-longer-than-fifteen-bytes"); }).join();
  SUCCEED();
}

TEST(Thread, PinsToTheFirstCpuAndRefusesAnImpossibleOne) {
  std::thread([] {
    EXPECT_TRUE(pin_current_thread(0));
    EXPECT_FALSE(pin_current_thread(1u << 20));
  }).join();
}

}  // namespace
}  // namespace spantsp::platform
