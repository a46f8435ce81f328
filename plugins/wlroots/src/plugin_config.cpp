#include "plugin_config.hpp"

#include <set>

namespace pfhost::wlroots {

namespace {

const std::set<std::string> kKnownKeys = {"mode",           "sway_binary",        "sway_socket",
                                          "wayland_socket", "run_as_user",        "renderer",
                                          "runtime_parent", "startup_timeout_ms", "ipc_timeout_ms",
                                          "overlay_cursor", "capture_buffers"};

std::chrono::milliseconds positive_ms(const pfhost::Host &host, const char *key,
                                      std::chrono::milliseconds fallback) {
  const auto value = host.config_int(key);
  if (!value) return fallback;
  if (*value <= 0 || *value > 600000)
    throw Error(PFHOST_E_INVALID_ARGUMENT,
                std::string("[plugins.wlroots] ") + key + " must be between 1 and 600000");
  return std::chrono::milliseconds(*value);
}

}  // namespace

const char *mode_name(DisplayMode mode) {
  switch (mode) {
    case DisplayMode::kAttach:
      return "attach";
    case DisplayMode::kManaged:
      return "managed";
    default:
      return "auto";
  }
}

WlrootsConfig read_config(const pfhost::Host &host) {
  WlrootsConfig config;
  // Reject typos early: a misspelt key silently ignored is a support call later.
  if (host.api().config_key_at != nullptr) {
    for (uint32_t i = 0;; ++i) {
      const char *key = host.api().config_key_at(host.api().host_ctx, i);
      if (key == nullptr) break;
      const std::string name(key);
      if (name.rfind("app[", 0) == 0 || name == "app") continue;
      if (!kKnownKeys.contains(name))
        throw Error(PFHOST_E_INVALID_ARGUMENT, "[plugins.wlroots] unknown key '" + name + "'");
    }
  }
  if (const auto mode = host.config_string("mode")) {
    if (*mode == "auto")
      config.mode = DisplayMode::kAuto;
    else if (*mode == "attach")
      config.mode = DisplayMode::kAttach;
    else if (*mode == "managed")
      config.mode = DisplayMode::kManaged;
    else
      throw Error(PFHOST_E_INVALID_ARGUMENT,
                  "[plugins.wlroots] mode must be \"auto\", "
                  "\"attach\" or \"managed\", not \"" +
                      *mode + "\"");
  }
  if (auto v = host.config_string("sway_binary")) config.sway.sway_binary = *v;
  if (auto v = host.config_string("sway_socket")) config.sway_socket = *v;
  if (auto v = host.config_string("wayland_socket")) config.wayland_socket = *v;
  if (auto v = host.config_string("run_as_user")) config.sway.run_as_user = *v;
  if (auto v = host.config_string("runtime_parent")) config.sway.runtime_parent = *v;
  if (auto v = host.config_string("renderer")) config.sway.renderer = *v;
  for (int i = 0;; ++i) {
    const std::string key = "app[" + std::to_string(i) + "]";
    const auto arg = host.config_string(key.c_str());
    if (!arg) break;
    config.app.push_back(*arg);
  }
  config.sway.startup_timeout =
      positive_ms(host, "startup_timeout_ms", config.sway.startup_timeout);
  config.sway.ipc_timeout = positive_ms(host, "ipc_timeout_ms", config.sway.ipc_timeout);
  if (auto v = host.config_bool("overlay_cursor")) config.overlay_cursor = *v;
  if (auto v = host.config_int("capture_buffers")) {
    if (*v < 2 || *v > 8)
      throw Error(PFHOST_E_INVALID_ARGUMENT, "[plugins.wlroots] capture_buffers must be 2..8");
    config.capture_buffers = static_cast<int>(*v);
  }
  return config;
}

}  // namespace pfhost::wlroots
