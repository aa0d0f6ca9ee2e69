#include "core/provider.h"

#include <stdexcept>
#include <utility>

#include "config/config_loader.h"
#include "core/log.h"
#include "core/tspi_version.h"

namespace spantsp::core {
namespace {

// Loads the configuration named by $SPANTSP_CONFIG (or the default path), logging every error.
std::optional<config::ProviderConfig> load_configuration() {
  const std::string path = config::default_config_path();
  auto result = config::load_config_file(path);
  if (!result.ok()) {
    SPANTSP_LOG_ERROR("configuration %s has %zu error(s); the provider will not start:",
                      path.c_str(), result.errors.size());
    for (const auto& error : result.errors) SPANTSP_LOG_ERROR("  %s", error.to_string().c_str());
    return std::nullopt;
  }
  if (config::line_inventory(*result.config).empty()) {
    SPANTSP_LOG_ERROR("configuration %s defines no lines; the provider will not start",
                      path.c_str());
    return std::nullopt;
  }
  return std::move(result.config);
}

}  // namespace

Provider& Provider::instance() {
  static Provider provider;
  return provider;
}

LONG Provider::negotiate_tspi_version(DWORD device_id, DWORD low, DWORD high, DWORD* version) {
  if (version == nullptr) return LINEERR_INVALPOINTER;
  if (device_id != INITIALIZE_NEGOTIATION) {
    const SessionUse use(*this);
    if (use.get() == nullptr || !use.get()->lines().index_of(device_id)) {
      return LINEERR_BADDEVICEID;
    }
  }
  const auto agreed = core::negotiate_tspi_version(low, high);
  if (!agreed) return LINEERR_INCOMPATIBLEAPIVERSION;
  *version = *agreed;
  return 0;
}

LONG Provider::enum_devices(DWORD permanent_provider_id, DWORD* num_lines, DWORD* num_phones,
                            HPROVIDER provider, LINEEVENT line_create_proc) {
  if (num_lines == nullptr || num_phones == nullptr) return LINEERR_INVALPOINTER;
  std::lock_guard lock(lifecycle_mutex_);
  auto loaded = load_configuration();
  if (!loaded) return LINEERR_INIFILECORRUPT;
  *num_lines = static_cast<DWORD>(config::line_inventory(*loaded).size());
  *num_phones = 0;
  enumerated_ = std::move(loaded);
  provider_handle_ = provider;
  line_create_proc_ = line_create_proc;
  SPANTSP_LOG_INFO("provider %u: %u lines enumerated", permanent_provider_id, *num_lines);
  return 0;
}

LONG Provider::init(DWORD tspi_version, DWORD permanent_provider_id, DWORD line_device_id_base,
                    DWORD_PTR num_lines, ASYNC_COMPLETION completion_proc, DWORD* tspi_options) {
  std::unique_lock lock(lifecycle_mutex_);
  stopped_.wait(lock, [this] { return !stopping_; });  // a Shutdown is still stopping
  if (owned_session_) return 0;  // Init while a session runs: ignored (contract §1.2 step 4)
  if (completion_proc == nullptr) return LINEERR_INVALPOINTER;
  if (!is_supported_tspi_version(tspi_version)) return LINEERR_INCOMPATIBLEAPIVERSION;

  // EnumDevices read the configuration this session; without it (a host that skipped it),
  // read it now. Either way the configuration is this session's, nothing older.
  std::optional<config::ProviderConfig> config = std::exchange(enumerated_, std::nullopt);
  if (!config) config = load_configuration();
  if (!config) return LINEERR_INIFILECORRUPT;
  const auto lines = config::line_inventory(*config).size();
  if (lines != num_lines) {
    SPANTSP_LOG_ERROR("providerInit: TAPI asks for %zu lines but the configuration has %zu",
                      static_cast<std::size_t>(num_lines), lines);
    return LINEERR_INIFILECORRUPT;
  }

  SessionParams params;
  params.tspi_version = tspi_version;
  params.permanent_provider_id = permanent_provider_id;
  params.line_device_id_base = line_device_id_base;
  params.completion_proc = completion_proc;
  params.provider_handle = provider_handle_;
  params.line_create_proc = line_create_proc_;
  try {
    owned_session_ = std::make_unique<Session>(std::move(*config), params);
  } catch (const std::runtime_error& e) {
    SPANTSP_LOG_ERROR("providerInit: %s; the provider will not start", e.what());
    return LINEERR_NODRIVER;
  }
  // Re-entrant: we never ask TAPI to serialise us (tspi-contract §8, KB262290).
  if (tspi_options != nullptr) *tspi_options = 0;
  session_.store(owned_session_.get(), std::memory_order_release);
  SPANTSP_LOG_INFO("provider %u: session started, %zu lines from device %u", permanent_provider_id,
                   lines, line_device_id_base);
  return 0;
}

LONG Provider::shutdown(DWORD, DWORD permanent_provider_id) {
  std::unique_ptr<Session> ending;
  {
    std::unique_lock lock(lifecycle_mutex_);
    stopped_.wait(lock, [this] { return !stopping_; });  // one Shutdown at a time
    session_.store(nullptr, std::memory_order_release);
    ending = std::move(owned_session_);
    enumerated_.reset();
    provider_handle_ = nullptr;
    line_create_proc_ = nullptr;
    stopping_ = true;
  }
  // TSPI calls that found the session before it was unpublished finish first; later ones
  // see none. Then the engine closes the lines TAPI left open and stops: its upcalls are
  // made with no provider lock held (DESIGN.md §3), and nothing uses the session after.
  session_gate_.close();
  session_gate_.wait_idle();
  ending.reset();
  session_gate_.reopen();
  {
    std::lock_guard lock(lifecycle_mutex_);
    stopping_ = false;
  }
  stopped_.notify_all();
  SPANTSP_LOG_INFO("provider %u: session shut down", permanent_provider_id);
  return 0;
}

}  // namespace spantsp::core
