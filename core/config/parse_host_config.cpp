#include <span>
#include <string>
#include <system_error>

#include "config/edit_distance.hpp"
#include "config/sections.hpp"

namespace pfhost::core {
namespace {

namespace fs = std::filesystem;
using config::TableReader;

constexpr std::string_view kTables[] = {"host",   "backends", "display",
                                        "stream", "plugins",  "serve"};
constexpr std::string_view kTablesHint =
    "accepted: [host], [backends], [display], [stream], [plugins.<name>], [serve]";

struct Section {
  std::string_view table;
  std::span<const std::string_view> keys;
};
constexpr Section kSections[] = {{"host", config::kHostKeys},
                                 {"backends", config::kBackendKeys},
                                 {"display", config::kDisplayKeys},
                                 {"stream", config::kStreamKeys},
                                 {"serve", config::kServeKeys}};

// A top-level key that belongs in a table ("keep_alive") or misspells one ("displays").
std::string suggest_for_root_key(std::string_view key) {
  for (const Section &section : kSections) {
    for (std::string_view known : section.keys) {
      if (known == key)
        return "did you mean '" + std::string(key) + "' in [" + std::string(section.table) + "]? ";
    }
  }
  if (auto table = config::closest_match(key, kTables)) return "did you mean '" + *table + "'? ";
  for (const Section &section : kSections) {
    if (auto known = config::closest_match(key, section.keys)) {
      return "did you mean '" + *known + "' in [" + std::string(section.table) + "]? ";
    }
  }
  return {};
}

void reject_unknown_root_keys(const toml::table &root, config::Diagnostics &diagnostics) {
  for (auto &&[key, value] : root) {
    const std::string_view name = key.str();
    bool known = false;
    for (std::string_view table : kTables) known = known || table == name;
    if (known) continue;
    diagnostics.report(config::where(key.source()), name,
                       value.is_table() ? "unknown table" : "unknown key",
                       suggest_for_root_key(name) + std::string(kTablesHint));
  }
}

std::string table_hint(std::string_view name) {
  std::string hint = "accepted: a [" + std::string(name) + "] table";
  if (name == "plugins") hint += " of [plugins.<name>] tables";
  // display = "kwin" at the top level: the backend choice lives in [backends].
  if (name == "display") hint += "; the display backend is chosen in [backends]";
  return hint;
}

// Relative paths in a file are anchored at the file's directory.
fs::path base_directory(const fs::path &source) {
  std::error_code error;
  fs::path absolute = fs::absolute(source.empty() ? fs::path(".") : source, error);
  if (error) return source.parent_path();
  return absolute.parent_path();
}

}  // namespace

HostConfig parse_host_config(std::string_view text, const fs::path &source) {
  const std::string file = source.string();
  config::Diagnostics diagnostics(file);
  toml::table root;
  try {
    root = toml::parse(text, std::string_view(file));
  } catch (const toml::parse_error &error) {
    diagnostics.report_syntax(config::where(error.source()), error.description());
    diagnostics.throw_if_any();
  }

  HostConfig config;
  config.source = source;
  reject_unknown_root_keys(root, diagnostics);
  for (std::string_view name : kTables) {
    const toml::node *node = root.get(name);
    if (node == nullptr) continue;
    const auto *table = node->as_table();
    if (table == nullptr) {
      TableReader(root, "", diagnostics).report_type(*node, name, "a table", table_hint(name));
      continue;
    }
    const TableReader reader(*table, std::string(name), diagnostics);
    if (name == "host") config::read_host_table(reader, base_directory(source), config);
    if (name == "backends") config::read_backends_table(reader, config);
    if (name == "display") config::read_display_table(reader, config.display_policy);
    if (name == "stream") config::read_stream_table(reader, config.stream);
    if (name == "plugins") config::read_plugins_table(reader, config.plugins);
    if (name == "serve") config::read_serve_table(reader, base_directory(source), config.serve);
  }
  diagnostics.throw_if_any();
  return config;
}

}  // namespace pfhost::core
