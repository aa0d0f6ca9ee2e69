#pragma once
// How the CLI prints the line inventory: a table for people, JSON for scripts.
// Thread affinity: pure functions, any thread.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tools/tapihost/host.h"

namespace spantsp::host {

// Distinct spans among lines that carry SpanTSP device-specific data.
std::size_t count_spans(const std::vector<LineInfo>& lines);

// "24 lines on 1 span"
std::string inventory_summary(const std::vector<LineInfo>& lines);

// Columns: device ID, name, permanent ID, span, channel, number; then the summary line.
std::string format_inventory_table(const std::vector<LineInfo>& lines);

nlohmann::json inventory_json(const std::vector<LineInfo>& lines);

// "3.1" for 0x00030001
std::string version_text(DWORD version);

}  // namespace spantsp::host
