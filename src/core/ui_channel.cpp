#include "core/ui_channel.h"

#include <cstring>
#include <new>
#include <optional>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "core/log.h"
#include "core/provider.h"
#include "core/ui_config_store.h"
#include "core/ui_monitor.h"
#include "tspi/ui_channel_format.h"

namespace spantsp::core {
namespace {

using ui::UiMessageHeader;
using ui::UiMessageType;

nlohmann::json dispatch(UiMessageType type, const nlohmann::json& request,
                        std::optional<std::uint32_t> line, LONG& status) {
  status = 0;
  switch (type) {
    case UiMessageType::kGetConfig:
      return ui_store::get_config();
    case UiMessageType::kValidateConfig:
      return {
          {"errors", ui_store::errors_json(ui_store::validate(ui_store::request_toml(request)))}};
    case UiMessageType::kSaveConfig:
      return ui_store::save(ui_store::request_toml(request), status);
    case UiMessageType::kInstall:
      return ui_store::install(status);
    case UiMessageType::kRemove:
      return ui_store::remove(status);
    case UiMessageType::kGetMonitor:
      // Under the lifecycle mutex: a Shutdown racing the UI cannot free the session we read.
      return Provider::instance().with_session(
          [&](Session* session) { return monitor_snapshot(session, line); });
  }
  throw std::invalid_argument("unknown message type");  // ui_header_valid() excluded it
}

}  // namespace

LONG handle_ui_message(DWORD_PTR object_id, DWORD object_type, void* block, DWORD size) noexcept {
  try {
    if (block == nullptr) return LINEERR_INVALPOINTER;
    if (object_type != static_cast<DWORD>(TUISPIDLL_OBJECT_PROVIDERID) &&
        object_type != static_cast<DWORD>(TUISPIDLL_OBJECT_LINEID)) {
      return LINEERR_INVALPARAM;
    }
    // Sizes are checked against dwSize before any byte past the header is read
    // (tspi-contract §7: wrong size fields corrupt memory).
    if (size < ui::kUiHeaderSize) return LINEERR_INVALPARAM;
    UiMessageHeader header = ui::read_ui_header(block);
    if (!ui::ui_header_valid(header, size) || header.status != 0 || header.needed_size != 0) {
      return LINEERR_INVALPARAM;
    }
    auto* bytes = static_cast<unsigned char*>(block);
    const std::string payload(reinterpret_cast<const char*>(bytes + ui::kUiHeaderSize),
                              header.payload_size);
    nlohmann::json request =
        payload.empty() ? nlohmann::json::object() : nlohmann::json::parse(payload, nullptr, false);
    if (request.is_discarded() || !request.is_object()) return LINEERR_INVALPARAM;

    std::optional<std::uint32_t> line;
    if (object_type == static_cast<DWORD>(TUISPIDLL_OBJECT_LINEID)) {
      line = static_cast<std::uint32_t>(object_id);
    }
    LONG status = 0;
    nlohmann::json reply;
    try {
      reply = dispatch(static_cast<UiMessageType>(header.type), request, line, status);
    } catch (const std::invalid_argument& e) {
      SPANTSP_LOG_WARN("UI channel: malformed request: %s", e.what());
      return LINEERR_INVALPARAM;
    } catch (const nlohmann::json::exception& e) {
      SPANTSP_LOG_WARN("UI channel: malformed request: %s", e.what());
      return LINEERR_INVALPARAM;
    }
    const std::string text = reply.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);

    header.status = status;
    if (text.size() > size - ui::kUiHeaderSize) {
      // The block is copied back as it is (tspi-contract §7): say how big it must be.
      header.payload_size = 0;
      header.status = LINEERR_STRUCTURETOOSMALL;
      header.needed_size = text.size() + ui::kUiHeaderSize > ui::kUiMaxMessageSize
                               ? ui::kUiMaxMessageSize
                               : static_cast<std::uint32_t>(text.size() + ui::kUiHeaderSize);
      ui::write_ui_header(block, header);
      return 0;
    }
    std::memcpy(bytes + ui::kUiHeaderSize, text.data(), text.size());
    header.payload_size = static_cast<std::uint32_t>(text.size());
    header.needed_size = 0;
    ui::write_ui_header(block, header);
    return 0;
  } catch (const std::bad_alloc&) {
    return LINEERR_NOMEM;
  } catch (const std::exception& e) {
    SPANTSP_LOG_ERROR("UI channel: %s", e.what());
    return LINEERR_OPERATIONFAILED;
  } catch (...) {
    return LINEERR_OPERATIONFAILED;
  }
}

}  // namespace spantsp::core
