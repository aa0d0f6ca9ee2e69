#include <algorithm>

#include "config/config_loader.h"
#include "config/line_template.h"
#include "config/span_rules.h"

namespace spantsp::config {
namespace {

bool in_group(const SpanConfig& span, int channel) {
  return std::any_of(span.groups.begin(), span.groups.end(), [&](const GroupConfig& g) {
    return std::find(g.channels.begin(), g.channels.end(), channel) != g.channels.end();
  });
}

}  // namespace

std::vector<LineInventoryEntry> line_inventory(const ProviderConfig& config) {
  std::vector<LineInventoryEntry> lines;
  for (const BoardConfig& board : config.boards) {
    for (const SpanConfig& span : board.spans) {
      const std::vector<int> channels = effective_channels(span);
      for (std::size_t n = 0; n < channels.size(); ++n) {
        if (in_group(span, channels[n])) continue;  // a channel is in one line only
        const TemplateValues values{span.id, channels[n], static_cast<int>(n)};
        LineInventoryEntry& entry = lines.emplace_back();
        entry.board = board.name;
        entry.span = span.id;
        entry.channel = channels[n];
        // Overrides replace a field only when they set it; the other keeps the span's template.
        auto line = std::find_if(span.lines.begin(), span.lines.end(),
                                 [&](const LineConfig& l) { return l.channel == channels[n]; });
        const bool has_line = line != span.lines.end();
        entry.name = render_line_template(
            has_line && !line->name.empty() ? line->name : span.line_name, values);
        entry.number = render_line_template(
            has_line && !line->number.empty() ? line->number : span.line_number, values);
      }
      for (std::size_t g = 0; g < span.groups.size(); ++g) {
        const GroupConfig& group = span.groups[g];
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
