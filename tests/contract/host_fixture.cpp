#include "tests/contract/host_fixture.h"

#include <sstream>

#include "platform/process.h"
#include "tools/tapihost/tapi_names.h"

namespace spantsp::contract {

std::string describe(const Message& m) {
  std::ostringstream out;
  out << "msg " << m.message << " line " << m.line << " call " << m.call << " p1 0x" << std::hex
      << m.param1 << " p2 0x" << m.param2 << " p3 0x" << m.param3;
  return out.str();
}

bool matches(const Message& m, const Expect& e) {
  return m.message == e.message && (!e.p1 || *e.p1 == m.param1) && (!e.p2 || *e.p2 == m.param2) &&
         (!e.p3 || *e.p3 == m.param3);
}

void HostFixture::start(const std::string& config_file, Host::Options options) {
  const std::string path = std::string(SPANTSP_CONTRACT_DATA) + "/" + config_file;
  platform::set_env("SPANTSP_CONFIG", path);
  options.provider_path = SPANTSP_PROVIDER_PATH;
  host_ = std::make_unique<Host>(options);
  ASSERT_TRUE(host_->loaded()) << host_->last_error();
  ASSERT_EQ(host_->start(), 0) << host_->last_error();
}

void HostFixture::TearDown() {
  if (!host_) return;
  EXPECT_EQ(host_->stop(), 0);
  for (const auto& v : host_->violations())
    ADD_FAILURE() << "contract violation: " << v.to_string();
  EXPECT_EQ(host_->violation_count(), 0u);
  host_.reset();
}

LineHandle HostFixture::open_line(DWORD device_id, DWORD media_modes) {
  LineHandle line = 0;
  host::OpenParams params;
  params.media_modes = media_modes;
  EXPECT_EQ(host_->line_open(device_id, line, params), 0);
  return line;
}

LineHandle HostFixture::open_line(DWORD device_id, const host::OpenParams& params) {
  LineHandle line = 0;
  EXPECT_EQ(host_->line_open(device_id, line, params), 0);
  return line;
}

Message HostFixture::next_message() {
  if (!backlog_.empty()) {
    Message m = backlog_.front();
    backlog_.pop_front();
    return m;
  }
  Message m;
  if (!host_->get_message(m, kPatience)) ADD_FAILURE() << "no message within the timeout";
  return m;
}

Message HostFixture::next_for_call(CallHandle call) {
  for (auto it = backlog_.begin(); it != backlog_.end(); ++it) {
    if (it->call == call) {
      Message m = *it;
      backlog_.erase(it);
      return m;
    }
  }
  for (;;) {
    Message m;
    if (!host_->get_message(m, kPatience)) {
      ADD_FAILURE() << "no message for call " << call << " within the timeout";
      return Message{};
    }
    if (m.call == call) return m;
    backlog_.push_back(m);
  }
}

void HostFixture::expect_sequence(CallHandle call, const std::vector<Expect>& expected) {
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const Message m = next_for_call(call);
    EXPECT_TRUE(matches(m, expected[i]))
        << "message " << i << " of call " << call << ": got " << describe(m) << ", expected msg "
        << expected[i].message << " p1 0x" << std::hex << expected[i].p1.value_or(0);
  }
}

CallHandle HostFixture::wait_new_call(LineHandle line) {
  for (auto it = backlog_.begin(); it != backlog_.end(); ++it) {
    if (it->message == LINE_APPNEWCALL && it->line == line) {
      const CallHandle call = static_cast<CallHandle>(it->param2);
      backlog_.erase(it);
      return call;
    }
  }
  for (;;) {
    Message m;
    if (!host_->get_message(m, kPatience)) {
      ADD_FAILURE() << "no LINE_APPNEWCALL within the timeout";
      return 0;
    }
    if (m.message == LINE_APPNEWCALL && m.line == line) return static_cast<CallHandle>(m.param2);
    backlog_.push_back(m);
  }
}

LONG HostFixture::wait_reply(LONG request) {
  EXPECT_GT(request, 0) << "request failed synchronously with 0x" << std::hex << request;
  if (request <= 0) return request;
  auto match = [&](const Message& m) {
    return m.message == LINE_REPLY && m.param1 == static_cast<DWORD_PTR>(request);
  };
  for (auto it = backlog_.begin(); it != backlog_.end(); ++it) {
    if (match(*it)) {
      const LONG result = static_cast<LONG>(it->param2);
      backlog_.erase(it);
      return result;
    }
  }
  for (;;) {
    Message m;
    if (!host_->get_message(m, kPatience)) {
      ADD_FAILURE() << "no LINE_REPLY for request " << request;
      return LINEERR_OPERATIONFAILED;
    }
    if (match(m)) return static_cast<LONG>(m.param2);
    backlog_.push_back(m);
  }
}

bool HostFixture::wait_line_dev_state(LineHandle line, DWORD state) {
  auto match = [&](const Message& m) {
    return m.message == LINE_LINEDEVSTATE && m.line == line && m.call == 0 &&
           (m.param1 & state) != 0;
  };
  for (auto it = backlog_.begin(); it != backlog_.end(); ++it) {
    if (match(*it)) {
      backlog_.erase(it);
      return true;
    }
  }
  for (;;) {
    Message m;
    if (!host_->get_message(m, kPatience)) return false;
    if (match(m)) return true;
    backlog_.push_back(m);
  }
}

