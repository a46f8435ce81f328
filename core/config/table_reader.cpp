#include "config/table_reader.hpp"

#include "config/edit_distance.hpp"

namespace pfhost::core::config {

SourcePoint where(const toml::source_region &region) {
  return {region.begin.line, region.begin.column};
}

std::string_view describe_type(toml::node_type type) {
  switch (type) {
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a float";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    case toml::node_type::none:
      break;
  }
  return "nothing";
}

std::string join_key(std::string_view prefix, std::string_view key) {
  std::string joined(prefix);
  if (!joined.empty()) joined.push_back('.');
  joined.append(key);
  return joined;
}

std::string comma_list(std::span<const std::string_view> items) {
  std::string list;
  for (std::string_view item : items) {
    if (!list.empty()) list.append(", ");
    list.append(item);
  }
  return list;
}

bool is_valid_name(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

void TableReader::reject_unknown_keys(std::span<const std::string_view> known) const {
  for (auto &&[key, value] : table_) {
    const std::string_view name = key.str();
    bool is_known = false;
    for (std::string_view k : known) is_known = is_known || k == name;
    if (is_known) continue;
    std::string hint;
    if (auto match = closest_match(name, known)) hint = "did you mean '" + *match + "'? ";
    hint += "accepted: " + comma_list(known);
    diagnostics_.report(where(key.source()), key_path(name), "unknown key", hint);
  }
}

void TableReader::report(const toml::node &node, std::string_view key_path,
                         std::string_view problem, std::string_view accepted) const {
  diagnostics_.report(where(node.source()), key_path, problem, accepted);
}

void TableReader::report_type(const toml::node &node, std::string_view key_path,
                              std::string_view expected, std::string_view accepted) const {
  std::string problem = "expected ";
  problem.append(expected).append(", got ").append(describe_type(node.type()));
  report(node, key_path, problem, accepted);
}

std::optional<std::string> TableReader::string(std::string_view key,
                                               std::string_view accepted) const {
  const toml::node *node = find(key);
  if (node == nullptr) return std::nullopt;
  if (const auto *text = node->as_string()) return text->get();
  report_type(*node, key_path(key), "a string", accepted);
  return std::nullopt;
}

std::optional<int64_t> TableReader::integer_in_range(std::string_view key, int64_t min,
                                                     int64_t max) const {
  const toml::node *node = find(key);
  if (node == nullptr) return std::nullopt;
  const std::string accepted =
      "accepted: an integer from " + std::to_string(min) + " to " + std::to_string(max);
  const auto *number = node->as_integer();
  if (number == nullptr) {
    report_type(*node, key_path(key), "an integer", accepted);
    return std::nullopt;
  }
  const int64_t value = number->get();
  if (value < min || value > max) {
    report(*node, key_path(key), std::to_string(value) + " is out of range", accepted);
    return std::nullopt;
  }
  return value;
}

std::optional<size_t> TableReader::choice(std::string_view key,
                                          std::span<const std::string_view> options,
                                          std::string_view what) const {
  const std::string accepted = "accepted: " + comma_list(options);
  const std::optional<std::string> text = string(key, accepted);
  if (!text) return std::nullopt;
  for (size_t i = 0; i < options.size(); ++i) {
    if (options[i] == *text) return i;
  }
  std::string hint;
  if (auto match = closest_match(*text, options)) hint = "did you mean '" + *match + "'? ";
  hint += accepted;
  report(*find(key), key_path(key), "\"" + *text + "\" is not " + std::string(what), hint);
  return std::nullopt;
}

}  // namespace pfhost::core::config
