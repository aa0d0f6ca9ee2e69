#include "tools/tapihost/inventory_output.h"

#include <algorithm>
#include <array>
#include <set>

namespace spantsp::host {

namespace {

// Display width of UTF-8 text: code points (the names here are not East Asian wide).
std::size_t width(const std::string& text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

std::string plural(std::size_t n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

}  // namespace

std::size_t count_spans(const std::vector<LineInfo>& lines) {
  std::set<std::uint32_t> spans;
  for (const LineInfo& line : lines) {
    if (line.has_span) spans.insert(line.span);
  }
  return spans.size();
}

std::string inventory_summary(const std::vector<LineInfo>& lines) {
  return plural(lines.size(), "line") + " on " + plural(count_spans(lines), "span");
}

std::string format_inventory_table(const std::vector<LineInfo>& lines) {
  constexpr std::size_t kColumns = 6;
  std::vector<std::array<std::string, kColumns>> rows;
  rows.push_back({"DEVICE", "NAME", "PERMANENT ID", "SPAN", "CHANNEL", "NUMBER"});
  for (const LineInfo& line : lines) {
    rows.push_back({std::to_string(line.device_id), line.name,
                    std::to_string(line.permanent_line_id),
                    line.has_span ? std::to_string(line.span) : "-",
                    line.has_span ? std::to_string(line.channel) : "-", line.number});
  }
  std::array<std::size_t, kColumns> widths{};
  for (const auto& row : rows) {
    for (std::size_t c = 0; c < kColumns; ++c) widths[c] = std::max(widths[c], width(row[c]));
  }
  std::string out;
  for (const auto& row : rows) {
    std::string text;
    for (std::size_t c = 0; c < kColumns; ++c) {
      text += row[c];
      if (c + 1 < kColumns) text += std::string(widths[c] - width(row[c]) + 2, ' ');
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    out += text;
    out += '\n';
  }
  out += inventory_summary(lines);
  out += '\n';
  return out;
}

std::string version_text(DWORD version) {
  return std::to_string(version >> 16) + "." + std::to_string(version & 0xFFFF);
}

nlohmann::json inventory_json(const std::vector<LineInfo>& lines) {
  nlohmann::json array = nlohmann::json::array();
  for (const LineInfo& line : lines) {
    array.push_back({
        {"device_id", line.device_id},
        {"permanent_line_id", line.permanent_line_id},
        {"tspi_version", version_text(line.tspi_version)},
        {"name", line.name},
        {"number", line.number},
        {"provider_info", line.provider_info},
        {"switch_info", line.switch_info},
        {"span", line.has_span ? nlohmann::json(line.span) : nlohmann::json(nullptr)},
        {"channel", line.has_span ? nlohmann::json(line.channel) : nlohmann::json(nullptr)},
        {"num_addresses", line.num_addresses},
        {"max_active_calls", line.max_active_calls},
        {"media_modes", line.media_modes},
        {"bearer_modes", line.bearer_modes},
    });
  }
  return {{"lines", array}, {"summary", {{"lines", lines.size()}, {"spans", count_spans(lines)}}}};
}

}  // namespace spantsp::host
