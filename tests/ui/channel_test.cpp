// The private channel format (tspi/ui_channel_format.h) under attack: every malformed block a
// UI DLL (or anything else in the application's process) could pass through the
// TUISPIDLLCALLBACK is refused with LINEERR_INVALPARAM by TSPI_providerGenericDialogData, and
// nothing crashes or writes outside the block (tspi-contract §7: wrong sizes corrupt memory).

#include <random>

#include "ui_test_support.h"

namespace spantsp::ui_test {
namespace {

using ui::UiMessageHeader;
using ui::UiMessageType;

constexpr DWORD kProvider = static_cast<DWORD>(TUISPIDLL_OBJECT_PROVIDERID);

LONG send_modified(void (*modify)(UiMessageHeader&), std::uint32_t room = 1024) {
  auto block = make_block(UiMessageType::kGetMonitor, "{}", room);
  UiMessageHeader header = ui::read_ui_header(block.data());
  modify(header);
  ui::write_ui_header(block.data(), header);
  return host::UiHost::ui_callback(1, kProvider, block.data(), static_cast<DWORD>(block.size()));
}

TEST_F(UiFixture, AWellFormedBlockIsAnswered) {
  RawReply reply = send(UiMessageType::kGetMonitor);
  EXPECT_EQ(reply.channel, 0);
  EXPECT_EQ(reply.header.status, 0);
  EXPECT_EQ(reply.header.magic, ui::kUiChannelMagic);
  EXPECT_TRUE(reply.body.is_object());
}

TEST_F(UiFixture, NullBlockIsInvalPointer) {
  EXPECT_EQ(host::UiHost::ui_callback(1, kProvider, nullptr, 64), LINEERR_INVALPOINTER);
}

TEST_F(UiFixture, BadMagicIsInvalParam) {
  EXPECT_EQ(send_modified([](UiMessageHeader& h) { h.magic = 0x12345678; }), LINEERR_INVALPARAM);
}

TEST_F(UiFixture, UnknownVersionIsInvalParam) {
  EXPECT_EQ(send_modified([](UiMessageHeader& h) { h.version = 2; }), LINEERR_INVALPARAM);
  EXPECT_EQ(send_modified([](UiMessageHeader& h) { h.version = 0; }), LINEERR_INVALPARAM);
}

TEST_F(UiFixture, UnknownMessageTypeIsInvalParam) {
  EXPECT_EQ(send_modified([](UiMessageHeader& h) { h.type = 0; }), LINEERR_INVALPARAM);
  EXPECT_EQ(send_modified([](UiMessageHeader& h) { h.type = 7; }), LINEERR_INVALPARAM);
  EXPECT_EQ(send_modified([](UiMessageHeader& h) { h.type = 0xFFFF; }), LINEERR_INVALPARAM);
}

TEST_F(UiFixture, TotalSizeThatIsNotDwSizeIsInvalParam) {
  EXPECT_EQ(send_modified([](UiMessageHeader& h) { h.total_size += 1; }), LINEERR_INVALPARAM);
  EXPECT_EQ(send_modified([](UiMessageHeader& h) { h.total_size -= 1; }), LINEERR_INVALPARAM);
  EXPECT_EQ(send_modified([](UiMessageHeader& h) { h.total_size = 0xFFFFFFFF; }),
            LINEERR_INVALPARAM);
}

TEST_F(UiFixture, PayloadSizePastTheBlockIsInvalParam) {
  EXPECT_EQ(send_modified([](UiMessageHeader& h) { h.payload_size = h.total_size; }),
            LINEERR_INVALPARAM);
  EXPECT_EQ(send_modified([](UiMessageHeader& h) { h.payload_size = 0xFFFFFFFF; }),
            LINEERR_INVALPARAM);
}

TEST_F(UiFixture, ReservedFieldsAndReplyFieldsInARequestAreInvalParam) {
  EXPECT_EQ(send_modified([](UiMessageHeader& h) { h.reserved[1] = 1; }), LINEERR_INVALPARAM);
  EXPECT_EQ(send_modified([](UiMessageHeader& h) { h.status = -1; }), LINEERR_INVALPARAM);
  EXPECT_EQ(send_modified([](UiMessageHeader& h) { h.needed_size = 10; }), LINEERR_INVALPARAM);
}

TEST_F(UiFixture, BlocksShorterThanTheHeaderAreInvalParam) {
  auto block = make_block(UiMessageType::kGetMonitor, "{}", 0);
  // dwSize 0 carries no block at all (TAPI passes no buffer): refused as a bad pointer.
  EXPECT_EQ(host::UiHost::ui_callback(1, kProvider, block.data(), 0), LINEERR_INVALPOINTER);
  for (DWORD size = 1; size < ui::kUiHeaderSize; ++size) {
    EXPECT_EQ(host::UiHost::ui_callback(1, kProvider, block.data(), size), LINEERR_INVALPARAM)
        << size;
  }
}

TEST_F(UiFixture, TruncatedOrNonObjectPayloadIsInvalParam) {
  const std::vector<std::string> payloads = {"{\"toml\": \"[provid", "[1,2,3]", "\"text\"", "nul",
                                             "{\"a\":\"\xff\xfe\"}"};
  for (const std::string& payload : payloads) {
    auto block = make_block(UiMessageType::kValidateConfig, payload, 1024);
    EXPECT_EQ(
        host::UiHost::ui_callback(1, kProvider, block.data(), static_cast<DWORD>(block.size())),
        LINEERR_INVALPARAM)
        << payload;
  }
}

TEST_F(UiFixture, RequestsWithoutTheirMembersAreInvalParam) {
  EXPECT_EQ(send(UiMessageType::kValidateConfig, nlohmann::json::object()).channel,
            LINEERR_INVALPARAM);
  EXPECT_EQ(send(UiMessageType::kSaveConfig, {{"toml", 5}}).channel, LINEERR_INVALPARAM);
  EXPECT_EQ(send(UiMessageType::kSaveConfig, {{"model", "text"}}).channel, LINEERR_INVALPARAM);
  EXPECT_EQ(send(UiMessageType::kValidateConfig, {{"model", {{"a", {1, nullptr}}}}}).channel,
            LINEERR_INVALPARAM);
  EXPECT_FALSE(fs::exists(config_));
}

TEST_F(UiFixture, OversizedBlockIsInvalParam) {
  std::vector<unsigned char> block(ui::kUiMaxMessageSize + 1);
  UiMessageHeader header{};
  header.magic = ui::kUiChannelMagic;
  header.version = ui::kUiChannelVersion;
  header.type = static_cast<std::uint16_t>(UiMessageType::kGetMonitor);
  header.total_size = static_cast<std::uint32_t>(block.size());
  ui::write_ui_header(block.data(), header);
  EXPECT_EQ(host::UiHost::ui_callback(1, kProvider, block.data(), static_cast<DWORD>(block.size())),
            LINEERR_INVALPARAM);
}

TEST_F(UiFixture, ObjectTypesOtherThanProviderAndLineAreInvalParam) {
  for (DWORD type : {0u, 2u, 4u, 99u}) {
    EXPECT_EQ(send(UiMessageType::kGetMonitor, nlohmann::json::object(), type).channel,
              LINEERR_INVALPARAM)
        << type;
  }
}

TEST_F(UiFixture, AReplyThatDoesNotFitSaysHowBigTheBlockMustBeAndWritesNoFurther) {
  ASSERT_EQ(ui_->provider_install(), 0);
  // Guard bytes after the block catch any write past dwSize.
  auto block = make_block(UiMessageType::kGetConfig, "{}", 16);
  const std::size_t size = block.size();
  block.resize(size + 64, 0xAB);
  const LONG channel =
      host::UiHost::ui_callback(1, kProvider, block.data(), static_cast<DWORD>(size));
  ASSERT_EQ(channel, 0);
  const UiMessageHeader header = ui::read_ui_header(block.data());
  EXPECT_EQ(header.status, LINEERR_STRUCTURETOOSMALL);
  EXPECT_EQ(header.payload_size, 0u);
  EXPECT_GT(header.needed_size, size);
  for (std::size_t i = size; i < block.size(); ++i) ASSERT_EQ(block[i], 0xAB) << i;

  auto bigger =
      make_block(UiMessageType::kGetConfig, "{}", header.needed_size - ui::kUiHeaderSize - 2);
  RawReply reply = send_block(bigger);
  EXPECT_EQ(reply.channel, 0);
  EXPECT_EQ(reply.header.status, 0);
  EXPECT_TRUE(reply.body["exists"].get<bool>());
}

// Random blocks around the valid one: every answer is 0 or a LINEERR_*, nothing crashes, and
// nothing is written past dwSize.
TEST_F(UiFixture, RandomlyCorruptedBlocksNeverCrashTheProvider) {
  std::mt19937 random(6);
  const std::vector<std::string> payloads = {"{}", "{\"toml\":\"[provider]\\nname='x'\\n\"}",
                                             "{\"model\":{\"board\":[{\"span\":[{}]}]}}"};
  for (int i = 0; i < 3000; ++i) {
    const auto type = static_cast<UiMessageType>(1 + random() % 6);
    if (type == UiMessageType::kSaveConfig || type == UiMessageType::kInstall ||
        type == UiMessageType::kRemove) {
      continue;  // state-changing messages are covered above; keep the fuzz read-only
    }
    auto block = make_block(type, payloads[random() % payloads.size()], random() % 512);
    const std::size_t size = block.size();
    const int flips = 1 + static_cast<int>(random() % 4);
    for (int f = 0; f < flips; ++f) {
      block[random() % (random() % 2 ? ui::kUiHeaderSize : size)] ^=
          static_cast<unsigned char>(1u << (random() % 8));
    }
    block.resize(size + 16, 0xCD);
    const DWORD claimed = static_cast<DWORD>(random() % 8 == 0 ? random() % size : size);
    const LONG result = host::UiHost::ui_callback(1, kProvider, block.data(), claimed);
    EXPECT_TRUE(result == 0 || result < 0) << result;
    for (std::size_t g = size; g < block.size(); ++g) ASSERT_EQ(block[g], 0xCD);
  }
}

}  // namespace
}  // namespace spantsp::ui_test
