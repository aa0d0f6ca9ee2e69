// The malloc interposer charges each allocation to the code that made it, and names the
// provider's: a "no allocation" test that fails says where the allocation came from.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "tools/tapihost/alloc_counter.h"
#include "tools/tapihost/code_scope.h"

namespace spantsp::host {
namespace {

// Not inlined, and the block escapes: the compiler may not elide the malloc/free pair.
[[gnu::noinline]] void* allocate(std::size_t size) {
  void* block = std::malloc(size);
  asm volatile("" : : "r"(block) : "memory");
  return block;
}

// Not inlined either, so its name is a frame of the recorded stack.
[[gnu::noinline]] void* allocate_in_provider_code(std::size_t size) {
  ProviderCodeScope provider_code;
  return allocate(size);
}

TEST(AllocCounter, ChargesTheProviderAndRecordsWhereItAllocated) {
  if (!allocation_counter_available()) GTEST_SKIP() << "sanitizers own the allocator";
  HostCodeScope host_code;
  trace_provider_allocations();
  EXPECT_EQ(provider_allocation_traces(), "");
  const AllocationCount before = allocation_count();
  void* block = allocate_in_provider_code(48);
  const AllocationCount after = allocation_count();
  std::free(block);
  EXPECT_EQ(after.provider - before.provider, 1u);
  const std::string traces = provider_allocation_traces();
  EXPECT_NE(traces.find("provider allocation 1:"), std::string::npos) << traces;
  EXPECT_EQ(traces.find("provider allocation 2:"), std::string::npos) << traces;
  EXPECT_NE(traces.find("alloc_counter_test"), std::string::npos)
      << "the stack names the test program:\n"
      << traces;
}

TEST(AllocCounter, HostAllocationsAreNotTraced) {
  if (!allocation_counter_available()) GTEST_SKIP() << "sanitizers own the allocator";
  HostCodeScope host_code;
  trace_provider_allocations();
  const AllocationCount before = allocation_count();
  void* block = allocate(48);
  const AllocationCount after = allocation_count();
  std::free(block);
  EXPECT_EQ(after.provider, before.provider);
  EXPECT_GE(after.host - before.host, 1u);
  EXPECT_EQ(provider_allocation_traces(), "");
}

}  // namespace
}  // namespace spantsp::host
