#pragma once
// The lines of one TAPI session: what each device ID is (span, channel, name, number) and its
// stable permanent ID. Built at TSPI_providerInit from the configuration and immutable until
// TSPI_providerShutdown, so any thread may read it without synchronisation.

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
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
  // Calls the line's one address carries at once: one per channel (dwMaxNumActiveCalls); for
  // a cross-span group, the channels of all its spans (every part carries the total).
  std::uint32_t max_calls = 1;
  // Cross-span group (DESIGN.md §5a): the TAPI line is the part on the group's first span;
  // the other spans' parts are hidden line slots after the TAPI lines, each owned by its
  // span's strand. `group_line` is the TAPI line a slot belongs to (itself for a TAPI line);
  // `parts` (on a TAPI line only) the slots of every span, in file order, itself first: just
  // itself for any other line, empty on a hidden slot.
  std::uint32_t group_line = 0;
  std::vector<std::uint32_t> parts;
  bool cross_span = false;
  // board::call_services of its span (hold...): what the caps advertise and the calls allow.
  std::uint32_t services = 0;
  // board::user_user_sizes of its span: LINEDEVCAPS dwUUI*Size, enforced per request.
  board::UserUserSizes uui;
  // board::incoming_caller_id of its span: the caller-ID flags the caps advertise.
  board::IncomingCallerId caller_id;
  bool is_group() const { return !group_channels.empty(); }
  // Channels of this slot on its own span.
  std::uint32_t span_channels() const {
    return is_group() ? static_cast<std::uint32_t>(group_channels.size()) : 1;
  }
};

struct SpanDescriptor {
  config::SpanConfig config;
  std::uint32_t board_index = 0;
  std::vector<std::uint32_t> lines;  // its line slots in LineDirectory::lines()
  std::uint32_t channel_count = 0;   // bearer channels of its lines (a group line has several)
};

class LineDirectory {
 public:
  LineDirectory(const config::ProviderConfig& config, std::uint32_t device_id_base);

  // TAPI line devices: lines()[0, size()). Slots beyond are the hidden parts of cross-span
  // groups on their later spans.
  std::uint32_t size() const { return tapi_lines_; }
  std::uint32_t slot_count() const { return static_cast<std::uint32_t>(lines_.size()); }
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
  // The slots of cross-span groups' later spans (config `join`), after the TAPI lines.
  void add_joined_parts(const config::ProviderConfig& config,
                        const std::unordered_map<int, std::uint32_t>& span_by_id);

  std::uint32_t device_id_base_;
  std::uint32_t channel_count_ = 0;
  std::uint32_t tapi_lines_ = 0;
  std::vector<LineDescriptor> lines_;
  std::vector<SpanDescriptor> spans_;
};

}  // namespace spantsp::core
