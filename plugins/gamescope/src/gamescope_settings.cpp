#include "gamescope_settings.hpp"

#include <optional>

namespace pfhost::gamescope {
namespace {

// Arrays reach plugins as "key[0]", "key[1]"... (the host flattens them).
std::optional<std::vector<std::string>> string_array(const Host &host, const std::string &key) {
  std::vector<std::string> values;
  for (size_t i = 0;; ++i) {
    const std::string element = key + "[" + std::to_string(i) + "]";
    const auto value = host.config_string(element.c_str());
    if (!value) break;
    values.push_back(*value);
  }
  if (values.empty()) return std::nullopt;
  return values;
}

std::chrono::milliseconds milliseconds(const Host &host, const char *key,
                                       std::chrono::milliseconds fallback, int64_t low,
                                       int64_t high) {
  const auto value = host.config_int(key);
  if (!value) return fallback;
  if (*value < low || *value > high)
    throw Error(PFHOST_E_INVALID_ARGUMENT, std::string(key) + " must be between " +
                                               std::to_string(low) + " and " +
                                               std::to_string(high));
  return std::chrono::milliseconds(*value);
}

}  // namespace

Settings read_settings(const Host &host) {
  Settings settings;
  if (const auto binary = host.config_string("binary")) {
    if (binary->empty()) throw Error(PFHOST_E_INVALID_ARGUMENT, "binary must not be empty");
    settings.binary = *binary;
  }
  if (auto app = string_array(host, "app")) settings.app = std::move(*app);
  if (auto args = string_array(host, "extra_args")) settings.extra_args = std::move(*args);
  settings.node_timeout = milliseconds(host, "node_timeout_ms", settings.node_timeout, 100, 120000);
  settings.stop_timeout = milliseconds(host, "stop_timeout_ms", settings.stop_timeout, 100, 30000);
  return settings;
}

}  // namespace pfhost::gamescope
