// The UI DLL's TUISPI exports driven through tapihost's UiHost exactly as TAPI drives them
// (tspi-contract §1.1, §7): loaded by the path TSPI_providerUIIdentify gives, reaching the
// provider only through the TUISPIDLLCALLBACK.

#include <dlfcn.h>

#include <thread>

#include "config/config_loader.h"
#include "tools/tapihost/host.h"
#include "ui_test_support.h"

namespace spantsp::ui_test {
namespace {

using ui::UiMessageType;

TEST_F(UiFixture, ProviderUIIdentifyNamesTheUiDllBesideTheProvider) {
  EXPECT_EQ(fs::path(ui_->ui_path()).filename(), "spantsp_ui.tsp");
  EXPECT_EQ(fs::path(ui_->ui_path()).parent_path(), fs::path(SPANTSP_PROVIDER_PATH).parent_path());
}

TEST_F(UiFixture, UiDllExportsEveryTuispiFunctionAndNothingOfTheProvider) {
  void* handle = ::dlopen(ui_->ui_path().c_str(), RTLD_NOW | RTLD_LOCAL);
  ASSERT_NE(handle, nullptr);
  for (const char* name :
       {"TUISPI_providerInstall", "TUISPI_providerRemove", "TUISPI_providerConfig",
        "TUISPI_lineConfigDialog", "TUISPI_lineConfigDialogEdit", "TUISPI_providerGenericDialog",
        "TUISPI_providerGenericDialogData"}) {
    EXPECT_NE(::dlsym(handle, name), nullptr) << name;
  }
  for (const char* name : {"TSPI_providerInit", "TSPI_providerGenericDialogData"}) {
    EXPECT_EQ(::dlsym(handle, name), nullptr) << name;
  }
  ::dlclose(handle);
}

TEST_F(UiFixture, InstallCreatesAValidConfigurationTheProviderStartsWith) {
  ASSERT_EQ(ui_->provider_install(), 0);
  ASSERT_TRUE(fs::exists(config_));
  const auto loaded = config::load_config_file(config_.string());
  ASSERT_TRUE(loaded.ok());
  // PRI where this build has the PRI module, else the `ideal` twin (config/default_config.h).
  EXPECT_EQ(loaded.config->boards.at(0).spans.at(0).signalling,
            SPANTSP_UI_TEST_PRI_MODULE ? config::Signalling::kPri : config::Signalling::kIdeal);

  host::Host::Options options;
  options.provider_path = SPANTSP_PROVIDER_PATH;
  host::Host session(options);
  ASSERT_EQ(session.start(), 0) << session.last_error();
  EXPECT_EQ(session.lines().size(), 30u);
  session.stop();
  EXPECT_TRUE(session.violations().empty());
}

TEST_F(UiFixture, SecondInstallIsNoMultipleInstanceAndChangesNothing) {
  ASSERT_EQ(ui_->provider_install(), 0);
  const std::string before = read_text(config_);
  EXPECT_EQ(ui_->provider_install(), LINEERR_NOMULTIPLEINSTANCE);
  EXPECT_EQ(read_text(config_), before);
}

TEST_F(UiFixture, InstallOverAHandWrittenConfigurationIsNoMultipleInstance) {
  fs::create_directories(config_.parent_path());
  write_text(config_, "# mine\n");
  EXPECT_EQ(ui_->provider_install(), LINEERR_NOMULTIPLEINSTANCE);
  EXPECT_EQ(read_text(config_), "# mine\n");
}

TEST_F(UiFixture, RemoveDeletesExactlyWhatInstallCreatedAndReinstallWorks) {
  const fs::path nested = dir_ / "a" / "b" / "spantsp.toml";
  ::setenv("SPANTSP_CONFIG", nested.c_str(), 1);
  ASSERT_EQ(ui_->provider_install(), 0);
  EXPECT_TRUE(fs::exists(nested));
  EXPECT_EQ(ui_->provider_remove(), 0);
  EXPECT_FALSE(fs::exists(dir_ / "a"));   // both directories install made are gone
  EXPECT_TRUE(fs::exists(dir_));          // and nothing that was there before
  EXPECT_EQ(ui_->provider_install(), 0);  // installable again
  EXPECT_EQ(ui_->provider_install(), LINEERR_NOMULTIPLEINSTANCE);
  EXPECT_EQ(ui_->provider_remove(), 0);
  EXPECT_EQ(ui_->provider_remove(), 0);  // nothing left to remove is not an error
}

TEST_F(UiFixture, RemoveKeepsDirectoriesThatGainedOtherFiles) {
  ASSERT_EQ(ui_->provider_install(), 0);
  write_text(config_.parent_path() / "notes.txt", "user file\n");
  EXPECT_EQ(ui_->provider_remove(), 0);
  EXPECT_FALSE(fs::exists(config_));
  EXPECT_TRUE(fs::exists(config_.parent_path() / "notes.txt"));
}

TEST_F(UiFixture, RemoveLeavesAConfigurationInstallDidNotCreate) {
  fs::create_directories(config_.parent_path());
  write_text(config_, "# mine\n");
  EXPECT_EQ(ui_->provider_remove(), 0);
  EXPECT_EQ(read_text(config_), "# mine\n");
}

TEST_F(UiFixture, FailedInstallRollsBackToNothing) {
  // The parent "directory" is a file: creating the directory below it fails half-way.
  write_text(dir_ / "blocker", "x");
  const fs::path impossible = dir_ / "blocker" / "sub" / "spantsp.toml";
  ::setenv("SPANTSP_CONFIG", impossible.c_str(), 1);
  const auto before = std::distance(fs::directory_iterator(dir_), fs::directory_iterator());
  EXPECT_EQ(ui_->provider_install(), LINEERR_OPERATIONFAILED);
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), before);
  EXPECT_EQ(read_text(dir_ / "blocker"), "x");
}

