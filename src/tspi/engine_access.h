#pragma once
// How the line and call exports reach the running engine: through the provider's session,
// which exists only between TSPI_providerInit and TSPI_providerShutdown.

#include "core/provider.h"
#include "tspi/export_guard.h"

namespace spantsp::tspi {

inline core::Engine* running_engine() {
  auto* session = core::Provider::instance().session();
  return session == nullptr ? nullptr : &session->engine();
}

}  // namespace spantsp::tspi

// Runs `expr` on the engine inside the export guard; without a session, `no_session_error`.
#define SPANTSP_WITH_ENGINE(no_session_error, expr)                 \
  SPANTSP_GUARDED({                                                 \
    ::spantsp::core::Engine* e = ::spantsp::tspi::running_engine(); \
    if (e == nullptr) return no_session_error;                      \
    return e->expr;                                                 \
  })
