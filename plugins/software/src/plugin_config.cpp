#include "plugin_config.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace pfhost::software {
namespace {

constexpr int kMaxThreads = 256;

constexpr std::array<std::string_view, 8> kKnownKeys = {
    "preset",      "threads",     "x264.preset",   "x264.params",
    "x265.preset", "x265.params", "svtav1.preset", "svtav1.params",
};

EncoderConfig read_encoder_config(const Host &host, const std::string &table) {
  EncoderConfig config;
  config.preset = host.config_string((table + ".preset").c_str());
  config.params = host.config_string((table + ".params").c_str()).value_or("");
  return config;
}

void warn_unknown_keys(const Host &host) {
  const pfhost_host_api &api = host.api();
  if (api.config_key_at == nullptr) return;
  for (uint32_t index = 0;; ++index) {
    const char *key = api.config_key_at(api.host_ctx, index);
    if (key == nullptr) break;
    if (std::find(kKnownKeys.begin(), kKnownKeys.end(), key) != kKnownKeys.end()) continue;
    host.warn(std::string("ignoring unknown config key '") + key +
              "' (known: preset, threads, <encoder>.preset, <encoder>.params with <encoder> = "
              "x264, x265 or svtav1)");
  }
}

}  // namespace

const EncoderConfig &PluginConfig::encoder(EncoderFamily family) const noexcept {
  switch (family) {
    case EncoderFamily::x264:
      return x264;
    case EncoderFamily::x265:
      return x265;
    case EncoderFamily::svtav1:
      break;
  }
  return svtav1;
}

PluginConfig read_plugin_config(const Host &host) {
  PluginConfig config;
  config.preset = host.config_string("preset");
  if (const std::optional<int64_t> threads = host.config_int("threads")) {
    if (*threads < 0 || *threads > kMaxThreads)
      throw Error(PFHOST_E_INVALID_ARGUMENT, "config key 'threads' must be 0 (automatic) to " +
                                                 std::to_string(kMaxThreads) + ", not " +
                                                 std::to_string(*threads));
    config.threads = static_cast<int>(*threads);
  }
  config.x264 = read_encoder_config(host, "x264");
  config.x265 = read_encoder_config(host, "x265");
  config.svtav1 = read_encoder_config(host, "svtav1");
  warn_unknown_keys(host);
  return config;
}

}  // namespace pfhost::software
