#include "mutter_settings.hpp"

#include <array>
#include <string>
#include <string_view>

namespace pfhost::mutter {
namespace {

constexpr std::array<std::string_view, 5> kKnownKeys{
    "remote_desktop", "is_platform", "call_timeout_ms", "node_timeout_ms", "stop_timeout_ms"};

std::chrono::milliseconds read_timeout(const pfhost::Host &host, const char *key,
                                       std::chrono::milliseconds fallback) {
  const auto value = host.config_int(key);
  if (!value) return fallback;
  if (*value < 10 || *value > 120000)
    throw pfhost::Error(PFHOST_E_INVALID_ARGUMENT, std::string("[plugins.mutter] ") + key +
                                                       " must be between 10 and 120000 (ms)");
  return std::chrono::milliseconds(*value);
}

void warn_about_unknown_keys(const pfhost::Host &host) {
  const auto &api = host.api();
  if (api.config_key_at == nullptr) return;
  for (uint32_t i = 0;; ++i) {
    const char *key = api.config_key_at(api.host_ctx, i);
    if (key == nullptr) break;
    bool known = false;
    for (const auto known_key : kKnownKeys) known = known || known_key == key;
    if (!known) host.warn(std::string("[plugins.mutter] ignores unknown key '") + key + "'");
  }
}

}  // namespace

Settings read_settings(const pfhost::Host &host) {
  Settings settings;
  settings.remote_desktop = host.config_bool("remote_desktop").value_or(settings.remote_desktop);
  settings.is_platform = host.config_bool("is_platform").value_or(settings.is_platform);
  settings.call_timeout = read_timeout(host, "call_timeout_ms", settings.call_timeout);
  settings.node_timeout = read_timeout(host, "node_timeout_ms", settings.node_timeout);
  settings.stop_timeout = read_timeout(host, "stop_timeout_ms", settings.stop_timeout);
  warn_about_unknown_keys(host);
  return settings;
}

}  // namespace pfhost::mutter
