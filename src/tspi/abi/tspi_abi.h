#pragma once
// The TSPI boundary's declarations, from one include (DESIGN.md §2):
//   #include "tspi/abi/tspi_abi.h"
//
// By default: SpanTSP's own fixed-width declarations (every platform, Linux included).
// On Windows with SPANTSP_USE_SDK_HEADERS defined: the SDK's <windows.h>, <tapi.h> and <tspi.h>
// (or mingw-w64's), plus the few names those lack. Provider sources compile against either, as
// long as they stick to the TAPI names. Differences to keep in mind with the SDK headers:
// WCHAR is wchar_t rather than char16_t, LONG is `long`, and LINEERR_* are unsigned literals.

#if defined(_WIN32) && defined(SPANTSP_USE_SDK_HEADERS)

// Our structures always have every member up to TAPI 3.1; make the SDK declare the same ones.
#ifndef TAPI_CURRENT_VERSION
#define TAPI_CURRENT_VERSION 0x00030001
#elif TAPI_CURRENT_VERSION < 0x00030001
#error "SpanTSP needs the TAPI 3.1 structure layouts: TAPI_CURRENT_VERSION must be >= 0x00030001"
#endif
#ifndef NOMINMAX
#define NOMINMAX  // Keep std::min/std::max usable in provider sources.
#endif
#include <windows.h>  // First: the SDK's tapi.h relies on it.

#include <tapi.h>
#include <tspi.h>

#ifndef SPANTSP_TSPI_EXPORT
#define SPANTSP_TSPI_EXPORT  // The .def file lists the exports.
#endif
#ifndef TSPIAPI
#define TSPIAPI WINAPI
#endif
#ifndef INITIALIZE_NEGOTIATION
#define INITIALIZE_NEGOTIATION static_cast<DWORD>(0xFFFFFFFF)
#endif
#ifndef TAPI_VERSION1_0
#define TAPI_VERSION1_0 0x00010003
#endif
#ifndef TAPI_VERSION1_4
#define TAPI_VERSION1_4 0x00010004
#endif
#ifndef TAPI_VERSION2_0
#define TAPI_VERSION2_0 0x00020000
#endif
#ifndef TAPI_VERSION2_1
#define TAPI_VERSION2_1 0x00020001
#endif
#ifndef TAPI_VERSION2_2
#define TAPI_VERSION2_2 0x00020002
#endif
#ifndef TAPI_VERSION3_0
#define TAPI_VERSION3_0 0x00030000
#endif
#ifndef TAPI_VERSION3_1
#define TAPI_VERSION3_1 0x00030001
#endif

#else

#include "tspi/abi/tapi_constants.h"
#include "tspi/abi/tapi_structs.h"
#include "tspi/abi/tapi_types.h"
#include "tspi/abi/tspi_functions.h"

#endif
