#include "tools/ivr/ivr_app.h"

#include <cstdio>
#include <deque>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "tools/tapihost/call_audio.h"
#include "tools/tapihost/media_pump.h"
#include "tools/tapihost/media_stream_open.h"

namespace spantsp::ivr {
namespace {

using Clock = std::chrono::steady_clock;
using host::CallAudio;
using host::CallHandle;
using host::LineHandle;
using host::PlayEnd;
using host::RecordEnd;

// A result of the media thread, handed to run()'s thread.
struct Note {
  CallHandle call = 0;
  bool play = true;  // else a recording ended
  PlayEnd play_end = PlayEnd::kDone;
  std::uint32_t played = 0;
  std::uint32_t sequence = 0;
  RecordEnd record_end = RecordEnd::kStopped;
  std::uint32_t ms = 0;
  std::string error;
};

class NoteQueue {
 public:
  void push(Note note) {
    std::lock_guard lock(mutex_);
    notes_.push_back(std::move(note));
  }
  bool pop(Note& note) {
    std::lock_guard lock(mutex_);
    if (notes_.empty()) return false;
    note = std::move(notes_.front());
    notes_.pop_front();
    return true;
  }

 private:
  std::mutex mutex_;
  std::deque<Note> notes_;
};

enum class Step : std::uint8_t {
  kAnswering,
  kGreeting,         // greeting (maybe after "invalid" / "timeout") playing, barge-in on
  kWaiting,          // greeting over, waiting for a digit until the deadline
  kConfirming,       // a transfer's confirmation, then lineBlindTransfer
  kTransferring,     // lineBlindTransfer's LINE_REPLY awaited; the network then clears the call
  kVoicemailPrompt,  // "leave a message after the tone"
  kRecording,
  kClosing,  // goodbye or error prompt, then hang up
  kDropping,
};

struct IvrCall final : host::CallAudioEvents {
  IvrCall(CallHandle c, NoteQueue& q) : call(c), notes(q) {}
  void on_play_end(PlayEnd end, std::uint32_t played, std::uint32_t run) override {
    Note note;
    note.call = call;
    note.play_end = end;
    note.played = played;
    note.sequence = run;
    notes.push(std::move(note));
  }
  void on_record_end(RecordEnd end, std::uint32_t ms, const std::string& error) override {
    Note note;
    note.call = call;
    note.play = false;
    note.record_end = end;
    note.ms = ms;
    note.error = error;
    notes.push(std::move(note));
  }

  CallHandle call;
  NoteQueue& notes;
  Step step = Step::kAnswering;
  std::uint32_t tries = 0;
  std::uint32_t sequence = 0;  // the queue run we wait for
  std::string transfer_to;     // the chosen transfer's number
  DRV_REQUESTID transfer_request = 0;
  Clock::time_point deadline = Clock::time_point::max();
  host::MediaStreamLease stream;
  std::unique_ptr<CallAudio> audio;
  bool pumped = false;
};

}  // namespace

void PromptSet::load(const Menu& menu) {
  for (const std::string& file : menu.prompt_files()) {
    std::string error;
    auto mu = host::load_prompt(menu.prompt_dir / file, media::Law::kMulaw, error);
    if (!mu) {
      errors_.push_back(error);
      continue;
    }
    mulaw_[file] = std::move(mu);
    alaw_[file] = host::load_prompt(menu.prompt_dir / file, media::Law::kAlaw, error);
  }
}

std::shared_ptr<const host::Prompt> PromptSet::get(const std::string& file, media::Law law) const {
  const auto& map = law == media::Law::kAlaw ? alaw_ : mulaw_;
  const auto it = map.find(file);
  return it == map.end() ? nullptr : it->second;
}

struct Ivr::Impl {
  Impl(host::Host& h, const Menu& m, const PromptSet& p, IvrOptions o)
      : host(h), menu(m), prompts(p), options(o), pump(h.lines().size() * 2 + 8) {}

