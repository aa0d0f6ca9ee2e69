// SetThreadDescription exists from Windows 10 1607 (and in Wine): looked up at run time so the
// provider still loads on older systems, where threads simply stay unnamed.

#include <windows.h>

#include "platform/module.h"
#include "platform/thread.h"
#include "platform/wide_path.h"

namespace spantsp::platform {

void set_current_thread_name(const std::string& name) {
  using SetThreadDescriptionFn = HRESULT(WINAPI*)(HANDLE, PCWSTR);
  static const auto set_description = as_function<SetThreadDescriptionFn>(
      module_symbol(GetModuleHandleW(L"kernel32.dll"), "SetThreadDescription"));
  if (set_description != nullptr) set_description(GetCurrentThread(), to_wide(name).c_str());
}

bool pin_current_thread(unsigned cpu) {
  if (cpu >= sizeof(DWORD_PTR) * 8) return false;
  return SetThreadAffinityMask(GetCurrentThread(), DWORD_PTR{1} << cpu) != 0;
}

}  // namespace spantsp::platform
