#include "media/channel_dsp.h"

#include <algorithm>
#include <array>

#include "media/g711_frame.h"

namespace spantsp::media {

void ChannelDsp::command(const MediaCommand& command) {
  using Op = MediaCommand::Op;
  switch (command.op) {
    case Op::kDetectDigits:
      if (command.on && !detect_digits_) digit_detector_.restart();
      if (!command.on) {
        events_.withdraw(MediaEvent::Kind::kDigitDown);
        events_.withdraw(MediaEvent::Kind::kDigitUp);
      }
      detect_digits_ = command.on;
      break;
    case Op::kGenerateDigits:
      events_.withdraw(MediaEvent::Kind::kGenerateDone);
      digit_generator_.start(command);
      generator_ = Generator::kDigits;
      token_ = command.token;
      break;
    case Op::kGenerateTone:
      events_.withdraw(MediaEvent::Kind::kGenerateDone);
      tone_player_.start(command.tone);
      generator_ = Generator::kTone;
      token_ = command.token;
      break;
    case Op::kGenerateSignal:
      events_.withdraw(MediaEvent::Kind::kGenerateDone);
      signal_player_.start(command.signal, command.duration_ms, command.seed);
      generator_ = Generator::kSignal;
      token_ = command.token;
      break;
    case Op::kCancelGenerate:
      events_.withdraw(MediaEvent::Kind::kGenerateDone);
      generator_ = Generator::kNone;
      break;
    case Op::kMonitorTones:
      events_.withdraw(MediaEvent::Kind::kToneDetected);
      monitor_tones_ = command.tone_count > 0;
      if (monitor_tones_) tone_monitor_.start(command.tones.data(), command.tone_count);
      break;
    case Op::kDetectMedia:
      events_.withdraw(MediaEvent::Kind::kMediaDetected);
      media_detector_.restart();
      media_detector_.start(command.media_mask);
      break;
    case Op::kReset:
      reset();
      break;
  }
}

void ChannelDsp::reset() {
  events_.withdraw_all();
  detect_digits_ = false;
  monitor_tones_ = false;
  generator_ = Generator::kNone;
  digit_detector_.restart();
  media_detector_.restart();
}

void ChannelDsp::process(Law law, const std::uint8_t* rx, std::uint8_t* tx, std::size_t n,
                         const FrameClock& clock) {
  if (listening()) {
    std::array<std::int16_t, kMaxFrameSamples> pcm;
    g711_decode(law, rx, pcm.data(), n);
    if (detect_digits_) digit_detector_.process(pcm.data(), n, clock, events_);
    if (monitor_tones_) tone_monitor_.process(pcm.data(), n, clock, events_);
    if (media_detector_.listening() != 0) media_detector_.process(pcm.data(), n, clock, events_);
  }
  if (generator_ != Generator::kNone) play(law, tx, n, clock);
}

void ChannelDsp::play(Law law, std::uint8_t* tx, std::size_t n, const FrameClock& clock) {
  std::array<std::int16_t, kMaxFrameSamples> pcm;
  std::size_t got = 0;
  switch (generator_) {
    case Generator::kDigits:
      got = digit_generator_.generate(pcm.data(), n);
      break;
    case Generator::kTone:
      got = tone_player_.generate(pcm.data(), n);
      break;
    case Generator::kSignal:
      got = signal_player_.generate(pcm.data(), n);
      break;
    case Generator::kNone:
      return;
  }
  if (got > 0) {
    // The frame's tail after the end of what played is silence, not the caller's fill.
    std::fill(pcm.begin() + static_cast<std::ptrdiff_t>(got),
              pcm.begin() + static_cast<std::ptrdiff_t>(n), std::int16_t{0});
    g711_encode(law, pcm.data(), tx, n);
  }
  if (got == n) return;
  MediaEvent done;
  done.kind = MediaEvent::Kind::kGenerateDone;
  done.token = token_;
  const std::uint64_t frame_ms = n * 1000 / kSampleRate;
  done.at_ms =
      got > 0 ? clock.at(got - 1) : (clock.last_ms > frame_ms ? clock.last_ms - frame_ms : 0);
  events_.push(done);
  generator_ = Generator::kNone;
}

}  // namespace spantsp::media
