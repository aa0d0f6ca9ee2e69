#include "core/line_directory.h"

#include <algorithm>
#include <unordered_map>

#include "board_drivers/call_services.h"
#include "config/config_loader.h"
#include "config/config_names.h"
#include "text/utf16.h"

namespace spantsp::core {
namespace {

std::uint32_t signalling_code(config::Signalling s) {
  switch (s) {
    case config::Signalling::kIdeal:
      return 0;
    case config::Signalling::kPri:
      return 1;
    case config::Signalling::kCas:
      return 2;
    case config::Signalling::kR2:
      return 3;
  }
  return 0;
}

}  // namespace

LineDirectory::LineDirectory(const config::ProviderConfig& config, std::uint32_t device_id_base)
    : device_id_base_(device_id_base) {
  std::unordered_map<int, std::uint32_t> span_by_id;
  for (std::uint32_t b = 0; b < config.boards.size(); ++b) {
    for (const auto& span : config.boards[b].spans) {
      span_by_id.emplace(span.id, static_cast<std::uint32_t>(spans_.size()));
      spans_.push_back(SpanDescriptor{span, b, {}, 0});
    }
  }

  const auto inventory = config::line_inventory(config);
  lines_.reserve(inventory.size());
  for (const auto& entry : inventory) {
    const std::uint32_t span_index = span_by_id.at(entry.span);
    SpanDescriptor& span = spans_[span_index];
    span.lines.push_back(static_cast<std::uint32_t>(lines_.size()));

    LineDescriptor line;
    line.device_id = device_id_base_ + static_cast<std::uint32_t>(lines_.size());
    line.permanent_id = entry.group < 0 ? permanent_line_id(entry.span, entry.channel)
                                        : permanent_group_id(entry.span, entry.group);
    line.span_index = span_index;
    line.name = text::utf8_to_utf16(entry.name);
    line.number = text::utf8_to_utf16(entry.number);
    line.number_utf8 = entry.number;
    line.switch_info = text::utf8_to_utf16(config::describe_signalling(span.config));
    line.dev_specific = SpanTspLineDevSpecific{
        kLineDevSpecificMagic,
        kLineDevSpecificVersion,
        static_cast<std::uint32_t>(entry.span),
        static_cast<std::uint32_t>(entry.channel),
        span.config.type == config::SpanType::kT1 ? 1u : 2u,
        signalling_code(span.config.signalling),
        span.board_index,
    };
    line.group_line = static_cast<std::uint32_t>(lines_.size());
    line.parts = {line.group_line};
    line.services = board::call_services(span.config);
    line.uui = board::user_user_sizes(span.config);
    line.caller_id = board::incoming_caller_id(span.config);
    if (entry.group >= 0) {
      line.group_channels = entry.group_channels;
      std::sort(line.group_channels.begin(), line.group_channels.end());
      line.hunt = entry.hunt;
      line.max_calls = static_cast<std::uint32_t>(line.group_channels.size());
    }
    span.channel_count += line.max_calls;
    channel_count_ += line.max_calls;
    lines_.push_back(std::move(line));
  }
  tapi_lines_ = static_cast<std::uint32_t>(lines_.size());
  add_joined_parts(config, span_by_id);
}

void LineDirectory::add_joined_parts(const config::ProviderConfig& config,
                                     const std::unordered_map<int, std::uint32_t>& span_by_id) {
  std::unordered_map<std::string, std::uint32_t> group_lines;  // by group name
  for (std::uint32_t i = 0; i < tapi_lines_; ++i) {
    if (lines_[i].is_group()) group_lines.emplace(text::utf16_to_utf8(lines_[i].name), i);
  }
  for (const auto& board : config.boards) {
    for (const auto& span_config : board.spans) {
      for (const auto& group : span_config.groups) {
        if (!group.joins()) continue;
        const std::uint32_t tapi_line = group_lines.at(group.join);  // validated
        const std::uint32_t span_index = span_by_id.at(span_config.id);
        SpanDescriptor& span = spans_[span_index];
        LineDescriptor part = lines_[tapi_line];  // what TAPI sees is the group's line
        part.span_index = span_index;
        part.dev_specific.dwSpan = static_cast<std::uint32_t>(span_config.id);
        part.group_channels = group.channels;
        std::sort(part.group_channels.begin(), part.group_channels.end());
        part.parts.clear();
        const std::uint32_t slot = static_cast<std::uint32_t>(lines_.size());
        LineDescriptor& first = lines_[tapi_line];
        first.parts.push_back(slot);
        span.lines.push_back(slot);
        span.channel_count += part.span_channels();
        channel_count_ += part.span_channels();
        lines_.push_back(std::move(part));
      }
    }
  }
  // Every part carries the group's total: dwMaxNumActiveCalls, and the services a group line
  // has (consultation needs a second call on the line).
  for (std::uint32_t i = 0; i < tapi_lines_; ++i) {
    if (lines_[i].parts.size() < 2) continue;
    std::uint32_t total = 0;
    for (std::uint32_t p : lines_[i].parts) total += lines_[p].span_channels();
    for (std::uint32_t p : lines_[i].parts) {
      lines_[p].max_calls = total;
      lines_[p].cross_span = true;
    }
  }
}

std::optional<std::uint32_t> LineDirectory::index_of(std::uint32_t device_id) const {
  if (device_id < device_id_base_) return std::nullopt;
  const std::uint32_t index = device_id - device_id_base_;
  if (index >= lines_.size()) return std::nullopt;
  return index;
}

}  // namespace spantsp::core
