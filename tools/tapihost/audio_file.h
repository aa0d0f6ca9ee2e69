#pragma once
// Prompt audio and recordings for applications of the host library (tools/ivr): files in,
// G.711 octets of a span's law out, and back. Files are read and written with libsndfile
// (Debian libsndfile1-dev): WAV, AIFF, FLAC, Ogg … in PCM, float or G.711, at any rate (first
// channel only; resampled to 8 kHz by linear interpolation after a two-tap low-pass), or raw
// G.711 octets (".ulaw", ".alaw": taken as they are when the law matches, transcoded
// otherwise).
//
// Errors: every function that can fail returns false (or null) with `error` set to
// "<path>: <reason>" (missing file, unreadable, unsupported format, empty audio, write
// failure such as a full disk); nothing is partly loaded.
//
// Threads: pure functions, any thread. A Prompt is immutable once built and shared by every
// call that plays it; an AudioWriter belongs to one thread at a time.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "media/media_types.h"

struct sf_private_tag;  // libsndfile's SNDFILE

namespace spantsp::host {

// A prompt as the wire carries it: G.711 octets of one law, 8 kHz.
struct Prompt {
  std::string name;
  media::Law law = media::Law::kMulaw;
  std::vector<std::uint8_t> octets;
  std::uint32_t duration_ms() const { return static_cast<std::uint32_t>(octets.size() / 8); }
};

// Loads a prompt file for `law` (see above); null with `error` on failure.
std::shared_ptr<const Prompt> load_prompt(const std::filesystem::path& path, media::Law law,
                                          std::string& error);
// Encodes 16-bit linear audio at `rate` Hz as a prompt (a buffer played like a file).
std::shared_ptr<const Prompt> prompt_from_pcm(std::string name, std::span<const std::int16_t> pcm,
                                              std::uint32_t rate, media::Law law);
// Linear audio at `rate` Hz as 8 kHz (copied when already 8 kHz).
std::vector<std::int16_t> resample_to_8k(std::span<const std::int16_t> pcm, std::uint32_t rate);

// A recording being written: a WAV file of 8 kHz G.711 in the call's law, so the octets heard
// are stored without loss.
class AudioWriter {
 public:
  AudioWriter() = default;
  ~AudioWriter();
  AudioWriter(const AudioWriter&) = delete;
  AudioWriter& operator=(const AudioWriter&) = delete;

  bool open(const std::filesystem::path& path, media::Law law, std::string& error);
  // Appends G.711 octets; false with `error` when the file takes fewer (a full disk).
  bool write(std::span<const std::uint8_t> octets, std::string& error);
  // Finishes the file (header sizes); false with `error` when that fails.
  bool close(std::string& error);
  bool is_open() const { return file_ != nullptr; }
  std::uint64_t octets_written() const { return written_; }

 private:
  sf_private_tag* file_ = nullptr;
  std::filesystem::path path_;
  media::Law law_ = media::Law::kMulaw;
  std::uint64_t written_ = 0;
  std::int16_t buffer_[512];  // octets decoded for libsndfile: no allocation per write
};

}  // namespace spantsp::host
