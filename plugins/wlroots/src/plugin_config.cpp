#include "plugin_config.hpp"

#include <pfhost/plugin_config.hpp>

namespace pfhost::wlroots {

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

WlrootsConfig read_config(const pfhost::Host &host, std::string *config_error) {
  pfhost::ConfigReader reader(host, "wlroots");
  WlrootsConfig config;
  if (const auto mode = reader.get_string("mode")) {
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
  config.sway.sway_binary = reader.get_string("sway_binary", config.sway.sway_binary);
  config.sway_socket = reader.get_string("sway_socket", config.sway_socket);
  config.wayland_socket = reader.get_string("wayland_socket", config.wayland_socket);
  config.sway.run_as_user = reader.get_string("run_as_user", config.sway.run_as_user);
  config.sway.runtime_parent = reader.get_string("runtime_parent", config.sway.runtime_parent);
  config.sway.renderer = reader.get_string("renderer", config.sway.renderer);
  config.app = reader.get_string_array("app", std::move(config.app));
  config.sway.startup_timeout =
      reader.get_milliseconds("startup_timeout_ms", config.sway.startup_timeout, 1, 600000);
  config.sway.ipc_timeout =
      reader.get_milliseconds("ipc_timeout_ms", config.sway.ipc_timeout, 1, 600000);
  config.overlay_cursor = reader.get_bool("overlay_cursor", config.overlay_cursor);
  config.capture_buffers =
      static_cast<int>(reader.get_int("capture_buffers", config.capture_buffers, 2, 8));
  if (config_error != nullptr) *config_error = reader.unknown_key_error();
  return config;
}

}  // namespace pfhost::wlroots
