#include "core/ui_config_store.h"

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <random>
#include <sstream>
#include <stdexcept>
#include <system_error>

#include <toml++/toml.h>

#include "board_drivers/board_driver.h"
#include "config/default_config.h"
#include "core/log.h"
#include "platform/file.h"
#include "platform/process.h"
#include "platform/registration.h"

namespace spantsp::core::ui_store {
namespace {

namespace fs = std::filesystem;

// One mutex for every file operation of the UI channel: UI calls are not serialised by TAPI
// (tspi-contract §7), and install/save/remove each read-then-write.
std::mutex& store_mutex() {
  static std::mutex mutex;
  return mutex;
}

// Written beside the configuration by install: what install created, so remove deletes
// exactly that (tspi-contract §7: remove deletes our data, not the user's).
std::string install_record_path(const std::string& config_path) {
  return config_path + ".installed";
}

std::string read_file(const std::string& path, bool& exists) {
  std::ifstream in(path, std::ios::binary);
  exists = static_cast<bool>(in);
  if (!in) return {};
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Temp file in the target's directory, flushed, then renamed over the target: readers see the
// old or the new file, never a partial one.
void write_atomically(const std::string& path, const std::string& text) {
  std::random_device random;
  const std::string temp =
      path + ".tmp." + std::to_string(platform::process_id()) + "." + std::to_string(random());
  {
    std::FILE* file = std::fopen(temp.c_str(), "wb");
    if (file == nullptr) throw std::system_error(errno, std::generic_category(), temp);
    const bool written =
        std::fwrite(text.data(), 1, text.size(), file) == text.size() && platform::sync_file(file);
    const int saved_errno = errno;
    if (std::fclose(file) != 0 || !written) {
      std::remove(temp.c_str());
      throw std::system_error(written ? errno : saved_errno, std::generic_category(), temp);
    }
  }
  if (!platform::replace_file(temp, path)) {
    const int saved_errno = errno;
    std::remove(temp.c_str());
    throw std::system_error(saved_errno, std::generic_category(), path);
  }
}

// ---- TOML <-> JSON: the page edits the file's own tree, keys exactly as in the file ----

nlohmann::json to_json(const toml::node& node) {
  if (const auto* table = node.as_table()) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [key, value] : *table) out[std::string(key.str())] = to_json(value);
    return out;
  }
  if (const auto* array = node.as_array()) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& value : *array) out.push_back(to_json(value));
    return out;
  }
  if (const auto* s = node.as_string()) return s->get();
  if (const auto* i = node.as_integer()) return i->get();
  if (const auto* f = node.as_floating_point()) return f->get();
  if (const auto* b = node.as_boolean()) return b->get();
  // Dates and times: no key of ours has one; keep the text so nothing is silently dropped.
  std::ostringstream text;
  node.visit([&text](const auto& value) { text << value; });
  return text.str();
}

void insert_toml(toml::table& table, const std::string& key, const nlohmann::json& value);

toml::array to_toml_array(const nlohmann::json& value) {
  toml::array array;
  for (const auto& element : value) {
    if (element.is_object()) {
      toml::table child;
      for (const auto& [k, v] : element.items()) insert_toml(child, k, v);
      array.push_back(std::move(child));
    } else if (element.is_array()) {
      array.push_back(to_toml_array(element));
    } else if (element.is_string()) {
      array.push_back(element.get<std::string>());
    } else if (element.is_boolean()) {
      array.push_back(element.get<bool>());
    } else if (element.is_number_integer()) {
      array.push_back(element.get<std::int64_t>());
    } else if (element.is_number()) {
      array.push_back(element.get<double>());
    } else {
      throw std::invalid_argument("model: null inside an array");
    }
  }
  return array;
}

// null means "key absent" (the page's way of going back to the default).
void insert_toml(toml::table& table, const std::string& key, const nlohmann::json& value) {
  if (value.is_null()) return;
  if (value.is_object()) {
    toml::table child;
    for (const auto& [k, v] : value.items()) insert_toml(child, k, v);
    table.insert_or_assign(key, std::move(child));
  } else if (value.is_array()) {
    table.insert_or_assign(key, to_toml_array(value));
  } else if (value.is_string()) {
    table.insert_or_assign(key, value.get<std::string>());
  } else if (value.is_boolean()) {
    table.insert_or_assign(key, value.get<bool>());
  } else if (value.is_number_unsigned()) {
    const auto n = value.get<std::uint64_t>();
    if (n > static_cast<std::uint64_t>(INT64_MAX)) {
      throw std::invalid_argument("model: integer out of range at " + key);
    }
    table.insert_or_assign(key, static_cast<std::int64_t>(n));
  } else if (value.is_number_integer()) {
    table.insert_or_assign(key, value.get<std::int64_t>());
  } else {
    table.insert_or_assign(key, value.get<double>());
  }
}

}  // namespace

nlohmann::json errors_json(const std::vector<config::ConfigError>& errors) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& e : errors) {
    out.push_back({{"file", e.file},
                   {"line", e.line},
                   {"column", e.column},
                   {"field", e.field},
                   {"message", e.message}});
  }
  return out;
}

std::string request_toml(const nlohmann::json& request) {
  if (!request.is_object()) throw std::invalid_argument("request is not a JSON object");
  if (const auto it = request.find("toml"); it != request.end()) {
    if (!it->is_string()) throw std::invalid_argument("\"toml\" is not a string");
    return it->get<std::string>();
  }
  const auto it = request.find("model");
  if (it == request.end() || !it->is_object()) {
    throw std::invalid_argument("request has neither \"toml\" nor a \"model\" object");
  }
  toml::table root;
  for (const auto& [key, value] : it->items()) insert_toml(root, key, value);
  std::ostringstream text;
  text << root << "\n";
  return text.str();
}

