// The dialog web page (issue 6): TUISPI_providerConfig / TUISPI_lineConfigDialog serve it on
// 127.0.0.1 only, behind a one-time URL token (403 without it) and a per-page CSRF token for
// every POST, and return when the person saves or cancels, or on timeout.

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <future>
#include <map>
#include <regex>
#include <thread>
#include <vector>

#include "tools/tapihost/host.h"
#include "ui_test_support.h"

namespace spantsp::ui_test {
namespace {

using namespace std::chrono_literals;

// Runs a dialog export on a thread and finds its URL, page CSRF token and HTTP client.
class DialogFixture : public UiFixture {
 protected:
  void SetUp() override {
    UiFixture::SetUp();
    ASSERT_EQ(ui_->provider_install(), 0);
  }
  void TearDown() override {
    if (result_.valid()) {
      // End a dialog a test left open, so the export returns before the host goes away.
      if (!csrf_.empty()) post("/api/cancel", "{}");
      result_.wait();
    }
    UiFixture::TearDown();
  }

  void open(std::function<LONG()> dialog) {
    result_ = std::async(std::launch::async, std::move(dialog));
    const auto url_file = dir_ / "url";
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (!fs::exists(url_file) && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(10ms);
    }
    ASSERT_TRUE(fs::exists(url_file));
    url_ = read_text(url_file);
    url_.erase(url_.find_last_not_of("\n") + 1);
    std::smatch m;
    ASSERT_TRUE(
        std::regex_match(url_, m, std::regex(R"(http://127\.0\.0\.1:(\d+)(/[0-9a-f]{32})/)")))
        << url_;
    port_ = std::stoi(m[1]);
    base_ = m[2];
    client_ = std::make_unique<httplib::Client>("127.0.0.1", port_);
    auto page = client_->Get(base_ + "/");
    ASSERT_TRUE(page);
    ASSERT_EQ(page->status, 200);
    page_ = page->body;
    std::smatch c;
    ASSERT_TRUE(std::regex_search(page_, c, std::regex(R"re(const CSRF = "([0-9a-f]{32})")re")));
    csrf_ = c[1];
  }

  httplib::Result post(const std::string& path, const std::string& body,
                       const std::string& csrf = "use-page") {
    httplib::Headers headers;
    if (csrf == "use-page")
      headers.emplace("X-SpanTSP-CSRF", csrf_);
    else if (!csrf.empty())
      headers.emplace("X-SpanTSP-CSRF", csrf);
    return client_->Post((base_ + path).c_str(), headers, body, "application/json");
  }

  LONG finish() { return result_.get(); }

