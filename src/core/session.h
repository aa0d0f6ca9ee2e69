#pragma once
// Everything that lives from TSPI_providerInit to TSPI_providerShutdown: the configuration
// read at Init (tspi-contract §1.2 step 4: keep nothing from an earlier session), the line
// directory, and the engine that runs the spans.
//
// Created and destroyed under the provider's lifecycle mutex; in between, its immutable parts
// (config, directory, callbacks) are read by any thread.

#include <cstdint>
#include <memory>

#include "config/config_model.h"
#include "core/engine.h"
#include "core/line_directory.h"
#include "tspi/abi/tspi_abi.h"

namespace spantsp::core {

struct SessionParams {
  DWORD tspi_version = 0;
  DWORD permanent_provider_id = 0;
  DWORD line_device_id_base = 0;
  ASYNC_COMPLETION completion_proc = nullptr;
  HPROVIDER provider_handle = nullptr;
  LINEEVENT line_create_proc = nullptr;
};

class Session {
 public:
  // Builds and starts the engine; throws std::runtime_error when a span cannot be built.
  Session(config::ProviderConfig config, const SessionParams& params);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  const config::ProviderConfig& config() const { return config_; }
  const SessionParams& params() const { return params_; }
  const LineDirectory& lines() const { return lines_; }
  Engine& engine() { return *engine_; }

  // The TSPI version negotiated for a device; device IDs have been checked by the caller.
  std::uint32_t version() const { return params_.tspi_version; }

 private:
  config::ProviderConfig config_;
  SessionParams params_;
  LineDirectory lines_;
  std::unique_ptr<Engine> engine_;
};

}  // namespace spantsp::core
