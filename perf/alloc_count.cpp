#include "perf/alloc_count.h"

#include <cstdlib>
#include <new>

namespace spantsp::perf {
namespace {
thread_local std::uint64_t t_allocations = 0;
}  // namespace

std::uint64_t thread_allocations() {
  return t_allocations;
}

}  // namespace spantsp::perf

// The replaceable global allocation functions. libstdc++'s nothrow and array forms forward to
// these, so counting here covers them.
void* operator new(std::size_t size) {
  ++spantsp::perf::t_allocations;
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}

void* operator new(std::size_t size, std::align_val_t align) {
  ++spantsp::perf::t_allocations;
  const auto a = static_cast<std::size_t>(align);
  const std::size_t rounded = (size + a - 1) / a * a;  // aligned_alloc wants a multiple
  if (void* p = std::aligned_alloc(a, rounded == 0 ? a : rounded)) return p;
  throw std::bad_alloc();
}

void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}
void operator delete(void* p, std::align_val_t) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t, std::align_val_t) noexcept {
  std::free(p);
}
