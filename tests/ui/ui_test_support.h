#pragma once
// Shared by the UI DLL tests: a scratch directory per test with SPANTSP_CONFIG pointing into
// it, and a raw builder of channel blocks (tspi/ui_channel_format.h) for the tests that talk
// to TSPI_providerGenericDialogData through the host's callback without the UI DLL.

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tools/tapihost/ui_host.h"
#include "tspi/abi/tspi_abi.h"
#include "tspi/ui_channel_format.h"

namespace spantsp::ui_test {

namespace fs = std::filesystem;

inline std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline void write_text(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// A channel block: header + JSON payload + `room` spare bytes for the reply.
inline std::vector<unsigned char> make_block(ui::UiMessageType type, const std::string& payload,
                                             std::uint32_t room = 256 * 1024) {
  const auto size = static_cast<std::uint32_t>(ui::kUiHeaderSize + payload.size() + room);
  std::vector<unsigned char> block(size);
  ui::UiMessageHeader header{};
  header.magic = ui::kUiChannelMagic;
  header.version = ui::kUiChannelVersion;
  header.type = static_cast<std::uint16_t>(type);
  header.total_size = size;
  header.payload_size = static_cast<std::uint32_t>(payload.size());
  ui::write_ui_header(block.data(), header);
  std::memcpy(block.data() + ui::kUiHeaderSize, payload.data(), payload.size());
  return block;
}

struct RawReply {
  LONG channel = 0;
  ui::UiMessageHeader header{};
  nlohmann::json body;
};

inline RawReply send_block(std::vector<unsigned char>& block,
                           DWORD object_type = static_cast<DWORD>(TUISPIDLL_OBJECT_PROVIDERID),
                           DWORD_PTR object_id = 1) {
  RawReply reply;
  reply.channel = host::UiHost::ui_callback(object_id, object_type, block.data(),
                                            static_cast<DWORD>(block.size()));
  reply.header = ui::read_ui_header(block.data());
  if (reply.channel == 0 && reply.header.payload_size > 0 &&
      reply.header.payload_size <= block.size() - ui::kUiHeaderSize) {
    reply.body = nlohmann::json::parse(
        block.begin() + ui::kUiHeaderSize,
        block.begin() + ui::kUiHeaderSize + reply.header.payload_size, nullptr, false);
  }
  return reply;
}

inline RawReply send(ui::UiMessageType type,
                     const nlohmann::json& request = nlohmann::json::object(),
                     DWORD object_type = static_cast<DWORD>(TUISPIDLL_OBJECT_PROVIDERID),
                     DWORD_PTR object_id = 1) {
  auto block = make_block(type, request.dump());
  return send_block(block, object_type, object_id);
}

// Every test gets its own directory and configuration path, and a UiHost on the real provider.
class UiFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("spantsp-ui-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    config_ = dir_ / "etc" / "spantsp.toml";
    ::setenv("SPANTSP_CONFIG", config_.c_str(), 1);
    ::setenv("SPANTSP_UI_URL_FILE", (dir_ / "url").c_str(), 1);
    ::setenv("SPANTSP_UI_TIMEOUT_S", "30", 1);
    ::setenv("SPANTSP_UI_MONITOR_MS", "100", 1);
    ::setenv("SPANTSP_UI_BROWSER", "", 1);
    // Removes are confirmed unless a test asks the question (dialog_test.cpp).
    ::setenv("SPANTSP_UI_CONFIRM", "yes", 1);
    ::unsetenv("DISPLAY");
    ::unsetenv("WAYLAND_DISPLAY");
    ui_ = std::make_unique<host::UiHost>(host::UiHost::Options{SPANTSP_PROVIDER_PATH, 1});
    ASSERT_TRUE(ui_->ready()) << ui_->last_error();
  }
  void TearDown() override {
    ui_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  fs::path dir_;
  fs::path config_;
  std::unique_ptr<host::UiHost> ui_;
};

}  // namespace spantsp::ui_test
