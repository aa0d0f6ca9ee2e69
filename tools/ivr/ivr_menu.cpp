#include "tools/ivr/ivr_menu.h"

#include <toml++/toml.h>

#include <fstream>
#include <set>
#include <sstream>

namespace spantsp::ivr {
namespace {

constexpr std::string_view kDtmf = "0123456789*#ABCD";

class Reader {
 public:
  Reader(const std::filesystem::path& path, std::vector<MenuError>& errors)
      : file_(path.string()), errors_(errors) {}

  void error(const toml::node* node, std::uint32_t fallback_line, std::string key,
             std::string message) {
    const std::uint32_t line = node != nullptr && node->source().begin.line != 0
                                   ? static_cast<std::uint32_t>(node->source().begin.line)
                                   : fallback_line;
    errors_.push_back({file_, line, std::move(key), std::move(message)});
  }

  // Keys other than `allowed` are errors (a typo must not be ignored silently).
  void only(const toml::table& table, std::string_view where,
            std::initializer_list<std::string_view> allowed) {
    for (const auto& [key, node] : table) {
      bool known = false;
      for (std::string_view a : allowed) known = known || key.str() == a;
      if (!known)
        error(&node, line_of(table), std::string(where) + "." + std::string(key.str()),
              "unknown key");
    }
  }

  void text(const toml::table& table, std::string_view where, std::string_view key,
            std::string& out, bool required) {
    const toml::node* node = table.get(key);
    const std::string name = std::string(where) + "." + std::string(key);
    if (node == nullptr) {
      if (required) error(nullptr, line_of(table), name, "missing (required)");
      return;
    }
    if (const auto* s = node->as_string()) {
      out = s->get();
      if (required && out.empty()) error(node, 0, name, "must not be empty");
    } else {
      error(node, 0, name, "must be a string");
    }
  }

  void number(const toml::table& table, std::string_view where, std::string_view key,
              std::uint32_t& out, std::int64_t min, std::int64_t max) {
    const toml::node* node = table.get(key);
    if (node == nullptr) return;
    const std::string name = std::string(where) + "." + std::string(key);
    const auto* v = node->as_integer();
    if (v == nullptr) {
      error(node, 0, name, "must be an integer");
    } else if (v->get() < min || v->get() > max) {
      error(node, 0, name,
            "must be " + std::to_string(min) + ".." + std::to_string(max) + "; got " +
                std::to_string(v->get()));
    } else {
      out = static_cast<std::uint32_t>(v->get());
    }
  }

  static std::uint32_t line_of(const toml::node& node) {
    return static_cast<std::uint32_t>(node.source().begin.line);
  }

