#include "tools/tapihost/call_center.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <deque>
#include <queue>
#include <random>
#include <unordered_map>
#include <utility>
#include <vector>

namespace spantsp::host {
namespace {

using Clock = std::chrono::steady_clock;

struct LineSlot {
  LineHandle line = 0;
  std::uint32_t calls = 0;     // calls on the line the job has not deallocated
  std::uint32_t capacity = 1;  // dwMaxNumActiveCalls: a trunk-group line carries several
  bool in_service = true;
  bool open = false;
};

struct CallSlot {
  std::size_t line = 0;
  bool outgoing = false;
  bool connected = false;
  bool dropping = false;
  bool deflected = false;     // lineRedirect succeeded: its IDLE is neither completed nor failed
  bool transferred = false;   // the network took it on: its IDLE is neither completed nor failed
  CallHandle consult_of = 0;  // a consultation call: the answered call it transfers (not counted)
  bool menu_pending = false;  // a gather for the menu choice is running
  DWORD generating = 0;       // end-to-end ID of the routing digits playing, 0: none
  std::string routed = {};    // the routing digits once played to the end
};

struct HangUp {
  Clock::time_point due;
  CallHandle call;
  bool unless_connected = false;  // a ring timeout: moot once the call connected
  bool operator>(const HangUp& other) const { return due > other.due; }
};

// Draws outbound numbers from weighted decimal ranges, keeping the width of each first number.
class NumberDrawer {
 public:
  NumberDrawer(const std::vector<DialRange>& ranges, std::uint64_t seed) : rng_(seed) {
    double total = 0;
    for (const DialRange& r : ranges) {
      Range range;
      range.width = r.first.size();
      range.first = r.first.empty() ? 0 : std::stoull(r.first);
      range.last = r.last.empty() ? range.first : std::stoull(r.last);
      if (range.last < range.first) range.last = range.first;
      total += r.weight > 0 ? r.weight : 0;
      range.cumulative = total;
      ranges_.push_back(range);
    }
    total_ = total;
  }
  std::string next() {
    const Range* range = &ranges_.front();
    if (ranges_.size() > 1 && total_ > 0) {
      const double pick = std::uniform_real_distribution<double>(0, total_)(rng_);
      for (const Range& r : ranges_) {
        range = &r;
        if (pick < r.cumulative) break;
      }
    }
    const std::uint64_t n = range->first + rng_() % (range->last - range->first + 1);
    char text[32];
    std::snprintf(text, sizeof text, "%0*llu", static_cast<int>(range->width),
                  static_cast<unsigned long long>(n));
    return text;
  }

