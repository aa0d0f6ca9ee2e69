// Fuzz target: the UI DLL channel (src/tspi/ui_channel_format.h) into the provider, through
// the TUISPIDLLCALLBACK that tapihost's UiHost plays (-> TSPI_providerGenericDialogData ->
// core/ui_channel.cpp), issue 12 §3. Any block must come back with 0 or a LINEERR_ and, when
// the channel worked, a reply header that is well formed for the same block size.
//
// Input: octet 0 picks repairs so the fuzzer reaches past the header checks (bit 0: a valid
// magic/version/reserved and a known type; bit 1: total_size = the block's size; bit 2:
// payload_size = the payload's length; bit 3: a line object instead of the provider), octet 1
// is the reply space added after the input (x 64 octets), the rest is the block (header and
// JSON payload).

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "tests/fuzz/fuzz_support.h"
#include "tools/tapihost/ui_host.h"
#include "tspi/ui_channel_format.h"

namespace {

namespace host = spantsp::host;
namespace ui = spantsp::ui;

host::UiHost* g_ui = nullptr;

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  const auto dir = spantsp::fuzz::make_temp_dir("ui_channel_fuzz");
  spantsp::fuzz::use_config(std::filesystem::path(SPANTSP_FUZZ_DATA) / "sim-fuzz.toml",
                            dir / "spantsp.toml");
  g_ui = new host::UiHost({SPANTSP_FUZZ_PROVIDER, 1});  // lives until the process ends
  if (!g_ui->ready()) spantsp::fuzz::fail("ui_channel_fuzz", g_ui->last_error());
  spantsp::fuzz::pin_module(g_ui->ui_path());
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const std::uint8_t repairs = data[0];
  const std::size_t reply_space = std::size_t{data[1]} * 64;
  const std::size_t raw = size - 2;
  std::vector<std::uint8_t> block(raw + reply_space, 0);
  if (raw > 0) std::memcpy(block.data(), data + 2, raw);
  const auto block_size = static_cast<std::uint32_t>(block.size());
  if (block.size() >= ui::kUiHeaderSize) {
    ui::UiMessageHeader header = ui::read_ui_header(block.data());
    if (repairs & 1) {
      header.magic = ui::kUiChannelMagic;
      header.version = ui::kUiChannelVersion;
      header.type = static_cast<std::uint16_t>(ui::kUiMessageTypeFirst +
                                               header.type % ui::kUiMessageTypeLast);
      header.reserved[0] = header.reserved[1] = 0;
    }
    if (repairs & 2) header.total_size = block_size;
    if (repairs & 4) {
      header.payload_size =
          static_cast<std::uint32_t>(raw > ui::kUiHeaderSize ? raw - ui::kUiHeaderSize : 0);
    }
    ui::write_ui_header(block.data(), header);
  }
  const DWORD object_type = (repairs & 8) ? TUISPIDLL_OBJECT_LINEID : TUISPIDLL_OBJECT_PROVIDERID;
  const DWORD_PTR object_id = (repairs & 8) ? (repairs >> 4) : 1;
  const LONG result = host::UiHost::ui_callback(object_id, object_type,
                                                block.empty() ? nullptr : block.data(), block_size);
  if (result > 0) spantsp::fuzz::fail("ui_channel_fuzz", "a positive channel result");
  if (result == 0) {
    const ui::UiMessageHeader reply = ui::read_ui_header(block.data());
    if (!ui::ui_header_valid(reply, block_size)) {
      spantsp::fuzz::fail("ui_channel_fuzz", "channel result 0 with a malformed reply header");
    }
  }
  return 0;
}
