// Typed, error-reporting access to one table of host.toml (internal; the only header besides the
// section readers that sees toml++).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include <toml++/toml.h>

#include "config/diagnostics.hpp"

namespace pfhost::core::config {

SourcePoint where(const toml::source_region &region);

// "a string", "an integer", "a float", "a boolean", "an array", "a table", "a date", ...
std::string_view describe_type(toml::node_type type);

// "display" + "keep_alive" -> "display.keep_alive"; "" + "host" -> "host".
std::string join_key(std::string_view prefix, std::string_view key);

// "a, b, c" for error hints.
std::string comma_list(std::span<const std::string_view> items);

// Lowercase letters, digits, '_' and '-', at least one: the names of plugins and backends.
bool is_valid_name(std::string_view name);
inline constexpr std::string_view kValidNameHint =
    "accepted: lowercase letters, digits, '_' and '-'";

class TableReader {
 public:
  // `name` is the table's dotted key ("display", "plugins.kwin"); "" for the document root.
  TableReader(const toml::table &table, std::string name, Diagnostics &diagnostics)
      : table_(table), name_(std::move(name)), diagnostics_(diagnostics) {}

  const toml::table &table() const { return table_; }
  Diagnostics &diagnostics() const { return diagnostics_; }
  std::string key_path(std::string_view key) const { return join_key(name_, key); }

  // Reports each key not in `known` at the key's position, suggesting the closest known key.
  void reject_unknown_keys(std::span<const std::string_view> known) const;

  // The value at `key`, or nullptr when the key is absent.
  const toml::node *find(std::string_view key) const { return table_.get(key); }

  // Typed lookups; std::nullopt when the key is absent or its value was reported as wrong.
  std::optional<std::string> string(std::string_view key, std::string_view accepted) const;
  std::optional<int64_t> integer_in_range(std::string_view key, int64_t min, int64_t max) const;
  // The index in `options` of the string at `key`; `what` names the kind ("a log level").
  std::optional<size_t> choice(std::string_view key, std::span<const std::string_view> options,
                               std::string_view what) const;

  // Reports a problem with the value `node` known by the dotted key `key_path`.
  void report(const toml::node &node, std::string_view key_path, std::string_view problem,
              std::string_view accepted) const;
  // Reports "expected EXPECTED, got <type of node>".
  void report_type(const toml::node &node, std::string_view key_path, std::string_view expected,
                   std::string_view accepted) const;

 private:
  const toml::table &table_;
  std::string name_;
  Diagnostics &diagnostics_;
};

}  // namespace pfhost::core::config
