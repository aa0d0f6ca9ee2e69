#pragma once
// The lines of one TAPI session: what each device ID is (span, channel, name, number) and its
// stable permanent ID. Built at TSPI_providerInit from the configuration and immutable until
// TSPI_providerShutdown, so any thread may read it without synchronisation.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "board_drivers/call_services.h"
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
  // dwChannel is the bearer channel of a per-channel line, 0 for a trunk-group line.
  SpanTspLineDevSpecific dev_specific{};
  // A trunk-group line (DESIGN.md §5a): its channels, ascending, and how an outgoing call
  // picks one. Empty for a per-channel line.
  std::vector<int> group_channels;
  config::HuntPolicy hunt = config::HuntPolicy::kAscending;
  // Calls the line's one address carries at once: one per channel (dwMaxNumActiveCalls).
  std::uint32_t max_calls = 1;
  // board::call_services of its span (hold...): what the caps advertise and the calls allow.
  std::uint32_t services = 0;
  // board::user_user_sizes of its span: LINEDEVCAPS dwUUI*Size, enforced per request.
  board::UserUserSizes uui;
  // board::incoming_caller_id of its span: the caller-ID flags the caps advertise.
  board::IncomingCallerId caller_id;
  bool is_group() const { return !group_channels.empty(); }
};

struct SpanDescriptor {
  config::SpanConfig config;
  std::uint32_t board_index = 0;
  std::uint32_t first_line = 0;  // index of its first line in LineDirectory::lines()
  std::uint32_t line_count = 0;
  std::uint32_t channel_count = 0;  // bearer channels of its lines (a group line has several)
};

class LineDirectory {
 public:
  LineDirectory(const config::ProviderConfig& config, std::uint32_t device_id_base);

  std::uint32_t size() const { return static_cast<std::uint32_t>(lines_.size()); }
  // Bearer channels behind all lines: what sizes the call pool (one call per channel).
  std::uint32_t channel_count() const { return channel_count_; }
  const std::vector<LineDescriptor>& lines() const { return lines_; }
  const std::vector<SpanDescriptor>& spans() const { return spans_; }

  // The line index of a device ID, or nothing when the ID is not ours.
  std::optional<std::uint32_t> index_of(std::uint32_t device_id) const;

  static std::uint32_t permanent_line_id(int span_id, int channel) {
    return static_cast<std::uint32_t>(span_id) << 8 | static_cast<std::uint32_t>(channel);
  }
  // Group k of a span: above every channel number (channels stop at 31).
  static std::uint32_t permanent_group_id(int span_id, int group) {
    return permanent_line_id(span_id, kFirstGroupPermanentChannel + group);
  }
  static constexpr int kFirstGroupPermanentChannel = 0x40;

 private:
  std::uint32_t device_id_base_;
  std::uint32_t channel_count_ = 0;
  std::vector<LineDescriptor> lines_;
  std::vector<SpanDescriptor> spans_;
};

}  // namespace spantsp::core
