#pragma once
// Names of LINE_* messages, LINECALLSTATE_* and LINECALLFEATURE_* values, for violation texts and
// CLI output. Thread affinity: pure functions, any thread.

#include <string>

#include "tspi/abi/tspi_abi.h"

namespace spantsp::host {

// "LINE_CALLSTATE"; "LINE_<n>" for values without a name.
std::string message_name(DWORD message);

// "CONNECTED" for LINECALLSTATE_CONNECTED; several bits are joined with '|'; "0" for none.
std::string call_state_name(DWORD state);

// "DIAL|DROP" for LINECALLFEATURE_DIAL | LINECALLFEATURE_DROP, the same way.
std::string call_feature_names(DWORD features);

}  // namespace spantsp::host