std::size_t HostFixture::take_line_dev_states(LineHandle line, DWORD state) {
  Message m;
  while (host_->get_message(m, std::chrono::milliseconds(0))) backlog_.push_back(m);
  std::size_t count = 0;
  for (auto it = backlog_.begin(); it != backlog_.end();) {
    if (it->message == LINE_LINEDEVSTATE && it->line == line && (it->param1 & state) != 0) {
      ++count;
      it = backlog_.erase(it);
    } else {
      ++it;
    }
  }
  return count;
}

LONG HostFixture::sim(LineHandle line, sim::SimControlOp op, const char* calling,
                      const char* called, DWORD cause, DWORD alarms, const char* calling_name,
                      std::uint8_t channel) {
  sim::SimControl control{};
  control.dwMagic = sim::kSimControlMagic;
  control.dwVersion = sim::kSimControlVersion;
  control.dwOp = op;
  control.dwCause = cause;
  control.dwAlarms = alarms;
  control.bChannel = channel;
  std::strncpy(control.szCalling, calling, sizeof control.szCalling - 1);
  std::strncpy(control.szCalled, called, sizeof control.szCalled - 1);
  std::strncpy(control.szCallingName, calling_name, sizeof control.szCallingName - 1);
  return wait_reply(host_->line_dev_specific(line, 0, 0, &control, sizeof control));
}

CallInfoText HostFixture::call_info(CallHandle call) {
  std::vector<unsigned char> buffer(2048);
  auto* info = reinterpret_cast<LINECALLINFO*>(buffer.data());
  info->dwTotalSize = static_cast<DWORD>(buffer.size());
  CallInfoText out;
  EXPECT_EQ(host_->line_get_call_info(call, info), 0);
  EXPECT_LE(info->dwNeededSize, info->dwTotalSize);
  // Sizes count the terminating NUL (tspi-contract §5); an absent string has size 0.
  auto text = [&](DWORD size, DWORD offset) {
    if (size < sizeof(char16_t)) return std::u16string();
    std::u16string s(size / sizeof(char16_t) - 1, u'\0');
    std::memcpy(s.data(), buffer.data() + offset, s.size() * sizeof(char16_t));
    return s;
  };
  out.origin = info->dwOrigin;
  out.caller_flags = info->dwCallerIDFlags;
  out.called_flags = info->dwCalledIDFlags;
  out.redirecting_flags = info->dwRedirectingIDFlags;
  out.trunk = info->dwTrunk;
  out.call_id = info->dwCallID;
  out.related_call_id = info->dwRelatedCallID;
  out.caller = text(info->dwCallerIDSize, info->dwCallerIDOffset);
  out.caller_name = text(info->dwCallerIDNameSize, info->dwCallerIDNameOffset);
  out.called = text(info->dwCalledIDSize, info->dwCalledIDOffset);
  out.redirecting = text(info->dwRedirectingIDSize, info->dwRedirectingIDOffset);
  if (info->dwDevSpecificSize == sizeof(SpanTspCallDevSpecific)) {
    SpanTspCallDevSpecific extra{};
    std::memcpy(&extra, buffer.data() + info->dwDevSpecificOffset, sizeof extra);
    if (extra.dwMagic == kCallDevSpecificMagic) out.r2_category = extra.dwR2Category;
  }
  return out;
}

SpanTspLineDevStatus HostFixture::line_status(LineHandle line, LINEDEVSTATUS* fixed) {
  std::vector<unsigned char> buffer(512);
  auto* status = reinterpret_cast<LINEDEVSTATUS*>(buffer.data());
  status->dwTotalSize = static_cast<DWORD>(buffer.size());
  EXPECT_EQ(host_->line_get_line_dev_status(line, status), 0);
  SpanTspLineDevStatus extra{};
  EXPECT_EQ(status->dwDevSpecificSize, sizeof extra);
  if (status->dwDevSpecificSize == sizeof extra) {
    std::memcpy(&extra, buffer.data() + status->dwDevSpecificOffset, sizeof extra);
  }
  if (fixed != nullptr) std::memcpy(fixed, status, sizeof *fixed);
  return extra;
}

LONG HostFixture::make_call(LineHandle line, std::optional<std::string> dest, CallHandle& call,
                            const LINECALLPARAMS* params) {
  std::optional<std::string_view> view;
  if (dest) view = *dest;
  const LONG request = host_->line_make_call(line, view, params, call);
  if (request <= 0) return request;
  return wait_reply(request);
}

CallHandle HostFixture::connected_call(LineHandle line) {
  CallHandle call = 0;
  EXPECT_EQ(make_call(line, "99005551000", call), 0);
  expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_DIALING},
                         {LINE_CALLSTATE, LINECALLSTATE_PROCEEDING},
                         {LINE_CALLSTATE, LINECALLSTATE_CONNECTED}});
  return call;
}

void HostFixture::drop_and_close(CallHandle call) {
  const LONG request = host_->line_drop(call);
  ASSERT_GT(request, 0);
  expect_sequence(call, {{LINE_CALLSTATE, LINECALLSTATE_IDLE}});
  EXPECT_EQ(wait_reply(request), 0);
  EXPECT_EQ(host_->line_deallocate_call(call), 0);
}

}  // namespace spantsp::contract
