#include "ui/channel_client.h"

#include <algorithm>
#include <cstring>
#include <vector>

namespace spantsp::ui {

ChannelReply ChannelClient::call(UiMessageType type, const nlohmann::json& request) {
  ChannelReply reply;
  if (callback_ == nullptr) {
    reply.channel = LINEERR_OPERATIONFAILED;
    return reply;
  }
  const std::string payload = request.dump();
  std::uint32_t size =
      std::max<std::uint32_t>(size_hint_.load(std::memory_order_relaxed),
                              static_cast<std::uint32_t>(std::min<std::size_t>(
                                  payload.size() + kUiHeaderSize + 4096, kUiMaxMessageSize)));
  if (payload.size() > kUiMaxMessageSize - kUiHeaderSize) {
    reply.channel = LINEERR_INVALPARAM;
    return reply;
  }
  // Twice at most: the first reply may say how big the block must be.
  for (int attempt = 0; attempt < 2; ++attempt) {
    std::vector<unsigned char> block(size);
    UiMessageHeader header{};
    header.magic = kUiChannelMagic;
    header.version = kUiChannelVersion;
    header.type = static_cast<std::uint16_t>(type);
    header.total_size = size;
    header.payload_size = static_cast<std::uint32_t>(payload.size());
    write_ui_header(block.data(), header);
    std::memcpy(block.data() + kUiHeaderSize, payload.data(), payload.size());

    reply.channel = callback_(object_id_, object_type_, block.data(), size);
    if (reply.channel != 0) return reply;

    // Both sides check sizes (tspi-contract §7): the block TAPI copied back must still be ours.
    const UiMessageHeader back = read_ui_header(block.data());
    if (!ui_header_valid(back, size) || back.type != header.type) {
      reply.channel = LINEERR_OPERATIONFAILED;
      return reply;
    }
    if (back.status == static_cast<LONG>(LINEERR_STRUCTURETOOSMALL) && back.needed_size > size &&
        back.needed_size <= kUiMaxMessageSize) {
      size = back.needed_size;
      size_hint_.store(size, std::memory_order_relaxed);
      continue;
    }
    reply.status = back.status;
    if (back.payload_size > 0) {
      reply.body =
          nlohmann::json::parse(block.begin() + kUiHeaderSize,
                                block.begin() + kUiHeaderSize + back.payload_size, nullptr, false);
      if (reply.body.is_discarded()) {
        reply.body = nlohmann::json::object();
        reply.channel = LINEERR_OPERATIONFAILED;
      }
    }
    return reply;
  }
  reply.channel = LINEERR_OPERATIONFAILED;
  return reply;
}

}  // namespace spantsp::ui