  // Queues `files` as one run (barge-in on `barge_in`); false when one is missing.
  bool play(IvrCall& c, std::initializer_list<const std::string*> files, bool barge_in) {
    c.audio->stop_playing();
    const media::Law law = c.stream->law();
    for (const std::string* file : files) {
      if (file == nullptr || file->empty()) continue;
      auto prompt = prompts.get(*file, law);
      if (!prompt || !c.audio->queue(std::move(prompt), barge_in)) return false;
    }
    c.sequence = c.audio->sequence();
    return true;
  }

  void drop(IvrCall& c) {
    if (c.step == Step::kDropping) return;
    c.step = Step::kDropping;
    host.line_drop(c.call);
  }

  // The error branch: the error prompt when it can play, then hang up.
  void fail(IvrCall& c) {
    ++stats.errors;
    if (c.audio && c.step != Step::kClosing && play(c, {&menu.error}, false)) {
      c.step = Step::kClosing;
      return;
    }
    drop(c);
  }

  void close_with(IvrCall& c, const std::string& prompt) {
    c.step = Step::kClosing;
    if (!play(c, {&prompt}, false)) fail(c);
  }

  void greet(IvrCall& c, const std::string* before) {
    c.step = Step::kGreeting;
    c.deadline = Clock::time_point::max();
    if (!play(c, {before, &menu.greeting}, true)) fail(c);
  }

  void retry_or_goodbye(IvrCall& c, const std::string& prompt) {
    if (++c.tries > menu.retries) {
      close_with(c, menu.goodbye);
    } else {
      greet(c, &prompt);
    }
  }

  void on_connected(IvrCall& c) {
    ++stats.answered;
    if (host::open_media_stream(host, 0, c.call, LINECALLSELECT_CALL, true, c.stream) != 0) {
      ++stats.stream_errors;
      ++stats.errors;
      drop(c);
      return;
    }
    c.audio = std::make_unique<CallAudio>(*c.stream.get(), c);
    pump.add(*c.audio);
    c.pumped = true;
    host.line_monitor_digits(c.call, LINEDIGITMODE_DTMF);
    greet(c, nullptr);
  }

  void on_digit(IvrCall& c, char digit) {
    if (c.audio) c.audio->on_digit(digit);  // barge-in, record termination
    if (c.step != Step::kGreeting && c.step != Step::kWaiting) return;
    ++stats.digits[digit];
    const Choice* choice = menu.find(digit);
    if (choice == nullptr) {
      ++stats.invalid;
      retry_or_goodbye(c, menu.invalid);
      return;
    }
    c.deadline = Clock::time_point::max();
    switch (choice->action) {
      case Action::kTransfer:
        c.step = Step::kConfirming;
        c.transfer_to = choice->number;
        if (!play(c, {&choice->confirm}, false)) fail(c);
        break;
      case Action::kVoicemail:
        c.step = Step::kVoicemailPrompt;
        if (!play(c, {&choice->confirm}, false)) fail(c);
        break;
      case Action::kHangUp:
        close_with(c, menu.goodbye);
        break;
    }
  }

  // lineBlindTransfer where the call's signalling offers it (ideal, EuroISDN, Q.SIG); the
  // network clears our call once the caller is sent on. Elsewhere, or when it is refused:
  // "unavailable", goodbye, hang up (counted as a fallback, never as a transfer).
  void transfer(IvrCall& c) {
    const LONG request = host.line_blind_transfer(c.call, c.transfer_to);
    if (request > 0) {
      c.step = Step::kTransferring;
      c.transfer_request = static_cast<DRV_REQUESTID>(request);
      return;
    }
    transfer_unavailable(c);
  }

  void transfer_unavailable(IvrCall& c) {
    ++stats.transfer_fallbacks;
    c.step = Step::kClosing;
    if (!play(c, {&menu.unavailable, &menu.goodbye}, false)) fail(c);
  }

