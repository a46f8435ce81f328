#include <string>

#include "config/sections.hpp"

namespace pfhost::core::config {
namespace {

constexpr std::string_view kValueHint =
    "accepted: strings, integers, floats, booleans, and arrays or tables of them";

// Adds `node` under `key` ("encoder.preset", "modes[1]"); `prefix` is "plugins.<name>".
void flatten(const TableReader &table, const toml::node &node, const std::string &key,
             const std::string &prefix, PluginSettings &out) {
  const std::string key_path = join_key(prefix, key);
  if (const auto *nested = node.as_table()) {
    for (auto &&[name, value] : *nested)
      flatten(table, value, join_key(key, name.str()), prefix, out);
    return;
  }
  if (const auto *array = node.as_array()) {
    for (size_t i = 0; i < array->size(); ++i) {
      flatten(table, *array->get(i), key + "[" + std::to_string(i) + "]", prefix, out);
    }
    return;
  }
  PluginSettingValue value;
  if (const auto *text = node.as_string()) {
    value = text->get();
  } else if (const auto *integer = node.as_integer()) {
    value = integer->get();
  } else if (const auto *number = node.as_floating_point()) {
    value = number->get();
  } else if (const auto *flag = node.as_boolean()) {
    value = flag->get();
  } else {
    table.report(node, key_path, std::string(describe_type(node.type())) + " is not supported",
                 kValueHint);
    return;
  }
  if (!out.emplace(key, std::move(value)).second) {
    table.report(node, key_path, "collides with another key of the same flattened name",
                 "accepted: each flattened key once");
  }
}

}  // namespace

void read_plugins_table(const TableReader &table, std::map<std::string, PluginSettings> &plugins) {
  for (auto &&[key, node] : table.table()) {
    const std::string name(key.str());
    const std::string key_path = table.key_path(name);
    if (!is_valid_name(name)) {
      table.diagnostics().report(where(key.source()), key_path,
                                 "\"" + name + "\" is not a valid plugin name", kValidNameHint);
      continue;
    }
    const auto *settings = node.as_table();
    if (settings == nullptr) {
      table.report_type(node, key_path, "a table",
                        "accepted: a [plugins." + name + "] table of that plugin's settings");
      continue;
    }
    PluginSettings flat;
    for (auto &&[setting, value] : *settings)
      flatten(table, value, std::string(setting.str()), key_path, flat);
    plugins[name] = std::move(flat);
  }
}

}  // namespace pfhost::core::config
