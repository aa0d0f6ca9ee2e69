#include "media/media_detector.h"

namespace spantsp::media {

MediaDetector::MediaDetector() {
  restart();
}

void MediaDetector::restart() {
  modem_connect_tones_rx_init(&cng_, MODEM_CONNECT_TONES_FAX_CNG, &MediaDetector::on_tone, this);
  modem_connect_tones_rx_init(&ans_, MODEM_CONNECT_TONES_ANS_PR, &MediaDetector::on_tone, this);
  speech_.restart();
  mask_ = 0;
  reported_ = 0;
}

void MediaDetector::start(std::uint32_t mask) {
  mask_ = mask;
}

void MediaDetector::report(std::uint32_t kind, std::uint64_t at_ms) {
  if ((listening() & kind) == 0) return;
  reported_ |= kind;
  MediaEvent event;
  event.kind = MediaEvent::Kind::kMediaDetected;
  event.media = kind;
  event.at_ms = at_ms;
  out_->push(event);
}

void MediaDetector::on_tone(void* user, int code, int /*level*/, int /*delay*/) {
  auto& self = *static_cast<MediaDetector*>(user);
  switch (code) {
    case MODEM_CONNECT_TONES_FAX_CNG:
      self.report(kMediaFaxCng, self.chunk_end_ms_);
      break;
    case MODEM_CONNECT_TONES_ANS:  // 2100 Hz without phase reversals: CED
      self.report(kMediaFaxCed, self.chunk_end_ms_);
      break;
    case MODEM_CONNECT_TONES_ANS_PR:
    case MODEM_CONNECT_TONES_ANSAM:
    case MODEM_CONNECT_TONES_ANSAM_PR:
      self.report(kMediaModemAnswer, self.chunk_end_ms_);
      break;
    default:
      break;
  }
}

void MediaDetector::process(const std::int16_t* pcm, std::size_t n, const FrameClock& clock,
                            ChannelEvents& out) {
  out_ = &out;
  chunk_end_ms_ = clock.at(n - 1);
  const std::uint32_t want = listening();
  if ((want & kMediaFaxCng) != 0) modem_connect_tones_rx(&cng_, pcm, static_cast<int>(n));
  if ((want & (kMediaFaxCed | kMediaModemAnswer)) != 0) {
    modem_connect_tones_rx(&ans_, pcm, static_cast<int>(n));
  }
  if ((want & kMediaSpeech) != 0) {
    std::size_t done = 0;
    while (done < n) {
      bool speech = false;
      done += speech_.feed(pcm + done, n - done, speech);
      if (speech) report(kMediaSpeech, clock.at(done - 1));
    }
  }
  out_ = nullptr;
}

}  // namespace spantsp::media
