#include "tools/tapihost/audio_file.h"

#include <sndfile.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <system_error>

#include "media/g711_frame.h"

namespace spantsp::host {
namespace {

std::string describe(const std::filesystem::path& path, const std::string& reason) {
  return path.string() + ": " + reason;
}

// Raw G.711 by extension: the file is octets of that law.
bool raw_law(const std::filesystem::path& path, media::Law& law) {
  const std::string ext = path.extension().string();
  if (ext == ".ulaw" || ext == ".mulaw" || ext == ".ul") {
    law = media::Law::kMulaw;
    return true;
  }
  if (ext == ".alaw" || ext == ".al") {
    law = media::Law::kAlaw;
    return true;
  }
  return false;
}

std::shared_ptr<const Prompt> load_raw(const std::filesystem::path& path, media::Law file_law,
                                       media::Law law, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = describe(path, "cannot open (missing or unreadable)");
    return nullptr;
  }
  auto prompt = std::make_shared<Prompt>();
  prompt->name = path.filename().string();
  prompt->law = law;
  prompt->octets.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (in.bad()) {
    error = describe(path, "read error");
    return nullptr;
  }
  if (prompt->octets.empty()) {
    error = describe(path, "no audio in the file");
    return nullptr;
  }
  if (file_law != law) {  // transcode through linear
    std::vector<std::int16_t> pcm(prompt->octets.size());
    media::g711_decode(file_law, prompt->octets.data(), pcm.data(), pcm.size());
    media::g711_encode(law, pcm.data(), prompt->octets.data(), pcm.size());
  }
  return prompt;
}

}  // namespace

std::vector<std::int16_t> resample_to_8k(std::span<const std::int16_t> pcm, std::uint32_t rate) {
  if (rate == media::kSampleRate || pcm.empty() || rate == 0) {
    return {pcm.begin(), pcm.end()};
  }
  // Above 8 kHz a two-tap average first takes the edge off what would alias; then linear
  // interpolation at the 8 kHz instants. Good enough for speech prompts.
  std::vector<std::int16_t> smooth(pcm.begin(), pcm.end());
  if (rate > media::kSampleRate) {
    for (std::size_t i = 1; i < pcm.size(); ++i) {
      smooth[i] = static_cast<std::int16_t>((static_cast<int>(pcm[i]) + pcm[i - 1]) / 2);
    }
  }
  const double step = static_cast<double>(rate) / media::kSampleRate;
  const auto count = static_cast<std::size_t>(static_cast<double>(pcm.size() - 1) / step) + 1;
  std::vector<std::int16_t> out(count);
  for (std::size_t i = 0; i < count; ++i) {
    const double at = static_cast<double>(i) * step;
    const auto k = static_cast<std::size_t>(at);
    const double frac = at - static_cast<double>(k);
    const double a = smooth[k];
    const double b = k + 1 < smooth.size() ? smooth[k + 1] : a;
    out[i] = static_cast<std::int16_t>(a + (b - a) * frac);
  }
  return out;
}

std::shared_ptr<const Prompt> prompt_from_pcm(std::string name, std::span<const std::int16_t> pcm,
                                              std::uint32_t rate, media::Law law) {
  const std::vector<std::int16_t> at8k = resample_to_8k(pcm, rate);
  auto prompt = std::make_shared<Prompt>();
  prompt->name = std::move(name);
  prompt->law = law;
  prompt->octets.resize(at8k.size());
  media::g711_encode(law, at8k.data(), prompt->octets.data(), at8k.size());
  return prompt;
}

std::shared_ptr<const Prompt> load_prompt(const std::filesystem::path& path, media::Law law,
                                          std::string& error) {
  media::Law file_law = law;
  if (raw_law(path, file_law)) return load_raw(path, file_law, law, error);
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    error = describe(path, "no such file");
    return nullptr;
  }
  SF_INFO info{};
  SNDFILE* file = sf_open(path.string().c_str(), SFM_READ, &info);
  if (file == nullptr) {
    error = describe(
        path, std::string("unsupported or unreadable audio file (") + sf_strerror(nullptr) + ")");
    return nullptr;
  }
  if (info.frames <= 0 || info.channels <= 0 || info.samplerate <= 0) {
    sf_close(file);
    error = describe(path, "no audio in the file");
    return nullptr;
  }
  std::vector<std::int16_t> frames(static_cast<std::size_t>(info.frames) *
                                   static_cast<std::size_t>(info.channels));
  const sf_count_t got = sf_readf_short(file, frames.data(), info.frames);
  sf_close(file);
  if (got <= 0) {
    error = describe(path, "read error");
    return nullptr;
  }
  std::vector<std::int16_t> mono(static_cast<std::size_t>(got));
  for (std::size_t i = 0; i < mono.size(); ++i) {
    mono[i] = frames[i * static_cast<std::size_t>(info.channels)];
  }
  return prompt_from_pcm(path.filename().string(), mono,
                         static_cast<std::uint32_t>(info.samplerate), law);
}

AudioWriter::~AudioWriter() {
  std::string ignored;
  close(ignored);
}

bool AudioWriter::open(const std::filesystem::path& path, media::Law law, std::string& error) {
  std::string ignored;
  close(ignored);
  SF_INFO info{};
  info.samplerate = static_cast<int>(media::kSampleRate);
  info.channels = 1;
  info.format = SF_FORMAT_WAV | (law == media::Law::kAlaw ? SF_FORMAT_ALAW : SF_FORMAT_ULAW);
  file_ = sf_open(path.string().c_str(), SFM_WRITE, &info);
  if (file_ == nullptr) {
    error = describe(path, std::string("cannot create recording (") + sf_strerror(nullptr) + ")");
    return false;
  }
  path_ = path;
  law_ = law;
  written_ = 0;
  return true;
}

bool AudioWriter::write(std::span<const std::uint8_t> octets, std::string& error) {
  if (file_ == nullptr) {
    error = "recording is not open";
    return false;
  }
  while (!octets.empty()) {
    const std::size_t n = std::min(octets.size(), std::size(buffer_));
    media::g711_decode(law_, octets.data(), buffer_, n);
    const sf_count_t put = sf_write_short(file_, buffer_, static_cast<sf_count_t>(n));
    if (put != static_cast<sf_count_t>(n)) {
      error = describe(path_, std::string("write failed (disk full?): ") + sf_strerror(file_));
      return false;
    }
    written_ += n;
    octets = octets.subspan(n);
  }
  return true;
}

bool AudioWriter::close(std::string& error) {
  if (file_ == nullptr) return true;
  const int rc = sf_close(file_);
  file_ = nullptr;
  if (rc != 0) {
    error = describe(path_, std::string("cannot finish recording: ") + sf_error_number(rc));
    return false;
  }
  return true;
}

}  // namespace spantsp::host
