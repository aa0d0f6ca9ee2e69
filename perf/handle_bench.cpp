// Handle validation: every TSPI entry point that takes an HDRVCALL decodes it and compares the
// generation with the slot's before touching anything (core/handle.h, Engine::resolve_call).
// The check below is exactly resolve_call's: decode, bound check, acquire-load of the slot's
// generation, same_generation.
//
// Compared: live handles (hit), handles of calls whose slot moved on (stale; the TSPI answers
// LINEERR_INVALCALLHANDLE), and the TSP++ practice it replaces, a raw Call* dereferenced without
// any check (the floor: what validation costs on top of touching the slot at all). Handles are
// drawn at random from a table of 1,024 real core::Call slots so the slot loads miss the L1
// as they do when many lines are busy.

#include <benchmark/benchmark.h>

#include <cstdint>
#include <memory>
#include <random>
#include <vector>

#include "core/call.h"
#include "core/handle.h"

namespace spantsp::perf {
namespace {

constexpr std::uint32_t kSlots = 1024;
constexpr std::size_t kLookups = 4096;

const core::HandleCodec& codec() {
  static const core::HandleCodec handles = *core::HandleCodec::for_capacity(kSlots);
  return handles;
}

struct Table {
  std::unique_ptr<core::Call[]> calls{new core::Call[kSlots]};
  std::vector<std::uintptr_t> live;
  std::vector<std::uintptr_t> stale;
  std::vector<core::Call*> raw;

  Table() {
    std::mt19937 rng(42);
    for (std::uint32_t i = 0; i < kSlots; ++i) {
      calls[i].generation.store(1 + (rng() & 0xFFFF), std::memory_order_relaxed);
    }
    for (std::size_t k = 0; k < kLookups; ++k) {
      const std::uint32_t i = rng() % kSlots;
      const std::uint32_t g = calls[i].generation.load(std::memory_order_relaxed);
      live.push_back(codec().encode(i, g));
      stale.push_back(codec().encode(i, g - 1));
      raw.push_back(&calls[i]);
    }
  }
};

Table& table() {
  static Table t;
  return t;
}

// Engine::resolve_call, minus the out-parameters.
core::Call* resolve(core::Call* calls, std::uintptr_t handle) {
  const auto parts = codec().decode(handle);
  if (!parts || parts->index >= kSlots) return nullptr;
  core::Call& call = calls[parts->index];
  if (!codec().same_generation(call.generation.load(std::memory_order_acquire),
                               parts->generation)) {
    return nullptr;
  }
  return &call;
}

void validate(benchmark::State& state, const std::vector<std::uintptr_t>& handles) {
  core::Call* calls = table().calls.get();
  std::size_t found = 0;
  for (auto _ : state) {
    for (const std::uintptr_t h : handles) found += resolve(calls, h) != nullptr;
    benchmark::DoNotOptimize(found);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * handles.size()));
  state.counters["hit_fraction"] =
      static_cast<double>(found) / static_cast<double>(state.iterations() * handles.size());
}

void BM_Handle_Validate_Hit(benchmark::State& state) {
  validate(state, table().live);
}
void BM_Handle_Validate_Stale(benchmark::State& state) {
  validate(state, table().stale);
}

// The floor: read the slot through a raw pointer, no decode, no generation check.
void BM_Handle_RawPointer_NoCheck(benchmark::State& state) {
  const auto& raw = table().raw;
  std::uint64_t sum = 0;
  for (auto _ : state) {
    for (core::Call* call : raw) sum += call->generation.load(std::memory_order_acquire);
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * raw.size()));
}

BENCHMARK(BM_Handle_RawPointer_NoCheck);
BENCHMARK(BM_Handle_Validate_Hit);
BENCHMARK(BM_Handle_Validate_Stale);

}  // namespace
}  // namespace spantsp::perf
