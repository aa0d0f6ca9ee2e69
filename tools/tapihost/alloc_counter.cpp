#include "tools/tapihost/alloc_counter.h"

#include <atomic>
#include <cerrno>
#include <cstddef>

#include "tools/tapihost/code_scope.h"

namespace spantsp::host {
namespace {
std::atomic<std::uint64_t> g_provider{0};
std::atomic<std::uint64_t> g_host{0};

// Unused where the hooks below are compiled out (sanitizers, Windows).
[[maybe_unused]] void count() {
  (in_host_code() ? g_host : g_provider).fetch_add(1, std::memory_order_relaxed);
}
}  // namespace

AllocationCount allocation_count() {
  return {g_provider.load(std::memory_order_relaxed), g_host.load(std::memory_order_relaxed)};
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
