#include "media/r2_mf_bank.h"

#include <algorithm>
#include <array>
#include <vector>

#include "media/g711_frame.h"
#include "media/spandsp_api.h"

namespace spantsp::media {

struct R2MfBank::Impl {
  struct Channel {
    r2_mf_tx_state_t tx;
    r2_mf_rx_state_t rx;
    bool active = false;
    char sending = 0;
  };
  Law law;
  std::vector<Channel> channels;
  // One frame of samples at most (kMaxFramePeriodMs).
  std::array<std::int16_t, kMaxFramePeriodMs * kSampleRate / 1000> pcm{};
};

R2MfBank::R2MfBank(std::size_t channels, Law law) : impl_(std::make_unique<Impl>()) {
  impl_->law = law;
  impl_->channels.resize(channels);
}

R2MfBank::~R2MfBank() = default;

bool R2MfBank::start(std::size_t index, bool forward) {
  if (index >= impl_->channels.size()) return false;
  Impl::Channel& c = impl_->channels[index];
  r2_mf_tx_init(&c.tx, forward ? 1 : 0);
  // It hears the other direction's set.
  r2_mf_rx_init(&c.rx, forward ? 0 : 1, nullptr, nullptr);
  c.active = true;
  c.sending = 0;
  return true;
}

void R2MfBank::stop(std::size_t index) {
  if (index >= impl_->channels.size()) return;
  impl_->channels[index].active = false;
  impl_->channels[index].sending = 0;
}

bool R2MfBank::active(std::size_t index) const {
  return index < impl_->channels.size() && impl_->channels[index].active;
}

bool R2MfBank::send(std::size_t index, char code) {
  if (index >= impl_->channels.size() || !impl_->channels[index].active) return false;
  if (code != 0 && r2_tone_number(code) == 0) return false;
  Impl::Channel& c = impl_->channels[index];
  if (c.sending == code) return true;
  r2_mf_tx_put(&c.tx, code);
  c.sending = code;
  return true;
}

char R2MfBank::sending(std::size_t index) const {
  return index < impl_->channels.size() ? impl_->channels[index].sending : 0;
}

char R2MfBank::process(std::size_t index, std::span<const std::uint8_t> rx,
                       std::span<std::uint8_t> tx) {
  if (index >= impl_->channels.size()) return 0;
  Impl::Channel& c = impl_->channels[index];
  if (!c.active) return 0;
  const std::size_t n = std::min({rx.size(), tx.size(), impl_->pcm.size()});
  std::int16_t* pcm = impl_->pcm.data();
  g711_decode(impl_->law, rx.data(), pcm, n);
  r2_mf_rx(&c.rx, pcm, static_cast<int>(n));
  if (c.sending != 0) {
    r2_mf_tx(&c.tx, pcm, static_cast<int>(n));
    g711_encode(impl_->law, pcm, tx.data(), n);
  }
  const int heard = r2_mf_rx_get(&c.rx);
  return r2_tone_number(static_cast<char>(heard)) != 0 ? static_cast<char>(heard) : 0;
}

}  // namespace spantsp::media
