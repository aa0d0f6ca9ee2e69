#include <windows.h>
// After windows.h, which it needs.
#include <shellapi.h>

#include "platform/browser.h"
#include "platform/wide_path.h"

namespace spantsp::platform {

bool has_desktop() {
  USEROBJECTFLAGS flags{};
  return GetUserObjectInformationW(GetProcessWindowStation(), UOI_FLAGS, &flags, sizeof flags,
                                   nullptr) &&
         (flags.dwFlags & WSF_VISIBLE) != 0;
}

bool open_url(const std::string& command, const std::string& url) {
  const std::wstring wide_url = to_wide(url);
  if (command.empty()) {
    // The shell's handler for http: the user's default browser. Values above 32 mean success.
    const auto result = reinterpret_cast<INT_PTR>(
        ShellExecuteW(nullptr, L"open", wide_url.c_str(), nullptr, nullptr, SW_SHOWNORMAL));
    return result > 32;
  }
  // The URL is ours (127.0.0.1, a hex token): no character needs escaping inside the quotes.
  std::wstring line = L"\"" + to_wide(command) + L"\" \"" + wide_url + L"\"";
  STARTUPINFOW startup{};
  startup.cb = sizeof startup;
  PROCESS_INFORMATION process{};
  if (!CreateProcessW(nullptr, line.data(), nullptr, nullptr, FALSE, 0, nullptr, nullptr, &startup,
                      &process)) {
    return false;
  }
  CloseHandle(process.hThread);
  CloseHandle(process.hProcess);
  return true;
}

}  // namespace spantsp::platform