TEST_F(UiFixture, ConfigRoundTripSavesAtomicallyAndTakesEffectAtTheNextProviderInit) {
  ASSERT_EQ(ui_->provider_install(), 0);
  host::Host::Options options;
  options.provider_path = SPANTSP_PROVIDER_PATH;
  auto session = std::make_unique<host::Host>(options);
  ASSERT_EQ(session->start(), 0);
  ASSERT_EQ(session->lines().size(), 30u);

  RawReply got = send(UiMessageType::kGetConfig);
  ASSERT_EQ(got.channel, 0);
  ASSERT_TRUE(got.body.contains("model"));
  nlohmann::json model = got.body["model"];
  model["provider"]["name"] = "Edited";
  model["board"][0]["span"][0]["channels"] = "1-10";
  RawReply saved = send(UiMessageType::kSaveConfig, {{"model", model}});
  ASSERT_EQ(saved.channel, 0);
  EXPECT_EQ(saved.header.status, 0) << saved.body.dump();
  EXPECT_TRUE(saved.body["saved"].get<bool>());
  // No temporary file is left beside the configuration.
  for (const auto& entry : fs::directory_iterator(config_.parent_path())) {
    EXPECT_EQ(entry.path().string().find(".tmp"), std::string::npos) << entry.path();
  }

  // The running session keeps its configuration (tspi-contract §1.1 step 2) ...
  EXPECT_EQ(session->lines().size(), 30u);
  session->stop();
  EXPECT_TRUE(session->violations().empty());
  session.reset();  // one Host per process at a time
  {
    // ... and the next providerInit reads the saved one.
    host::Host next(options);
    ASSERT_EQ(next.start(), 0);
    EXPECT_EQ(next.lines().size(), 10u);
    next.stop();
  }

  RawReply again = send(UiMessageType::kGetConfig);
  EXPECT_EQ(again.body["model"]["provider"]["name"], "Edited");
  EXPECT_EQ(again.body["model"]["board"][0]["span"][0]["channels"], "1-10");
  EXPECT_TRUE(again.body["errors"].empty());
}

TEST_F(UiFixture, SaveWithErrorsWritesNothingAndReturnsTheErrors) {
  ASSERT_EQ(ui_->provider_install(), 0);
  const std::string before = read_text(config_);
  RawReply saved = send(UiMessageType::kSaveConfig, {{"toml", "[provider]\nname = \"\"\n"}});
  ASSERT_EQ(saved.channel, 0);
  EXPECT_EQ(saved.header.status, LINEERR_INVALPARAM);
  EXPECT_FALSE(saved.body["saved"].get<bool>());
  EXPECT_FALSE(saved.body["errors"].empty());
  EXPECT_EQ(read_text(config_), before);
}

