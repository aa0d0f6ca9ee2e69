#pragma once
// The provider's end of the UI DLL channel (tspi-contract §7): TSPI_providerGenericDialogData
// hands every block here. The format is ui_channel_format.h.
//
// Threads: any thread, concurrently (TAPI does not serialise UI calls, even with
// NONREENTRANT; several application processes may configure at once). Configuration file
// operations are serialised by a mutex of their own; the monitor reads the snapshots the span
// workers publish (seqlocks) under the provider's lifecycle mutex, which no worker takes.
// Never throws: every failure becomes a LINEERR_*.

#include "tspi/abi/tspi_abi.h"

namespace spantsp::core {

// dwObjectType must be TUISPIDLL_OBJECT_PROVIDERID or TUISPIDLL_OBJECT_LINEID. Returns the
// channel result (0, LINEERR_INVALPARAM for a malformed block, LINEERR_INVALPOINTER, ...); the
// operation's result is in the reply header's `status`.
LONG handle_ui_message(DWORD_PTR object_id, DWORD object_type, void* block, DWORD size) noexcept;

}  // namespace spantsp::core
