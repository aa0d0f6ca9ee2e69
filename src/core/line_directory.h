#pragma once
// The lines of one TAPI session: what each device ID is (span, channel, name, number) and its
// stable permanent ID. Built at TSPI_providerInit from the configuration and immutable until
// TSPI_providerShutdown, so any thread may read it without synchronisation.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "config/config_model.h"
#include "tspi/spantsp_devspecific.h"

namespace spantsp::core {

struct LineDescriptor {
  std::uint32_t device_id = 0;
  // Stable across sessions and reordering of the file: span id and channel, not position
  // (tspi-contract §5 "stable dwPermanentLineID").
  std::uint32_t permanent_id = 0;
  std::uint32_t span_index = 0;  // position of its span in LineDirectory::spans()
  std::u16string name;
  std::u16string number;
  // The number as the board takes it (UTF-8), converted once here: lineMakeCall copies it
  // into the call without allocating, however long it is.
  std::string number_utf8;
  std::u16string switch_info;  // e.g. "pri_cpe euroisdn"
  SpanTspLineDevSpecific dev_specific{};
};

struct SpanDescriptor {
  config::SpanConfig config;
  std::uint32_t board_index = 0;
  std::uint32_t first_line = 0;  // index of its first line in LineDirectory::lines()
  std::uint32_t line_count = 0;
};

class LineDirectory {
 public:
  LineDirectory(const config::ProviderConfig& config, std::uint32_t device_id_base);

  std::uint32_t size() const { return static_cast<std::uint32_t>(lines_.size()); }
  const std::vector<LineDescriptor>& lines() const { return lines_; }
  const std::vector<SpanDescriptor>& spans() const { return spans_; }

  // The line index of a device ID, or nothing when the ID is not ours.
  std::optional<std::uint32_t> index_of(std::uint32_t device_id) const;

  static std::uint32_t permanent_line_id(int span_id, int channel) {
    return static_cast<std::uint32_t>(span_id) << 8 | static_cast<std::uint32_t>(channel);
  }

 private:
  std::uint32_t device_id_base_;
  std::vector<LineDescriptor> lines_;
  std::vector<SpanDescriptor> spans_;
};

}  // namespace spantsp::core
