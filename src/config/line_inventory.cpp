#include <algorithm>

#include "config/config_loader.h"
#include "config/line_template.h"
#include "config/span_rules.h"

namespace spantsp::config {
namespace {

// The group a channel belongs to, or nullptr.
const GroupConfig* group_of(const SpanConfig& span, int channel) {
  for (const GroupConfig& g : span.groups) {
    if (std::find(g.channels.begin(), g.channels.end(), channel) != g.channels.end()) return &g;
  }
  return nullptr;
}

// A line's name or number: its override when set, else the span's template.
std::string render_line_field(const SpanConfig& span, std::size_t n, int channel, bool number) {
  const TemplateValues values{span.id, channel, static_cast<int>(n)};
  auto line = std::find_if(span.lines.begin(), span.lines.end(),
                           [&](const LineConfig& l) { return l.channel == channel; });
  if (line != span.lines.end()) {
    const std::string& own = number ? line->number : line->name;
    if (!own.empty()) return render_line_template(own, values);
  }
  return render_line_template(number ? span.line_number : span.line_name, values);
}

}  // namespace

std::vector<std::string> line_numbers(const SpanConfig& span) {
  const std::vector<int> channels = effective_channels(span);
  std::vector<std::string> numbers;
  numbers.reserve(channels.size());
  for (std::size_t n = 0; n < channels.size(); ++n) {
    // A grouped channel answers to its group's number (the switch hunts among them).
    const GroupConfig* group = group_of(span, channels[n]);
    numbers.push_back(group != nullptr ? group->number
                                       : render_line_field(span, n, channels[n], true));
  }
  return numbers;
}

std::vector<LineInventoryEntry> line_inventory(const ProviderConfig& config) {
  std::vector<LineInventoryEntry> lines;
  for (const BoardConfig& board : config.boards) {
    for (const SpanConfig& span : board.spans) {
      const std::vector<int> channels = effective_channels(span);
      for (std::size_t n = 0; n < channels.size(); ++n) {
        if (group_of(span, channels[n]) != nullptr) continue;  // a channel is in one line only
        LineInventoryEntry& entry = lines.emplace_back();
        entry.board = board.name;
        entry.span = span.id;
        entry.channel = channels[n];
        // Overrides replace a field only when they set it; the other keeps the span's template.
        entry.name = render_line_field(span, n, channels[n], false);
        entry.number = render_line_field(span, n, channels[n], true);
      }
      for (std::size_t g = 0; g < span.groups.size(); ++g) {
        const GroupConfig& group = span.groups[g];
        if (group.joins()) continue;  // a part of an earlier span's group line, no line itself
        LineInventoryEntry& entry = lines.emplace_back();
        entry.board = board.name;
        entry.span = span.id;
        entry.name = group.name;
        entry.number = group.number;
        entry.group = static_cast<int>(g);
        entry.group_channels = group.channels;
        entry.hunt = group.hunt;
      }
    }
  }
  return lines;
}

}  // namespace spantsp::config