 private:
  struct Range {
    std::size_t width = 0;
    std::uint64_t first = 0, last = 0;
    double cumulative = 0;
  };
  std::vector<Range> ranges_;
  double total_ = 0;
  std::mt19937_64 rng_;
};

}  // namespace

CallCenter::CallCenter(Host& host, CallCenterOptions options)
    : host_(host), options_(std::move(options)) {}

CallCenterStats CallCenter::run(const std::function<void(const CallCenterStats&)>& every_second) {
  CallCenterHooks hooks;
  hooks.every_second = every_second;
  return run(hooks);
}

CallCenterStats CallCenter::run(const CallCenterHooks& hooks) {
  const auto& every_second = hooks.every_second;
  CallCenterStats stats;
  std::vector<LineSlot> lines;
  std::unordered_map<LineHandle, std::size_t> line_index;
  std::vector<std::size_t> idle;   // lines free for an outbound call (checked again on use)
  std::vector<std::size_t> retry;  // lines whose lineMakeCall just failed
  // Lines whose lineMakeCall was refused for resources, and when each may try again.
  std::deque<std::pair<Clock::time_point, std::size_t>> refused;
  std::vector<LineHandle> handles;
  for (const LineInfo& info : host_.lines()) {
    LineSlot slot;
    OpenParams params;
    params.media_modes = options_.media_modes;
    params.line_states = LINEDEVSTATE_INSERVICE | LINEDEVSTATE_OUTOFSERVICE;
    const bool opened = host_.line_open(info.device_id, slot.line, params) == 0;
    handles.push_back(opened ? slot.line : 0);
    if (!opened) continue;
    slot.open = true;
    slot.capacity = std::max<DWORD>(1, info.max_active_calls);
    line_index.emplace(slot.line, lines.size());
    idle.insert(idle.end(), slot.capacity, lines.size());
    lines.push_back(slot);
  }
  stats.lines_open = static_cast<std::uint32_t>(lines.size());

  std::unordered_map<CallHandle, CallSlot> calls;
  calls.reserve(lines.size() * 2);
  std::unordered_map<LONG, CallHandle> pending_makes;
  std::unordered_map<LONG, CallHandle> pending_redirects;  // lineRedirect requests
  // Transfer requests in flight: the answered call, its consultation call (0 for a blind
  // transfer), and which step the request is.
  enum class TransferStep : std::uint8_t { kSetup, kComplete, kBlind };
  struct PendingTransfer {
    CallHandle call;
    CallHandle consult;
    TransferStep step;
  };
  std::unordered_map<LONG, PendingTransfer> pending_transfers;
  // far_end_heard questions in flight, by request id: the digits to find in the answer.
  struct HeardCheck {
    std::string routed;
    std::function<std::string()> answer;
  };
  std::unordered_map<LONG, HeardCheck> heard_checks;
  std::priority_queue<HangUp, std::vector<HangUp>, std::greater<>> hang_ups;
  std::mt19937_64 rng(options_.seed);
  std::exponential_distribution<double> hold(
      options_.hold_mean.count() > 0 ? 1.0 / static_cast<double>(options_.hold_mean.count()) : 1.0);
  NumberDrawer numbers(options_.dial_mix.empty()
                           ? std::vector<DialRange>{{options_.dial_first, options_.dial_last}}
                           : options_.dial_mix,
                       options_.seed * 7919 + 1);
  if (hooks.lines_open) hooks.lines_open(stats);
  if (hooks.line_handles) hooks.line_handles(handles);

  const bool unlimited_rate = std::isinf(options_.outbound_per_second);
  const auto outbound_gap =
      options_.outbound_per_second > 0 && !unlimited_rate
          ? std::chrono::duration_cast<Clock::duration>(
                std::chrono::duration<double>(1.0 / options_.outbound_per_second))
          : Clock::duration::zero();
  const auto start = Clock::now();
  const auto end =
      options_.duration.count() > 0 ? start + options_.duration : Clock::time_point::max();
  auto next_outbound = start;
  auto next_report = start + std::chrono::seconds(1);

  auto free_line = [&](std::size_t index) {
    --lines[index].calls;
    if (lines[index].open && lines[index].in_service) idle.push_back(index);
  };
  auto drop = [&](CallHandle call, CallSlot& slot) {
    if (slot.dropping) return;
    slot.dropping = true;
    host_.line_drop(call);
  };
  auto finish_call = [&](CallHandle call) {
    auto it = calls.find(call);
    if (it == calls.end()) return;
    ++stats.ended;
    if (it->second.transferred || it->second.consult_of != 0) {
      // the network took it on, or a consultation call: neither completed nor failed
    } else if (it->second.connected) {
      ++stats.completed;
    } else if (!it->second.deflected) {
      ++stats.failed;
    }
    const std::size_t line = it->second.line;
    // The far end's record of this line's call ends with the routing digits when it heard
    // every one (asked at IDLE: the last digit reaches it a frame after LINE_GENERATE; the
    // record stays until the line's next call, which this thread places after the question).
    if (!it->second.routed.empty() && hooks.far_end_heard) {
      FarEndQuery query = hooks.far_end_heard(lines[line].line);
      if (query.request > 0) {
        heard_checks.emplace(query.request,
                             HeardCheck{std::move(it->second.routed), std::move(query.answer)});
      }
    }
    calls.erase(it);
    host_.line_deallocate_call(call);
    free_line(line);
  };
  // The menu on an answered incoming call: one digit, the first-digit timeout, no terminator.
  auto ask_menu = [&](CallHandle call, CallSlot& slot) {
    if (!options_.menu || slot.outgoing) return;
    const auto timeout = static_cast<DWORD>(options_.menu_timeout.count());
    if (host_.line_gather_digits(call, LINEDIGITMODE_DTMF, 1, "", timeout, 0) == 0) {
      slot.menu_pending = true;
      ++stats.menu_asked;
    }
  };
  auto route = [&](CallHandle call, CallSlot& slot, const std::string& digits, DWORD reason) {
    slot.menu_pending = false;
    const std::size_t choice =
        digits.empty() ? std::string_view::npos : kMenuDigits.find(digits[0]);
    if (reason == LINEGATHERTERM_FIRSTTIMEOUT || choice == std::string_view::npos) {
      ++stats.menu_no_choice;
      return;
    }
    ++stats.menu_choices[choice];
    // Tell the far end where it went: the choice, then the routing digits.
    const std::string played = digits.substr(0, 1) + options_.route_digits;
    DWORD id = 0;
    if (host_.line_generate_digits(call, LINEDIGITMODE_DTMF, played, 0, &id) == 0) {
      slot.generating = id;
      slot.routed = played;
    }
  };
  auto check_media_mode = [&](CallHandle call, CallSlot& slot) {
    std::vector<unsigned char> buffer(1024);
    auto* info = reinterpret_cast<LINECALLINFO*>(buffer.data());
    info->dwTotalSize = static_cast<DWORD>(buffer.size());
    if (host_.line_get_call_info(call, info) != 0) return;
    if (info->dwMediaMode == LINEMEDIAMODE_G3FAX) {
      ++stats.fax_detected;
      drop(call, slot);  // no fax machine here: hang up
    }
  };

  // Ends a transfer that could not be made: the answered call (perhaps held for the
  // consultation, with no hold time running) is dropped, and so is its consultation call.
  auto abandon_transfer = [&](CallHandle call, CallHandle consult) {
    ++stats.transfer_refused;
    for (const CallHandle h : {consult, call}) {
      if (const auto c = calls.find(h); h != 0 && c != calls.end()) drop(h, c->second);
    }
  };
  // An answered call picked for the transfer share: consultation where the line offers it,
  // else single-step; false when the line offers neither (the call goes on as usual).
  auto start_transfer = [&](CallHandle call, CallSlot& slot) {
    CallHandle consult = 0;
    const std::size_t line = slot.line;
    if (const LONG request = host_.line_setup_transfer(call, consult); request > 0) {
      ++lines[line].calls;
      CallSlot consultation{line, true};
      consultation.consult_of = call;
      calls.emplace(consult, consultation);
      pending_transfers.emplace(request, PendingTransfer{call, consult, TransferStep::kSetup});
      return true;
    }
    if (const LONG request = host_.line_blind_transfer(call, options_.transfer_to); request > 0) {
      pending_transfers.emplace(request, PendingTransfer{call, 0, TransferStep::kBlind});
      return true;
    }
    ++stats.transfer_refused;
    return false;
  };
  // A transfer request's LINE_REPLY.
  auto transfer_reply = [&](const PendingTransfer& t, LONG result) {
    switch (t.step) {
      case TransferStep::kSetup:
        if (result != 0) {
          // The host closes the failed consultation call itself; the line has room again.
          if (const auto c = calls.find(t.consult); c != calls.end()) {
            const std::size_t line = c->second.line;
            calls.erase(c);
            free_line(line);
          }
          abandon_transfer(t.call, 0);
          return;
        }
        if (host_.line_dial(t.consult, options_.transfer_to) <= 0) {
          abandon_transfer(t.call, t.consult);
        }
        return;
      case TransferStep::kComplete:
      case TransferStep::kBlind:
        if (result != 0) {
          abandon_transfer(t.call, t.consult);
          return;
        }
        ++stats.transferred;
        if (t.step == TransferStep::kComplete) ++stats.transferred_consult;
        for (const CallHandle h : {t.call, t.consult}) {
          if (const auto c = calls.find(h); h != 0 && c != calls.end())
            c->second.transferred = true;
        }
        return;
    }
  };

  auto place_outbound = [&] {
    while (!idle.empty()) {
      const std::size_t index = idle.back();
      idle.pop_back();
      LineSlot& line = lines[index];
      if (line.calls >= line.capacity || !line.open || !line.in_service) continue;  // stale
      CallHandle call = 0;
      const std::string dest = numbers.next();
      const LONG request = host_.line_make_call(line.line, std::string_view(dest), nullptr, call);
      if (request <= 0) {
        ++stats.make_call_errors;
        retry.push_back(index);  // e.g. an incoming call took it: try again after messages
        continue;
      }
      ++stats.placed;
      ++line.calls;
      calls.emplace(call, CallSlot{index, true});
      pending_makes.emplace(request, call);
      if (options_.ring_timeout.count() > 0) {
        hang_ups.push({Clock::now() + options_.ring_timeout, call, true});
      }
      return true;
    }
    return false;
  };

  auto handle = [&](const Message& m) {
    switch (m.message) {
      case LINE_APPNEWCALL: {
        const auto it = line_index.find(m.line);
        if (it == line_index.end()) return;
        const CallHandle call = static_cast<CallHandle>(m.param2);
        ++stats.offered;
        calls.emplace(call, CallSlot{it->second, false});
        ++lines[it->second].calls;
        break;
      }
      case LINE_CALLSTATE: {
        const auto it = calls.find(m.call);
        if (it == calls.end()) return;
        CallSlot& slot = it->second;
        switch (m.param1 & 0x00FFFFFF) {
          case LINECALLSTATE_OFFERING:
            if (options_.answer_incoming && options_.deflect_share > 0 &&
                std::uniform_real_distribution<double>(0, 1)(rng) < options_.deflect_share) {
              const LONG request = host_.line_redirect(m.call, options_.deflect_to);
              if (request > 0) {
                pending_redirects.emplace(request, m.call);
                break;
              }
              ++stats.deflect_refused;  // no deflection on this line: answered instead
            }
            if (options_.answer_incoming)
              host_.line_answer(m.call);
            else
              drop(m.call, slot);
            break;
          case LINECALLSTATE_CONNECTED:
            if (slot.connected) break;
            slot.connected = true;
            if (slot.consult_of != 0) {
              // The supervisor answered: join the two calls in the network.
              const LONG request =
                  host_.line_complete_transfer(slot.consult_of, m.call, LINETRANSFERMODE_TRANSFER);
              if (request > 0) {
                pending_transfers.emplace(
                    request, PendingTransfer{slot.consult_of, m.call, TransferStep::kComplete});
              } else {
                abandon_transfer(slot.consult_of, m.call);
              }
              break;
            }
            if (slot.outgoing)
              ++stats.outbound_connected;
            else
              ++stats.answered;
            if (!slot.outgoing && options_.transfer_share > 0 &&
                std::uniform_real_distribution<double>(0, 1)(rng) < options_.transfer_share &&
                start_transfer(m.call, slot)) {
              break;  // the transfer ends the call here: no menu, no hold time
            }
            ask_menu(m.call, slot);
            if (options_.monitor_digit_modes != 0) {
              host_.line_monitor_digits(m.call, options_.monitor_digit_modes);
            }
            if (options_.hold_mean.count() == 0) {
              drop(m.call, slot);
            } else {
              const auto ms = static_cast<std::int64_t>(hold(rng));
              hang_ups.push({Clock::now() + std::chrono::milliseconds(ms), m.call});
            }
            break;
          case LINECALLSTATE_DISCONNECTED:
            // A supervisor who is busy or gone: the held caller is dropped as well.
            if (slot.consult_of != 0 && !slot.transferred) {
              if (const auto c = calls.find(slot.consult_of); c != calls.end())
                drop(slot.consult_of, c->second);
            }
            drop(m.call, slot);
            break;
          case LINECALLSTATE_IDLE:
            finish_call(m.call);
            break;
          default:
            break;
        }
        break;
      }
      case LINE_MONITORDIGITS:
        ++stats.digits_monitored;
        if (hooks.monitor_digit) hooks.monitor_digit(m);
        break;
      case LINE_REPLY: {
        if (const auto t = pending_transfers.find(static_cast<LONG>(m.param1));
            t != pending_transfers.end()) {
          const PendingTransfer transfer = t->second;
          pending_transfers.erase(t);
          transfer_reply(transfer, static_cast<LONG>(m.param2));
          return;
        }
        if (const auto r = pending_redirects.find(static_cast<LONG>(m.param1));
            r != pending_redirects.end()) {
          const CallHandle call = r->second;
          pending_redirects.erase(r);
          const auto c = calls.find(call);
          if (static_cast<LONG>(m.param2) == 0) {
            ++stats.deflected;
            if (c != calls.end()) c->second.deflected = true;
          } else {
            ++stats.deflect_refused;
            if (c != calls.end()) host_.line_answer(call);  // still offered: answer it here
          }
          return;
        }
        if (const auto check = heard_checks.find(static_cast<LONG>(m.param1));
            check != heard_checks.end()) {
          if (static_cast<LONG>(m.param2) == 0 &&
              check->second.answer().ends_with(check->second.routed)) {
            stats.digits_confirmed += check->second.routed.size();
          }
          heard_checks.erase(check);
          return;
        }
        const auto it = pending_makes.find(static_cast<LONG>(m.param1));
        if (it == pending_makes.end()) return;
        const CallHandle call = it->second;
        pending_makes.erase(it);
        if (static_cast<LONG>(m.param2) == 0) return;
        // A failed lineMakeCall: the host closes the call itself; the line is free again.
        ++stats.make_call_errors;
        const auto c = calls.find(call);
        if (c == calls.end()) return;
        const std::size_t line = c->second.line;
        ++stats.failed;
        calls.erase(c);
        if (static_cast<LONG>(m.param2) == LINEERR_RESOURCEUNAVAIL) {
          ++stats.make_call_resource_refusals;
          --lines[line].calls;
          refused.emplace_back(Clock::now() + options_.refused_retry, line);
          return;
        }
        free_line(line);
        break;
      }
      case LINE_GATHERDIGITS: {
        const auto it = calls.find(m.call);
        if (it == calls.end() || !it->second.menu_pending) return;
        route(m.call, it->second, m.text, static_cast<DWORD>(m.param1));
        break;
      }
      case LINE_GENERATE: {
        const auto it = calls.find(m.call);
        if (it == calls.end() || it->second.generating != static_cast<DWORD>(m.param2)) return;
        it->second.generating = 0;
        if (m.param1 == LINEGENERATETERM_DONE) {
          stats.digits_generated += it->second.routed.size();
        } else {
          it->second.routed.clear();  // cut short: nothing to confirm
        }
        break;
      }
      case LINE_CALLINFO: {
        const auto it = calls.find(m.call);
        if (it != calls.end() && (m.param1 & LINECALLINFOSTATE_MEDIAMODE) != 0) {
          check_media_mode(m.call, it->second);
        }
        break;
      }
      case LINE_LINEDEVSTATE: {
        const auto it = line_index.find(m.line);
        if (it == line_index.end()) return;
        if (m.param1 & LINEDEVSTATE_OUTOFSERVICE) lines[it->second].in_service = false;
        if (m.param1 & LINEDEVSTATE_INSERVICE) {
          LineSlot& line = lines[it->second];
          line.in_service = true;
          if (line.calls < line.capacity)
            idle.insert(idle.end(), line.capacity - line.calls, it->second);
        }
        break;
      }
      case LINE_CLOSE: {
        const auto it = line_index.find(m.line);
        if (it != line_index.end()) lines[it->second].open = false;
        break;
      }
      default:
        break;
    }
  };

  auto report = [&](Clock::time_point now) {
    stats.elapsed_seconds = std::chrono::duration<double>(now - start).count();
    stats.lines_busy = 0;
    stats.lines_out_of_service = 0;
    for (const auto& line : lines) {
      if (line.calls != 0) ++stats.lines_busy;
      if (!line.in_service) ++stats.lines_out_of_service;
    }
  };

  for (;;) {
    auto now = Clock::now();
    if (stop_.load(std::memory_order_relaxed) || now >= end) break;
    if (options_.max_calls > 0 && stats.finished() >= options_.max_calls) break;

    while (!refused.empty() && refused.front().first <= now) {
      const std::size_t line = refused.front().second;
      refused.pop_front();
      if (lines[line].open && lines[line].in_service) idle.push_back(line);
    }
    while (!hang_ups.empty() && hang_ups.top().due <= now) {
      const HangUp due = hang_ups.top();
      hang_ups.pop();
      const auto it = calls.find(due.call);
      if (it == calls.end() || (due.unless_connected && it->second.connected)) continue;
      drop(due.call, it->second);
    }
    const bool budget_left = options_.max_calls == 0 || stats.placed < options_.max_calls;
    if (budget_left && options_.outbound_per_second > 0) {
      if (unlimited_rate) {
        while (stats.placed < (options_.max_calls ? options_.max_calls : ~0ull) &&
               place_outbound()) {
        }
      } else {
        while (next_outbound <= now &&
               (options_.max_calls == 0 || stats.placed < options_.max_calls)) {
          place_outbound();  // no idle line: this attempt is skipped, the pace holds
          next_outbound += outbound_gap;
        }
      }
    }

    auto wake = std::min(next_report, end);
    if (!retry.empty()) wake = std::min(wake, now + std::chrono::milliseconds(1));
    if (!hang_ups.empty()) wake = std::min(wake, hang_ups.top().due);
    if (!refused.empty()) wake = std::min(wake, refused.front().first);
    if (options_.outbound_per_second > 0 && !unlimited_rate) wake = std::min(wake, next_outbound);
    const auto wait = std::chrono::duration_cast<std::chrono::nanoseconds>(
        wake > now ? wake - now : Clock::duration::zero());
    Message m;
    if (host_.get_message(m, wait)) {
      handle(m);
      for (int i = 0; i < 4096 && host_.get_message(m, std::chrono::milliseconds(0)); ++i)
        handle(m);
    }
    idle.insert(idle.end(), retry.begin(), retry.end());
    retry.clear();
    now = Clock::now();
    if (now >= next_report) {
      report(now);
      if (every_second) every_second(stats);
      next_report += std::chrono::seconds(1);
    }
  }

  report(Clock::now());
  if (hooks.before_close) hooks.before_close(stats);
  // Closing a line drops its calls (LINEDEVCAPFLAGS_CLOSEDROP); the host closes them first.
  for (auto& line : lines) {
    if (line.open) host_.line_close(line.line);
  }
  Message m;
  while (host_.get_message(m, std::chrono::milliseconds(0))) {
  }
  return stats;
}

std::string summary_line(const CallCenterStats& s) {
  char text[256];
  std::snprintf(
      text, sizeof text,
      "%6.1fs offered %llu answered %llu deflected %llu transferred %llu placed %llu completed "
      "%llu failed %llu busy %u/%u%s",
      s.elapsed_seconds, static_cast<unsigned long long>(s.offered),
      static_cast<unsigned long long>(s.answered), static_cast<unsigned long long>(s.deflected),
      static_cast<unsigned long long>(s.transferred), static_cast<unsigned long long>(s.placed),
      static_cast<unsigned long long>(s.completed), static_cast<unsigned long long>(s.failed),
      s.lines_busy, s.lines_open, s.lines_out_of_service ? " (some out of service)" : "");
  return text;
}

}  // namespace spantsp::host
