// One call-state-machine step: what the worker and the TSPI entry points consult per request
// and per state change (core/call_state.h): is the op legal now, is the transition legal, and
// the LINECALLSTATUS features of the new state.
//
// The input is a realistic mix: each element is (state, op, next state) drawn from the states
// a call goes through on an answered outbound or inbound call, weighted by how many requests
// and events hit each (CONNECTED and the set-up states most, with device substate bits set on
// some, and a few IDLE / "not yet valid" lookups that must be refused).
//
// Compared against the alternative a reader would ask about: the same answers from a table
// indexed by the state's bit position (std::countr_zero) instead of call_state.cpp's linear
// scan of its 11 rows. The table is built from call_op_allowed itself, so both give identical
// answers (checked before timing).

#include <benchmark/benchmark.h>

#include <array>
#include <bit>
#include <cstdint>
#include <random>
#include <vector>

#include "core/call_state.h"

namespace spantsp::perf {
namespace {

struct Step {
  DWORD state;
  core::CallOp op;
  DWORD next;
};

std::vector<Step> make_mix() {
  struct Weighted {
    Step step;
    int weight;
  };
  using core::CallOp;
  const Weighted kinds[] = {
      {{core::kCallStateNone, CallOp::kDrop, LINECALLSTATE_DIALING}, 2},
      {{LINECALLSTATE_DIALING, CallOp::kDial, LINECALLSTATE_PROCEEDING}, 6},
      {{LINECALLSTATE_PROCEEDING, CallOp::kDrop, LINECALLSTATE_RINGBACK}, 6},
      {{LINECALLSTATE_RINGBACK, CallOp::kDrop, LINECALLSTATE_CONNECTED}, 6},
      {{LINECALLSTATE_OFFERING, CallOp::kAnswer, LINECALLSTATE_ACCEPTED}, 6},
      {{LINECALLSTATE_OFFERING | 0x01000000u, CallOp::kAccept, LINECALLSTATE_ACCEPTED}, 2},
      {{LINECALLSTATE_ACCEPTED, CallOp::kAnswer, LINECALLSTATE_CONNECTED}, 4},
      {{LINECALLSTATE_CONNECTED, CallOp::kDrop, LINECALLSTATE_DISCONNECTED}, 12},
      {{LINECALLSTATE_DISCONNECTED, CallOp::kDrop, LINECALLSTATE_IDLE}, 6},
      {{LINECALLSTATE_IDLE, CallOp::kDrop, LINECALLSTATE_CONNECTED}, 2},
      {{LINECALLSTATE_BUSY, CallOp::kDrop, LINECALLSTATE_DISCONNECTED}, 1},
  };
  std::vector<Step> pool;
  for (const auto& k : kinds)
    for (int i = 0; i < k.weight; ++i) pool.push_back(k.step);
  std::mt19937 rng(7);
  std::vector<Step> mix(4096);
  for (auto& s : mix) s = pool[rng() % pool.size()];
  return mix;
}

const std::vector<Step>& mix() {
  static const std::vector<Step> m = make_mix();
  return m;
}

// Calls on a line with bearer audio (ideal, PRI): the media columns of the table count too.
constexpr core::CallTraits kTraits{.bearer_media = true};
constexpr unsigned kOpCount = static_cast<unsigned>(core::CallOp::kSetMediaControl) + 1;

// The alternative: one row per state bit, built from the real table.
struct BitTable {
  std::array<std::uint16_t, 33> allowed{};  // bit per CallOp; index 32 = no valid single bit
  std::array<DWORD, 33> features{};
  BitTable() {
    for (unsigned bit = 0; bit < 32; ++bit) {
      const DWORD state = DWORD{1} << bit;
      for (unsigned op = 0; op < kOpCount; ++op) {
        if (core::call_op_allowed(state, static_cast<core::CallOp>(op), kTraits)) {
          allowed[bit] = static_cast<std::uint16_t>(allowed[bit] | 1u << op);
        }
      }
      features[bit] = core::call_features(state, kTraits);
    }
  }
  static unsigned index(DWORD state) {
    const DWORD base = state & 0x00FFFFFFu;
    return std::has_single_bit(base) ? static_cast<unsigned>(std::countr_zero(base)) : 32u;
  }
  bool op_allowed(DWORD state, core::CallOp op) const {
    return (allowed[index(state)] >> static_cast<unsigned>(op)) & 1u;
  }
  DWORD call_features(DWORD state) const { return features[index(state)]; }
};

void BM_CallState_Step(benchmark::State& state) {
  const auto& steps = mix();
  std::uint64_t acc = 0;
  for (auto _ : state) {
    for (const Step& s : steps) {
      acc += core::call_op_allowed(s.state, s.op, kTraits);
      acc += core::call_transition_allowed(s.state, s.next);
      acc += core::call_features(s.next, kTraits);
    }
    benchmark::DoNotOptimize(acc);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * steps.size()));
}

void BM_CallState_OpAllowed(benchmark::State& state) {
  const auto& steps = mix();
  std::uint64_t acc = 0;
  for (auto _ : state) {
    for (const Step& s : steps) acc += core::call_op_allowed(s.state, s.op, kTraits);
    benchmark::DoNotOptimize(acc);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * steps.size()));
}

void BM_CallState_TransitionAllowed(benchmark::State& state) {
  const auto& steps = mix();
  std::uint64_t acc = 0;
  for (auto _ : state) {
    for (const Step& s : steps) acc += core::call_transition_allowed(s.state, s.next);
    benchmark::DoNotOptimize(acc);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * steps.size()));
}

void BM_CallState_Features(benchmark::State& state) {
  const auto& steps = mix();
  std::uint64_t acc = 0;
  for (auto _ : state) {
    for (const Step& s : steps) acc += core::call_features(s.next, kTraits);
    benchmark::DoNotOptimize(acc);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * steps.size()));
}

// The same step with op and features from the bit-indexed table (transition guard unchanged).
void BM_CallState_Step_BitIndexedTable(benchmark::State& state) {
  static const BitTable table;
  const auto& steps = mix();
  for (const Step& s : steps) {
    if (table.op_allowed(s.state, s.op) != core::call_op_allowed(s.state, s.op, kTraits) ||
        table.call_features(s.next) != core::call_features(s.next, kTraits)) {
      state.SkipWithError("bit table disagrees with call_state.cpp");
      return;
    }
  }
  std::uint64_t acc = 0;
  for (auto _ : state) {
    for (const Step& s : steps) {
      acc += table.op_allowed(s.state, s.op);
      acc += core::call_transition_allowed(s.state, s.next);
      acc += table.call_features(s.next);
    }
    benchmark::DoNotOptimize(acc);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * steps.size()));
}

// Only the op check, table against scan, to separate it from the shared transition guard.
void BM_CallState_OpAllowed_BitIndexedTable(benchmark::State& state) {
  static const BitTable table;
  const auto& steps = mix();
  std::uint64_t acc = 0;
  for (auto _ : state) {
    for (const Step& s : steps) acc += table.op_allowed(s.state, s.op);
    benchmark::DoNotOptimize(acc);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * steps.size()));
}

BENCHMARK(BM_CallState_Step);
BENCHMARK(BM_CallState_OpAllowed);
BENCHMARK(BM_CallState_TransitionAllowed);
BENCHMARK(BM_CallState_Features);
BENCHMARK(BM_CallState_Step_BitIndexedTable);
BENCHMARK(BM_CallState_OpAllowed_BitIndexedTable);

}  // namespace
}  // namespace spantsp::perf
