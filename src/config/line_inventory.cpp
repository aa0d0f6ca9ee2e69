#include <algorithm>

#include "config/config_loader.h"
#include "config/line_template.h"
#include "config/span_rules.h"

namespace spantsp::config {

namespace {

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
    numbers.push_back(render_line_field(span, n, channels[n], true));
  }
  return numbers;
}

std::vector<LineInventoryEntry> line_inventory(const ProviderConfig& config) {
  std::vector<LineInventoryEntry> lines;
  for (const BoardConfig& board : config.boards) {
    for (const SpanConfig& span : board.spans) {
      const std::vector<int> channels = effective_channels(span);
      for (std::size_t n = 0; n < channels.size(); ++n) {
        LineInventoryEntry& entry = lines.emplace_back();
        entry.board = board.name;
        entry.span = span.id;
        entry.channel = channels[n];
        // Overrides replace a field only when they set it; the other keeps the span's template.
        entry.name = render_line_field(span, n, channels[n], false);
        entry.number = render_line_field(span, n, channels[n], true);
      }
    }
  }
  return lines;
}

}  // namespace spantsp::config
