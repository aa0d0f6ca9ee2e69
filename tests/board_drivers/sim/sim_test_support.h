#pragma once
// Test support for the sim board, test thread only: a SpanEvents fake that records every event
// with the virtual time it happened at, a harness that drives an IdealSpan on a TimerWheel
// advanced deadline by deadline (virtual time: nothing sleeps, wall-clock timing never decides
// a test), an Autopilot that plays a TAPI application (answers, hangs up, dials) the way the
// real core does it — always later, never from inside an event — and SimControl builders.

#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <ostream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "board_drivers/board_driver.h"
#include "board_drivers/signalling/ideal/ideal_span.h"
#include "board_drivers/sim/sim_control.h"
#include "config/config_model.h"
#include "pipeline/timer_wheel.h"

namespace spantsp::sim::testing {

using ideal::IdealSpan;
using signalling::ChannelState;

inline constexpr std::uint64_t kStartMs = 1'000'000;  // not 0: catches "relative to 0" bugs

enum class Kind {
  kIncoming,
  kMoreDigits,
  kProceeding,
  kAlerting,
  kProgress,
  kConnected,
  kDisconnected,
  kReleased,
  kSpanStatus,
  kChannelService,
  kMedia,
};

inline const char* kind_name(Kind k) {
  switch (k) {
    case Kind::kIncoming:
      return "incoming";
    case Kind::kMoreDigits:
      return "more-digits";
    case Kind::kProceeding:
      return "proceeding";
    case Kind::kAlerting:
      return "alerting";
    case Kind::kProgress:
      return "progress";
    case Kind::kConnected:
      return "connected";
    case Kind::kDisconnected:
      return "disconnected";
    case Kind::kReleased:
      return "released";
    case Kind::kSpanStatus:
      return "span-status";
    case Kind::kChannelService:
      return "channel-service";
    case Kind::kMedia:
      return "media";
  }
  return "?";
}

// One reported event. Equality ignores the time (tests check times where they matter).
struct Event {
  Event(int ch, Kind k, int c = 0, std::string d = {})
      : channel(ch), kind(k), cause(c), detail(std::move(d)) {}
  int channel;
  Kind kind;
  int cause;           // Q.850 cause of kDisconnected
  std::string detail;  // incoming "calling>called" (+ "+" when incomplete), digits, alarms
  std::uint64_t time = 0;

  bool operator==(const Event& o) const {
    return channel == o.channel && kind == o.kind && cause == o.cause && detail == o.detail;
  }
};

inline void PrintTo(const Event& e, std::ostream* os) {
  *os << "{ch " << e.channel << ' ' << kind_name(e.kind);
  if (e.kind == Kind::kDisconnected) *os << " cause " << e.cause;
  if (!e.detail.empty()) *os << " \"" << e.detail << '"';
  *os << " @" << e.time << '}';
}

using Events = std::vector<Event>;

inline std::string status_text(const board::SpanStatus& s) {
  std::string text;
  if (s.red) text += "red,";
  if (s.yellow) text += "yellow,";
  if (s.blue) text += "blue,";
  if (!s.signalling_up) text += "sig-down,";
  return text.empty() ? "ok" : text.substr(0, text.size() - 1);
}

class RecordingEvents final : public board::SpanEvents {
 public:
  explicit RecordingEvents(const pipeline::TimerWheel& wheel) : wheel_(wheel) {}

  Events events;
  // Called after each event is recorded (a test's "application"); may call back into the span.
  std::function<void(const Event&)> react;

  // The events so far, forgotten.
  Events take() {
    Events out;
    out.swap(events);
    return out;
  }

