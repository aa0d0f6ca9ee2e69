#pragma once
// Naming and pinning the calling thread: pthread_setname_np/sched_setaffinity on Linux
// (thread_posix.cpp), SetThreadDescription/SetThreadAffinityMask on Windows (thread_windows.cpp).
// Called by a thread on itself, at its start. Best effort: a debugger or `top -H` shows the
// name; failure changes nothing else.

#include <string>

namespace spantsp::platform {

// Linux keeps 15 bytes of the name.
void set_current_thread_name(const std::string& name);

// Runs the calling thread on `cpu` only. Returns false when the OS refuses (no such CPU).
bool pin_current_thread(unsigned cpu);

}  // namespace spantsp::platform
