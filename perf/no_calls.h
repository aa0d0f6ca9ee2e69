#pragma once
// A call registry for benchmarks that publish only completions: the dispatcher never consults
// it. Shared by the dispatcher benchmarks and the load tool's same-run reference hop.

#include "pipeline/dispatcher.h"

namespace spantsp::perf {

class NoCalls final : public pipeline::CallRegistry {
 public:
  HTAPICALL* ht_call_slot(std::uint32_t, std::uint32_t) override { return nullptr; }
  void new_call_refused(std::uint32_t, std::uint32_t) override {}
  bool retry_deferred() override { return true; }
  void free_call(std::uint32_t, std::uint32_t, bool) override {}
  void call_settled(std::uint32_t, std::uint32_t, std::uint32_t) override {}
};

}  // namespace spantsp::perf