  void on_note(IvrCall& c, const Note& n) {
    if (n.play) {
      stats.prompts_played += n.played;
      if (n.play_end == PlayEnd::kBargedIn) ++stats.barge_ins;
      if (n.play_end != PlayEnd::kDone || n.sequence != c.sequence) return;
      switch (c.step) {
        case Step::kGreeting:
          c.step = Step::kWaiting;
          c.deadline = Clock::now() + std::chrono::milliseconds(menu.timeout_ms);
          break;
        case Step::kVoicemailPrompt: {
          std::error_code ec;
          std::filesystem::create_directories(menu.voicemail_dir, ec);
          host::RecordOptions record;
          record.path = menu.voicemail_dir / ("message-" + std::to_string(++message_seq) + "-" +
                                              std::to_string(c.call) + ".wav");
          record.max_ms = menu.max_message_ms;
          record.silence_ms = menu.silence_ms;
          record.terminators = menu.terminators;
          std::string error;
          if (!c.audio->record(record, error)) {
            last_error = error;
            fail(c);
            break;
          }
          c.step = Step::kRecording;
          break;
        }
        case Step::kConfirming:
          transfer(c);
          break;
        case Step::kClosing:
          drop(c);
          break;
        default:
          break;
      }
      return;
    }
    switch (n.record_end) {
      case RecordEnd::kError:
        last_error = n.error;
        fail(c);
        break;
      case RecordEnd::kCallEnded:
        if (n.ms > 0) ++stats.messages_recorded;
        break;
      case RecordEnd::kStopped:
        break;
      default:
        ++stats.messages_recorded;
        close_with(c, menu.saved.empty() ? menu.goodbye : menu.saved);
        break;
    }
  }

  void finish(CallHandle call) {
    const auto it = calls.find(call);
    if (it == calls.end()) return;
    IvrCall& c = *it->second;
    if (c.step != Step::kDropping && c.step != Step::kAnswering) ++stats.caller_hang_ups;
    if (c.pumped) {
      pump.remove(*c.audio);
      c.audio->pump();  // on this thread now: ends a recording the hang-up cut (kCallEnded)
      Note note;
      while (notes.pop(note)) {
        const auto other = calls.find(note.call);
        if (other != calls.end()) on_note(*other->second, note);
      }
    }
    c.audio.reset();
    c.stream.reset();
    calls.erase(it);
    host.line_deallocate_call(call);
    ++stats.completed;
  }

  void handle(const host::Message& m) {
    switch (m.message) {
      case LINE_APPNEWCALL: {
        const auto call = static_cast<CallHandle>(m.param2);
        ++stats.offered;
        calls.emplace(call, std::make_unique<IvrCall>(call, notes));
        break;
      }
      case LINE_CALLSTATE: {
        const auto it = calls.find(m.call);
        if (it == calls.end()) return;
        IvrCall& c = *it->second;
        switch (m.param1 & 0x00FFFFFF) {
          case LINECALLSTATE_OFFERING:
            host.line_answer(m.call);
            break;
          case LINECALLSTATE_CONNECTED:
            if (c.step == Step::kAnswering) on_connected(c);
            break;
          case LINECALLSTATE_DISCONNECTED:
            if (c.step != Step::kDropping && c.step != Step::kAnswering &&
                c.step != Step::kTransferring) {
              ++stats.caller_hang_ups;
            }
            c.step = Step::kDropping;
            host.line_drop(m.call);
            break;
          case LINECALLSTATE_IDLE:
            finish(m.call);
            break;
          default:
            break;
        }
        break;
      }
      case LINE_MONITORDIGITS: {
        const auto it = calls.find(m.call);
        if (it != calls.end()) on_digit(*it->second, static_cast<char>(m.param1 & 0xFF));
        break;
      }
      case LINE_REPLY:
        for (auto& [call, c] : calls) {
          if (c->step != Step::kTransferring || c->transfer_request != m.param1) continue;
          if (static_cast<LONG>(m.param2) == 0) {
            ++stats.transfers;
          } else {
            transfer_unavailable(*c);
          }
          break;
        }
        break;
      default:
        break;
    }
  }

