#pragma once
// How the line and call exports reach the running engine: through the provider's session,
// which exists only between TSPI_providerInit and TSPI_providerShutdown.

#include "core/provider.h"
#include "tspi/export_guard.h"

// Runs `expr` on the engine inside the export guard, holding a use of the session so a
// racing Shutdown waits for it; without a session, `no_session_error`.
#define SPANTSP_WITH_ENGINE(no_session_error, expr)                       \
  SPANTSP_GUARDED({                                                       \
    const auto use = ::spantsp::core::Provider::instance().use_session(); \
    if (use.get() == nullptr) return no_session_error;                    \
    return use.get()->engine().expr;                                      \
  })