  void on_incoming(int channel, const board::CallSetup& setup) override {
    std::string detail = std::string(setup.calling.view()) + ">" +
                         std::string(setup.called.view()) + (setup.sending_complete ? "" : "+");
    if (!setup.calling_name.empty()) detail += " '" + std::string(setup.calling_name.view()) + "'";
    add(channel, Kind::kIncoming, 0, std::move(detail));
  }
  void on_more_digits(int channel, std::string_view digits, bool complete) override {
    add(channel, Kind::kMoreDigits, 0, std::string(digits) + (complete ? "" : "+"));
  }
  void on_proceeding(int channel) override { add(channel, Kind::kProceeding); }
  void on_alerting(int channel) override { add(channel, Kind::kAlerting); }
  void on_progress(int channel, bool inband) override {
    add(channel, Kind::kProgress, 0, inband ? "inband" : "");
  }
  void on_connected(int channel) override { add(channel, Kind::kConnected); }
  void on_disconnected(int channel, std::uint8_t q850_cause) override {
    add(channel, Kind::kDisconnected, q850_cause);
  }
  void on_released(int channel) override { add(channel, Kind::kReleased); }
  void on_span_status(const board::SpanStatus& status) override {
    add(0, Kind::kSpanStatus, 0, status_text(status));
  }
  void on_channel_service(int channel, bool in_service) override {
    add(channel, Kind::kChannelService, 0, in_service ? "in" : "out");
  }
  // "down 5", "up 5", "done 7" (token), "tone 0" (index), "media 1" (MediaKind bit).
  void on_media(int channel, const media::MediaEvent& e) override {
    using MK = media::MediaEvent::Kind;
    switch (e.kind) {
      case MK::kDigitDown:
        return add(channel, Kind::kMedia, 0, std::string("down ") + e.digit);
      case MK::kDigitUp:
        return add(channel, Kind::kMedia, 0, std::string("up ") + e.digit);
      case MK::kGenerateDone:
        return add(channel, Kind::kMedia, 0, "done " + std::to_string(e.token));
      case MK::kToneDetected:
        return add(channel, Kind::kMedia, 0, "tone " + std::to_string(e.tone_index));
      case MK::kMediaDetected:
        return add(channel, Kind::kMedia, 0, "media " + std::to_string(e.media));
    }
  }

 private:
  void add(int channel, Kind kind, int cause = 0, std::string detail = {}) {
    events.emplace_back(channel, kind, cause, std::move(detail));
    events.back().time = wheel_.now_ms();
    if (react) {
      const Event copy = events.back();  // a reaction may record more events
      react(copy);
    }
  }

  const pipeline::TimerWheel& wheel_;
};

// Fires every timer up to `until_ms`, each at its own deadline, so handlers see exact times.
inline void run_until(pipeline::TimerWheel& wheel, std::uint64_t until_ms) {
  for (;;) {
    const std::uint64_t due = wheel.next_deadline();
    if (due > until_ms) break;
    wheel.advance(due);
  }
  wheel.advance(until_ms);
}

inline config::TrafficProfile quiet_profile() {
  config::TrafficProfile p;
  p.incoming_calls_per_second = 0.0;  // only what a test injects
  p.answer_delay_ms = 2'000;
  p.hold_time_ms = 0;  // held until our side clears
  p.remote_hangup_share = 0.0;
  p.seed = 7;
  return p;
}

inline board::CallSetup dial(std::string_view called, bool complete = true) {
  board::CallSetup setup;
  setup.called.assign(called);
  setup.calling.assign("2125550100");
  setup.sending_complete = complete;
  return setup;
}

inline SimControl control(SimControlOp op) {
  SimControl c;
  std::memset(&c, 0, sizeof c);
  c.dwMagic = kSimControlMagic;
  c.dwVersion = kSimControlVersion;
  c.dwOp = op;
  return c;
}

inline SimControl inject(std::string_view calling, std::string_view called,
                         std::string_view name = {}) {
  SimControl c = control(kSimInjectIncoming);
  // Callers keep within the 40 characters of each field; the rest stays NUL.
  calling.copy(c.szCalling, sizeof c.szCalling - 1);
  called.copy(c.szCalled, sizeof c.szCalled - 1);
  name.copy(c.szCallingName, sizeof c.szCallingName - 1);
  return c;
}

// One span (channels 1-4 unless told) started on its own wheel, with a recorder.
struct Harness {
  explicit Harness(const config::TrafficProfile& profile = quiet_profile(),
                   std::vector<int> channels = {1, 2, 3, 4}, std::uint32_t span_index = 0)
      : span(channels, profile, span_index) {
    span.start(events, wheel);
  }

  void run_for(std::uint64_t ms) { run_until(wheel, wheel.now_ms() + ms); }
  std::uint64_t now() const { return wheel.now_ms(); }
  board::ControlResult ctl(int channel, SimControl c) {
    return span.device_specific(channel, &c, sizeof c);
  }

  pipeline::TimerWheel wheel{kStartMs};  // outlives the span (declared first)
  RecordingEvents events{wheel};
  IdealSpan span;
};

// A TAPI application in miniature. It reacts on its own timers (as the real core's commands
// come back through the span's command ring later, never inside an event): accepts each
// offered call at once and answers it after answer_after_ms, hangs up a connected call after
// hangup_after_ms unless the far end clears first, releases at once after a far-end clear,
// and dials every dial_every_ms on the lowest idle channel, one call in dial_overlap_every
// with overlap sending (digits follow 500 ms later).
class Autopilot final : public pipeline::TimerHandler {
 public:
  std::uint64_t answer_after_ms = 1'500;
  std::uint64_t hangup_after_ms = 40'000;
  std::uint64_t dial_every_ms = 1'000;
  std::uint32_t dial_overlap_every = 5;
  std::uint64_t place_refused = 0;

