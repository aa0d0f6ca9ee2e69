#pragma once
// Opening the UI DLL's dialog page in a browser (browser_posix.cpp: posix_spawnp, never a
// shell; browser_windows.cpp: ShellExecuteW / CreateProcessW). Called on the dialog's thread;
// does not wait for the browser.

#include <string>

namespace spantsp::platform {

// True when a browser can be shown to a user: POSIX, an X11 or Wayland display is set;
// Windows, the process's window station is visible (not a service's).
bool has_desktop();

// Opens `url` with `command` (a program given the URL as its only argument), or with the
// system's handler for http URLs when `command` is empty (xdg-open; the default browser).
// Returns false when nothing could be started.
bool open_url(const std::string& command, const std::string& url);

}  // namespace spantsp::platform
