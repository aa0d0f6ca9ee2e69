#pragma once
// The provider: the one object TAPISRV talks to through src/tspi. It owns the lifecycle of
// tspi-contract §1.2 — version negotiation, EnumDevices, Init, Shutdown, several cycles per
// load — and the Session that lives between Init and Shutdown.
//
// Threads: lifecycle calls may come from any TAPISRV thread and are serialised by a mutex that
// is never taken on the call path, and never held while the engine makes upcalls (DESIGN.md
// §3). Line and call functions reach the session through a SessionUse, which enters the
// session gate (pipeline/request_gate.h): Shutdown unpublishes the session, waits for the
// TSPI calls already inside it, and only then stops and frees it. A call that arrives
// outside Init..Shutdown sees no session and fails cleanly.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>

#include "config/config_model.h"
#include "core/session.h"
#include "pipeline/request_gate.h"
#include "tspi/abi/tspi_abi.h"

namespace spantsp::core {

class Provider {
 public:
  static Provider& instance();

  // tspi-contract §1.2 step 2 and 5. INITIALIZE_NEGOTIATION never fails with OPERATIONUNAVAIL.
  LONG negotiate_tspi_version(DWORD device_id, DWORD low, DWORD high, DWORD* version);

  // Loads and validates the configuration; counts one line per configured bearer channel.
  // Invalid configuration: every error is logged with file, line and field, and the call
  // fails with LINEERR_INIFILECORRUPT instead of half-starting.
  LONG enum_devices(DWORD permanent_provider_id, DWORD* num_lines, DWORD* num_phones,
                    HPROVIDER provider, LINEEVENT line_create_proc);

  // Starts the session. A second Init while one is running is ignored and succeeds
  // (tspi-contract §1.2 step 4).
  LONG init(DWORD tspi_version, DWORD permanent_provider_id, DWORD line_device_id_base,
            DWORD_PTR num_lines, ASYNC_COMPLETION completion_proc, DWORD* tspi_options);

  // Stops the session; always succeeds (tspi-contract §1.2 step 9).
  LONG shutdown(DWORD tspi_version, DWORD permanent_provider_id);

  // A TSPI call's use of the running session: the session cannot be freed while one exists.
  class SessionUse {
   public:
    explicit SessionUse(Provider& provider) {
      if (!entry_.enter(provider.session_gate_)) return;  // Shutdown has begun
      session_ = provider.session_.load(std::memory_order_acquire);
    }
    Session* get() const { return session_; }

   private:
    pipeline::GateEntry entry_;
    Session* session_ = nullptr;
  };
  SessionUse use_session() { return SessionUse(*this); }

  // For the UI channel, whose calls TAPI does not serialise with Shutdown (tspi-contract §7):
  // runs `read(Session*)` (null when no session runs; read-only use) under the lifecycle mutex, so
  // the session cannot be destroyed meanwhile. `read` must be short and must not call back in.
  template <class Read>
  decltype(auto) with_session(Read&& read) {
    std::lock_guard lock(lifecycle_mutex_);
    return read(owned_session_.get());
  }

 private:
  Provider() = default;

  std::mutex lifecycle_mutex_;
  // Init waits while a Shutdown is stopping the previous session outside the mutex.
  std::condition_variable stopped_;
  bool stopping_ = false;
  pipeline::RequestGate session_gate_;
  std::optional<config::ProviderConfig> enumerated_;  // from this session's EnumDevices
  HPROVIDER provider_handle_ = nullptr;
  LINEEVENT line_create_proc_ = nullptr;
  std::unique_ptr<Session> owned_session_;
  std::atomic<Session*> session_{nullptr};
};

}  // namespace spantsp::core
