#pragma once
// The UI DLL's end of the channel to the provider (tspi-contract §7): builds a block in the
// format of tspi/ui_channel_format.h, passes it through the TUISPIDLLCALLBACK TAPI gave the
// TUISPI_* function, and checks the block TAPI copies back before reading the reply.
//
// Threads: call() may run on several threads at once (the dialog's HTTP workers); the client
// holds no mutable state but an atomic size hint. The callback pointer is valid only while the
// TUISPI_* function that received it runs, so a client never outlives that call.

#include <atomic>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "tspi/abi/tspi_abi.h"
#include "tspi/ui_channel_format.h"

namespace spantsp::ui {

struct ChannelReply {
  LONG channel = 0;  // the callback's own result: 0, or LINEERR_* when the block was refused
  LONG status = 0;   // the operation's result from the reply header
  nlohmann::json body = nlohmann::json::object();
  bool ok() const { return channel == 0 && status == 0; }
};

class ChannelClient {
 public:
  ChannelClient(TUISPIDLLCALLBACK callback, DWORD_PTR object_id, DWORD object_type)
      : callback_(callback), object_id_(object_id), object_type_(object_type) {}

  // Never throws for channel or provider failures: they are in the reply.
  ChannelReply call(UiMessageType type, const nlohmann::json& request = nlohmann::json::object());

  DWORD_PTR object_id() const { return object_id_; }
  DWORD object_type() const { return object_type_; }

 private:
  TUISPIDLLCALLBACK callback_;
  DWORD_PTR object_id_;
  DWORD object_type_;
  std::atomic<std::uint32_t> size_hint_{64 * 1024};
};

}  // namespace spantsp::ui
