#include "tools/tapihost/tapi_names.h"

#include <array>
#include <cstdio>
#include <string_view>

namespace spantsp::host {

namespace {

struct Name {
  DWORD value;
  std::string_view name;
};

#define SPANTSP_NAME(constant)              \
  Name {                                    \
    static_cast<DWORD>(constant), #constant \
  }
constexpr std::array kMessages = {
    SPANTSP_NAME(LINE_ADDRESSSTATE),
    SPANTSP_NAME(LINE_CALLINFO),
    SPANTSP_NAME(LINE_CALLSTATE),
    SPANTSP_NAME(LINE_CLOSE),
    SPANTSP_NAME(LINE_DEVSPECIFIC),
    SPANTSP_NAME(LINE_DEVSPECIFICFEATURE),
    SPANTSP_NAME(LINE_GATHERDIGITS),
    SPANTSP_NAME(LINE_GENERATE),
    SPANTSP_NAME(LINE_LINEDEVSTATE),
    SPANTSP_NAME(LINE_MONITORDIGITS),
    SPANTSP_NAME(LINE_MONITORMEDIA),
    SPANTSP_NAME(LINE_MONITORTONE),
    SPANTSP_NAME(LINE_REPLY),
    SPANTSP_NAME(LINE_REQUEST),
    SPANTSP_NAME(LINE_CREATE),
    SPANTSP_NAME(LINE_AGENTSPECIFIC),
    SPANTSP_NAME(LINE_AGENTSTATUS),
    SPANTSP_NAME(LINE_APPNEWCALL),
    SPANTSP_NAME(LINE_PROXYREQUEST),
    SPANTSP_NAME(LINE_REMOVE),
    SPANTSP_NAME(LINE_AGENTSESSIONSTATUS),
    SPANTSP_NAME(LINE_QUEUESTATUS),
    SPANTSP_NAME(LINE_AGENTSTATUSEX),
    SPANTSP_NAME(LINE_GROUPSTATUS),
    SPANTSP_NAME(LINE_PROXYSTATUS),
    SPANTSP_NAME(LINE_APPNEWCALLHUB),
    SPANTSP_NAME(LINE_CALLHUBCLOSE),
    SPANTSP_NAME(LINE_DEVSPECIFICEX),
    SPANTSP_NAME(LINE_NEWCALL),
    SPANTSP_NAME(LINE_CALLDEVSPECIFIC),
    SPANTSP_NAME(LINE_CALLDEVSPECIFICFEATURE),
    SPANTSP_NAME(LINE_CREATEDIALOGINSTANCE),
    SPANTSP_NAME(LINE_SENDDIALOGINSTANCEDATA),
    SPANTSP_NAME(LINE_SENDMSPDATA),
    SPANTSP_NAME(LINE_QOSINFO),
};

constexpr std::array kCallStates = {
    SPANTSP_NAME(LINECALLSTATE_IDLE),           SPANTSP_NAME(LINECALLSTATE_OFFERING),
    SPANTSP_NAME(LINECALLSTATE_ACCEPTED),       SPANTSP_NAME(LINECALLSTATE_DIALTONE),
    SPANTSP_NAME(LINECALLSTATE_DIALING),        SPANTSP_NAME(LINECALLSTATE_RINGBACK),
    SPANTSP_NAME(LINECALLSTATE_BUSY),           SPANTSP_NAME(LINECALLSTATE_SPECIALINFO),
    SPANTSP_NAME(LINECALLSTATE_CONNECTED),      SPANTSP_NAME(LINECALLSTATE_PROCEEDING),
    SPANTSP_NAME(LINECALLSTATE_ONHOLD),         SPANTSP_NAME(LINECALLSTATE_CONFERENCED),
    SPANTSP_NAME(LINECALLSTATE_ONHOLDPENDCONF), SPANTSP_NAME(LINECALLSTATE_ONHOLDPENDTRANSFER),
    SPANTSP_NAME(LINECALLSTATE_DISCONNECTED),   SPANTSP_NAME(LINECALLSTATE_UNKNOWN),
};
#undef SPANTSP_NAME

constexpr std::string_view kCallStatePrefix = "LINECALLSTATE_";

}  // namespace

std::string message_name(DWORD message) {
  for (const Name& entry : kMessages) {
    if (entry.value == message) return std::string(entry.name);
  }
  return "LINE_" + std::to_string(message);
}

std::string call_state_name(DWORD state) {
  if (state == 0) return "0";
  std::string out;
  DWORD rest = state;
  for (const Name& entry : kCallStates) {
    if ((state & entry.value) == 0) continue;
    if (!out.empty()) out += '|';
    out += entry.name.substr(kCallStatePrefix.size());
    rest &= ~entry.value;
  }
  if (rest != 0) {
    char hex[16];
    std::snprintf(hex, sizeof hex, "0x%X", static_cast<unsigned>(rest));
    if (!out.empty()) out += '|';
    out += hex;
  }
  return out;
}

}  // namespace spantsp::host