std::vector<config::ConfigError> validate(const std::string& toml) {
  auto result = config::load_config_string(toml, config::default_config_path());
  if (result.ok() && config::line_inventory(*result.config).empty()) {
    // The provider refuses to start without lines (provider.cpp), so the dialog does too.
    return {config::ConfigError{config::default_config_path(), 0, 0, "board",
                                "the configuration defines no lines"}};
  }
  return std::move(result.errors);
}

nlohmann::json get_config() {
  const std::string path = config::default_config_path();
  std::lock_guard lock(store_mutex());
  bool exists = false;
  const std::string text = read_file(path, exists);
  nlohmann::json out = {{"path", path}, {"exists", exists}, {"toml", text}};
  if (!exists) {
    out["errors"] = nlohmann::json::array();
    return out;
  }
  try {
    out["model"] = to_json(toml::parse(text, std::string_view{path}));
  } catch (const toml::parse_error&) {
    // No tree to edit; the errors below say where the syntax is wrong.
  }
  out["errors"] = errors_json(validate(text));
  return out;
}

nlohmann::json save(const std::string& toml, LONG& status) {
  const std::string path = config::default_config_path();
  const auto errors = validate(toml);
  nlohmann::json out = {{"path", path}, {"saved", false}, {"errors", errors_json(errors)}};
  if (!errors.empty()) {
    status = LINEERR_INVALPARAM;
    return out;
  }
  std::lock_guard lock(store_mutex());
  try {
    write_atomically(path, toml);
  } catch (const std::system_error& e) {
    SPANTSP_LOG_ERROR("UI save of %s failed: %s", path.c_str(), e.what());
    out["error"] = e.what();
    status = LINEERR_OPERATIONFAILED;
    return out;
  }
  SPANTSP_LOG_INFO("UI saved %s; it takes effect at the next TSPI_providerInit", path.c_str());
  out["saved"] = true;
  status = 0;
  return out;
}

nlohmann::json install(LONG& status) {
  const std::string path = config::default_config_path();
  nlohmann::json out = {{"path", path}, {"created", false}};
  std::lock_guard lock(store_mutex());
  std::error_code ec;
  if (fs::exists(path, ec) || fs::exists(install_record_path(path), ec)) {
    status = LINEERR_NOMULTIPLEINSTANCE;  // tspi-contract §7
    return out;
  }
  const std::string configuration =
      config::default_configuration(board::signalling_available("sim", config::Signalling::kPri));
  if (!validate(configuration).empty()) {
    SPANTSP_LOG_ERROR("UI install: the built-in default configuration does not validate");
    status = LINEERR_OPERATIONFAILED;
    return out;
  }
  // Directories we create, outermost first, so a rollback or remove deletes only those.
  std::vector<fs::path> created_dirs;
  for (fs::path dir = fs::path(path).parent_path(); !dir.empty() && !fs::exists(dir, ec);
       dir = dir.parent_path()) {
    created_dirs.insert(created_dirs.begin(), dir);
  }
  auto roll_back = [&] {
    std::string ignored;
    platform::unregister_config_path(ignored);
    std::remove(path.c_str());
    std::remove(install_record_path(path).c_str());
    for (auto it = created_dirs.rbegin(); it != created_dirs.rend(); ++it) fs::remove(*it, ec);
  };
  try {
    for (const auto& dir : created_dirs) {
      if (!fs::create_directory(dir, ec) && ec) throw std::system_error(ec, dir.string());
    }
    nlohmann::json record = {{"config", path}, {"directories", nlohmann::json::array()}};
    for (const auto& dir : created_dirs) record["directories"].push_back(dir.string());
    // The record first: a crash between the two writes leaves something remove can clean up.
    write_atomically(install_record_path(path), record.dump(2) + "\n");
    write_atomically(path, configuration);
    // Windows: HKLM\SOFTWARE\SpanTSP names the file for administrators (platform/registration.h).
    if (std::string error; !platform::register_config_path(path, error)) {
      throw std::runtime_error(error);
    }
  } catch (const std::exception& e) {
    SPANTSP_LOG_ERROR("UI install of %s failed, rolled back: %s", path.c_str(), e.what());
    roll_back();
    out["error"] = e.what();
    status = LINEERR_OPERATIONFAILED;
    return out;
  }
  out["created"] = true;
  status = 0;
  return out;
}

nlohmann::json remove(LONG& status) {
  const std::string path = config::default_config_path();
  nlohmann::json out = {{"path", path}, {"removed", nlohmann::json::array()}};
  std::lock_guard lock(store_mutex());
  bool exists = false;
  const std::string record_text = read_file(install_record_path(path), exists);
  status = 0;
  if (!exists) return out;  // nothing of ours: a file written by hand stays
  nlohmann::json record = nlohmann::json::parse(record_text, nullptr, false);
  std::error_code ec;
  if (fs::remove(path, ec)) out["removed"].push_back(path);
  if (fs::remove(install_record_path(path), ec))
    out["removed"].push_back(install_record_path(path));
  if (std::string error; !platform::unregister_config_path(error)) {
    SPANTSP_LOG_ERROR("UI remove: %s", error.c_str());
    out["error"] = error;
  }
  if (record.is_object() && record.contains("directories") && record["directories"].is_array()) {
    const auto& dirs = record["directories"];
    for (auto it = dirs.rbegin(); it != dirs.rend(); ++it) {
      if (!it->is_string()) continue;
      // Only while empty: the user may have put files of their own there meanwhile.
      if (fs::is_empty(it->get<std::string>(), ec) && fs::remove(it->get<std::string>(), ec)) {
        out["removed"].push_back(it->get<std::string>());
      }
    }
  }
  return out;
}

}  // namespace spantsp::core::ui_store
