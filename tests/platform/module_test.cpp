// platform/module.h: a missing library is an error with the OS's text, never a crash; the
// module holding an address is found by path.

#include "platform/module.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace spantsp::platform {
namespace {

TEST(Module, MissingLibraryFailsWithTheReason) {
  std::string error;
  void* module =
      load_module("no-such-directory/no_such_module" + std::string(kModuleSuffix), false, error);
  EXPECT_EQ(module, nullptr);
  EXPECT_FALSE(error.empty());
}

TEST(Module, NullModuleHasNoSymbols) {
  EXPECT_EQ(module_symbol(nullptr, "anything"), nullptr);
  unload_module(nullptr);  // ignored
}

TEST(Module, TheTestProgramHoldsItsOwnCode) {
  const void* self = reinterpret_cast<const void*>(&module_dir_of);
  const std::filesystem::path path = module_path_of(self);
  EXPECT_EQ(path.stem().string(), "platform_test");
  EXPECT_EQ(std::filesystem::path(module_dir_of(self)), path.parent_path());
  EXPECT_TRUE(std::filesystem::is_regular_file(path));
}

TEST(Module, AnAbsentProcessSymbolIsNull) {
  EXPECT_EQ(process_symbol("spantsp_no_such_symbol_anywhere"), nullptr);
}

}  // namespace
}  // namespace spantsp::platform
