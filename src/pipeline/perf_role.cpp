#include "pipeline/perf_role.h"

#include "platform/module.h"

namespace spantsp::pipeline::perf_role {
namespace {
using SlotSource = ThreadSlot* (*)();
std::atomic<SlotSource> g_source{nullptr};
thread_local bool t_looked_up = false;
thread_local ThreadSlot* t_slot = nullptr;
}  // namespace

namespace detail {
std::atomic<std::uint8_t> g_state{kUnknown};

ThreadSlot* slot() {
  if (t_looked_up) return t_slot;
  t_looked_up = true;
  if (g_state.load(std::memory_order_acquire) == kUnknown) {
    // The host executable's own symbol (it links with ENABLE_EXPORTS), never one of ours.
    const auto source =
        platform::as_function<SlotSource>(platform::process_symbol("spantsp_perf_role_slot"));
    g_source.store(source, std::memory_order_relaxed);
    g_state.store(source != nullptr ? kOn : kOff, std::memory_order_release);
  }
  const SlotSource source = g_source.load(std::memory_order_relaxed);
  t_slot = source != nullptr ? source() : nullptr;
  return t_slot;
}
}  // namespace detail

}  // namespace spantsp::pipeline::perf_role
