#include "tools/tapihost/call_audio.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>

#include "media/g711_frame.h"

namespace spantsp::host {
namespace {
constexpr std::size_t kOctetsPerMs = media::kSampleRate / 1000;
}  // namespace

CallAudio::CallAudio(media::MediaStream& stream, CallAudioEvents& events)
    : stream_(stream), events_(events) {}

bool CallAudio::queue(std::shared_ptr<const Prompt> prompt, bool barge_in) {
  std::lock_guard lock(mutex_);
  if (!prompt || prompt->law != stream_.law() || count_ == kMaxQueued) return false;
  queue_[(head_ + count_) % kMaxQueued] = Queued{std::move(prompt), barge_in};
  if (count_++ == 0) {
    position_ = 0;
    played_ = 0;
    ++sequence_;
  }
  return true;
}

std::uint32_t CallAudio::sequence() const {
  std::lock_guard lock(mutex_);
  return sequence_;
}

void CallAudio::end_play(PlayEnd end) {
  for (std::size_t i = 0; i < count_; ++i) queue_[(head_ + i) % kMaxQueued].prompt.reset();
  head_ = count_ = position_ = 0;
  play_end_ = end;
  play_end_pending_ = true;
  ended_sequence_ = sequence_;
  ended_played_ = played_;
}

void CallAudio::stop_playing() {
  std::lock_guard lock(mutex_);
  if (count_ != 0) end_play(PlayEnd::kStopped);
}

bool CallAudio::record(const RecordOptions& options, std::string& error) {
  std::lock_guard lock(mutex_);
  if (recording_) {
    error = "already recording";
    return false;
  }
  if (!writer_.open(options.path, stream_.law(), error)) return false;
  options_ = options;
  recording_ = true;
  silent_octets_ = 0;
  spoke_ = false;
  recorded_ms_ = 0;
  return true;
}

void CallAudio::end_record(RecordEnd end, const std::string& error) {
  std::string close_error;
  const bool closed = writer_.close(close_error);
  recording_ = false;
  record_end_ = end;
  record_error_ = error;
  if (!closed && end != RecordEnd::kError) {
    record_end_ = RecordEnd::kError;
    record_error_ = close_error;
  }
  recorded_ms_ = static_cast<std::uint32_t>(writer_.octets_written() / kOctetsPerMs);
  record_end_pending_ = true;
}

void CallAudio::stop_recording() {
  std::lock_guard lock(mutex_);
  if (recording_) end_record(RecordEnd::kStopped, {});
}

void CallAudio::on_digit(char digit) {
  std::lock_guard lock(mutex_);
  if (count_ != 0 && queue_[head_].barge_in) end_play(PlayEnd::kBargedIn);
  if (recording_ && options_.terminators.find(digit) != std::string::npos) {
    end_record(RecordEnd::kDigit, {});
  }
}

bool CallAudio::playing() const {
  std::lock_guard lock(mutex_);
  return count_ != 0;
}

bool CallAudio::recording() const {
  std::lock_guard lock(mutex_);
  return recording_;
}

void CallAudio::fill_play() {
  const std::size_t frame = std::max<std::size_t>(stream_.frame_octets(), 20 * kOctetsPerMs);
  const std::size_t lead = kLeadFrames * frame;
  while (count_ != 0) {
    const std::size_t queued = stream_.play_queued();
    if (queued >= lead) return;
    const Prompt& prompt = *queue_[head_].prompt;
    const std::size_t n = std::min(lead - queued, prompt.octets.size() - position_);
    if (latency_ != nullptr && !probe_pending_ && n != 0) {
      stream_.probe_next_play();
      probe_written_ns_ =
          static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
      probe_pending_ = true;
    }
    const std::size_t wrote = stream_.play({prompt.octets.data() + position_, n});
    position_ += wrote;
    if (position_ < prompt.octets.size()) {
      if (wrote == 0) return;  // the ring is full, or refuses (no call connected)
      continue;
    }
    ++played_;
    queue_[head_].prompt.reset();
    head_ = (head_ + 1) % kMaxQueued;
    position_ = 0;
    if (--count_ == 0) {
      play_end_ = PlayEnd::kDone;
      play_end_pending_ = true;
      ended_sequence_ = sequence_;
      ended_played_ = played_;
    }
  }
}

void CallAudio::drain_hear() {
  const media::OctetRing::Region region = stream_.heard_region();
  const std::size_t total = region.size();
  for (std::span<std::uint8_t> part : {region.first, region.second}) {
    while (recording_ && !part.empty()) {
      const std::uint64_t max = std::uint64_t{options_.max_ms} * kOctetsPerMs;
      const std::uint64_t room = max - std::min(max, writer_.octets_written());
      std::size_t n = std::min({part.size(), pcm_.size(), static_cast<std::size_t>(room)});
      if (n == 0) {
        end_record(RecordEnd::kMaxLength, {});
        break;
      }
      std::string error;
      if (!writer_.write(part.first(n), error)) {
        end_record(RecordEnd::kError, error);
        break;
      }
      if (options_.silence_ms != 0) {
        media::g711_decode(stream_.law(), part.data(), pcm_.data(), n);
        std::uint64_t sum = 0;
        for (std::size_t i = 0; i < n; ++i) sum += static_cast<std::uint64_t>(std::abs(pcm_[i]));
        const bool silent = sum / n < options_.silence_level;
        spoke_ = spoke_ || !silent;
        silent_octets_ = silent ? silent_octets_ + n : 0;
        if (spoke_ && silent_octets_ >= std::uint64_t{options_.silence_ms} * kOctetsPerMs) {
          end_record(RecordEnd::kSilence, {});
          break;
        }
      }
      part = part.subspan(n);
      if (writer_.octets_written() >= max) end_record(RecordEnd::kMaxLength, {});
    }
  }
  stream_.heard_consume(total);
}

void CallAudio::pump() {
  bool report_play = false, report_record = false;
  PlayEnd play_end = PlayEnd::kDone;
  RecordEnd record_end = RecordEnd::kStopped;
  std::uint32_t played = 0, recorded_ms = 0, sequence = 0;
  std::string error;
  {
    std::lock_guard lock(mutex_);
    if (stream_.ended()) {
      if (count_ != 0) end_play(PlayEnd::kCallEnded);
      if (recording_) {
        drain_hear();  // what the caller said before hanging up
        if (recording_) end_record(RecordEnd::kCallEnded, {});
      }
    } else {
      if (probe_pending_) {
        const std::uint64_t wire_ns = stream_.probe_wire_ns();
        if (wire_ns != 0) {
          latency_->record(wire_ns - probe_written_ns_);
          probe_pending_ = false;
        }
      }
      fill_play();
      drain_hear();
    }
    if (play_end_pending_) {
      report_play = true;
      play_end = play_end_;
      played = ended_played_;
      sequence = ended_sequence_;
      play_end_pending_ = false;
    }
    if (record_end_pending_) {
      report_record = true;
      record_end = record_end_;
      recorded_ms = recorded_ms_;
      error.swap(record_error_);
      record_end_pending_ = false;
    }
  }
  if (report_play) events_.on_play_end(play_end, played, sequence);
  if (report_record) events_.on_record_end(record_end, recorded_ms, error);
}

}  // namespace spantsp::host
