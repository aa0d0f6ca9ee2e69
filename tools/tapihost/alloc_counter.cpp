#include "tools/tapihost/alloc_counter.h"

#include <atomic>
#include <cerrno>
#include <cstddef>
#include <cstdlib>
#include <string>

#if !defined(SPANTSP_SANITIZED) && defined(__GLIBC__)
#include <execinfo.h>
#define SPANTSP_ALLOC_TRACE 1
#endif

#include "tools/tapihost/code_scope.h"

namespace spantsp::host {
namespace {
std::atomic<std::uint64_t> g_provider{0};
std::atomic<std::uint64_t> g_host{0};

#if defined(SPANTSP_ALLOC_TRACE)
constexpr int kTraces = 4;
constexpr int kFrames = 24;
void* g_frames[kTraces][kFrames];
int g_depth[kTraces];
std::atomic<int> g_trace_next{kTraces};      // slots handed out; kTraces and above: not tracing
std::atomic<bool> g_trace_written[kTraces];  // release: the slot's frames are readable
thread_local bool t_tracing = false;         // backtrace() itself may allocate

void trace() {
  if (t_tracing || g_trace_next.load(std::memory_order_relaxed) >= kTraces) return;
  const int slot = g_trace_next.fetch_add(1, std::memory_order_relaxed);
  if (slot >= kTraces) return;
  t_tracing = true;
  g_depth[slot] = backtrace(g_frames[slot], kFrames);
  t_tracing = false;
  g_trace_written[slot].store(true, std::memory_order_release);
}
#endif

// Unused where the hooks below are compiled out (sanitizers, Windows).
[[maybe_unused]] void count() {
  if (in_host_code()) {
    g_host.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  g_provider.fetch_add(1, std::memory_order_relaxed);
#if defined(SPANTSP_ALLOC_TRACE)
  trace();
#endif
}
}  // namespace

AllocationCount allocation_count() {
  return {g_provider.load(std::memory_order_relaxed), g_host.load(std::memory_order_relaxed)};
}

void trace_provider_allocations() {
#if defined(SPANTSP_ALLOC_TRACE)
  void* warm[2];
  backtrace(warm, 2);  // the first call loads libgcc's unwinder: let the host pay for it
  for (auto& written : g_trace_written) written.store(false, std::memory_order_relaxed);
  g_trace_next.store(0, std::memory_order_release);
#endif
}

std::string provider_allocation_traces() {
  std::string text;
#if defined(SPANTSP_ALLOC_TRACE)
  for (int i = 0; i < kTraces; ++i) {
    if (!g_trace_written[i].load(std::memory_order_acquire)) continue;
    text += "provider allocation " + std::to_string(i + 1) + ":\n";
    char** symbols = backtrace_symbols(g_frames[i], g_depth[i]);
    for (int f = 0; symbols != nullptr && f < g_depth[i]; ++f) {
      text += "  ";
      text += symbols[f];
      text += '\n';
    }
    free(symbols);  // NOLINT: backtrace_symbols' contract
  }
#endif
  return text;
}

#if defined(SPANTSP_SANITIZED)
bool allocation_counter_available() {
  return false;
}
#else
bool allocation_counter_available() {
  return true;
}
#endif

}  // namespace spantsp::host

#if !defined(SPANTSP_SANITIZED)
// glibc's own entry points, which the interposers below forward to.
extern "C" {
void* __libc_malloc(std::size_t size);
void* __libc_calloc(std::size_t count, std::size_t size);
void* __libc_realloc(void* pointer, std::size_t size);
void* __libc_memalign(std::size_t alignment, std::size_t size);

void* malloc(std::size_t size) {
  spantsp::host::count();
  return __libc_malloc(size);
}
void* calloc(std::size_t count, std::size_t size) {
  spantsp::host::count();
  return __libc_calloc(count, size);
}
void* realloc(void* pointer, std::size_t size) {
  spantsp::host::count();
  return __libc_realloc(pointer, size);
}
void* memalign(std::size_t alignment, std::size_t size) {
  spantsp::host::count();
  return __libc_memalign(alignment, size);
}
void* aligned_alloc(std::size_t alignment, std::size_t size) {
  spantsp::host::count();
  return __libc_memalign(alignment, size);
}
int posix_memalign(void** out, std::size_t alignment, std::size_t size) {
  spantsp::host::count();
  void* p = __libc_memalign(alignment, size);
  if (p == nullptr) return ENOMEM;
  *out = p;
  return 0;
}
}
#endif