  std::future<LONG> result_;
  std::string url_, base_, csrf_, page_;
  int port_ = 0;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(DialogFixture, PageIsServedBehindTheTokenWithNothingFromElsewhere) {
  open([this] { return ui_->provider_config(); });
  EXPECT_NE(page_.find("Line monitor"), std::string::npos);
  EXPECT_EQ(page_.find("http://"), std::string::npos);  // no CDN, no external script
  EXPECT_EQ(page_.find("https://"), std::string::npos);
  auto res = client_->Get(base_ + "/");
  ASSERT_TRUE(res);
  EXPECT_NE(res->get_header_value("Content-Security-Policy").find("default-src 'self'"),
            std::string::npos);
  EXPECT_EQ(post("/api/cancel", "{}")->status, 200);
  EXPECT_EQ(finish(), 0);
}

TEST_F(DialogFixture, RequestsWithoutTheTokenGet403) {
  open([this] { return ui_->provider_config(); });
  const std::string wrong = "/0123456789abcdef0123456789abcdef";
  for (const std::string& path :
       {std::string("/"), std::string("/api/config"), wrong + "/", wrong + "/api/config", base_,
        base_ + "x/", base_.substr(0, 20) + "/", std::string("/favicon.ico"),
        std::string("/events")}) {
    auto res = client_->Get(path);
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->status, 403) << path;
  }
  auto res = client_->Post((wrong + "/api/cancel").c_str(), {{"X-SpanTSP-CSRF", csrf_}}, "{}",
                           "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 403);
  EXPECT_EQ(result_.wait_for(200ms), std::future_status::timeout);  // still open
}

TEST_F(DialogFixture, StateChangingRequestsWithoutTheCsrfTokenGet403) {
  open([this] { return ui_->provider_config(); });
  const std::string before = read_text(config_);
  for (const std::string& csrf : {std::string(), std::string("0123456789abcdef0123456789abcdef"),
                                  csrf_.substr(0, 31), csrf_ + "0"}) {
    for (const char* path : {"/api/save", "/api/validate", "/api/cancel"}) {
      auto res = post(path, R"({"toml":"[provider]\nname='x'\n"})", csrf);
      ASSERT_TRUE(res);
      EXPECT_EQ(res->status, 403) << path << " csrf=" << csrf;
    }
  }
  EXPECT_EQ(read_text(config_), before);
  EXPECT_EQ(result_.wait_for(200ms), std::future_status::timeout);
  // The same requests with the page's token go through.
  auto ok = post("/api/validate", R"({"toml":"[provider]\nname='x'\n"})");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
}

TEST_F(DialogFixture, ForeignHostOrOriginGets403) {
  open([this] { return ui_->provider_config(); });
  auto res = client_->Get((base_ + "/api/config").c_str(), {{"Host", "evil.example:80"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 403);
  res = client_->Post((base_ + "/api/validate").c_str(),
                      {{"X-SpanTSP-CSRF", csrf_}, {"Origin", "http://evil.example"}},
                      R"({"toml":""})", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 403);
  res = client_->Get((base_ + "/api/config").c_str(),
                     {{"Origin", "http://127.0.0.1:" + std::to_string(port_)}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
}

// The listening socket is bound to 127.0.0.1 itself, not to every address.
TEST_F(DialogFixture, ServerListensOnLoopbackOnly) {
  open([this] { return ui_->provider_config(); });
  char port_hex[8];
  std::snprintf(port_hex, sizeof port_hex, "%04X", static_cast<unsigned>(port_));
  bool found = false;
  for (const char* table : {"/proc/net/tcp", "/proc/net/tcp6"}) {
    std::istringstream lines(read_text(table));
    std::string line;
    while (std::getline(lines, line)) {
      std::istringstream fields(line);
      std::string slot, local, remote, state;
      fields >> slot >> local >> remote >> state;
      if (state != "0A" || local.size() < 5 || local.substr(local.size() - 4) != port_hex) continue;
      found = true;
      EXPECT_EQ(local, std::string("0100007F:") + port_hex) << table;  // 127.0.0.1, LISTEN
    }
  }
  EXPECT_TRUE(found);
}

TEST_F(DialogFixture, ValidationErrorsComeBackWithTheirFieldsAndTheDialogStaysOpen) {
  open([this] { return ui_->provider_config(); });
  auto config = client_->Get(base_ + "/api/config");
  ASSERT_TRUE(config);
  nlohmann::json body = nlohmann::json::parse(config->body);
  nlohmann::json model = body["model"];
  model["board"][0]["span"][0]["framing"] = "esf";  // E1 with T1 framing
  model["board"][0]["span"][0]["channels"] = "1-40";
  auto res = post("/api/save", nlohmann::json{{"model", model}}.dump());
  ASSERT_TRUE(res);
  const auto reply = nlohmann::json::parse(res->body);
  EXPECT_FALSE(reply["saved"].get<bool>());
  std::set<std::string> fields;
  for (const auto& e : reply["errors"]) fields.insert(e["field"].get<std::string>());
  EXPECT_TRUE(fields.count("board[0].span[0].framing")) << reply.dump(2);
  EXPECT_TRUE(fields.count("board[0].span[0].channels")) << reply.dump(2);
  EXPECT_EQ(result_.wait_for(200ms), std::future_status::timeout);
}

// The CAS and MFC/R2 tables the page edits are checked by the configuration loader itself: a
// bad value comes back on its own field with the loader's message; good ones pass.
TEST_F(DialogFixture, CasAndMfcr2KeysAreValidatedByTheLoader) {
  open([this] { return ui_->provider_config(); });
  nlohmann::json model = nlohmann::json::parse(client_->Get(base_ + "/api/config")->body)["model"];
  nlohmann::json& cas = model["board"][0]["span"][0];
  cas["type"] = "t1";
  cas["framing"] = "esf";
  cas["coding"] = "b8zs";
  cas["signalling"] = "cas";
  cas.erase("switchtype");
  cas.erase("channels");
  cas["cas"] = {{"signalling", "fxs_gs"}, {"wink", 20}, {"dialing", "dtmf"}};
  auto res = post("/api/validate", nlohmann::json{{"model", model}}.dump());
  ASSERT_TRUE(res);
  nlohmann::json reply = nlohmann::json::parse(res->body);
  std::map<std::string, std::string> errors;
  for (const auto& e : reply["errors"]) errors[e["field"]] = e["message"];
  ASSERT_EQ(errors.count("board[0].span[0].cas.wink"), 1u) << reply.dump(2);
  EXPECT_NE(errors["board[0].span[0].cas.wink"].find("wink must be between 50 and 1000 ms; got 20"),
            std::string::npos);
  EXPECT_EQ(errors.count("board[0].span[0].cas.signalling"), 0u) << reply.dump(2);
  cas["cas"]["wink"] = 150;
  cas["cas"]["signalling"] = "em_x";
  reply =
      nlohmann::json::parse(post("/api/validate", nlohmann::json{{"model", model}}.dump())->body);
  errors.clear();
  for (const auto& e : reply["errors"]) errors[e["field"]] = e["message"];
  EXPECT_NE(
      errors["board[0].span[0].cas.signalling"].find("unknown signalling 'em_x'; allowed: em_w"),
      std::string::npos)
      << reply.dump(2);
  EXPECT_EQ(errors.count("board[0].span[0].cas.wink"), 0u);
  // An E1 MFC/R2 span: a category Mexico cannot carry is refused with the loader's words.
  cas.erase("cas");
  cas["type"] = "e1";
  cas["framing"] = "cas";
  cas["coding"] = "hdb3";
  cas["signalling"] = "mfcr2";
  cas["mfcr2"] = {{"variant", "mx"}, {"category", "collect_call"}, {"max_dnis", 4}};
  reply =
      nlohmann::json::parse(post("/api/validate", nlohmann::json{{"model", model}}.dump())->body);
  errors.clear();
  for (const auto& e : reply["errors"]) errors[e["field"]] = e["message"];
  EXPECT_NE(errors["board[0].span[0].mfcr2.category"].find("collect_call"), std::string::npos)
      << reply.dump(2);
  EXPECT_EQ(result_.wait_for(200ms), std::future_status::timeout);
}

TEST_F(DialogFixture, SaveWritesTheFileAndEndsTheDialogWithSuccess) {
  open([this] { return ui_->provider_config(); });
  nlohmann::json model = nlohmann::json::parse(client_->Get(base_ + "/api/config")->body)["model"];
  model["board"][0]["span"][0]["channels"] = "1-5";
  auto res = post("/api/save", nlohmann::json{{"model", model}}.dump());
  ASSERT_TRUE(res);
  EXPECT_TRUE(nlohmann::json::parse(res->body)["saved"].get<bool>()) << res->body;
  EXPECT_EQ(finish(), 0);
  EXPECT_NE(read_text(config_).find("1-5"), std::string::npos);
  EXPECT_FALSE(fs::exists(dir_ / "url"));
  // The token died with the dialog: the server is gone.
  httplib::Client after("127.0.0.1", port_);
  after.set_connection_timeout(1);
  EXPECT_FALSE(after.Get(base_ + "/"));
}

TEST_F(DialogFixture, CancelEndsTheDialogAndChangesNothing) {
  open([this] { return ui_->provider_config(); });
  const std::string before = read_text(config_);
  EXPECT_EQ(post("/api/cancel", "{}")->status, 200);
  EXPECT_EQ(finish(), 0);
  EXPECT_EQ(read_text(config_), before);
}

TEST_F(DialogFixture, TimeoutEndsTheDialogWithOperationFailed) {
  ::setenv("SPANTSP_UI_TIMEOUT_S", "0.3", 1);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(ui_->provider_config(), LINEERR_OPERATIONFAILED);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 10s);
}

TEST_F(DialogFixture, MonitorStreamsSnapshotsAsServerSentEvents) {
  host::Host::Options options;
  options.provider_path = SPANTSP_PROVIDER_PATH;
  host::Host session(options);
  ASSERT_EQ(session.start(), 0);
  open([this] { return ui_->provider_config(); });

  httplib::Client stream("127.0.0.1", port_);
  std::string received;
  int events = 0;
  auto res = stream.Get((base_ + "/events").c_str(), [&](const char* data, std::size_t size) {
    received.append(data, size);
    std::size_t at = 0;
    events = 0;
    while ((at = received.find("event: snapshot\n", at)) != std::string::npos) ++events, ++at;
    return events < 3;  // stop reading after three snapshots
  });
  EXPECT_GE(events, 3);
  const auto start = received.find("data: ") + 6;
  const auto snapshot =
      nlohmann::json::parse(received.substr(start, received.find("\n\n") - start));
  EXPECT_TRUE(snapshot["running"].get<bool>());
  EXPECT_EQ(snapshot["lines"].size(), 30u);
  EXPECT_EQ(post("/api/cancel", "{}")->status, 200);
  EXPECT_EQ(finish(), 0);
  session.stop();
}

TEST_F(DialogFixture, MonitorStreamsAreCappedSoTheApiKeepsAnswering) {
  open([this] { return ui_->provider_config(); });
  // Four streams each hold a server thread until the dialog ends.
  std::vector<std::future<void>> streams;
  std::atomic<int> started{0};
  for (int i = 0; i < 4; ++i) {
    streams.push_back(std::async(std::launch::async, [this, &started] {
      httplib::Client stream("127.0.0.1", port_);
      bool counted = false;
      stream.Get((base_ + "/events").c_str(), [&](const char*, std::size_t) {
        if (!counted) started.fetch_add(1), counted = true;
        return true;  // until the dialog closes the stream
      });
    }));
  }
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (started.load() < 4 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(10ms);
  }
  ASSERT_EQ(started.load(), 4);
  auto refused = client_->Get(base_ + "/events");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 503);
  EXPECT_EQ(nlohmann::json::parse(refused->body)["limit"], 4);
  // The API is still served while the streams run.
  auto config = client_->Get(base_ + "/api/config");
  ASSERT_TRUE(config);
  EXPECT_EQ(config->status, 200);
  EXPECT_EQ(post("/api/cancel", "{}")->status, 200);
  EXPECT_EQ(finish(), 0);
  for (auto& s : streams) s.wait();  // closing the dialog ended every stream
}

TEST_F(DialogFixture, LineDialogFocusesTheLineItWasOpenedFor) {
  host::Host::Options options;
  options.provider_path = SPANTSP_PROVIDER_PATH;
  host::Host session(options);
  ASSERT_EQ(session.start(), 0);
  open([this] { return ui_->line_config_dialog(7); });
  auto config = nlohmann::json::parse(client_->Get(base_ + "/api/config")->body);
  EXPECT_EQ(config["dialog"]["line_device"], 7);
  auto monitor = nlohmann::json::parse(client_->Get(base_ + "/api/monitor")->body);
  EXPECT_EQ(monitor["focus"]["device_id"], 7);
  EXPECT_EQ(monitor["focus"]["channel"], 8);
  EXPECT_EQ(post("/api/cancel", "{}")->status, 200);
  EXPECT_EQ(finish(), 0);
  session.stop();
}

// tspi-contract §7: remove asks the person; Cancel answers LINEERR_OPERATIONFAILED and deletes
// nothing, Remove deletes what install created.
class RemoveFixture : public DialogFixture {
 protected:
  void SetUp() override {
    DialogFixture::SetUp();
    ::unsetenv("SPANTSP_UI_CONFIRM");
  }
};

TEST_F(RemoveFixture, RemoveAsksAndCancelKeepsEverythingWithOperationFailed) {
  open([this] { return ui_->provider_remove(); });
  EXPECT_NE(page_.find("Remove the SpanTSP provider?"), std::string::npos);
  // The page names the file it would delete.
  auto config = nlohmann::json::parse(client_->Get(base_ + "/api/config")->body);
  EXPECT_EQ(config["path"], config_.string());
  // The question page offers no editing.
  EXPECT_EQ(post("/api/save", R"({"toml": ""})")->status, 404);
  EXPECT_EQ(post("/api/cancel", "{}")->status, 200);
  EXPECT_EQ(finish(), LINEERR_OPERATIONFAILED);
  EXPECT_TRUE(fs::exists(config_));
}

TEST_F(RemoveFixture, RemoveConfirmedOnThePageDeletesTheConfiguration) {
  open([this] { return ui_->provider_remove(); });
  // The answer is a state-changing request: without the page's CSRF token it is refused.
  EXPECT_EQ(post("/api/confirm", "{}", "")->status, 403);
  EXPECT_TRUE(fs::exists(config_));
  auto res = post("/api/confirm", "{}");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(finish(), 0);
  EXPECT_FALSE(fs::exists(config_));
}

TEST_F(RemoveFixture, UnansweredQuestionTimesOutAsOperationFailed) {
  ::setenv("SPANTSP_UI_TIMEOUT_S", "0.3", 1);
  EXPECT_EQ(ui_->provider_remove(), LINEERR_OPERATIONFAILED);
  EXPECT_TRUE(fs::exists(config_));
}

TEST_F(RemoveFixture, PresetAnswersSkipThePageAndAMalformedOneStillAsks) {
  ::setenv("SPANTSP_UI_CONFIRM", "no", 1);
  EXPECT_EQ(ui_->provider_remove(), LINEERR_OPERATIONFAILED);
  EXPECT_TRUE(fs::exists(config_));
  EXPECT_FALSE(fs::exists(dir_ / "url"));  // no page was served
  ::setenv("SPANTSP_UI_CONFIRM", "maybe", 1);
  ::setenv("SPANTSP_UI_TIMEOUT_S", "0.3", 1);
  EXPECT_EQ(ui_->provider_remove(), LINEERR_OPERATIONFAILED);  // asked, nobody answered
  EXPECT_TRUE(fs::exists(config_));
  ::setenv("SPANTSP_UI_CONFIRM", "yes", 1);
  EXPECT_EQ(ui_->provider_remove(), 0);
  EXPECT_FALSE(fs::exists(config_));
}

TEST_F(RemoveFixture, NothingInstalledIsRemovedWithoutAQuestion) {
  ::setenv("SPANTSP_UI_CONFIRM", "yes", 1);
  ASSERT_EQ(ui_->provider_remove(), 0);
  ::unsetenv("SPANTSP_UI_CONFIRM");
  ::setenv("SPANTSP_UI_TIMEOUT_S", "0.3", 1);
  EXPECT_EQ(ui_->provider_remove(), 0);  // would time out if it asked
}

}  // namespace
}  // namespace spantsp::ui_test
