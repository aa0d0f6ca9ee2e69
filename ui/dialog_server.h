#pragma once
// The configuration dialog as a web page (issue 6, DESIGN.md §6): an HTTP server on 127.0.0.1
// only, on a free port, behind a random token in every URL, serving the page shipped in this
// DLL and a small JSON API that forwards to the provider over the channel. It runs for the
// duration of one TUISPI_providerConfig / TUISPI_lineConfigDialog call (tspi-contract §7: the
// TUISPI functions are synchronous) and ends when the person saves or cancels, or on timeout.
//
// Security: requests without the URL token get 403; state-changing requests (POST) also need
// the page's CSRF token in X-SpanTSP-CSRF; a Host or Origin header that is not this loopback
// address gets 403 (DNS rebinding). Both tokens are 128 random bits, new for every dialog.
//
// Environment (tests drive the dialog through it):
//   SPANTSP_UI_TIMEOUT_S  seconds before the dialog gives up (default 900)
//   SPANTSP_UI_URL_FILE   the URL is also written to this file once the server listens
//   SPANTSP_UI_MONITOR_MS interval of the monitor's server-sent events (default 500)
//   SPANTSP_UI_BROWSER    command run with the URL (default, when there is a desktop: the
//                         system's http handler, xdg-open or ShellExecute; platform/browser.h)
//   SPANTSP_UI_CONFIRM    "yes" or "no" answers a confirmation (TUISPI_providerRemove) without
//                         serving its page, for unattended set-up; any other value is ignored
//                         (with a warning) and the person is asked
//
// Threads: run() blocks its caller; HTTP requests are served by the server's worker threads,
// which call the ChannelClient concurrently.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "ui/channel_client.h"

namespace spantsp::ui {

// kConfig: the configuration editor and monitor. kConfirmRemove: one question, Remove or
// Cancel (tspi-contract §7: providerRemove asks the person).
enum class DialogKind { kConfig, kConfirmRemove };

enum class DialogOutcome { kSaved, kConfirmed, kCancelled, kTimedOut, kFailed };

struct DialogOptions {
  DialogKind kind = DialogKind::kConfig;
  std::string title = "SpanTSP configuration";
  std::optional<std::uint32_t> line_device;  // a line dialog: the device it was opened for
  std::chrono::milliseconds timeout{900'000};
  std::chrono::milliseconds monitor_interval{500};
  std::string url_file;
  std::string browser;        // empty: the system's handler
  bool open_browser = false;  // a browser is started with the URL
  bool print_url = true;
  // A confirmation answered in advance (SPANTSP_UI_CONFIRM): no page is served.
  std::optional<bool> preset_answer;

  static DialogOptions from_environment();
};

// Serves the dialog until it ends. Never throws.
DialogOutcome run_dialog(ChannelClient& client, const DialogOptions& options) noexcept;

// The TUISPI return value for a configuration dialog's outcome: saved or cancelled is success.
LONG outcome_result(DialogOutcome outcome);

}  // namespace spantsp::ui
