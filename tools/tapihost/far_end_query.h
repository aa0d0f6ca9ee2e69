#pragma once
// The sim board's far-end questions asked through lineDevSpecific (board_drivers/sim/
// sim_control.h), for the call-center job's CallCenterHooks.
//
// Threads: the caller's (the job's run() thread); the buffer the provider answers into is
// shared with the returned FarEndQuery and lives until its last copy goes.

#include "tools/tapihost/call_center.h"
#include "tools/tapihost/host.h"

namespace spantsp::host {

// kSimQueryHeard on `line`: its FarEndQuery's answer() is the DTMF digits the far party heard
// during the line's latest call. request <= 0 when the host refused the question (a line of
// another board answers LINEERR_OPERATIONUNAVAIL in the reply instead).
FarEndQuery ask_far_end_heard(Host& host, LineHandle line);

}  // namespace spantsp::host