  explicit Autopilot(Harness& h) : h_(h), pending_(h.span.channels().size()) {
    for (std::size_t i = 0; i < pending_.size(); ++i) {
      pending_[i].node.handler = this;
      pending_[i].node.cookie = i;
    }
    dial_timer_.handler = this;
    dial_timer_.cookie = ~std::uint64_t{0};
    h_.events.react = [this](const Event& e) { on_event(e); };
  }
  ~Autopilot() {
    for (auto& p : pending_) h_.wheel.cancel(p.node);
    h_.wheel.cancel(dial_timer_);
    h_.events.react = nullptr;
  }

  void start_dialling() { h_.wheel.arm(dial_timer_, h_.now() + dial_every_ms); }

  void on_timer(std::uint64_t cookie, std::uint64_t /*now_ms*/) override {
    if (cookie == ~std::uint64_t{0}) {
      dial();
      h_.wheel.arm(dial_timer_, h_.now() + dial_every_ms);
      return;
    }
    Pending& p = pending_[cookie];
    const int channel = h_.span.channels()[cookie];
    const Action a = p.action;
    p.action = Action::kNone;
    switch (a) {
      case Action::kNone:
        break;
      case Action::kAccept:
        h_.span.accept(channel);
        later(cookie, Action::kAnswer, answer_after_ms);
        break;
      case Action::kAnswer:
        h_.span.answer(channel);
        break;
      case Action::kHangUp:
        h_.span.release(channel, board::cause::kNormalClearing);
        break;
      case Action::kRelease:
        h_.span.release(channel, board::cause::kNormalClearing);
        break;
      case Action::kDigits:
        h_.span.send_digits(channel, "42", true);
        break;
    }
  }

 private:
  enum class Action { kNone, kAccept, kAnswer, kHangUp, kRelease, kDigits };
  struct Pending {
    Action action = Action::kNone;
    pipeline::TimerNode node;
  };

  std::size_t index_of(int channel) const {
    const auto& list = h_.span.channels();
    for (std::size_t i = 0; i < list.size(); ++i) {
      if (list[i] == channel) return i;
    }
    return 0;
  }

  void later(std::size_t index, Action action, std::uint64_t delay_ms) {
    pending_[index].action = action;
    h_.wheel.arm(pending_[index].node, h_.now() + delay_ms);
  }
  void cancel(std::size_t index) {
    pending_[index].action = Action::kNone;
    h_.wheel.cancel(pending_[index].node);
  }

  void on_event(const Event& e) {
    if (e.channel == 0) return;
    const std::size_t i = index_of(e.channel);
    switch (e.kind) {
      case Kind::kIncoming:
        later(i, Action::kAccept, 0);
        break;
      case Kind::kConnected:
        later(i, Action::kHangUp, hangup_after_ms);
        break;
      case Kind::kDisconnected:
        later(i, Action::kRelease, 0);
        break;
      case Kind::kReleased:
        cancel(i);
        break;
      default:
        break;
    }
  }

  void dial() {
    const auto& list = h_.span.channels();
    for (std::size_t i = 0; i < list.size(); ++i) {
      if (h_.span.channel_state(list[i]) != ChannelState::kIdle ||
          pending_[i].action != Action::kNone) {
        continue;
      }
      ++dialled_;
      std::string number = "55501" + std::to_string(dialled_ % 100);
      const bool overlap = dial_overlap_every != 0 && dialled_ % dial_overlap_every == 0;
      if (!h_.span.place_call(list[i], dial(number, !overlap))) {
        ++place_refused;
      } else if (overlap) {
        later(i, Action::kDigits, 500);
      }
      return;
    }
  }
  static board::CallSetup dial(const std::string& number, bool complete) {
    return testing::dial(number, complete);
  }

  Harness& h_;
  std::vector<Pending> pending_;
  pipeline::TimerNode dial_timer_;
  std::uint64_t dialled_ = 0;
};

// A trace as text, one event a line with its time: what the reproducibility tests compare.
inline std::string trace_text(const Events& events) {
  std::ostringstream out;
  for (const auto& e : events) {
    out << e.time << ' ' << e.channel << ' ' << kind_name(e.kind) << ' ' << e.cause << ' '
        << e.detail << '\n';
  }
  return out.str();
}

}  // namespace spantsp::sim::testing
