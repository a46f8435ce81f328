#include "gamescope_settings.hpp"

#include <pfhost/plugin_config.hpp>

namespace pfhost::gamescope {

Settings read_settings(const Host &host, std::string *config_error) {
  ConfigReader config(host, "gamescope");
  Settings settings;
  settings.binary = config.get_string("binary", settings.binary);
  if (settings.binary.empty())
    throw Error(PFHOST_E_INVALID_ARGUMENT, "[plugins.gamescope] binary must not be empty");
  settings.app = config.get_string_array("app", std::move(settings.app));
  settings.extra_args = config.get_string_array("extra_args", std::move(settings.extra_args));
  settings.node_timeout =
      config.get_milliseconds("node_timeout_ms", settings.node_timeout, 100, 120000);
  settings.stop_timeout =
      config.get_milliseconds("stop_timeout_ms", settings.stop_timeout, 100, 30000);
  if (config_error != nullptr) *config_error = config.unknown_key_error();
  return settings;
}

}  // namespace pfhost::gamescope
