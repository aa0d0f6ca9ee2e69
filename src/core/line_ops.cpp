// Engine: the TSPI line functions (any TAPISRV thread). They validate, then post to the line's
// span strand; getters read the snapshot the strand publishes.

#include <cstring>

#include "core/engine.h"
#include "core/line_caps.h"
#include "core/line_status.h"
#include "core/tspi_version.h"
#include "core/var_struct_writer.h"
#include "media/media_stream.h"
#include "text/utf16.h"
#include "tspi/spantsp_media_stream.h"

namespace spantsp::core {

LONG Engine::line_open(std::uint32_t line_index, HTAPILINE ht_line, HDRVLINE* hd_line,
                       DWORD version, LINEEVENT event_proc) {
  if (hd_line == nullptr || event_proc == nullptr) return LINEERR_INVALPOINTER;
  if (!is_supported_tspi_version(version)) return LINEERR_INCOMPATIBLEAPIVERSION;
  Line& line = lines_[line_index];
  bool expected = false;
  // One open per device at TSPI level (tspi-contract §1.2 step 6).
  if (!line.open.compare_exchange_strong(expected, true, std::memory_order_acq_rel)) {
    return LINEERR_ALLOCATED;
  }
  // A cross-span group's parts call TAPI back on the same line (core/group_parts.h).
  for (std::uint32_t part : directory_.lines()[line_index].parts) {
    lines_[part].ht_line = ht_line;
    lines_[part].event_proc = event_proc;
    lines_[part].version = version;
  }
  Command command;
  command.op = Command::Op::kOpenLine;
  post_to_parts(line_index, command);
  *hd_line = line_handle(line_index, line.generation.load(std::memory_order_acquire));
  return 0;
}

LONG Engine::line_close(HDRVLINE hd_line) {
  std::uint32_t index = 0;
  Line* line = resolve_line(hd_line, &index);
  if (line == nullptr) return LINEERR_INVALLINEHANDLE;
  // Invalidate first: the handle dies before anything else, and only one closer wins.
  const auto parts = line_handles_.decode(reinterpret_cast<std::uintptr_t>(hd_line));
  std::uint32_t generation = line->generation.load(std::memory_order_acquire);
  if (!line_handles_.same_generation(generation, parts->generation) ||
      !line->generation.compare_exchange_strong(generation, generation + 1,
                                                std::memory_order_acq_rel)) {
    return LINEERR_INVALLINEHANDLE;
  }
  // Requests that resolved the old handle are either inside the gate (their commands are
  // queued before ours once they leave) or fail as stale from now on.
  // A cross-span group's calls enter their own part's gate.
  const std::vector<std::uint32_t>& slots = directory_.lines()[index].parts;
  for (std::uint32_t part : slots) lines_[part].gate.close();
  for (std::uint32_t part : slots) lines_[part].gate.wait_idle();
  // Once the fence passes, every completion and event of the line has been delivered and the
  // strand sends nothing more for it (tspi-contract §2, §8 rule 5).
  for (std::uint32_t part : slots) {
    Command command;
    command.op = Command::Op::kCloseLine;
    command.line_index = part;
    post_and_wait(part, command);
  }
  for (std::uint32_t part : slots) lines_[part].gate.reopen();
  line->open.store(false, std::memory_order_release);
  return 0;
}

LONG Engine::set_default_media_detection(HDRVLINE hd_line, DWORD media_modes) {
  std::uint32_t index = 0;
  pipeline::GateEntry entry;
  if (enter_line(hd_line, &index, entry) == nullptr) return LINEERR_INVALLINEHANDLE;
  // The mask may be 0 (only monitors); any bit we cannot detect is an error (contract §6).
  if ((media_modes & ~supported_media_modes(directory_.lines()[index])) != 0) {
    return LINEERR_INVALMEDIAMODE;
  }
  Command command;
  command.op = Command::Op::kSetMediaDetection;
  command.arg1 = media_modes;
  post_to_parts(index, command);
  return 0;
}

LONG Engine::set_status_messages(HDRVLINE hd_line, DWORD line_states, DWORD address_states) {
  std::uint32_t index = 0;
  pipeline::GateEntry entry;
  if (enter_line(hd_line, &index, entry) == nullptr) return LINEERR_INVALLINEHANDLE;
  // Bits TAPI defines but we never report are accepted (TAPI filters); undefined bits are not.
  constexpr DWORD kAllLineStates = 0x01FFFFFF;
  constexpr DWORD kAllAddressStates = 0x000001FF;
  if ((line_states & ~kAllLineStates) != 0) return LINEERR_INVALLINESTATE;
  if ((address_states & ~kAllAddressStates) != 0) return LINEERR_INVALADDRESSSTATE;
  Command command;
  command.op = Command::Op::kSetStatusMessages;
  command.arg1 = line_states;
  command.arg2 = address_states;
  post_to_parts(index, command);
  return 0;
}

LONG Engine::get_line_dev_status(HDRVLINE hd_line, LINEDEVSTATUS* status) {
  std::uint32_t index = 0;
  Line* line = resolve_line(hd_line, &index);
  if (line == nullptr) return LINEERR_INVALLINEHANDLE;
  if (status == nullptr) return LINEERR_INVALPOINTER;
  return fill_line_dev_status(
      line_snapshot(index), line->version, supported_media_modes(directory_.lines()[index]),
      calls_in_use(), call_capacity_, close_calls_waited_.load(std::memory_order_relaxed), status);
}

LONG Engine::get_address_status(HDRVLINE hd_line, DWORD address_id, LINEADDRESSSTATUS* status) {
  std::uint32_t index = 0;
  Line* line = resolve_line(hd_line, &index);
  if (line == nullptr) return LINEERR_INVALLINEHANDLE;
  if (address_id != 0) return LINEERR_INVALADDRESSID;
  if (status == nullptr) return LINEERR_INVALPOINTER;
  return fill_line_address_status(line_snapshot(index), line->version, status);
}

LONG Engine::get_num_address_ids(HDRVLINE hd_line, DWORD* count) {
  std::uint32_t index = 0;
  if (resolve_line(hd_line, &index) == nullptr) return LINEERR_INVALLINEHANDLE;
  if (count == nullptr) return LINEERR_INVALPOINTER;
  *count = 1;
  return 0;
}

LONG Engine::get_address_id(HDRVLINE hd_line, DWORD* address_id, DWORD address_mode,
                            const WCHAR* address, DWORD size) {
  std::uint32_t index = 0;
  if (resolve_line(hd_line, &index) == nullptr) return LINEERR_INVALLINEHANDLE;
  if (address_id == nullptr || address == nullptr) return LINEERR_INVALPOINTER;
  if (address_mode != LINEADDRESSMODE_DIALABLEADDR) return LINEERR_INVALADDRESSMODE;
  // The one address of the line answers to the line's number.
  const std::u16string& number = directory_.lines()[index].number;
  const std::size_t units = size / sizeof(WCHAR);
  const std::size_t length = text::bounded_u16_length(address, units > 0 ? units - 1 : 0);
  if (std::u16string_view(address, length) != number) return LINEERR_INVALADDRESS;
  *address_id = 0;
  return 0;
}

LONG Engine::get_id(HDRVLINE hd_line, DWORD address_id, HDRVCALL hd_call, DWORD select,
                    VARSTRING* device_id, const WCHAR* device_class) {
  if (device_id == nullptr || device_class == nullptr) return LINEERR_INVALPOINTER;
  std::uint32_t line_index = kNoIndex;
  switch (select) {
    case LINECALLSELECT_LINE:
      if (resolve_line(hd_line, &line_index) == nullptr) return LINEERR_INVALLINEHANDLE;
      break;
    case LINECALLSELECT_ADDRESS:
      if (resolve_line(hd_line, &line_index) == nullptr) return LINEERR_INVALLINEHANDLE;
      if (address_id != 0) return LINEERR_INVALADDRESSID;
      break;
    case LINECALLSELECT_CALL: {
      std::uint32_t index = 0, generation = 0;
      Call* call = resolve_call(hd_call, &index, &generation);
      if (call == nullptr) return LINEERR_INVALCALLHANDLE;
      line_index = call->snapshot.load().line_index;
      if (line_index == kNoIndex) return LINEERR_INVALCALLHANDLE;
      break;
    }
    default:
      return LINEERR_INVALCALLSELECT;
  }
  const std::size_t length = text::bounded_u16_length(device_class, 64);
  const std::u16string_view name(device_class, length);
  if (name == kMediaDeviceClass) return get_media_stream_id(line_index, select, hd_call, device_id);
  if (name != u"tapi/line") return LINEERR_INVALDEVICECLASS;
  return fill_device_id(directory_.lines()[line_index].device_id, device_id);
}

// "spantsp/media" (tspi/spantsp_media_stream.h): the channel's stream and the epoch to attach
// it with. A call's stream names the call's bearer, so the call must be CONNECTED (otherwise
// LINEERR_RESOURCEUNAVAIL: TSPI_lineGetID's documented codes have no INVALCALLSTATE); a
// line's follows every call of its one channel.
LONG Engine::get_media_stream_id(std::uint32_t line_index, DWORD select, HDRVCALL hd_call,
                                 VARSTRING* device_id) {
  const LineDescriptor& line = directory_.lines()[line_index];
  int channel = static_cast<int>(line.dev_specific.dwChannel);
  std::uint32_t epoch = kMediaStreamAnyCall;
  bool call_select = select == LINECALLSELECT_CALL;
  if (call_select) {
    std::uint32_t index = 0, generation = 0;
    Call* call = resolve_call(hd_call, &index, &generation);
    if (call == nullptr) return LINEERR_INVALCALLHANDLE;
    const CallSnapshot snapshot = call->snapshot.load();
    if (snapshot.state != LINECALLSTATE_CONNECTED) return LINEERR_RESOURCEUNAVAIL;
    channel = snapshot.channel;
  } else if (line.is_group()) {
    return LINEERR_OPERATIONUNAVAIL;  // no one channel: ask for a call's stream
  }
  media::MediaStream* stream = spans_[line.span_index]->media_stream(channel);
  if (stream == nullptr) return LINEERR_OPERATIONUNAVAIL;
  if (call_select) epoch = stream->call_epoch();
  const SpanTspMediaStreamId id{
      .dwMagic = kMediaStreamIdMagic,
      .dwVersion = kMediaStreamIdVersion,
      .dwEpoch = epoch,
      .dwLaw = stream->law() == media::Law::kAlaw ? 1u : 0u,
      .dwFrameOctets = static_cast<std::uint32_t>(stream->frame_octets()),
      .dwChannel = static_cast<std::uint32_t>(channel),
      .dwStreamBytes = sizeof(media::MediaStream),
      .dwReserved = 0,
      .qwStream = reinterpret_cast<std::uintptr_t>(stream),
  };
  VarStructWriter<VARSTRING> w(device_id, sizeof(VARSTRING));
  if (w.too_small()) return LINEERR_STRUCTURETOOSMALL;
  w.fixed().dwStringFormat = STRINGFORMAT_BINARY;
  w.append_bytes(&id, sizeof id, &VARSTRING::dwStringSize, &VARSTRING::dwStringOffset);
  w.finish();
  return 0;
}

LONG Engine::dev_specific(DRV_REQUESTID request, HDRVLINE hd_line, DWORD address_id, HDRVCALL,
                          void* params, DWORD size) {
  std::uint32_t index = 0;
  pipeline::GateEntry entry;
  if (enter_line(hd_line, &index, entry) == nullptr) return LINEERR_INVALLINEHANDLE;
  if (address_id != 0) return LINEERR_INVALADDRESSID;
  Command command;
  if (params == nullptr && size != 0) return LINEERR_INVALPOINTER;
  if (size > command.blob.size()) return LINEERR_INVALPARAM;
  command.op = Command::Op::kDevSpecific;
  command.line_index = index;
  command.request = request;
  command.blob_size = static_cast<std::uint16_t>(size);
  if (size > 0) std::memcpy(command.blob.data(), params, size);  // copied before returning
  command.reply = params;  // lpParams is in/out: TAPI keeps it until the completion
  if (const LONG error = post(index, command); error != 0) return error;
  return static_cast<LONG>(request);
}

}  // namespace spantsp::core