 private:
  std::string file_;
  std::vector<MenuError>& errors_;
};

std::filesystem::path relative_to(const std::filesystem::path& file, const std::string& dir) {
  const std::filesystem::path p(dir);
  return p.is_absolute() ? p : file.parent_path() / p;
}

}  // namespace

const Choice* Menu::find(char digit) const {
  for (const Choice& c : choices) {
    if (c.digit == digit) return &c;
  }
  return nullptr;
}

std::vector<std::string> Menu::prompt_files() const {
  std::vector<std::string> files{greeting, invalid, timeout, goodbye, error, unavailable, saved};
  for (const Choice& c : choices) files.push_back(c.confirm);
  std::set<std::string> seen;
  std::vector<std::string> out;
  for (std::string& f : files) {
    if (!f.empty() && seen.insert(f).second) out.push_back(std::move(f));
  }
  return out;
}

std::string MenuError::text() const {
  return file + ":" + std::to_string(line) + ": " + key + ": " + message;
}

bool parse_menu(std::string_view text, const std::filesystem::path& path, Menu& menu,
                std::vector<MenuError>& errors) {
  const std::size_t before = errors.size();
  Reader r(path, errors);
  toml::table root;
  try {
    root = toml::parse(text, path.string());
  } catch (const toml::parse_error& e) {
    errors.push_back({path.string(), static_cast<std::uint32_t>(e.source().begin.line), "(syntax)",
                      std::string(e.description())});
    return false;
  }
  menu.file = path;
  r.only(root, "", {"menu"});
  const toml::table* m = root["menu"].as_table();
  if (m == nullptr) {
    r.error(nullptr, 1, "menu", "missing: the file needs a [menu] table");
    return false;
  }
  r.only(*m, "menu",
         {"prompt_dir", "voicemail_dir", "timeout_ms", "retries", "greeting", "invalid", "timeout",
          "goodbye", "error", "unavailable", "saved", "choice", "voicemail"});
  std::string prompt_dir = ".", voicemail_dir = "voicemail";
  r.text(*m, "menu", "prompt_dir", prompt_dir, false);
  r.text(*m, "menu", "voicemail_dir", voicemail_dir, false);
  menu.prompt_dir = relative_to(path, prompt_dir);
  menu.voicemail_dir = relative_to(path, voicemail_dir);
  r.number(*m, "menu", "timeout_ms", menu.timeout_ms, 500, 600'000);
  r.number(*m, "menu", "retries", menu.retries, 0, 10);
  r.text(*m, "menu", "greeting", menu.greeting, true);
  r.text(*m, "menu", "invalid", menu.invalid, true);
  r.text(*m, "menu", "timeout", menu.timeout, true);
  r.text(*m, "menu", "goodbye", menu.goodbye, true);
  r.text(*m, "menu", "error", menu.error, true);
  r.text(*m, "menu", "unavailable", menu.unavailable, false);
  r.text(*m, "menu", "saved", menu.saved, false);

  if (const toml::table* vm = (*m)["voicemail"].as_table()) {
    r.only(*vm, "menu.voicemail", {"max_ms", "silence_ms", "terminators"});
    r.number(*vm, "menu.voicemail", "max_ms", menu.max_message_ms, 1'000, 600'000);
    r.number(*vm, "menu.voicemail", "silence_ms", menu.silence_ms, 0, 60'000);
    r.text(*vm, "menu.voicemail", "terminators", menu.terminators, false);
    for (char t : menu.terminators) {
      if (kDtmf.find(t) == std::string_view::npos) {
        r.error(vm->get("terminators"), 0, "menu.voicemail.terminators",
                std::string("'") + t + "' is not a DTMF digit (0-9 * # A-D)");
      }
    }
  }

  const toml::array* choices = (*m)["choice"].as_array();
  if (choices == nullptr || choices->empty()) {
    r.error(m->get("choice"), Reader::line_of(*m), "menu.choice",
            "missing: at least one [[menu.choice]]");
  } else {
    for (std::size_t i = 0; i < choices->size(); ++i) {
      const std::string where = "menu.choice[" + std::to_string(i) + "]";
      const toml::table* t = (*choices)[i].as_table();
      if (t == nullptr) {
        r.error(choices->get(i), 0, where, "must be a table ([[menu.choice]])");
        continue;
      }
      r.only(*t, where, {"digit", "name", "action", "confirm", "number"});
      Choice c;
      std::string digit, action;
      r.text(*t, where, "digit", digit, true);
      r.text(*t, where, "name", c.name, true);
      r.text(*t, where, "action", action, true);
      r.text(*t, where, "confirm", c.confirm, false);
      r.text(*t, where, "number", c.number, false);
      if (!digit.empty()) {
        if (digit.size() != 1 || kDtmf.find(digit[0]) == std::string_view::npos) {
          r.error(t->get("digit"), 0, where + ".digit",
                  "must be one DTMF digit (0-9 * # A-D); got \"" + digit + "\"");
        } else if (menu.find(digit[0]) != nullptr) {
          r.error(t->get("digit"), 0, where + ".digit", "digit " + digit + " is used twice");
        } else {
          c.digit = digit[0];
        }
      }
      if (action == "transfer") {
        c.action = Action::kTransfer;
      } else if (action == "voicemail") {
        c.action = Action::kVoicemail;
      } else if (action == "hangup") {
        c.action = Action::kHangUp;
      } else if (!action.empty()) {
        r.error(t->get("action"), 0, where + ".action",
                "\"" + action + "\" is not an action; allowed: transfer, voicemail, hangup");
      }
      if (c.action == Action::kTransfer && menu.unavailable.empty()) {
        r.error(t->get("action"), 0, where + ".action",
                "a transfer needs menu.unavailable (played while transfer is not available)");
      }
      if (c.action == Action::kVoicemail && menu.saved.empty()) {
        r.error(t->get("action"), 0, where + ".action", "voicemail needs menu.saved");
      }
      menu.choices.push_back(std::move(c));
    }
  }
  return errors.size() == before;
}

bool load_menu(const std::filesystem::path& path, Menu& menu, std::vector<MenuError>& errors) {
  std::ifstream in(path);
  if (!in) {
    errors.push_back({path.string(), 0, "(file)", "cannot open (missing or unreadable)"});
    return false;
  }
  std::stringstream text;
  text << in.rdbuf();
  return parse_menu(text.str(), path, menu, errors);
}

}  // namespace spantsp::ivr
