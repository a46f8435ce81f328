#include <algorithm>
#include <string>
#include <vector>

#include "config/sections.hpp"

namespace pfhost::core::config {
namespace {

constexpr std::string_view kAutomatic = "auto";

std::string choice_hint(std::string_view example) {
  return "accepted: \"auto\" or a non-empty array of backend names such as [\"" +
         std::string(example) + "\"]";
}

void read_preference(const TableReader &table, std::string_view key, BackendPreference &out) {
  const toml::node *node = table.find(key);
  if (node == nullptr) return;
  const std::string key_path = table.key_path(key);
  if (const auto *text = node->as_string()) {
    if (text->get() == kAutomatic) {
      out = BackendPreference{};
      return;
    }
    const std::string &value = text->get();
    const std::string example = is_valid_name(value) ? value : "name";
    table.report(*node, key_path, "\"" + value + "\" is not \"auto\"", choice_hint(example));
    return;
  }
  const auto *array = node->as_array();
  if (array == nullptr) {
    table.report_type(*node, key_path, "\"auto\" or an array", choice_hint("name"));
    return;
  }
  if (array->empty()) {
    table.report(*node, key_path, "the array is empty", choice_hint("name"));
    return;
  }
  BackendPreference preference{.automatic = false, .order = {}};
  bool ok = true;
  for (size_t i = 0; i < array->size(); ++i) {
    const toml::node &element = *array->get(i);
    const std::string element_key = key_path + "[" + std::to_string(i) + "]";
    const auto *text = element.as_string();
    if (text == nullptr) {
      table.report_type(element, element_key, "a string", kValidNameHint);
      ok = false;
      continue;
    }
    const std::string &name = text->get();
    if (!is_valid_name(name) || name == kAutomatic) {
      const std::string problem = name == kAutomatic
                                      ? "\"auto\" cannot be part of a list"
                                      : "\"" + name + "\" is not a valid backend name";
      table.report(element, element_key, problem, kValidNameHint);
      ok = false;
      continue;
    }
    const auto &order = preference.order;
    if (std::find(order.begin(), order.end(), name) != order.end()) {
      table.report(element, element_key, "duplicate backend '" + name + "'",
                   "accepted: each backend at most once");
      ok = false;
      continue;
    }
    preference.order.push_back(name);
  }
  if (ok) out = std::move(preference);
}

}  // namespace

void read_backends_table(const TableReader &table, HostConfig &config) {
  table.reject_unknown_keys(kBackendKeys);
  read_preference(table, "display", config.display);
  read_preference(table, "capture", config.capture);
  read_preference(table, "encode", config.encode);
}

}  // namespace pfhost::core::config
