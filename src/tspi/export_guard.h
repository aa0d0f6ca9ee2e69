#pragma once
// Every TSPI_* export runs its body through guarded(): no C++ exception ever reaches TAPISRV
// (tspi-contract §8 rule 15). Allocation failure becomes LINEERR_NOMEM, anything else
// LINEERR_OPERATIONFAILED, and both are logged with the function's name.

#include <exception>
#include <new>

#include "core/log.h"
#include "tspi/abi/tspi_abi.h"

namespace spantsp::tspi {

template <class Body>
LONG guarded(const char* function, Body&& body) noexcept {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    SPANTSP_LOG_ERROR("%s: out of memory", function);
    return LINEERR_NOMEM;
  } catch (const std::exception& e) {
    SPANTSP_LOG_ERROR("%s: %s", function, e.what());
    return LINEERR_OPERATIONFAILED;
  } catch (...) {
    SPANTSP_LOG_ERROR("%s: unknown exception", function);
    return LINEERR_OPERATIONFAILED;
  }
}

}  // namespace spantsp::tspi

#define SPANTSP_GUARDED(...) ::spantsp::tspi::guarded(__func__, [&]() -> LONG __VA_ARGS__)
