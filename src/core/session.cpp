#include "core/session.h"

#include <utility>

namespace spantsp::core {

Session::Session(config::ProviderConfig config, const SessionParams& params)
    : config_(std::move(config)),
      params_(params),
      lines_(config_, params.line_device_id_base),
      engine_(std::make_unique<Engine>(lines_, config_, params.completion_proc)) {
  engine_->start();
}

// The engine stops first: no upcall after providerShutdown returns (tspi-contract §8).
Session::~Session() {
  engine_->stop();
}

}  // namespace spantsp::core
