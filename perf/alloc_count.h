#pragma once
// Counts operator new calls made by the calling thread, so a benchmark can report heap
// allocations per operation next to its time (DESIGN.md §3: zero allocations per call in steady
// state). The replacement operator new in alloc_count.cpp adds one thread-local increment to
// every allocation in this binary, the new/delete baseline included (well under 1 ns against
// the allocator's own tens of ns).

#include <cstdint>

namespace spantsp::perf {

std::uint64_t thread_allocations();

}  // namespace spantsp::perf