  host::Host& host;
  const Menu& menu;
  const PromptSet& prompts;
  IvrOptions options;
  host::MediaPump pump;
  NoteQueue notes;
  std::unordered_map<CallHandle, std::unique_ptr<IvrCall>> calls;
  IvrStats stats;
  std::uint64_t message_seq = 0;
  std::string last_error;
};

Ivr::Ivr(host::Host& host, const Menu& menu, const PromptSet& prompts, IvrOptions options)
    : impl_(std::make_unique<Impl>(host, menu, prompts, options)) {}

Ivr::~Ivr() = default;

IvrStats Ivr::run(const std::function<void(const IvrStats&)>& every_second) {
  Impl& s = *impl_;
  std::vector<LineHandle> lines;
  for (const host::LineInfo& info : s.host.lines()) {
    LineHandle line = 0;
    host::OpenParams params;
    params.media_modes = LINEMEDIAMODE_INTERACTIVEVOICE;
    if (s.host.line_open(info.device_id, line, params) == 0) lines.push_back(line);
  }
  s.pump.start();
  const auto start = Clock::now();
  const auto end =
      s.options.duration.count() > 0 ? start + s.options.duration : Clock::time_point::max();
  auto next_report = start + std::chrono::seconds(1);
  auto next_sweep = start;
  while (!stop_.load(std::memory_order_relaxed) && Clock::now() < end) {
    host::Message m;
    if (s.host.get_message(m, std::chrono::milliseconds(5))) {
      s.handle(m);
      for (int i = 0; i < 1024 && s.host.get_message(m, std::chrono::milliseconds(0)); ++i) {
        s.handle(m);
      }
    }
    Note note;
    while (s.notes.pop(note)) {
      const auto it = s.calls.find(note.call);
      if (it != s.calls.end()) s.on_note(*it->second, note);
    }
    const auto now = Clock::now();
    if (now >= next_sweep) {  // choice timeouts
      for (auto& [call, c] : s.calls) {
        if (c->step == Step::kWaiting && now >= c->deadline) {
          ++s.stats.timeouts;
          s.retry_or_goodbye(*c, s.menu.timeout);
        }
      }
      next_sweep = now + std::chrono::milliseconds(50);
    }
    if (now >= next_report) {
      s.stats.elapsed_seconds = std::chrono::duration<double>(now - start).count();
      s.stats.active = static_cast<std::uint32_t>(s.calls.size());
      if (every_second) every_second(s.stats);
      next_report += std::chrono::seconds(1);
    }
  }
  s.stats.elapsed_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  s.stats.active = static_cast<std::uint32_t>(s.calls.size());
  s.pump.stop();
  for (auto& [call, c] : s.calls) {  // streams are detached before the lines close
    if (c->pumped) s.pump.remove(*c->audio);
    c->audio.reset();
    c->stream.reset();
  }
  for (LineHandle line : lines) s.host.line_close(line);
  host::Message m;
  while (s.host.get_message(m, std::chrono::milliseconds(0))) {
  }
  s.calls.clear();
  return s.stats;
}

std::string summary_line(const IvrStats& s) {
  std::string digits;
  for (const auto& [digit, count] : s.digits) {
    digits += ' ';
    digits += digit;
    digits += ':' + std::to_string(count);
  }
  if (digits.empty()) digits = " -";
  char text[512];
  std::snprintf(text, sizeof text,
                "%6.1fs answered %llu active %u prompts %llu barge-ins %llu digits%s invalid %llu "
                "timeouts %llu messages %llu transfers %llu (fallbacks %llu) hang-ups %llu "
                "errors %llu",
                s.elapsed_seconds, static_cast<unsigned long long>(s.answered), s.active,
                static_cast<unsigned long long>(s.prompts_played),
                static_cast<unsigned long long>(s.barge_ins), digits.c_str(),
                static_cast<unsigned long long>(s.invalid),
                static_cast<unsigned long long>(s.timeouts),
                static_cast<unsigned long long>(s.messages_recorded),
                static_cast<unsigned long long>(s.transfers),
                static_cast<unsigned long long>(s.transfer_fallbacks),
                static_cast<unsigned long long>(s.caller_hang_ups),
                static_cast<unsigned long long>(s.errors));
  return text;
}

}  // namespace spantsp::ivr
