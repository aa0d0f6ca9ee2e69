// Fuzz target: the UI DLL's HTTP API (ui/dialog_server.cpp), issue 12 §3. tapihost's UiHost
// runs TUISPI_providerConfig as TAPI would (the UI DLL serving its page on 127.0.0.1 and
// forwarding to the provider over the channel); each input is one raw HTTP request sent to
// that server over a socket. In the input, {T} stands for the URL token, {C} for the CSRF
// token and {H} for 127.0.0.1:port, so mutations of real requests get past the checks. A
// request that ends the dialog (Save, Cancel) makes the next input start a new one.
//
// Threads: the dialog runs on a thread of its own; the HTTP server on the UI DLL's workers.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>

#include "tests/fuzz/fuzz_support.h"
#include "tools/tapihost/ui_host.h"

namespace {

namespace host = spantsp::host;
namespace fs = std::filesystem;

constexpr const char* kHarness = "ui_http_fuzz";

struct Dialog {
  std::thread thread;
  int port = 0;
  std::string token;
  std::string csrf;
};

host::UiHost* g_ui = nullptr;
fs::path g_url_file;
// Never destroyed: the process ends with the dialog still serving (its thread joinable).
Dialog& g_dialog = *new Dialog;

void replace_all(std::string& text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at)) {
    text.replace(at, from.size(), to);
    at += to.size();
  }
}

// True once `reply` holds a whole response with a Content-Length body.
bool complete(const std::string& reply) {
  const std::size_t end = reply.find("\r\n\r\n");
  if (end == std::string::npos) return false;
  const std::string head = reply.substr(0, end);
  std::size_t at = head.find("Content-Length: ");
  if (at == std::string::npos) at = head.find("content-length: ");
  if (at == std::string::npos) return false;
  const std::size_t length = std::strtoul(head.c_str() + at + 16, nullptr, 10);
  return reply.size() >= end + 4 + length;
}

// One request on a connection of its own; the answer is read until it is complete, the server
// closes, or the time limit passes (streams, keep-alive). (The write half stays open: the
// server drops a request whose client has shut it.)
std::string exchange(int port, const std::string& request, long wait_ms = 300) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) spantsp::fuzz::fail(kHarness, "socket() failed");
  timeval limit{wait_ms / 1000, (wait_ms % 1000) * 1000};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof limit);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string reply;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
    std::size_t sent = 0;
    while (sent < request.size()) {
      const ssize_t n = ::send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) break;
      sent += static_cast<std::size_t>(n);
    }
    char buffer[4096];
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(wait_ms);
    while (!complete(reply) && std::chrono::steady_clock::now() < deadline) {
      const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
      if (n <= 0) break;
      reply.append(buffer, static_cast<std::size_t>(n));
    }
  }
  ::close(fd);
  return reply;
}

bool dialog_running() {
  return g_dialog.thread.joinable() && fs::exists(g_url_file);
}

// Starts TUISPI_providerConfig and waits for its URL; reads the CSRF token from its page.
void start_dialog() {
  if (g_dialog.thread.joinable()) g_dialog.thread.join();  // the last one ended
  g_dialog = Dialog{};
  g_dialog.thread = std::thread([] { g_ui->provider_config(); });
  std::string url;
  for (int i = 0; i < 1000 && url.empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    std::ifstream(g_url_file) >> url;
  }
  // http://127.0.0.1:PORT/TOKEN/
  const std::size_t colon = url.rfind(':');
  const std::size_t slash = url.find('/', colon);
  if (url.empty() || colon == std::string::npos || slash == std::string::npos) {
    spantsp::fuzz::fail(kHarness, "the dialog did not publish its URL");
  }
  g_dialog.port = std::stoi(url.substr(colon + 1, slash - colon - 1));
  g_dialog.token = url.substr(slash + 1, url.size() - slash - 2);
  const std::string page = exchange(
      g_dialog.port,
      "GET /" + g_dialog.token + "/ HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(g_dialog.port) +
          "\r\nConnection: close\r\n\r\n",
      5000);
  const std::string marker = "const CSRF = \"";
  const std::size_t at = page.find(marker);
  if (at == std::string::npos) {
    spantsp::fuzz::fail(kHarness,
                        "no CSRF token in the page at " + url + ":\n" + page.substr(0, 400));
  }
  g_dialog.csrf = page.substr(at + marker.size(), 32);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  const fs::path dir = spantsp::fuzz::make_temp_dir("ui_http_fuzz");
  spantsp::fuzz::use_config(fs::path(SPANTSP_FUZZ_DATA) / "sim-fuzz.toml", dir / "spantsp.toml");
  g_url_file = dir / "url";
  ::setenv("SPANTSP_UI_URL_FILE", g_url_file.c_str(), 1);
  ::setenv("SPANTSP_UI_TIMEOUT_S", "100000", 1);
  ::setenv("SPANTSP_UI_MONITOR_MS", "50", 1);
  ::setenv("SPANTSP_UI_BROWSER", "", 1);
  ::unsetenv("DISPLAY");
  ::unsetenv("WAYLAND_DISPLAY");
  g_ui = new host::UiHost({SPANTSP_FUZZ_PROVIDER, 1});  // lives until the process ends
  if (!g_ui->ready()) spantsp::fuzz::fail(kHarness, g_ui->last_error());
  spantsp::fuzz::pin_module(g_ui->ui_path());
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (!dialog_running()) start_dialog();
  std::string request(reinterpret_cast<const char*>(data), size);
  replace_all(request, "{T}", g_dialog.token);
  replace_all(request, "{C}", g_dialog.csrf);
  replace_all(request, "{H}", "127.0.0.1:" + std::to_string(g_dialog.port));
  exchange(g_dialog.port, request);
  return 0;
}
