#pragma once
// Play and record for one call of a host-library application (tools/ivr), over the call's
// media::MediaStream ("spantsp/media", tools/tapihost/media_stream_open.h): a queue of prompts
// played in turn, barge-in (the queue stops on a digit of the call's digit monitor), and a
// recording to a file with a maximum length, an end on silence and termination digits.
//
// Threads: the control functions (queue, stop_playing, record, stop_recording, on_digit) run
// on any application thread; pump() runs on the one media thread (MediaPump) that serves
// every call, one step per pass — never a thread per call. A mutex per call orders the two;
// the media thread is the stream's one producer (play) and one consumer (hear). Results go
// to CallAudioEvents from pump(), outside the lock.
//
// Memory: the queue is fixed (kMaxQueued prompts, shared and immutable); pump() copies
// straight between prompts and the stream's rings and allocates nothing (the recording's file
// buffers belong to libsndfile, opened by record()).

#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>

#include "media/media_stream.h"
#include "tools/tapihost/audio_file.h"
#include "tools/tapihost/latency_histogram.h"

namespace spantsp::host {

enum class PlayEnd : std::uint8_t {
  kDone,       // every queued prompt played
  kBargedIn,   // a digit stopped it
  kStopped,    // stop_playing()
  kCallEnded,  // the call's bearer went away
};

enum class RecordEnd : std::uint8_t {
  kMaxLength,
  kSilence,
  kDigit,      // a termination digit
  kStopped,    // stop_recording()
  kCallEnded,  // the caller hung up
  kError,      // the file could not be written (disk full …): see the error text
};

struct RecordOptions {
  std::filesystem::path path;
  std::uint32_t max_ms = 60'000;
  std::uint32_t silence_ms = 0;  // end after this much silence once the caller spoke (0: never)
  std::uint32_t silence_level = 300;  // mean |sample| below this is silence (16-bit linear)
  std::string terminators = "#";      // digits that end the recording
};

class CallAudioEvents {
 public:
  // `played`: prompts that played to their end; `sequence`: which run of the queue ended
  // (CallAudio::sequence() when it was queued), so an end reported late is told apart.
  virtual void on_play_end(PlayEnd end, std::uint32_t played, std::uint32_t sequence) = 0;
  // `ms`: audio in the file; `error` is empty unless end == kError.
  virtual void on_record_end(RecordEnd end, std::uint32_t ms, const std::string& error) = 0;

 protected:
  ~CallAudioEvents() = default;
};

class CallAudio {
 public:
  static constexpr std::size_t kMaxQueued = 8;
  // Frames kept queued ahead in the stream: the latency a barge-in cannot take back.
  static constexpr std::size_t kLeadFrames = 2;

  // `stream` is attached (with hear) by the caller and outlives this.
  CallAudio(media::MediaStream& stream, CallAudioEvents& events);

  // Appends a prompt (of the stream's law); `barge_in`: a digit stops it and the rest of the
  // queue. false when the queue is full or the law differs.
  bool queue(std::shared_ptr<const Prompt> prompt, bool barge_in);
  void stop_playing();
  // The run of the queue a prompt queued now belongs to: a new one starts whenever the queue
  // was empty.
  std::uint32_t sequence() const;
  // Starts recording what the caller says; false with `error` when the file cannot be made.
  bool record(const RecordOptions& options, std::string& error);
  void stop_recording();
  // A digit of the call's digit monitor (LINE_MONITORDIGITS).
  void on_digit(char digit);

  // The media thread: one step (top up the play ring, drain the hear ring).
  void pump();

  // Measures application write -> wire for one write at a time into `sink` (nanoseconds), on
  // the media thread; null (the default) measures nothing. Set before pumping starts.
  void measure_latency(LatencyHistogram* sink) { latency_ = sink; }

  bool playing() const;
  bool recording() const;
  media::MediaStream& stream() { return stream_; }

 private:
  struct Queued {
    std::shared_ptr<const Prompt> prompt;
    bool barge_in = false;
  };
  void end_play(PlayEnd end);  // under mutex_
  void end_record(RecordEnd end, const std::string& error);
  void fill_play();
  void drain_hear();

  media::MediaStream& stream_;
  CallAudioEvents& events_;
  mutable std::mutex mutex_;
  std::array<Queued, kMaxQueued> queue_{};
  std::size_t head_ = 0, count_ = 0;
  std::size_t position_ = 0;  // octets of queue_[head_] already played
  std::uint32_t played_ = 0;
  std::uint32_t sequence_ = 0;
  std::uint32_t ended_sequence_ = 0;
  std::uint32_t ended_played_ = 0;
  bool play_end_pending_ = false;
  PlayEnd play_end_ = PlayEnd::kDone;
  // Recording.
  AudioWriter writer_;
  RecordOptions options_;
  bool recording_ = false;
  std::uint64_t silent_octets_ = 0;
  bool spoke_ = false;  // silence ends a recording only after some speech
  bool record_end_pending_ = false;
  RecordEnd record_end_ = RecordEnd::kStopped;
  std::string record_error_;
  std::uint32_t recorded_ms_ = 0;
  std::array<std::int16_t, 512> pcm_{};
  LatencyHistogram* latency_ = nullptr;
  bool probe_pending_ = false;
  std::uint64_t probe_written_ns_ = 0;
};

}  // namespace spantsp::host