// Every error the configuration model reports for a file reaches the UI unchanged, with line,
// column, field and message: the provider validates with the model's own loader.
TEST_F(UiFixture, EveryValidationErrorOfTheModelSurfacesThroughTheChannel) {
  int files = 0;
  std::size_t errors = 0;
  for (const auto& entry : fs::directory_iterator(SPANTSP_CONFIG_TEST_DATA)) {
    if (entry.path().extension() != ".toml") continue;
    const std::string text = read_text(entry.path());
    const auto expected = config::load_config_string(text, config::default_config_path());
    RawReply reply = send(UiMessageType::kValidateConfig, {{"toml", text}});
    ASSERT_EQ(reply.channel, 0) << entry.path();
    const auto& got = reply.body["errors"];
    if (expected.ok()) {
      // A valid file may still have no lines; the provider refuses to start then.
      if (got.size() == 1)
        EXPECT_EQ(got[0]["field"], "board");
      else
        EXPECT_TRUE(got.empty()) << entry.path() << got.dump();
      continue;
    }
    ++files;
    ASSERT_EQ(got.size(), expected.errors.size()) << entry.path() << "\n" << got.dump(2);
    for (std::size_t i = 0; i < expected.errors.size(); ++i) {
      EXPECT_EQ(got[i]["line"], expected.errors[i].line);
      EXPECT_EQ(got[i]["column"], expected.errors[i].column);
      EXPECT_EQ(got[i]["field"], expected.errors[i].field);
      EXPECT_EQ(got[i]["message"], expected.errors[i].message);
      ++errors;
    }
  }
  EXPECT_GE(files, 10);
  EXPECT_GE(errors, 30u);
}

TEST_F(UiFixture, ValidationOfAModelTreeNamesTheBadFields) {
  nlohmann::json model = {
      {"provider", {{"name", "x"}}},
      {"board",
       {{{"name", "sim0"},
         {"span",
          {{{"id", 1}, {"type", "e1"}, {"signalling", "pri_cpe"}, {"framing", "esf"}},
           {{"id", 1}, {"type", "t1"}, {"signalling", "cas"}, {"channels", "1-40"}}}}}}}};
  RawReply reply = send(UiMessageType::kValidateConfig, {{"model", model}});
  ASSERT_EQ(reply.channel, 0);
  std::set<std::string> fields;
  for (const auto& e : reply.body["errors"]) fields.insert(e["field"].get<std::string>());
  EXPECT_TRUE(fields.count("board[0].span[0].framing")) << reply.body.dump(2);
  EXPECT_TRUE(fields.count("board[0].span[1].id")) << reply.body.dump(2);
  EXPECT_TRUE(fields.count("board[0].span[1].channels")) << reply.body.dump(2);
}

