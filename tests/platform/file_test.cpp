// platform/file.h: replacing a file that exists (the case the Windows CRT's rename refuses).

#include "platform/file.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "platform/process.h"

namespace spantsp::platform {
namespace {

namespace fs = std::filesystem;

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void write(const fs::path& path, const std::string& text) {
  std::FILE* file = std::fopen(path.string().c_str(), "wb");
  ASSERT_NE(file, nullptr);
  ASSERT_EQ(std::fwrite(text.data(), 1, text.size(), file), text.size());
  ASSERT_TRUE(sync_file(file));
  ASSERT_EQ(std::fclose(file), 0);
}

class File : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("spantsp_platform_" + std::to_string(process_id()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(File, ReplaceOverAnExistingFile) {
  write(dir_ / "target", "old");
  write(dir_ / "temp", "new");
  ASSERT_TRUE(replace_file((dir_ / "temp").string(), (dir_ / "target").string()));
  EXPECT_EQ(read(dir_ / "target"), "new");
  EXPECT_FALSE(fs::exists(dir_ / "temp"));
}

TEST_F(File, ReplaceFromAMissingFileFailsAndKeepsTheTarget) {
  write(dir_ / "target", "old");
  errno = 0;
  EXPECT_FALSE(replace_file((dir_ / "absent").string(), (dir_ / "target").string()));
  EXPECT_NE(errno, 0);
  EXPECT_EQ(read(dir_ / "target"), "old");
}

}  // namespace
}  // namespace spantsp::platform
