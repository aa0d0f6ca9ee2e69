#pragma once
// The configuration operations the UI DLL asks for over its channel (tspi-contract §1.1, §7):
// read, validate, save, install and remove the provider's configuration file — the one
// TSPI_providerInit reads (config::default_config_path()). Validation is the
// configuration model's own (config::load_config_string); nothing here re-implements a rule.
//
// Threads: any; every function that touches the file system takes one process-wide mutex, and
// writes go to a temporary file renamed over the target, so a concurrent TSPI_providerInit
// (or another process) sees the old file or the new one, never half of one.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "config/config_loader.h"
#include "tspi/abi/tspi_abi.h"

namespace spantsp::core::ui_store {

// {"path", "exists", "toml", "model", "errors"}; "model" is the file as a JSON tree (absent
// when the TOML does not parse), "errors" its validation errors.
nlohmann::json get_config();

// The TOML text of a request: {"toml": text} as is, or {"model": tree} converted. Throws
// std::invalid_argument when neither is usable (the channel answers LINEERR_INVALPARAM).
std::string request_toml(const nlohmann::json& request);

// Every error of `toml` as the provider's loader reports it.
std::vector<config::ConfigError> validate(const std::string& toml);

// Validates, then writes atomically. `status` 0 when saved; LINEERR_INVALPARAM when the
// configuration has errors (nothing is written); LINEERR_OPERATIONFAILED on an I/O failure.
nlohmann::json save(const std::string& toml, LONG& status);

// tspi-contract §7: a complete, valid default configuration that this provider can start
// (config::default_configuration(), PRI if board::signalling_available says so) or nothing (rolled
// back on failure); LINEERR_NOMULTIPLEINSTANCE when a configuration is already there.
nlohmann::json install(LONG& status);

// Deletes what install created (the file, its install record, directories it made).
nlohmann::json remove(LONG& status);

nlohmann::json errors_json(const std::vector<config::ConfigError>& errors);

}  // namespace spantsp::core::ui_store