TEST_F(UiFixture, MonitorReportsEveryLineAndSpanOfTheRunningSession) {
  RawReply idle = send(UiMessageType::kGetMonitor);
  ASSERT_EQ(idle.channel, 0);
  EXPECT_FALSE(idle.body["running"].get<bool>());

  ASSERT_EQ(ui_->provider_install(), 0);
  host::Host::Options options;
  options.provider_path = SPANTSP_PROVIDER_PATH;
  host::Host session(options);
  ASSERT_EQ(session.start(), 0);
  host::LineHandle line{};
  ASSERT_EQ(session.line_open(3, line), 0);

  bool open_seen = false;
  RawReply m;
  for (int i = 0; i < 200 && !open_seen; ++i) {
    m = send(UiMessageType::kGetMonitor, nlohmann::json::object(),
             static_cast<DWORD>(TUISPIDLL_OBJECT_LINEID), 3);
    ASSERT_EQ(m.channel, 0);
    open_seen = m.body["lines"][3][5] == 1;
    if (!open_seen) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_TRUE(open_seen);
  EXPECT_TRUE(m.body["running"].get<bool>());
  ASSERT_EQ(m.body["lines"].size(), 30u);
  ASSERT_EQ(m.body["spans"].size(), 1u);
  EXPECT_EQ(m.body["spans"][0]["id"], 1);
  EXPECT_TRUE(m.body["spans"][0]["in_service"].get<bool>());
  EXPECT_TRUE(m.body["spans"][0]["dchannel_up"].get<bool>());
  EXPECT_TRUE(m.body["spans"][0]["counters"].contains("offered"));
  EXPECT_EQ(m.body["lines"][3][0], 3);  // device id
  EXPECT_EQ(m.body["lines"][3][2], 4);  // channel
  EXPECT_EQ(m.body["focus"]["device_id"], 3);
  EXPECT_EQ(m.body["focus"]["channel"], 4);
  EXPECT_EQ(session.line_close(line), 0);
  session.stop();
}

TEST_F(UiFixture, UiCallsFromManyThreadsAtOnceAreSafe) {
  ASSERT_EQ(ui_->provider_install(), 0);
  const nlohmann::json model = send(UiMessageType::kGetConfig).body["model"];
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 30; ++i) {
        nlohmann::json edited = model;
        edited["provider"]["name"] = "T" + std::to_string(t) + "-" + std::to_string(i);
        const auto type = i % 3 == 0   ? UiMessageType::kSaveConfig
                          : i % 3 == 1 ? UiMessageType::kValidateConfig
                                       : UiMessageType::kGetMonitor;
        RawReply r = send(type, {{"model", edited}});
        if (r.channel != 0 || r.header.status != 0) ++failures;
        if (!config::load_config_file(config_.string()).ok()) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
}

// tspi-contract §7: UI calls are not serialised with the provider's lifecycle. The monitor keeps
// reading while sessions start and shut down underneath it.
TEST_F(UiFixture, MonitorReadsAreSafeWhileSessionsStartAndStop) {
  ASSERT_EQ(ui_->provider_install(), 0);
  std::atomic<bool> stop{false};
  std::atomic<int> failures{0}, running_seen{0};
  std::thread reader([&] {
    while (!stop.load()) {
      RawReply m = send(UiMessageType::kGetMonitor);
      if (m.channel != 0 || !m.body.contains("running")) ++failures;
      if (m.body.value("running", false)) {
        ++running_seen;
        if (m.body["lines"].size() != 30u) ++failures;
      }
    }
  });
  host::Host::Options options;
  options.provider_path = SPANTSP_PROVIDER_PATH;
  for (int cycle = 0; cycle < 10; ++cycle) {
    host::Host session(options);
    ASSERT_EQ(session.start(), 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    session.stop();
  }
  stop = true;
  reader.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_GT(running_seen.load(), 0);
}

TEST_F(UiFixture, LineConfigDialogRefusesAForeignDeviceClass) {
  EXPECT_EQ(ui_->line_config_dialog(0, u"wave/in"), LINEERR_INVALDEVICECLASS);
}

TEST_F(UiFixture, LineConfigDialogEditReturnsTheBlobUnchangedWithoutTheProvider) {
  const unsigned char blob[5] = {1, 2, 3, 4, 5};
  alignas(8) unsigned char buffer[sizeof(VARSTRING) + 16] = {};
  auto* out = reinterpret_cast<VARSTRING*>(buffer);
  out->dwTotalSize = sizeof(VARSTRING) + 2;  // too small for the blob
  const auto calls = ui_->callback_count();
  ASSERT_EQ(ui_->line_config_dialog_edit(0, blob, sizeof blob, out), 0);
  EXPECT_EQ(out->dwNeededSize, sizeof(VARSTRING) + 5);
  EXPECT_EQ(out->dwUsedSize, sizeof(VARSTRING));
  EXPECT_EQ(out->dwStringSize, 0u);
  out->dwTotalSize = sizeof buffer;
  ASSERT_EQ(ui_->line_config_dialog_edit(0, blob, sizeof blob, out), 0);
  EXPECT_EQ(out->dwStringFormat, static_cast<DWORD>(STRINGFORMAT_BINARY));
  EXPECT_EQ(out->dwStringSize, 5u);
  EXPECT_EQ(std::memcmp(buffer + out->dwStringOffset, blob, 5), 0);
  EXPECT_EQ(ui_->callback_count(), calls);  // the running provider is not touched
  out->dwTotalSize = 4;
  EXPECT_EQ(ui_->line_config_dialog_edit(0, blob, sizeof blob, out), LINEERR_STRUCTURETOOSMALL);
}

TEST_F(UiFixture, GenericDialogsAreNeverOpenedByThisProvider) {
  void* handle = ::dlopen(ui_->ui_path().c_str(), RTLD_NOW | RTLD_LOCAL);
  ASSERT_NE(handle, nullptr);
  auto generic = reinterpret_cast<decltype(&::TUISPI_providerGenericDialog)>(
      ::dlsym(handle, "TUISPI_providerGenericDialog"));
  auto data = reinterpret_cast<decltype(&::TUISPI_providerGenericDialogData)>(
      ::dlsym(handle, "TUISPI_providerGenericDialogData"));
  ASSERT_NE(generic, nullptr);
  ASSERT_NE(data, nullptr);
  EXPECT_EQ(generic(&host::UiHost::ui_callback, 1, nullptr, 0, nullptr), LINEERR_OPERATIONUNAVAIL);
  EXPECT_EQ(data(1, nullptr, 0), 0);
  ::dlclose(handle);
  EXPECT_EQ(ui_->provider().tspi().TSPI_providerFreeDialogInstance(nullptr), 0);
}

}  // namespace
}  // namespace spantsp::ui_test
