// WaitOnAddress/WakeByAddressSingle (Windows 8+, and Wine) are looked up at run time, so the
// provider still loads where they are missing (Windows 7, Server 2008 R2 TAPISRV); there the
// fallback parks waiters on one of a fixed set of SRW lock + condition variable pairs chosen by
// the word's address. No lost wake-up in the fallback: the waiter compares the word under the
// pair's lock, and the waker, which changed the word before calling, takes the same lock.

#include <windows.h>

#include <cstdint>

#include "platform/futex.h"
#include "platform/module.h"

namespace spantsp::platform {
namespace {

static_assert(sizeof(std::atomic<std::uint32_t>) == sizeof(std::uint32_t),
              "the OS waits on the atomic's own 32 bits");

using WaitOnAddressFn = BOOL(WINAPI*)(volatile VOID*, PVOID, SIZE_T, DWORD);
using WakeByAddressSingleFn = VOID(WINAPI*)(PVOID);

struct AddressWait {
  WaitOnAddressFn wait = nullptr;
  WakeByAddressSingleFn wake = nullptr;

  AddressWait() {
    HMODULE module = LoadLibraryW(L"api-ms-win-core-synch-l1-2-0.dll");
    if (module == nullptr) module = GetModuleHandleW(L"kernelbase.dll");
    wait = as_function<WaitOnAddressFn>(module_symbol(module, "WaitOnAddress"));
    wake = as_function<WakeByAddressSingleFn>(module_symbol(module, "WakeByAddressSingle"));
    if (wait == nullptr || wake == nullptr) wait = nullptr, wake = nullptr;
  }
};

const AddressWait& address_wait() {
  static const AddressWait instance;  // first use, thread-safe
  return instance;
}

struct Bucket {
  SRWLOCK lock = SRWLOCK_INIT;
  CONDITION_VARIABLE changed = CONDITION_VARIABLE_INIT;
};

constexpr std::size_t kBuckets = 64;
Bucket g_buckets[kBuckets];

Bucket& bucket_of(const void* word) {
  const auto bits = reinterpret_cast<std::uintptr_t>(word);
  return g_buckets[(bits >> 2) % kBuckets];
}

DWORD to_milliseconds(std::chrono::nanoseconds timeout) {
  const auto ms = std::chrono::ceil<std::chrono::milliseconds>(timeout).count();
  return ms >= static_cast<long long>(INFINITE) ? INFINITE - 1 : static_cast<DWORD>(ms);
}

}  // namespace

void futex_wait(std::atomic<std::uint32_t>& word, std::uint32_t expected,
                std::chrono::nanoseconds timeout) {
  if (timeout <= std::chrono::nanoseconds::zero()) return;
  const DWORD ms = to_milliseconds(timeout);
  if (const auto& os = address_wait(); os.wait != nullptr) {
    os.wait(&word, &expected, sizeof expected, ms);
    return;
  }
  Bucket& bucket = bucket_of(&word);
  AcquireSRWLockExclusive(&bucket.lock);
  if (word.load(std::memory_order_seq_cst) == expected) {
    SleepConditionVariableSRW(&bucket.changed, &bucket.lock, ms, 0);
  }
  ReleaseSRWLockExclusive(&bucket.lock);
}

void futex_wake_one(std::atomic<std::uint32_t>& word) {
  if (const auto& os = address_wait(); os.wake != nullptr) {
    os.wake(&word);
    return;
  }
  // Several words share a bucket, so wake them all; each re-checks its own word.
  Bucket& bucket = bucket_of(&word);
  AcquireSRWLockExclusive(&bucket.lock);
  ReleaseSRWLockExclusive(&bucket.lock);
  WakeAllConditionVariable(&bucket.changed);
}

}  // namespace spantsp::platform
