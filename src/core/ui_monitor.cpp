#include "core/ui_monitor.h"

#include <string>

#include "config/config_names.h"
#include "core/session.h"
#include "text/utf16.h"

namespace spantsp::core {

nlohmann::json monitor_snapshot(Session* session, std::optional<std::uint32_t> focus_device) {
  nlohmann::json out = {{"running", session != nullptr}};
  if (session == nullptr) return out;
  const LineDirectory& directory = session->lines();
  Engine& engine = session->engine();

  nlohmann::json spans = nlohmann::json::array();
  for (std::uint32_t i = 0; i < directory.spans().size(); ++i) {
    const SpanDescriptor& span = directory.spans()[i];
    const SpanSnapshot s = engine.span_snapshot(i);
    const SpanCounters& c = s.counters;
    spans.push_back({
        {"index", i},
        {"id", span.config.id},
        {"type", std::string(config::to_name(span.config.type))},
        {"signalling",
         std::string(config::signalling_name(span.config.signalling, span.config.node))},
        // Its line slots (a cross-span group's later parts are slots after the TAPI lines).
        {"first_line", span.lines.empty() ? 0u : span.lines.front()},
        {"line_count", span.lines.size()},
        {"in_service", s.status.in_service()},
        {"alarms", {{"red", s.status.red}, {"yellow", s.status.yellow}, {"blue", s.status.blue}}},
        {"dchannel_up", s.status.signalling_up},
        // offered: incoming calls announced; answered: calls that reached CONNECTED; failed:
        // incoming refused on the trunk plus outgoing calls whose MakeCall failed.
        {"counters",
         {{"offered", c.incoming_offered},
          {"answered", c.connected},
          {"failed", c.incoming_refused + c.outgoing_failed},
          {"placed", c.outgoing_placed},
          {"released", c.released}}},
    });
  }
  out["spans"] = std::move(spans);

  // Compact per-line rows: [device_id, span_index, channel, call_state, in_service, open].
  // Hundreds of lines go out several times a second; names travel once in "names".
  nlohmann::json lines = nlohmann::json::array();
  nlohmann::json names = nlohmann::json::array();
  for (std::uint32_t i = 0; i < directory.size(); ++i) {
    const LineDescriptor& d = directory.lines()[i];
    const LineSnapshot s = engine.line_snapshot(i);
    const auto channel = d.permanent_id & 0xFFu;  // LineDirectory::permanent_line_id
    lines.push_back(
        {d.device_id, d.span_index, channel, s.call_state, s.in_service ? 1 : 0, s.open ? 1 : 0});
    names.push_back(text::utf16_to_utf8(d.name));
    if (focus_device && *focus_device == d.device_id) {
      out["focus"] = {{"device_id", d.device_id},
                      {"line_index", i},
                      {"span_id", directory.spans()[d.span_index].config.id},
                      {"channel", channel},
                      {"name", text::utf16_to_utf8(d.name)},
                      {"number", text::utf16_to_utf8(d.number)}};
    }
  }
  out["line_fields"] = {"device_id", "span_index", "channel", "call_state", "in_service", "open"};
  out["lines"] = std::move(lines);
  out["names"] = std::move(names);
  return out;
}

}  // namespace spantsp::core
