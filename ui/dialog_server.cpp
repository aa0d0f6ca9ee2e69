#include "ui/dialog_server.h"

#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <mutex>
#include <random>
#include <thread>

#include <httplib.h>

#include "platform/browser.h"
#include "ui/confirm_remove.html.h"
#include "ui/dialog.html.h"

namespace spantsp::ui {
namespace {

// Below cpp-httplib's smallest thread pool (8), leaving threads for the page's API calls.
constexpr int kMaxMonitorStreams = 4;

std::string random_token() {
  std::random_device random;
  static constexpr char kHex[] = "0123456789abcdef";
  std::string token;
  for (int i = 0; i < 4; ++i) {
    std::uint32_t word = random();
    for (int j = 0; j < 8; ++j, word >>= 4) token += kHex[word & 0xF];
  }
  return token;
}

// Token comparison that takes the same time wherever the first difference is.
bool same_token(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  }
  return diff == 0;
}

std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

void replace_all(std::string& text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos;
       at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

std::string html_escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// Everything the handlers share. Outlives the server (declared before it in run_dialog).
struct DialogState {
  DialogState(ChannelClient& c, const DialogOptions& o)
      : client(c), options(o), token(random_token()), csrf(random_token()) {}

  ChannelClient& client;
  const DialogOptions& options;
  const std::string token;
  const std::string csrf;
  int port = 0;
  std::mutex mutex;
  std::condition_variable changed;
  std::optional<DialogOutcome> outcome;
  std::atomic<int> monitor_streams{0};

  bool finished() {
    std::lock_guard lock(mutex);
    return outcome.has_value();
  }
  void finish(DialogOutcome result) {
    {
      std::lock_guard lock(mutex);
      if (!outcome) outcome = result;
    }
    changed.notify_all();
  }
};

void send_json(httplib::Response& res, const nlohmann::json& body, int status = 200) {
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                  "application/json");
}

// The channel failed (not the operation): the page shows it as a banner.
nlohmann::json channel_error(const ChannelReply& reply) {
  return {{"error", "the provider refused the request"}, {"channel_result", reply.channel}};
}

void forbid(httplib::Response& res) {
  res.status = 403;
  res.set_content("forbidden\n", "text/plain");
}

bool loopback_host(const std::string& value, int port, bool with_scheme) {
  const std::string prefix = with_scheme ? "http://" : "";
  const std::string suffix = ":" + std::to_string(port);
  return value == prefix + "127.0.0.1" + suffix || value == prefix + "localhost" + suffix;
}

void add_routes(httplib::Server& server, DialogState& state) {
  const std::string base = "/" + state.token;

  // Every request passes here first: token, Host/Origin and, for POST, the CSRF token.
  server.set_pre_routing_handler(
      [&state, base](const httplib::Request& req, httplib::Response& res) {
        const bool token_ok = req.path.size() >= base.size() + 1 &&
                              same_token(req.path.substr(1, state.token.size()), state.token) &&
                              req.path[base.size()] == '/';
        if (!token_ok || !loopback_host(req.get_header_value("Host"), state.port, false) ||
            (req.has_header("Origin") &&
             !loopback_host(req.get_header_value("Origin"), state.port, true))) {
          forbid(res);
          return httplib::Server::HandlerResponse::Handled;
        }
        if (req.method != "GET" && req.method != "HEAD" &&
            !same_token(req.get_header_value("X-SpanTSP-CSRF"), state.csrf)) {
          forbid(res);
          return httplib::Server::HandlerResponse::Handled;
        }
        return httplib::Server::HandlerResponse::Unhandled;
      });

  server.Get(base + "/", [&state, base](const httplib::Request&, httplib::Response& res) {
    std::string page(state.options.kind == DialogKind::kConfirmRemove ? kConfirmRemovePage
                                                                      : kDialogPage);
    replace_all(page, "{{TITLE}}", html_escape(state.options.title));
    replace_all(page, "{{CSRF}}", state.csrf);
    replace_all(page, "{{BASE}}", base);
    res.set_header("Cache-Control", "no-store");
    // The page loads nothing from anywhere else (no CDN): the policy says so to the browser.
    res.set_header("Content-Security-Policy",
                   "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
                   "connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_content(page, "text/html; charset=utf-8");
  });

  server.Get(base + "/api/config", [&state](const httplib::Request&, httplib::Response& res) {
    const ChannelReply reply = state.client.call(UiMessageType::kGetConfig);
    if (reply.channel != 0) return send_json(res, channel_error(reply), 502);
    nlohmann::json body = reply.body;
    body["dialog"] = {{"title", state.options.title}, {"object_id", state.client.object_id()}};
    if (state.options.line_device) body["dialog"]["line_device"] = *state.options.line_device;
    send_json(res, body);
  });

  server.Post(base + "/api/cancel", [&state](const httplib::Request&, httplib::Response& res) {
    send_json(res, {{"cancelled", true}});
    state.finish(DialogOutcome::kCancelled);
  });

  if (state.options.kind == DialogKind::kConfirmRemove) {
    // The question is the whole page: no editing, no monitor.
    server.Post(base + "/api/confirm", [&state](const httplib::Request&, httplib::Response& res) {
      send_json(res, {{"confirmed", true}});
      state.finish(DialogOutcome::kConfirmed);
    });
    return;
  }

  auto forward_config = [&state](UiMessageType type, const httplib::Request& req,
                                 httplib::Response& res) -> std::optional<ChannelReply> {
    const nlohmann::json request = nlohmann::json::parse(req.body, nullptr, false);
    if (request.is_discarded() || !request.is_object() ||
        !(request.contains("model") || request.contains("toml"))) {
      send_json(res, {{"error", "expected {\"model\": ...} or {\"toml\": ...}"}}, 400);
      return std::nullopt;
    }
    nlohmann::json forwarded = nlohmann::json::object();
    if (request.contains("toml"))
      forwarded["toml"] = request["toml"];
    else
      forwarded["model"] = request["model"];
    ChannelReply reply = state.client.call(type, forwarded);
    if (reply.channel != 0) {
      send_json(res, channel_error(reply),
                reply.channel == static_cast<LONG>(LINEERR_INVALPARAM) ? 400 : 502);
      return std::nullopt;
    }
    return reply;
  };

  server.Post(base + "/api/validate",
              [forward_config](const httplib::Request& req, httplib::Response& res) {
                if (auto reply = forward_config(UiMessageType::kValidateConfig, req, res)) {
                  send_json(res, reply->body);
                }
              });

  server.Post(base + "/api/save", [&state, forward_config](const httplib::Request& req,
                                                           httplib::Response& res) {
    auto reply = forward_config(UiMessageType::kSaveConfig, req, res);
    if (!reply) return;
    nlohmann::json body = reply->body;
    body["status"] = reply->status;
    send_json(
        res, body,
        reply->status == 0 || reply->status == static_cast<LONG>(LINEERR_INVALPARAM) ? 200 : 500);
    if (reply->status == 0) state.finish(DialogOutcome::kSaved);
  });

  server.Get(base + "/api/monitor", [&state](const httplib::Request&, httplib::Response& res) {
    const ChannelReply reply = state.client.call(UiMessageType::kGetMonitor);
    if (reply.channel != 0) return send_json(res, channel_error(reply), 502);
    send_json(res, reply.body);
  });

  // The live monitor: one server-sent event per interval with the provider's snapshot. Ends
  // with the dialog, so run_dialog's stop() is never held up by an open stream. A stream holds
  // one of the server's threads for its lifetime, so at most kMaxMonitorStreams are served and
  // the rest of the pool stays free for the API (the page then polls /api/monitor).
  server.Get(base + "/events", [&state](const httplib::Request&, httplib::Response& res) {
    if (state.monitor_streams.fetch_add(1) >= kMaxMonitorStreams) {
      state.monitor_streams.fetch_sub(1);
      return send_json(res, {{"error", "too many monitor streams"}, {"limit", kMaxMonitorStreams}},
                       503);
    }
    res.set_header("Cache-Control", "no-store");
    res.set_chunked_content_provider(
        "text/event-stream",
        [&state](std::size_t, httplib::DataSink& sink) {
          if (state.finished()) {
            const std::string bye = "event: closed\ndata: {}\n\n";
            sink.write(bye.data(), bye.size());
            sink.done();
            return true;
          }
          const ChannelReply reply = state.client.call(UiMessageType::kGetMonitor);
          const nlohmann::json body = reply.channel == 0 ? reply.body : channel_error(reply);
          const std::string event =
              "event: snapshot\ndata: " +
              body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n\n";
          if (!sink.write(event.data(), event.size())) return false;
          std::unique_lock lock(state.mutex);
          state.changed.wait_for(lock, state.options.monitor_interval,
                                 [&state] { return state.outcome.has_value(); });
          return true;
        },
        [&state](bool /*success*/) { state.monitor_streams.fetch_sub(1); });
  });
}

}  // namespace

DialogOptions DialogOptions::from_environment() {
  DialogOptions options;
  try {
    if (const std::string t = env("SPANTSP_UI_TIMEOUT_S"); !t.empty()) {
      options.timeout = std::chrono::milliseconds(static_cast<std::int64_t>(std::stod(t) * 1000));
    }
    if (const std::string m = env("SPANTSP_UI_MONITOR_MS"); !m.empty()) {
      options.monitor_interval = std::chrono::milliseconds(std::stoll(m));
    }
  } catch (const std::exception&) {
    std::cerr << "spantsp_ui: ignoring a malformed SPANTSP_UI_TIMEOUT_S/SPANTSP_UI_MONITOR_MS\n";
  }
  if (const std::string answer = env("SPANTSP_UI_CONFIRM"); answer == "yes" || answer == "no") {
    options.preset_answer = answer == "yes";
  } else if (!answer.empty()) {
    std::cerr << "spantsp_ui: SPANTSP_UI_CONFIRM must be yes or no; asking instead\n";
  }
  options.url_file = env("SPANTSP_UI_URL_FILE");
  options.browser = env("SPANTSP_UI_BROWSER");
  options.open_browser = !options.browser.empty() || platform::has_desktop();
  return options;
}

DialogOutcome run_dialog(ChannelClient& client, const DialogOptions& options) noexcept {
  if (options.kind == DialogKind::kConfirmRemove && options.preset_answer) {
    return *options.preset_answer ? DialogOutcome::kConfirmed : DialogOutcome::kCancelled;
  }
  try {
    DialogState state(client, options);
    httplib::Server server;
    server.set_keep_alive_timeout(2);
    server.set_read_timeout(5);
    server.set_payload_max_length(8u * 1024u * 1024u);
    add_routes(server, state);
    // Loopback only: never 0.0.0.0, whatever the host's configuration (issue 6).
    state.port = server.bind_to_any_port("127.0.0.1");
    if (state.port <= 0) {
      std::cerr << "spantsp_ui: cannot listen on 127.0.0.1\n";
      return DialogOutcome::kFailed;
    }
    std::thread listener([&server] { server.listen_after_bind(); });

    const std::string url =
        "http://127.0.0.1:" + std::to_string(state.port) + "/" + state.token + "/";
    if (options.print_url) {
      std::cout << options.title << ": open " << url << std::endl;
    }
    if (!options.url_file.empty()) {
      const std::string temp = options.url_file + ".tmp";
      std::ofstream(temp) << url << "\n";
      std::rename(temp.c_str(), options.url_file.c_str());
    }
    if (options.open_browser && !platform::open_url(options.browser, url)) {
      std::cerr << "spantsp_ui: cannot start a browser; open " << url << "\n";
    }

    {
      std::unique_lock lock(state.mutex);
      if (!state.changed.wait_for(lock, options.timeout,
                                  [&state] { return state.outcome.has_value(); })) {
        state.outcome = DialogOutcome::kTimedOut;
      }
    }
    state.changed.notify_all();
    // Let the reply to Save/Cancel leave before the server goes away.
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    server.stop();
    listener.join();
    if (!options.url_file.empty()) std::remove(options.url_file.c_str());
    return *state.outcome;
  } catch (...) {
    return DialogOutcome::kFailed;
  }
}

LONG outcome_result(DialogOutcome outcome) {
  switch (outcome) {
    case DialogOutcome::kSaved:
    case DialogOutcome::kConfirmed:
    case DialogOutcome::kCancelled:
      return 0;
    case DialogOutcome::kTimedOut:
    case DialogOutcome::kFailed:
      break;
  }
  return LINEERR_OPERATIONFAILED;
}

}  // namespace spantsp::ui
