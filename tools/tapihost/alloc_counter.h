#pragma once
// Counts heap allocations made by provider code in this process (malloc and everything built
// on it: operator new, aligned new, calloc, realloc), by interposing the C allocator in the
// executable that links this file. Code is attributed with tools/tapihost/code_scope.h.
//
// Only in builds without sanitizers (they own the allocator); available() says so. The
// executable must export its symbols (CMake ENABLE_EXPORTS) so the dlopen'ed provider's
// allocations bind to the interposed functions.

#include <cstdint>
#include <string>

namespace spantsp::host {

struct AllocationCount {
  std::uint64_t provider = 0;  // allocations while running provider code
  std::uint64_t host = 0;      // everything else
};

bool allocation_counter_available();
AllocationCount allocation_count();

// Records the call stacks of the next few provider allocations (from now on), so a test that
// expects none can say where they came from. Call from host code; cheap until one happens.
void trace_provider_allocations();
// The stacks recorded since trace_provider_allocations(), one frame a line (module(+offset),
// for addr2line); empty when there were none or the counter is unavailable.
std::string provider_allocation_traces();

}  // namespace spantsp::host
